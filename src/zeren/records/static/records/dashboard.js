/* The office dashboard's charts (ECharts, served from this site). Data comes from #chart-data (json_script).
   Names come from imported jurisdiction trees: tooltips are built as text (escaped before ECharts sets
   them as HTML) and carry no inline styles, so the page runs under a strict Content-Security-Policy. */
(function () {
  "use strict";
  function ready(fn) { if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); } }
  var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" };
  function text(value) { return String(value).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; }); }
  function lines() { return Array.prototype.map.call(arguments, text).join("<br>"); }
  function percent(rate) { return rate === null || rate === undefined ? "—" : rate + "%"; }
  ready(function () {
    // The year selector submits itself (no inline handler: the CSP forbids them).
    document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  });
  function colour(rate) {
    if (rate === null || rate === undefined) { return "#c8d0da"; }
    if (rate >= 90) { return "#2e7d32"; }
    if (rate >= 75) { return "#7cb342"; }
    if (rate >= 60) { return "#f9a825"; }
    return "#c62828";
  }
  ready(function () {
    var node = document.getElementById("chart-data");
    if (!node || typeof echarts === "undefined") { return; }
    var data = JSON.parse(node.textContent);
    var charts = [];
    var childEl = document.getElementById("chart-children");
    if (childEl && data.children.length) {
      var chart = echarts.init(childEl, null, { renderer: "svg" });
      chart.setOption({
        tooltip: { formatter: function (p) { var d = p.data; return lines(d.name, percent(d.rate) + " (" + d.met + "/" + (d.met + d.missed) + ")"); } },
        series: [{
          type: "treemap", roam: false, nodeClick: "link", breadcrumb: { show: false },
          // Labels are SVG text nodes (never HTML).
          label: { formatter: function (p) { var d = p.data; return d.name + "\n" + percent(d.rate); }, fontSize: 13 },
          data: data.children.map(function (c) {
            return { name: c.name, value: c.value, rate: c.rate, met: c.met, missed: c.missed,
              link: "../" + encodeURIComponent(c.code) + "/" + window.location.search, target: "self",
              itemStyle: { color: colour(c.rate) } };
          })
        }]
      });
      charts.push(chart);
    }
    var trendEl = document.getElementById("chart-trend");
    if (trendEl) {
      var trend = echarts.init(trendEl, null, { renderer: "svg" });
      trend.setOption({
        grid: { left: 48, right: 16, top: 16, bottom: 32 },
        tooltip: { trigger: "axis", formatter: function (ps) { var p = ps[0]; return lines(p.name, percent(p.value)); } },
        xAxis: { type: "category", data: data.trend.map(function (t) { return t.label; }) },
        yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
        series: [{ type: "line", smooth: true, data: data.trend.map(function (t) { return t.rate; }), itemStyle: { color: "#b3261e" }, areaStyle: { opacity: 0.08 } }]
      });
      charts.push(trend);
    }
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  });
})();
