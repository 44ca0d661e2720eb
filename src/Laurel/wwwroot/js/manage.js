// Staff pages: after a refused save, move focus to the list of problems so screen readers announce it.
// Progressive enhancement only: the summary is there (and linked to the fields) without this file.
(function () {
  'use strict';
  var summary = document.querySelector('[data-error-summary]');
  if (summary) summary.focus();
})();
