// Starts the NHS.UK frontend's components (header menu, error summary focus...). Pages work without it.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();

// After htmx swaps in a form's answer, move focus to what it says, as a full page load would:
// the error summary if the form was refused, otherwise the confirmation.
document.body.addEventListener("htmx:afterSwap", (event) => {
  const answer = event.detail.target.querySelector(".nhsuk-error-summary, .app-saved")
    ?? document.getElementById(event.detail.target.id)?.querySelector(".nhsuk-error-summary, .app-saved");
  if (answer) {
    answer.setAttribute("tabindex", "-1");
    answer.focus();
  }
});
