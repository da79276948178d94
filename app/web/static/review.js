/* The review page's one script: "Copy" puts a YAML line on the clipboard (the page works without it). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.copy");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copied");
    if (!field) return;
    field.select();
    var done = function () {
      if (status) status.textContent = button.getAttribute("data-copied") || "";
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        field.focus();
      });
    } else {
      field.focus();
    }
  });
})();
