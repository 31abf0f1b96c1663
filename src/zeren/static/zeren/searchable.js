/* Searchable selects: every <select data-searchable> becomes a Tom Select (vendored, see
   vendor/VENDORED.md) — type to narrow hundreds of posts or jurisdictions, pick with a tap.
   Its texts come from the element (data-no-results, data-remove-label, data-placeholder), translated
   by the server; nothing here writes HTML style attributes (the Content-Security-Policy forbids them). */
(function () {
  "use strict";
  function escape(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }
  function start(select) {
    var options = {
      maxOptions: null,
      allowEmptyOption: true,
      hidePlaceholder: true,
      plugins: [],
      render: {
        no_results: function () {
          return '<div class="no-results">' + escape(select.dataset.noResults || "") + "</div>";
        }
      }
    };
    if (select.dataset.placeholder) {
      options.placeholder = select.dataset.placeholder;
    }
    if (select.multiple) {
      options.plugins = { remove_button: { title: select.dataset.removeLabel || "" } };
    }
    new TomSelect(select, options);
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (typeof TomSelect === "undefined") {
      return;
    }
    document.querySelectorAll("select[data-searchable]").forEach(start);
  });
})();
