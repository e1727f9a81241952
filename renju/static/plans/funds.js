/* The funds page: funds by county and channel (stacked bars) and by channel (pie). */
(function () {
  "use strict";
  var el = document.getElementById("funds-chart");
  if (!el || !window.echarts) { return; }
  var data = JSON.parse(el.dataset.chart);
  var colors = ["#1f6f50", "#2f7ebc", "#e3a21a", "#8e44ad", "#c0392b"];
  el.style.height = Math.max(320, data.counties.length * 28 + 80) + "px";
  var yuan = function (v) { return (v / 10000).toFixed(0) + " 万"; };
  var bars = echarts.init(el);
  bars.setOption({
    color: colors,
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: "axis", valueFormatter: yuan },
    xAxis: { type: "value", axisLabel: { formatter: yuan } },
    yAxis: { type: "category", axisLabel: { interval: 0 }, data: data.counties.slice().reverse() },
    series: data.sources.map(function (name, i) {
      return { name: name, type: "bar", stack: "funds", data: data.series[i].slice().reverse() };
    })
  });
  var pieEl = document.getElementById("funds-pie");
  var pie = pieEl ? echarts.init(pieEl) : null;
  if (pie) {
    pie.setOption({
      color: colors,
      tooltip: { trigger: "item", valueFormatter: yuan },
      series: [{ type: "pie", radius: ["35%", "70%"], data: data.pie, label: { formatter: "{b}\n{d}%" } }]
    });
  }
  window.addEventListener("resize", function () { bars.resize(); if (pie) { pie.resize(); } });
})();
