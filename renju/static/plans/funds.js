/* The funds page: funds by county and channel (stacked bars) and by channel (pie). */
(function () {
  "use strict";
  var el = document.getElementById("funds-chart");
  if (!el || !window.echarts) { return; }
  var data = JSON.parse(el.dataset.chart);
  var colors = ["#1f6f50", "#2f7ebc", "#e3a21a", "#8e44ad", "#c0392b"];
  el.style.height = Math.max(320, data.counties.length * 28 + 80) + "px";
  // Amounts in the page's own short form: "2307万" in Chinese, "23.1M" in English.
  var short = new Intl.NumberFormat(document.documentElement.lang || "zh-Hans", {
    notation: "compact", maximumFractionDigits: 1
  });
  var yuan = function (v) { return short.format(v); };
  var bars = echarts.init(el);
  bars.setOption({
    color: colors,
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    // One scrolling line of channels on a phone: wrapped onto three lines it covered the bars.
    legend: el.clientWidth < 600 ? { top: 0, type: "scroll" } : { top: 0 },
    tooltip: { trigger: "axis", valueFormatter: yuan },
    xAxis: { type: "value", axisLabel: { formatter: yuan } },
    yAxis: { type: "category", axisLabel: { interval: 0 }, data: data.counties.slice().reverse() },
    series: data.sources.map(function (name, i) {
      return { name: name, type: "bar", stack: "funds", data: data.series[i].slice().reverse() };
    })
  });
  var pieEl = document.getElementById("funds-pie");
  var pie = pieEl ? echarts.init(pieEl) : null;
  // On a narrow screen the channels' names go to a legend below and the slices carry only
  // their shares: names beside the ring were cut at the card's edges on a phone.
  function pieOption() {
    var narrow = pieEl.clientWidth < 420;
    return {
      color: colors,
      tooltip: { trigger: "item", valueFormatter: yuan },
      legend: narrow ? { bottom: 0, type: "scroll" } : { show: false },
      series: [{
        type: "pie",
        radius: narrow ? ["30%", "58%"] : ["35%", "70%"],
        center: ["50%", narrow ? "45%" : "50%"],
        data: data.pie,
        label: { formatter: narrow ? "{d}%" : "{b}\n{d}%" }
      }]
    };
  }
  if (pie) { pie.setOption(pieOption()); }
  window.addEventListener("resize", function () {
    bars.resize();
    if (pie) { pie.setOption(pieOption()); pie.resize(); }
  });
})();
