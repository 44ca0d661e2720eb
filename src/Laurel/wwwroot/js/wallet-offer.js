// "Add to wallet": while the learner waits, the offer's state (offered → fetched → code entered → sent → confirmed) is read
// every few seconds and shown in the steps list. Without JavaScript a reload shows the same.
(function () {
  'use strict';
  var box = document.querySelector('.offer-state[data-state-url]');
  if (!box || !window.fetch) return;
  var url = box.getAttribute('data-state-url');
  var label = document.getElementById('offer-state-label');
  var steps = Array.prototype.slice.call(box.querySelectorAll('[data-step]'));
  var finished = ['Acknowledged', 'Expired', 'Refused'];
  var started = Date.now();

  function show(data) {
    if (data.state === box.getAttribute('data-state')) return;
    box.setAttribute('data-state', data.state);
    label.textContent = data.label;
    var reached = -1;
    steps.forEach(function (li, i) { if (li.getAttribute('data-step') === data.state) reached = i; });
    steps.forEach(function (li, i) {
      li.classList.toggle('step-done', i <= reached);
      if (i === reached) li.setAttribute('aria-current', 'step'); else li.removeAttribute('aria-current');
    });
    // An offer that is no longer open hides its QR code: scanning it would only give an error.
    var offer = document.querySelector('.wallet-offer');
    if (offer && !data.open) offer.hidden = true;
  }

  function poll() {
    if (finished.indexOf(box.getAttribute('data-state')) >= 0 || Date.now() - started > 20 * 60 * 1000) return;
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) show(data); })
      .catch(function () { })
      .then(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 3000);
})();
