// Small enhancements only: every page works without this file.
(function () {
  "use strict";

  // Messages come translated from the page (base.html's data-say-* attributes on this script).
  var script = document.currentScript;
  var said = (script && script.dataset) || {};
  var COPIED = said.sayCopied || "Copied. You can paste it into a message now.";
  var COPY_BY_HAND = said.sayCopyByHand || "Select the link and copy it.";

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
          function () { if (status) status.textContent = COPIED; },
          function () { field.select(); if (status) status.textContent = COPY_BY_HAND; }
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
