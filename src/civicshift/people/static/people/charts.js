/* Draws the People tab's power–interest grid from the JSON the server rendered into the
   data-people-grid attribute (data, not code: allowed by the Content-Security-Policy, and kept
   by htmx swaps, which drop <script> elements). Runs on load and again after every htmx swap,
   so a stakeholder added through the form appears at once. Every point is also a row of the
   table under the chart. */
(function () {
  "use strict";
  var INK = "#1b1b1b", GRID = "#a9aeb1";
  /* Stance colours, from resistant (red) to champion (green), with enough contrast on white. */
  var STANCE = { resistant: "#b50909", sceptical: "#c05600", neutral: "#71767a",
    supportive: "#005ea2", champion: "#008817" };
  var SHAPE = { resistant: "crossRot", sceptical: "triangle", neutral: "rect",
    supportive: "circle", champion: "star" };

  /* The quadrant lines between 2 and 3 (a rating of 3 or more is high) and each quadrant's
     name in its corner. */
  var quadrants = {
    id: "csPeopleQuadrants",
    beforeDatasetsDraw: function (chart, _args, q) {
      var x = chart.scales.x, y = chart.scales.y, area = chart.chartArea, ctx = chart.ctx;
      var mx = x.getPixelForValue(2.5), my = y.getPixelForValue(2.5);
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
      ctx.font = "bold 12px sans-serif";
      ctx.textBaseline = "top";
      ctx.textAlign = "left";
      ctx.fillText(q.keep_satisfied, area.left + 6, area.top + 6);
      ctx.textAlign = "right";
      ctx.fillText(q.manage_closely, area.right - 6, area.top + 6);
      ctx.textBaseline = "bottom";
      ctx.fillText(q.keep_informed, area.right - 6, area.bottom - 6);
      ctx.textAlign = "left";
      ctx.fillText(q.monitor, area.left + 6, area.bottom - 6);
      ctx.restore();
    }
  };

  /* Stakeholders on the same square are spread around it a little, so each stays visible. */
  function spread(points) {
    var seen = {};
    return points.map(function (p) {
      var key = p.x + "," + p.y, n = seen[key] = (seen[key] || 0) + 1;
      if (n === 1) { return { x: p.x, y: p.y, p: p }; }
      var angle = n * 2.4, r = 0.12 + 0.04 * Math.floor(n / 6);
      return { x: p.x + r * Math.cos(angle), y: p.y + r * Math.sin(angle), p: p };
    });
  }

  /* Ticks at the ratings 1 to 5 only (the axes run from 0.5 to 5.5 so edge points show). */
  function wholeTicks(axis) {
    axis.ticks = [1, 2, 3, 4, 5].map(function (v) { return { value: v }; });
  }

  function grid(d) {
    var points = spread(d.points);
    var datasets = Object.keys(d.stances).map(function (stance) {
      return {
        label: d.stances[stance],
        data: points.filter(function (p) { return p.p.stance === stance; }),
        backgroundColor: STANCE[stance], borderColor: STANCE[stance],
        pointStyle: SHAPE[stance], pointRadius: 7, pointHoverRadius: 9
      };
    }).filter(function (set) { return set.data.length; });
    return {
      type: "scatter",
      plugins: [quadrants],
      data: { datasets: datasets },
      options: {
        maintainAspectRatio: false,
        scales: {
          x: { min: 0.5, max: 5.5, title: { display: true, text: d.axes.x },
            afterBuildTicks: wholeTicks, grid: { color: GRID } },
          y: { min: 0.5, max: 5.5, title: { display: true, text: d.axes.y },
            afterBuildTicks: wholeTicks, grid: { color: GRID } }
        },
        plugins: {
          csPeopleQuadrants: d.quadrants,
          legend: { labels: { usePointStyle: true } },
          tooltip: { callbacks: { label: function (ctx) {
            var p = ctx.raw.p;
            return p.name + " — " + d.stances[p.stance] + " → " + d.stances[p.desired];
          } } }
        }
      }
    };
  }

  function draw(root) {
    if (typeof Chart === "undefined") { return; }
    root.querySelectorAll("canvas[data-people-chart]").forEach(function (canvas) {
      var holder = canvas.closest("[data-people-grid]");
      if (!holder) { return; }
      var existing = Chart.getChart(canvas);
      if (existing) { existing.destroy(); }
      var config = grid(JSON.parse(holder.getAttribute("data-people-grid")));
      config.options.animation = false;
      config.options.responsive = true;
      new Chart(canvas, config);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function () { draw(document); });
})();
