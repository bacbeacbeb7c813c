// Negotiation: the "copy the summary" button. Shown only where the clipboard can be written.
(function () {
  "use strict";
  function init() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      if (!navigator.clipboard || button.dataset.ready) { return; }
      button.dataset.ready = "1";
      button.hidden = false;
      var label = button.textContent;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.dataset.copy);
        if (!source) { return; }
        navigator.clipboard.writeText(source.textContent).then(function () {
          button.textContent = button.dataset.copied;
          setTimeout(function () { button.textContent = label; }, 2000);
        });
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
