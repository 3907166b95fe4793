// "Select all on this page" for the queue's bulk form.
document.addEventListener("DOMContentLoaded", function () {
  var all = document.getElementById("select-all");
  if (!all) return;
  all.addEventListener("change", function () {
    document.querySelectorAll("input.select-fact").forEach(function (box) { box.checked = all.checked; });
  });
});
