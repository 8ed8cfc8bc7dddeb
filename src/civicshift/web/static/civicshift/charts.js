/* Draws the charts of a page from the JSON the server rendered. The data sit in a
   data-case-charts attribute on the element around the canvases (inside the fragment htmx swaps
   in: htmx removes <script> elements from swapped content, JSON ones included), or, for pages
   that still use it, in a <script type="application/json" id="case-chart-data">. Both are data,
   not code: allowed by the Content-Security-Policy. Runs on load and again after every htmx
   swap, since the figures are recalculated in place. */
(function () {
  "use strict";
  var BLUE = "#005ea2", RED = "#b50909", GREEN = "#00a91c", GREY = "#71767a", INK = "#1b1b1b";

  function lang() {
    return document.documentElement.lang || "en";
  }

  function moneyFormat(currency, compact) {
    try {
      return new Intl.NumberFormat(lang(), {
        style: "currency", currency: currency || "USD", maximumFractionDigits: compact ? 1 : 0,
        notation: compact ? "compact" : "standard"
      });
    } catch (e) {
      return new Intl.NumberFormat("en", { style: "currency", currency: "USD",
        maximumFractionDigits: 0 });
    }
  }

  /* Shared with the other charts of the application (the inventory dashboard's). */
  window.CivicShift = window.CivicShift || {};
  window.CivicShift.moneyFormat = moneyFormat;

  /* A long line name on several lines of at most `width` characters, so it is not clipped. */
  function wrap(text, width) {
    var words = String(text).split(/\s+/), lines = [], current = "";
    words.forEach(function (word) {
      if (current && (current + " " + word).length > width) {
        lines.push(current);
        current = word;
      } else {
        current = current ? current + " " + word : word;
      }
    });
    if (current) { lines.push(current); }
    return lines;
  }

  /* The vertical line at the base NPV the tornado's bars start from. */
  var baseLine = {
    id: "csBaseLine",
    afterDatasetsDraw: function (chart, _args, opts) {
      if (opts.value === undefined || opts.value === null) { return; }
      var x = chart.scales.x.getPixelForValue(opts.value), area = chart.chartArea;
      var ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = INK;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(x, area.top);
      ctx.lineTo(x, area.bottom);
      ctx.stroke();
      ctx.restore();
    }
  };

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
    tornado: function (d, canvas) {
      var t = d.tornado, base = t.npv, narrow = canvas.parentNode.clientWidth < 500;
      /* Height from the number of rows (wrapped names need room), width from the page. */
      canvas.parentNode.style.height = (t.labels.length * (narrow ? 56 : 44) + 90) + "px";
      /* Each input is one row; its bar runs from the NPV at its low figure to the NPV at its
         high figure, either side of the base NPV (the line across). The server sorts the rows
         by swing, largest first. */
      return {
        type: "bar",
        plugins: [baseLine],
        options: {
          indexAxis: "y", maintainAspectRatio: false,
          scales: {
            x: { beginAtZero: false, ticks: { callback: function (v) {
              return moneyFormat(d.currency, true).format(v); } } },
            y: { ticks: { autoSkip: false, font: { size: narrow ? 11 : 12 } } }
          },
          plugins: { csBaseLine: { value: base } }
        },
        data: {
          labels: t.labels.map(function (label) { return wrap(label, narrow ? 16 : 26); }),
          datasets: [
            { label: "NPV with the line at its low figure", grouped: false,
              backgroundColor: GREY,
              data: t.low.map(function (v) { return [base, v]; }) },
            { label: "NPV with the line at its high figure", grouped: false,
              backgroundColor: BLUE,
              data: t.high.map(function (v) { return [base, v]; }) }
          ]
        }
      };
    },
    histogram: function (d) {
      return { type: "bar", data: { labels: d.histogram.labels, datasets: [{
        label: "Simulated futures", data: d.histogram.counts, backgroundColor: BLUE,
        barPercentage: 1.0, categoryPercentage: 1.0 }] } };
    },
    distribution: function (d) {
      /* The share of simulated futures (percent, y) whose NPV is at most each amount (x: the
         histogram's bin edges), from the same bins as the histogram. */
      var c = d.distribution;
      return { type: "line", options: { scales: { y: { min: 0, max: 100, ticks: {
        callback: function (v) { return v + "%"; } } } } },
        data: { labels: c.labels, datasets: [{ label: c.label, data: c.percents,
          borderColor: BLUE, backgroundColor: BLUE, tension: 0, pointRadius: 0 }] } };
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

  function dataFor(canvas) {
    var holder = canvas.closest("[data-case-charts]");
    if (holder) { return JSON.parse(holder.getAttribute("data-case-charts")); }
    var source = document.getElementById("case-chart-data");
    return source ? JSON.parse(source.textContent) : null;
  }

  function tooltipValue(ctx, kind, currency) {
    var raw = ctx.raw;
    if (kind === "histogram") { return String(ctx.parsed.y); }
    if (kind === "distribution") { return ctx.parsed.y + "%"; }
    if (kind === "tornado") { return moneyFormat(currency).format(raw[1]); }
    return moneyFormat(currency).format(ctx.parsed.y);
  }

  function draw(root) {
    if (typeof Chart === "undefined") { return; }
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var data = dataFor(canvas), kind = canvas.dataset.chart;
      var build = builders[kind];
      if (!data || !build || !data[kind]) { return; }
      var existing = Chart.getChart(canvas);
      if (existing) { existing.destroy(); }
      var config = build(data, canvas);
      var options = config.options || {};
      options.animation = false;
      options.responsive = true;
      if (options.maintainAspectRatio === undefined) { options.maintainAspectRatio = true; }
      options.plugins = Object.assign({
        tooltip: { callbacks: { label: function (ctx) {
          return ctx.dataset.label + ": " + tooltipValue(ctx, kind, data.currency);
        } } }
      }, options.plugins || {});
      if (kind !== "tornado" && kind !== "histogram" && kind !== "profile" &&
          kind !== "distribution") {
        options.scales = { y: { ticks: { callback: function (v) {
          return moneyFormat(data.currency, true).format(v); } } } };
      }
      config.options = options;
      new Chart(canvas, config);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  /* After a swap the old element is gone (outerHTML), so the whole page is looked at again. */
  document.addEventListener("htmx:afterSettle", function () { draw(document); });
})();
