/* The region home page: the map (boundaries + village points) and the children chart. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (el && window.L) {
    var map = L.map(el, { zoomSnap: 0.25, attributionControl: !!el.dataset.tiles });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 18 }).addTo(map);
    }
    var bounds = null;
    fetch(el.dataset.boundaries, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (geo) {
      if (!geo.features.length) { return; }
      var layer = L.geoJSON(geo, {
        style: { color: "#1f6f50", weight: 2, fillColor: "#9fd3b8", fillOpacity: 0.25 },
        onEachFeature: function (f, l) {
          l.bindTooltip(f.properties.name, { sticky: true });
          l.on("click", function () { window.location = "/r/" + f.properties.code + "/"; });
        }
      }).addTo(map);
      bounds = layer.getBounds();
      map.fitBounds(bounds);
    }).then(function () {
      return fetch(el.dataset.points, { credentials: "same-origin" });
    }).then(function (r) { return r.json(); }).then(function (data) {
      var group = L.featureGroup();
      data.villages.forEach(function (v) {
        L.circleMarker([v[2], v[3]], { radius: 3, color: "#c0392b", weight: 1, fillOpacity: 0.7 })
          .bindTooltip(v[1]).on("click", function () { window.location = "/r/" + v[0] + "/"; })
          .addTo(group);
      });
      group.addTo(map);
      if (!bounds && data.villages.length === 1) { map.setView([data.villages[0][2], data.villages[0][3]], 13); }
      else if (!bounds && data.villages.length) { map.fitBounds(group.getBounds().pad(0.2)); }
      if (!bounds && !data.villages.length) { map.setView([36.45, 115.98], 8); }
    }).catch(function () { map.setView([36.45, 115.98], 8); });
  }
  var chartEl = document.getElementById("chart");
  if (chartEl && window.echarts) {
    var rows = JSON.parse(chartEl.dataset.chart);
    // One label per child region: grow the chart rather than let ECharts skip every other name.
    chartEl.style.height = Math.max(320, rows.length * 20 + 48) + "px";
    var chart = echarts.init(chartEl);
    // Counts in the page's own short form: "5万" in Chinese, "50K" in English.
    var short = new Intl.NumberFormat(document.documentElement.lang || "zh-Hans", {
      notation: "compact", maximumFractionDigits: 1
    });
    chart.setOption({
      // Room on the right for the last axis label (50,000 was cut to 50,00), and the unit on top.
      grid: { left: 8, right: 28, top: 44, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: {
        type: "value",
        minInterval: 1,  // household counts are whole numbers
        name: chartEl.dataset.title,
        nameLocation: "middle",
        nameGap: 24,
        position: "top",
        axisLabel: { formatter: function (v) { return short.format(v); } }
      },
      yAxis: { type: "category", axisLabel: { interval: 0 }, data: rows.map(function (r) { return r[0]; }).reverse() },
      series: [{ name: chartEl.dataset.title, type: "bar", data: rows.map(function (r) { return r[1]; }).reverse(), itemStyle: { color: "#1f6f50" } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
})();
