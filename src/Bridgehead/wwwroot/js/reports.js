// Draws a report's chart with Chart.js from the page's <script type="application/json"> block.
// The table under the chart holds the same numbers, so the page reads fine without this script.
// Colours come from the CSS custom properties --chart-1 ... --chart-6 (site.css).
(function () {
  "use strict";

  function colours() {
    var style = getComputedStyle(document.documentElement);
    var list = [];
    for (var i = 1; i <= 6; i++) {
      var value = style.getPropertyValue("--chart-" + i).trim();
      if (value) {
        list.push(value);
      }
    }
    return list.length ? list : ["#0f3d5c"];
  }

  function formatter(format, locale, currency) {
    var number = new Intl.NumberFormat(locale, { maximumFractionDigits: format === "count" ? 0 : 1 });
    return function (value) {
      if (value === null || value === undefined) {
        return "";
      }
      var text = number.format(value);
      if (format === "percent") {
        return text + "%";
      }
      if (format === "money") {
        return text + " " + currency;
      }
      return text;
    };
  }

  // ReportChartKind (camelCase) to a Chart.js type and its options.
  function typeOf(kind) {
    switch (kind) {
      case "horizontalBar": return { type: "bar", indexAxis: "y", stacked: false };
      case "stackedBar": return { type: "bar", indexAxis: "x", stacked: true };
      case "line": return { type: "line", indexAxis: "x", stacked: false };
      case "doughnut": return { type: "doughnut", indexAxis: "x", stacked: false };
      default: return { type: "bar", indexAxis: "x", stacked: false };
    }
  }

  function draw(canvas) {
    var block = document.getElementById(canvas.getAttribute("data-chart"));
    if (!block || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(block.textContent);
    var palette = colours();
    var shape = typeOf(data.kind);
    var doughnut = shape.type === "doughnut";
    var datasets = data.series.map(function (s, i) {
      var colour = palette[i % palette.length];
      return {
        label: s.label,
        data: s.data,
        backgroundColor: doughnut ? data.labels.map(function (_, j) { return palette[j % palette.length]; }) : colour,
        borderColor: colour,
        borderWidth: shape.type === "line" ? 2 : 0,
        fill: false,
        format: s.format
      };
    });
    var scales = {};
    if (!doughnut) {
      var valueAxis = shape.indexAxis === "y" ? "x" : "y";
      var labelAxis = shape.indexAxis === "y" ? "y" : "x";
      var firstFormat = data.series.length ? data.series[0].format : "number";
      var first = formatter(firstFormat, data.locale, data.currency);
      var ticks = { callback: function (v) { return first(v); } };
      if (firstFormat === "count") {
        ticks.precision = 0;
      }
      scales[valueAxis] = { beginAtZero: true, stacked: shape.stacked, ticks: ticks };
      scales[labelAxis] = { stacked: shape.stacked };
    }
    new window.Chart(canvas, {
      type: shape.type,
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: shape.indexAxis,
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: scales,
        plugins: {
          legend: { display: doughnut || datasets.length > 1 },
          tooltip: {
            callbacks: {
              label: function (context) {
                var format = formatter(context.dataset.format, data.locale, data.currency);
                var value = doughnut ? context.parsed : (shape.indexAxis === "y" ? context.parsed.x : context.parsed.y);
                return (context.dataset.label ? context.dataset.label + ": " : "") + format(value);
              }
            }
          }
        }
      }
    });
  }

  function start() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
