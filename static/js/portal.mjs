// Starts the NHS.UK frontend's components (header menu, error summary focus...). Pages work without it.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();
