/* The calendar page: clicking the feed address selects it for copying (no inline handler: the CSP forbids them). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-select-on-click]").forEach(function (input) {
      input.addEventListener("click", function () { input.select(); });
    });
  });
})();
