// Starts the NHS.UK frontend's components (header menu, error summary focus...). Pages work without it.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();

// After htmx swaps a region in, move focus as a full page load would: to the error summary if a form was
// refused, to the confirmation if it was saved, or to the first field of a form that has just opened.
document.body.addEventListener("htmx:afterSwap", (event) => {
  const region = document.getElementById(event.detail.target.id) ?? event.detail.target;
  const answer = region.querySelector(".nhsuk-error-summary, .app-saved");
  if (answer) {
    answer.setAttribute("tabindex", "-1");
    answer.focus();
    return;
  }
  region.querySelector("form input:not([type=hidden]), form textarea, form select")?.focus();
});
