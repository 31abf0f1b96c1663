/* The office dashboard's charts (ECharts, served from this site). Data comes from #chart-data. */
(function () {
  "use strict";
  function ready(fn) { if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); } }
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
        tooltip: { formatter: function (p) { var d = p.data; return d.name + "<br>" + (d.rate === null ? "—" : d.rate + "%") + " (" + d.met + "/" + (d.met + d.missed) + ")"; } },
        series: [{
          type: "treemap", roam: false, nodeClick: "link", breadcrumb: { show: false },
          label: { formatter: function (p) { var d = p.data; return d.name + "\n" + (d.rate === null ? "—" : d.rate + "%"); }, fontSize: 13 },
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
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: data.trend.map(function (t) { return t.period; }) },
        yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
        series: [{ type: "line", smooth: true, data: data.trend.map(function (t) { return t.rate; }), itemStyle: { color: "#b3261e" }, areaStyle: { opacity: 0.08 } }]
      });
      charts.push(trend);
    }
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  });
})();
