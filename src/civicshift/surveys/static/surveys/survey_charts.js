/* Diverging stacked bars of a survey's questions, drawn from the JSON in the figure's
   data-survey-chart attribute (data, not code: allowed by the Content-Security-Policy).
   Disagree points extend left of zero, agree points right, the midpoint is split across zero.
   The same figures are in the table under the chart. Runs on load and after htmx swaps. */
(function () {
  "use strict";
  var COLOURS5 = ["#b50909", "#e59393", "#a9aeb1", "#73b3e7", "#005ea2"];
  var COLOURS7 = ["#8b0a03", "#b50909", "#e59393", "#a9aeb1", "#73b3e7", "#2378c3", "#005ea2"];

  function draw(figure) {
    var data;
    try { data = JSON.parse(figure.getAttribute("data-survey-chart") || "{}"); } catch (e) { return; }
    var items = data.items || [];
    if (!items.length || !window.Chart) { return; }
    var counts = {};
    items.forEach(function (i) { counts[i.points] = (counts[i.points] || 0) + 1; });
    var points = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a]; })[0] | 0;
    items = items.filter(function (i) { return i.points === points; });
    var mid = (points + 1) / 2, colours = points === 7 ? COLOURS7 : COLOURS5;
    function share(i, p) { return (i.shares[p - 1] || 0) * 100; }
    function dataset(p, sign, half) {
      return { label: String(p), backgroundColor: colours[p - 1], stack: "s",
        data: items.map(function (i) { return sign * share(i, p) * (half ? 0.5 : 1); }) };
    }
    // Chart.js stacks each side outwards from zero in dataset order: the midpoint first, then
    // the points further from it, so "disagree" ends at the far left and "agree" at the right.
    var datasets = [], p;
    if (points % 2) { datasets.push(dataset(mid, -1, true)); }
    for (p = Math.ceil(mid) - 1; p >= 1; p--) { datasets.push(dataset(p, -1, false)); }
    if (points % 2) { datasets.push(dataset(mid, 1, true)); }
    for (p = Math.floor(mid) + 1; p <= points; p++) { datasets.push(dataset(p, 1, false)); }
    var box = figure.querySelector(".cs-chart__box");
    box.style.height = (items.length * 30 + 60) + "px";
    var canvas = figure.querySelector("canvas");
    if (canvas._chart) { canvas._chart.destroy(); }
    canvas._chart = new window.Chart(canvas, {
      type: "bar",
      data: { labels: items.map(function (i) { return i.label; }), datasets: datasets },
      options: {
        indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
        scales: {
          x: { stacked: true, min: -100, max: 100,
               ticks: { callback: function (v) { return Math.abs(v) + "%"; } } },
          y: { stacked: true, ticks: { autoSkip: false } }
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (ctx) {
            return ctx.dataset.label + ": " + Math.abs(ctx.raw).toFixed(0) + "%"; } } }
        }
      }
    });
  }

  function drawAll(root) {
    (root || document).querySelectorAll("[data-survey-chart]").forEach(draw);
  }
  document.addEventListener("DOMContentLoaded", function () { drawAll(); });
  document.addEventListener("htmx:afterSwap", function (e) { drawAll(e.target); });
})();
