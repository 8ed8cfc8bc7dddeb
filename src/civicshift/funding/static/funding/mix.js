/* Draws the funding mix chart from the JSON the server rendered into the data-mix-chart
   attribute (data, not code: allowed by the Content-Security-Policy, and kept by htmx swaps,
   which drop <script> elements): the sources of each fiscal year stacked by kind, and the
   business case's cost as a line. Runs on load and again after every htmx swap (adding a
   source redraws it). Every figure drawn is also in the table above it. Needs charts.js first
   (for window.CivicShift.moneyFormat). */
(function () {
  "use strict";
  var INK = "#1b1b1b";
  var moneyFormat = window.CivicShift.moneyFormat;

  function config(d, canvas) {
    /* A fixed height from the page's width (a phone gets a taller chart than its aspect ratio
       would give), drawn to fill it. */
    var box = canvas.parentNode, narrow = box.clientWidth < 500;
    box.style.position = "relative";
    box.style.height = (narrow ? 300 : 360) + "px";
    var datasets = d.sources.map(function (s) {
      return { type: "bar", label: s.label, data: s.values, backgroundColor: s.colour,
        stack: "sources", order: 2 };
    });
    if (d.cost) {
      datasets.push({ type: "line", label: d.cost.label, data: d.cost.values, borderColor: INK,
        backgroundColor: INK, borderWidth: 2, pointRadius: 3, tension: 0, order: 1 });
    }
    return {
      type: "bar",
      data: { labels: d.labels, datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, ticks: { callback: function (v) {
            return moneyFormat(d.currency, true).format(v); } } }
        },
        plugins: { tooltip: { callbacks: { label: function (ctx) {
          return ctx.dataset.label + ": " + moneyFormat(d.currency).format(ctx.parsed.y); } } } }
      }
    };
  }

  function draw(root) {
    if (typeof Chart === "undefined") { return; }
    root.querySelectorAll("[data-mix-chart] canvas[data-chart=mix]").forEach(function (canvas) {
      var holder = canvas.closest("[data-mix-chart]");
      var data = JSON.parse(holder.getAttribute("data-mix-chart"));
      var existing = Chart.getChart(canvas);
      if (existing) { existing.destroy(); }
      new Chart(canvas, config(data, canvas));
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  /* After a swap the old element is gone (outerHTML), so the whole page is looked at again. */
  document.addEventListener("htmx:afterSettle", function () { draw(document); });
})();
