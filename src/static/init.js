import { initAll } from '/assets/govuk/govuk-frontend.min.js';
// A module script runs only where the browser supports modules: exactly what this class stands for.
document.body.classList.add('govuk-frontend-supported');
initAll();
