/* Draws the charts of a page from the JSON the server rendered (a <script type="application/json">
   element, which is data, not code: allowed by the Content-Security-Policy). Runs on load and
   again after each htmx swap, since the figures are recalculated in place. */
(function () {
  "use strict";
  var BLUE = "#005ea2", RED = "#b50909", GREEN = "#00a91c", GREY = "#71767a";

  function money(v) {
    return "$" + Math.round(v).toLocaleString();
  }

  var builders = {
    cumulative: function (d) {
      return { type: "line", data: { labels: d.cumulative.labels, datasets: [{
        label: "Cumulative discounted cash flow", data: d.cumulative.values,
        borderColor: BLUE, backgroundColor: BLUE, tension: 0 }] } };
    },
    annual: function (d) {
      return { type: "bar", data: { labels: d.annual.labels, datasets: [
        { label: "Costs", data: d.annual.costs, backgroundColor: RED },
        { label: "Benefits", data: d.annual.benefits, backgroundColor: GREEN }] } };
    },
    tornado: function (d) {
      return { type: "bar", options: { indexAxis: "y" }, data: { labels: d.tornado.labels,
        datasets: [
          { label: "NPV at low figure", data: d.tornado.low, backgroundColor: GREY },
          { label: "NPV at high figure", data: d.tornado.high, backgroundColor: BLUE }] } };
    },
    histogram: function (d) {
      return { type: "bar", data: { labels: d.histogram.labels, datasets: [{
        label: "Simulated futures", data: d.histogram.counts, backgroundColor: BLUE,
        barPercentage: 1.0, categoryPercentage: 1.0 }] } };
    },
    profile: function (d) {
      /* NPV against the discount rate (x in percent), the IRRs marked where the NPV is zero
         and the case's rate marked on the curve. */
      var p = d.profile;
      return { type: "scatter", options: { maintainAspectRatio: false, scales: {
        x: { type: "linear", title: { display: true, text: "Discount rate (%)" } } } },
        data: { datasets: [
          { label: p.label, data: p.points, showLine: true, pointRadius: 0,
            borderColor: BLUE, backgroundColor: BLUE },
          { label: p.irr_label, pointStyle: "crossRot", pointRadius: 9, borderWidth: 3,
            borderColor: RED, backgroundColor: RED,
            data: p.irrs.map(function (x) { return { x: x, y: 0 }; }) },
          { label: p.rate_label, pointStyle: "rectRot", pointRadius: 7,
            borderColor: GREY, backgroundColor: GREY, data: [{ x: p.rate, y: p.npv }] }] } };
    }
  };

  function draw(root) {
    if (typeof Chart === "undefined") { return; }
    var source = document.getElementById("case-chart-data");
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var build = builders[canvas.dataset.chart];
      if (!build || !data[canvas.dataset.chart]) { return; }
      var existing = Chart.getChart(canvas);
      if (existing) { existing.destroy(); }
      var config = build(data);
      config.options = Object.assign({
        animation: false, responsive: true, maintainAspectRatio: true,
        plugins: { tooltip: { callbacks: { label: function (ctx) {
          var v = ctx.parsed.x !== undefined && config.options && config.options.indexAxis === "y"
            ? ctx.parsed.x : ctx.parsed.y;
          return ctx.dataset.label + ": " + (canvas.dataset.chart === "histogram" ? v : money(v));
        } } } }
      }, config.options || {});
      new Chart(canvas, config);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function () { draw(document); });
})();
