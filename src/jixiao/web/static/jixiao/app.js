/* The few behaviours the pages need, from a file: the Content-Security-Policy
   (jixiao/web/headers.py) runs no inline script or event handler. */
(function () {
  "use strict";

  // data-confirm on a button (asked when it is clicked) or on a form (asked when it is submitted).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-confirm], input[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Choosing another 规则类型 shows its own parameters; hidden ones are disabled, so they are not posted.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.id !== "f-rule-type") return;
    document.querySelectorAll("fieldset.rule-params").forEach(function (set) {
      var chosen = set.dataset.type === select.value;
      set.hidden = !chosen;
      set.disabled = !chosen;
    });
  });
})();
