// Loaded synchronously at the top of the page (never inline, so the CSP can forbid inline script).
document.documentElement.classList.add('js-enabled');
document.addEventListener('DOMContentLoaded', function () {
  document.body.classList.add('js-enabled');
  if ('noModule' in HTMLScriptElement.prototype) document.body.classList.add('govuk-frontend-supported');
});
