// Draws the dashboard's charts with Chart.js from the JSON the page embeds (json_script: escaped).
// Every text from the data goes through textContent or Chart.js's canvas, never innerHTML.
document.addEventListener("DOMContentLoaded", function () {
  // The relationship switch submits on change (no inline handler: the desk allows no inline script).
  var switcher = document.querySelector('#dashboard-switch select[name="relationship"]');
  if (switcher) switcher.addEventListener("change", function () { switcher.form.submit(); });

  var source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  // 100000000000 reads as "100B" on an axis; tooltips keep the full figure.
  var compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });
  var full = new Intl.NumberFormat();
  var colors = { actual: "#1f77b4", target: "#d62728", other: "#2ca02c" };
  var spare = ["#ff7f0e", "#9467bd", "#8c564b"];
  var conflictColor = "#000000";
  var DAY_MS = 86400000;

  // x values are milliseconds at UTC midnight (a linear axis: distances are proportional to time).
  function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function yearOf(ms) { return new Date(ms).getUTCFullYear(); }
  // Ticks on the first of January of each year, or of each month on short spans, instead of
  // the round numbers of milliseconds a linear axis would pick.
  function calendarTicks(axis, monthly) {
    var ticks = [];
    var first = new Date(axis.min);
    var y = first.getUTCFullYear(), m = monthly ? first.getUTCMonth() : 0;
    for (var t = Date.UTC(y, m, 1); t <= axis.max; t = monthly ? Date.UTC(y, ++m, 1) : Date.UTC(++y, 0, 1)) {
      if (t >= axis.min) ticks.push({ value: t });
    }
    axis.ticks = ticks.length ? ticks : axis.ticks;
  }
  // The axis spans the data plus a margin (a lone period still gets a visible span around it).
  function timeAxis(xs, monthly, padMs) {
    return {
      type: "linear", bounds: "data", offset: false,
      min: Math.min.apply(null, xs) - padMs, max: Math.max.apply(null, xs) + padMs,
      afterBuildTicks: function (axis) { calendarTicks(axis, monthly || axis.max - axis.min < 3 * 365 * DAY_MS); },
      ticks: {
        autoSkip: true, maxRotation: 0,
        callback: function (value) {
          var day = isoDay(value);
          return day.slice(5) === "01-01" ? String(yearOf(value)) : day.slice(0, 7);
        }
      }
    };
  }

  var holder = document.getElementById("metric-charts");
  (data.metrics || []).forEach(function (metric, index) {
    var figure = document.createElement("div");
    figure.className = "metric-chart-holder";
    var canvas = document.createElement("canvas");
    canvas.className = "metric-chart";
    canvas.height = 220;
    canvas.setAttribute("aria-label", metric.title);
    canvas.id = "chart-metric-" + index;
    figure.appendChild(canvas);
    holder.appendChild(figure);
    var datasets = metric.series.map(function (series, i) {
      var color = colors[series.kind] || spare[i % spare.length];
      var isActual = series.kind === "actual";
      var shape = isActual ? "circle" : "rectRot";
      return {
        label: series.label, data: series.data, borderColor: color, backgroundColor: color,
        // Only the actual figures make a line over time: targets and other figures are
        // separate statements (a 2025 target and a 2030 target), drawn as points.
        showLine: isActual, legendStyle: shape,
        pointStyle: series.data.map(function (p) { return p.conflict ? "triangle" : shape; }),
        pointRadius: series.data.map(function (p) { return p.conflict ? 8 : 4; }),
        pointBorderColor: series.data.map(function (p) { return p.conflict ? conflictColor : color; }),
        pointBorderWidth: series.data.map(function (p) { return p.conflict ? 2 : 1; })
      };
    });
    var xValues = [];
    metric.series.forEach(function (series) { series.data.forEach(function (p) { xValues.push(p.x); }); });
    if (metric.conflicts) {
      // A legend entry only: no points, so never clicked.
      datasets.push({ label: "Unresolved conflict", data: [], legendStyle: "triangle", showLine: false,
                      borderColor: conflictColor, backgroundColor: "#ffffff" });
    }
    new Chart(canvas, {
      type: "line",
      data: { datasets: datasets },
      options: {
        animation: false, aspectRatio: 3,
        onClick: function (event, elements) {
          if (!elements.length) return;
          var point = metric.series[elements[0].datasetIndex].data[elements[0].index];
          window.location.assign(point.url);
        },
        onHover: function (event, elements) { canvas.style.cursor = elements.length ? "pointer" : "default"; },
        plugins: {
          title: { display: true, text: metric.title },
          legend: { labels: { usePointStyle: true, generateLabels: function (chart) {
            // Each series' own shape, not the shape of its first point (which may mark a conflict).
            return Chart.defaults.plugins.legend.labels.generateLabels(chart).map(function (label) {
              label.pointStyle = chart.data.datasets[label.datasetIndex].legendStyle;
              return label;
            });
          } } },
          tooltip: { callbacks: {
            title: function (items) { return items.length ? items[0].raw.period : ""; },
            label: function (ctx) { return ctx.dataset.label + ": " + full.format(ctx.parsed.y); },
            footer: function (items) {
              var point = items.length ? items[0].raw : null;
              if (!point) return "";
              return (point.conflict ? "Unresolved conflict: approved figures disagree. " : "") + "Click for its observations.";
            }
          } }
        },
        scales: {
          x: timeAxis(xValues, false, 120 * DAY_MS),
          // From zero, so that a change of a few percent does not look like a collapse.
          y: { beginAtZero: true, grace: "5%", ticks: { callback: function (value) { return compact.format(value); } } }
        }
      }
    });
    // The links behind the points, for keyboards and screen readers too.
    var list = document.createElement("ul");
    list.className = "metric-points";
    metric.series.forEach(function (series) {
      series.data.forEach(function (point) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = point.url;
        link.textContent = series.label + " " + point.period + ": " + full.format(point.y);
        item.appendChild(link);
        if (point.conflict) {
          item.className = "conflict";
          item.appendChild(document.createTextNode(" (unresolved conflict)"));
        }
        list.appendChild(item);
      });
    });
    var details = document.createElement("details");
    var summary = document.createElement("summary");
    summary.textContent = "Figures and their observations";
    details.appendChild(summary);
    details.appendChild(list);
    if (metric.conflicts) {
      var note = document.createElement("p");
      note.className = "conflict-note";
      note.textContent = "▲ " + metric.conflicts + " period(s) with unresolved conflicting observations. ";
      var resolve = document.createElement("a");
      resolve.href = data.conflicts_url;
      resolve.textContent = "Resolve them on the conflicts page.";
      note.appendChild(resolve);
      figure.appendChild(note);
    }
    figure.appendChild(details);
  });

  var agreements = document.getElementById("chart-agreements");
  if (agreements && data.agreements) {
    new Chart(agreements, {
      type: "bar",
      data: { labels: data.agreements.labels, datasets: [{ label: "Agreements", data: data.agreements.data, backgroundColor: colors.actual }] },
      options: { animation: false, aspectRatio: 2, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  var events = document.getElementById("chart-events");
  if (events && data.events) {
    var points = data.events.x.map(function (x, i) { return { x: x, y: data.events.data[i], month: data.events.labels[i] }; });
    events.chart = new Chart(events, {
      type: "bar",
      data: { datasets: [{ label: "Events", data: points, backgroundColor: colors.other, barPercentage: 1, categoryPercentage: 0.9 }] },
      options: {
        animation: false, aspectRatio: 2,
        plugins: { legend: { display: false }, tooltip: { callbacks: { title: function (items) { return items.length ? items[0].raw.month : ""; } } } },
        scales: { x: timeAxis(data.events.x, true, 16 * DAY_MS), y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }
  document.body.dataset.chartsReady = "true";
});
