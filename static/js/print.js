// The month page's Print link: opens the browser's print dialog. Without this file the
// link leads to a line saying how to print, so the page still works without JavaScript.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (link) {
    link.setAttribute("role", "button");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      window.print();
    });
  });
})();
