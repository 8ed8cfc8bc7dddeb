/* Moves the focus to an error summary (or any element) marked data-focus-on-load, when the page
   loads and after each htmx swap, so keyboard and screen-reader users start at what went wrong.
   The element needs tabindex="-1" to take the focus. */
(function () {
  "use strict";
  function focusMarked() {
    var target = document.querySelector("[data-focus-on-load]");
    if (!target) { return; }
    target.removeAttribute("data-focus-on-load");
    target.focus();
    target.scrollIntoView({ block: "start" });
  }
  document.addEventListener("DOMContentLoaded", focusMarked);
  document.addEventListener("htmx:afterSettle", focusMarked);
})();
