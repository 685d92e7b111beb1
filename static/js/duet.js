// Small enhancements only: every page works without this file.
(function () {
  "use strict";

  function fillBrowserTimeZone(root) {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
      return;
    }
    root.querySelectorAll('input[name="browser_time_zone"]').forEach(function (input) {
      if (!input.value && zone) input.value = zone;
    });
  }

  function wireCopyButtons(root) {
    root.querySelectorAll("[data-copy-target]").forEach(function (button) {
      var field = document.getElementById(button.dataset.copyTarget);
      if (!field || !navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var status = document.querySelector("[data-copy-status]");
        navigator.clipboard.writeText(field.value).then(
          function () { if (status) status.textContent = "Copied. You can paste it into a message now."; },
          function () { field.select(); if (status) status.textContent = "Select the link and copy it."; }
        );
      });
    });
    root.querySelectorAll("[data-select-on-focus]").forEach(function (field) {
      field.addEventListener("focus", function () { field.select(); });
    });
  }

  function enhance(root) {
    fillBrowserTimeZone(root);
    wireCopyButtons(root);
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
})();
