/* The line editor's live messages (cases/line_form.html). The preview (cases/results.html)
   replaces each field's message out of band with data-invalid="true" while the value typed
   cannot be used, "false" once it can. Each input names its message in aria-describedby; this
   sets aria-invalid="true" on the inputs of an invalid message and removes it when the message
   clears, so a screen reader says "invalid" with the field. A field whose save was refused
   (Django's own aria-invalid, and an error beside it) stays marked while it is still empty:
   the preview leaves empty fields alone. */
(function () {
  "use strict";
  function refusedAndEmpty(input) {
    var ids = (input.getAttribute("aria-describedby") || "").split(/\s+/);
    var refused = ids.some(function (id) {
      return /_error$/.test(id) && document.getElementById(id);
    });
    return refused && !input.value;
  }
  function mark() {
    document.querySelectorAll(".cs-live-error[data-invalid]").forEach(function (message) {
      var invalid = message.getAttribute("data-invalid") === "true";
      var selector = '[aria-describedby~="' + message.id + '"]';
      document.querySelectorAll(selector).forEach(function (input) {
        if (invalid || refusedAndEmpty(input)) {
          input.setAttribute("aria-invalid", "true");
        } else {
          input.removeAttribute("aria-invalid");
        }
      });
    });
  }
  document.addEventListener("htmx:afterSettle", mark);
})();
