// The queue's small helpers: "select all on this page" for the bulk form, and no double submits.
document.addEventListener("DOMContentLoaded", function () {
  var all = document.getElementById("select-all");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll("input.select-fact").forEach(function (box) { box.checked = all.checked; });
    });
  }
  // A second click on Approve would post the same version again and be refused as stale:
  // disable the item's buttons once its form is on its way (after the browser read the clicked one).
  document.querySelectorAll("form.decide").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var item = form.closest("article.queue-item") || form;
      setTimeout(function () {
        if (event.defaultPrevented) return; // decided in place by queue-keys.js, which re-enables them
        item.querySelectorAll("button").forEach(function (button) { button.disabled = true; });
      }, 0);
    });
  });
});
