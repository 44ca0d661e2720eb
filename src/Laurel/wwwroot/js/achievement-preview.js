// Live preview of a micro-credential definition while staff type. Progressive enhancement:
// without this file the "Show preview" button posts the form and the server renders the same panel.
(function () {
  'use strict';
  // After a refused save, move focus to the list of problems so screen readers announce it.
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();
  var form = document.getElementById('achievement-form');
  var target = document.getElementById('preview');
  if (!form || !target || !window.fetch || !window.FormData) return;
  var timer = null;
  var pending = null;

  function refresh() {
    var data = new FormData(form);
    data.delete('Image'); // the live preview does not send a new upload; an image kept by the server (PendingImage) still shows
    if (pending) pending.abort();
    pending = new AbortController();
    // Never the form's action: that is Save. The preview address comes from the server (data-preview-url).
    fetch(form.getAttribute('data-preview-url') || window.location.pathname + '?handler=Preview', {
      method: 'POST',
      body: data,
      headers: { 'X-Preview': 'partial', 'X-CSRF-TOKEN': data.get('__RequestVerificationToken') || '' },
      credentials: 'same-origin',
      signal: pending.signal
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (html !== null) target.innerHTML = html; // server-rendered and sanitized
    }).catch(function () { /* a failed preview must never disturb typing */ });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  }

  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
  refresh();
})();
