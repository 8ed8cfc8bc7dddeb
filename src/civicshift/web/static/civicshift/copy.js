/* Copy buttons for read-only text fields (the calendar-feed addresses of plans and funding).
   Each button carries data-copy="<id of the field>" and is hidden until this script shows it,
   so without JavaScript the page offers only the selectable field. The result is announced in
   the button's live region for screen readers. */
(function () {
  "use strict";
  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy") + "-status");
    if (!field) { return; }
    var done = function () { if (status) { status.textContent = button.getAttribute("data-copied"); } };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
    } else {
      field.select();
      if (document.execCommand && document.execCommand("copy")) { done(); }
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
  });
})();
