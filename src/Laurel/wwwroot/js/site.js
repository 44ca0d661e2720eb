// Progressive enhancement only: every core flow works without this file.
(function () {
  'use strict';
  document.querySelectorAll('[data-confirm]').forEach(function (el) {
    el.addEventListener('click', function (e) {
      if (!window.confirm(el.getAttribute('data-confirm'))) e.preventDefault();
    });
  });
})();
// Phones: a table wider than the page scrolls inside a focusable region named after its caption or the heading above it,
// so keyboard and screen-reader users can reach and scroll it (WCAG 1.4.10 reflow, 2.1.1 keyboard).
(function () {
  'use strict';
  document.querySelectorAll('main table').forEach(function (table) {
    if (table.parentElement && table.parentElement.classList.contains('table-scroll')) return;
    var label = table.caption ? table.caption.textContent : '';
    if (!label) {
      for (var el = table; el && !label; el = el.previousElementSibling || el.parentElement) {
        if (/^H[1-6]$/.test(el.tagName)) label = el.textContent;
        if (el.tagName === 'MAIN') break;
      }
    }
    var wrap = document.createElement('div');
    wrap.className = 'table-scroll';
    wrap.setAttribute('role', 'region');
    wrap.setAttribute('tabindex', '0');
    wrap.setAttribute('aria-label', (label || document.title).trim());
    table.parentNode.insertBefore(wrap, table);
    wrap.appendChild(table);
  });
})();
