// Draws the dashboard's charts with Chart.js from the JSON the page embeds (json_script: escaped).
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  // 100000000000 reads as "100B" on an axis; tooltips keep the full figure.
  var compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });
  var full = new Intl.NumberFormat();
  var colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"];

  (data.metrics || []).forEach(function (metric, index) {
    var holder = document.getElementById("metric-charts");
    var canvas = document.createElement("canvas");
    canvas.className = "metric-chart";
    canvas.height = 220;
    canvas.setAttribute("aria-label", metric.title);
    canvas.id = "chart-metric-" + index;
    holder.appendChild(canvas);
    new Chart(canvas, {
      type: "line",
      data: {
        labels: metric.labels,
        datasets: metric.datasets.map(function (set, i) {
          return { label: set.label, data: set.data, borderColor: colors[i], backgroundColor: colors[i],
                   borderDash: set.label === "Target" ? [6, 4] : [], spanGaps: true };
        })
      },
      options: {
        animation: false, aspectRatio: 3,
        plugins: {
          title: { display: true, text: metric.title },
          legend: { labels: { usePointStyle: true } },
          tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + ": " + full.format(ctx.parsed.y); } } }
        },
        scales: { y: { ticks: { callback: function (value) { return compact.format(value); } } } }
      }
    });
  });

  var agreements = document.getElementById("chart-agreements");
  if (agreements && data.agreements) {
    new Chart(agreements, {
      type: "bar",
      data: { labels: data.agreements.labels, datasets: [{ label: "Agreements", data: data.agreements.data, backgroundColor: colors[0] }] },
      options: { animation: false, aspectRatio: 2, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  var events = document.getElementById("chart-events");
  if (events && data.events) {
    new Chart(events, {
      type: "bar",
      data: { labels: data.events.labels, datasets: [{ label: "Events", data: data.events.data, backgroundColor: colors[2] }] },
      options: { animation: false, aspectRatio: 2, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  document.body.dataset.chartsReady = "true";
});
