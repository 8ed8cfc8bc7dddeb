/* Draws the inventory dashboard's charts from the JSON the server rendered into the
   data-inventory-charts attribute (data, not code: allowed by the Content-Security-Policy, and
   kept by htmx swaps, which drop <script> elements). Runs on load and again after every htmx
   swap. Every figure drawn here is also in the table under its chart. Needs charts.js first
   (for window.CivicShift.moneyFormat). */
(function () {
  "use strict";
  var INK = "#1b1b1b", GRID = "#a9aeb1";
  var SERIES = ["#b50909", "#005ea2", "#e66f0e", "#71767a"];

  /* The money formatter the case charts use (charts.js, loaded first), so a figure reads the
     same on every chart of the application. */
  var moneyFormat = window.CivicShift.moneyFormat;

  /* The TIME quadrants: lines at the midpoint (3) and each quadrant's name in its corner. */
  var quadrants = {
    id: "csQuadrants",
    beforeDatasetsDraw: function (chart, _args, opts) {
      var x = chart.scales.x, y = chart.scales.y, area = chart.chartArea, ctx = chart.ctx;
      var mx = x.getPixelForValue(3), my = y.getPixelForValue(3);
      ctx.save();
      ctx.strokeStyle = INK;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(mx, area.top); ctx.lineTo(mx, area.bottom);
      ctx.moveTo(area.left, my); ctx.lineTo(area.right, my);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = INK;
      ctx.font = "bold 13px sans-serif";
      ctx.textBaseline = "top";
      ctx.textAlign = "left";
      ctx.fillText(opts.migrate, area.left + 6, area.top + 6);
      ctx.textAlign = "right";
      ctx.fillText(opts.invest, area.right - 6, area.top + 6);
      ctx.textBaseline = "bottom";
      ctx.fillText(opts.tolerate, area.right - 6, area.bottom - 6);
      ctx.textAlign = "left";
      ctx.fillText(opts.eliminate, area.left + 6, area.bottom - 6);
      ctx.restore();
    }
  };

  function heightFor(canvas, rows) {
    canvas.parentNode.style.height = (Math.max(rows, 1) * 30 + 70) + "px";
  }

  function costBars(d, key, canvas) {
    var part = d[key];
    heightFor(canvas, part.labels.length);
    return {
      type: "bar",
      data: { labels: part.labels, datasets: [{ label: part.label, data: part.values,
        backgroundColor: "#005ea2" }] },
      options: {
        indexAxis: "y", maintainAspectRatio: false,
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (ctx) {
          return part.label + ": " + moneyFormat(d.currency).format(ctx.parsed.x); } } } },
        scales: { x: { beginAtZero: true, ticks: { callback: function (v) {
          return moneyFormat(d.currency, true).format(v); } } } }
      }
    };
  }

  var builders = {
    scatter: function (d) {
      var q = d.quadrants;
      return {
        type: "bubble",
        plugins: [quadrants],
        data: { datasets: d.scatter.map(function (group) {
          return { label: group.label, data: group.points, backgroundColor: group.colour + "b3",
            borderColor: group.colour, borderWidth: 1.5 };
        }) },
        options: {
          maintainAspectRatio: false,
          scales: {
            x: { min: 0.5, max: 5.5, title: { display: true, text: q.x }, ticks: { stepSize: 1 },
              grid: { color: GRID } },
            y: { min: 0.5, max: 5.5, title: { display: true, text: q.y }, ticks: { stepSize: 1 },
              grid: { color: GRID } }
          },
          plugins: {
            csQuadrants: q,
            tooltip: { callbacks: { label: function (ctx) {
              var p = ctx.raw;
              return p.name + " — " + q.y + ": " + p.y + ", " + q.x + ": " + p.x + ", " +
                q.cost + ": " + moneyFormat(d.currency).format(p.cost);
            } } }
          }
        }
      };
    },
    timeline: function (d) {
      var t = d.timeline;
      return {
        type: "bar",
        data: { labels: t.labels, datasets: t.series.map(function (s, i) {
          return { label: s.label, data: s.values, backgroundColor: SERIES[i % SERIES.length] };
        }) },
        options: {
          maintainAspectRatio: false,
          scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true,
            title: { display: true, text: t.y }, ticks: { precision: 0 } } }
        }
      };
    },
    department: function (d, canvas) { return costBars(d, "department", canvas); },
    category: function (d, canvas) { return costBars(d, "category", canvas); }
  };

  function draw(root) {
    if (typeof Chart === "undefined") { return; }
    root.querySelectorAll("canvas[data-inventory-chart]").forEach(function (canvas) {
      var holder = canvas.closest("[data-inventory-charts]");
      if (!holder) { return; }
      var data = JSON.parse(holder.getAttribute("data-inventory-charts"));
      var build = builders[canvas.dataset.inventoryChart];
      if (!build) { return; }
      var existing = Chart.getChart(canvas);
      if (existing) { existing.destroy(); }
      var config = build(data, canvas);
      config.options.animation = false;
      config.options.responsive = true;
      new Chart(canvas, config);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function () { draw(document); });
})();
