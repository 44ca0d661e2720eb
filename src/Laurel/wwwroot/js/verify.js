// Progressive enhancement for /verify: drop a file onto the file field, and a size check before uploading.
// Without this file the forms work exactly the same.
(function () {
  'use strict';
  var zone = document.querySelector('[data-verify-drop]');
  if (!zone) return;
  var input = zone.querySelector('input[type=file]');
  var maxBytes = parseInt(zone.getAttribute('data-max-bytes'), 10);
  var message = null;

  function showTooLarge(show) {
    if (show && !message) {
      message = document.createElement('span');
      message.className = 'field-error';
      message.id = 'file-size-error';
      message.setAttribute('role', 'alert');
      message.textContent = zone.getAttribute('data-too-large');
      input.parentNode.insertBefore(message, input);
      input.setAttribute('aria-describedby', 'file-size-error');
    } else if (!show && message) {
      message.remove();
      message = null;
      input.removeAttribute('aria-describedby');
    }
  }

  function check() {
    var file = input.files && input.files[0];
    var tooLarge = !!file && file.size > maxBytes;
    showTooLarge(tooLarge);
    return !tooLarge;
  }

  input.addEventListener('change', check);
  input.form.addEventListener('submit', function (e) { if (!check()) e.preventDefault(); });

  ['dragenter', 'dragover'].forEach(function (type) {
    zone.addEventListener(type, function (e) {
      e.preventDefault();
      zone.classList.add('verify-drop-active');
    });
  });
  ['dragleave', 'drop'].forEach(function (type) {
    zone.addEventListener(type, function () { zone.classList.remove('verify-drop-active'); });
  });
  zone.addEventListener('drop', function (e) {
    e.preventDefault();
    if (!e.dataTransfer || !e.dataTransfer.files.length) return;
    input.files = e.dataTransfer.files;
    if (check()) input.form.requestSubmit ? input.form.requestSubmit() : input.form.submit();
  });
})();
