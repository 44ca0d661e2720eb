// A copy button beside a long identifier (DID, hash): copies the text of the element named by data-copy-from.
// Without JavaScript (or clipboard access) the button stays hidden and the text can be selected by hand.
(function () {
  'use strict';
  document.querySelectorAll('button[data-copy-from]').forEach(function (button) {
    var source = document.getElementById(button.getAttribute('data-copy-from'));
    if (!source || !navigator.clipboard) return;
    var status = button.parentElement.querySelector('.copy-status');
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        if (status) status.textContent = button.getAttribute('data-copied') || '';
      }, function () {
        var range = document.createRange();
        range.selectNodeContents(source);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      });
    });
  });
})();
