// Progressive enhancement for share sections: a "copy link" button next to a read-only URL field.
// Without JavaScript the field and the plain link remain (select and copy by hand).
(function () {
  'use strict';
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var field = document.getElementById(button.getAttribute('data-copy'));
    if (!field || !navigator.clipboard) return;
    var status = button.parentElement.querySelector('.copy-status');
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) status.textContent = button.getAttribute('data-copied') || '';
      }, function () {
        field.select();
      });
    });
  });
})();
