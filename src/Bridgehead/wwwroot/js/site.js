// Bridgehead's only script: keyboard shortcuts, the antiforgery header for htmx, and focus after errors.
(function () {
  "use strict";

  // Every htmx request that changes something carries the antiforgery token the page was rendered with.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="request-verification-token"]');
    if (meta) {
      event.detail.headers["RequestVerificationToken"] = meta.getAttribute("content");
    }
  });

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (event.key === "Escape") {
      var open = document.querySelector("details[open].closable");
      if (open) {
        open.removeAttribute("open");
      }
      if (typing(event.target)) {
        event.target.blur();
      }
      return;
    }
    if (typing(event.target)) {
      return;
    }
    if (event.key === "/") {
      var search = document.getElementById("global-search");
      if (search) {
        event.preventDefault();
        search.focus();
        search.select();
      }
    } else if (event.key === "n") {
      var create = document.querySelector("[data-shortcut='new']");
      if (create) {
        event.preventDefault();
        create.click();
      }
    }
  });

  // After a refused form, move focus to the error summary so screen readers announce it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  });
})();
