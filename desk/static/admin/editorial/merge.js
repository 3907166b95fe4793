// The merge confirmation: picking the survivor makes the other record the one merged away.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('#merge-form input[name="survivor"]').forEach(function (radio) {
    radio.addEventListener('change', function () {
      document.getElementById('merged-id').value = radio.dataset.other;
    });
  });
});
