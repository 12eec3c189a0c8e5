// Starts the NHS.UK frontend's components (header menu, error summary focus...). Pages work without it.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();

// After htmx swaps a region in, move focus as a full page load would: to the error summary if a form was
// refused, to the confirmation if it was saved, to a list's count when a list was filtered or paged, or to the
// first field of a form that has just opened.
document.body.addEventListener("htmx:afterSwap", (event) => {
  const region = document.getElementById(event.detail.target.id) ?? event.detail.target;
  const answer = region.querySelector(".nhsuk-error-summary, .app-saved, [data-focus-after-swap]");
  if (answer) {
    if (!answer.hasAttribute("tabindex")) answer.setAttribute("tabindex", "-1");
    answer.focus();
    return;
  }
  region.querySelector("form input:not([type=hidden]), form textarea, form select")?.focus();
});

// A row moved up or down comes back as the page's #fragment: keep the person's place by focusing it.
const arrived = window.location.hash && document.getElementById(window.location.hash.slice(1));
if (arrived && arrived.getAttribute("tabindex") === "-1") arrived.focus();

// A form that can take a while (a file of thousands of rows) says how much of the file has been sent, then what
// the server is doing, in words a screen reader hears once per step rather than at every percent.
document.body.addEventListener("htmx:beforeSend", (event) => {
  const waiting = event.detail.elt.querySelector?.("[data-waiting]");
  if (!waiting) return;
  const words = waiting.querySelector("[data-waiting-words]");
  const bar = waiting.querySelector("progress");
  const working = () => {
    bar.removeAttribute("value"); // no measure of the server's work: the bar shows it is busy
    words.textContent = waiting.dataset.waiting;
  };
  waiting.hidden = false;
  working();
  const upload = event.detail.xhr.upload;
  if (!event.detail.elt.querySelector("input[type=file]") || !upload) return;
  let told = -1;
  upload.addEventListener("progress", (sent) => {
    if (!sent.lengthComputable) return;
    const percent = Math.floor((100 * sent.loaded) / sent.total);
    bar.value = percent;
    if (percent < 100 && Math.floor(percent / 25) !== told) {
      told = Math.floor(percent / 25);
      words.textContent = `Sending your file: ${percent}% sent`;
    }
  });
  upload.addEventListener("load", working);
});
