/* The indicator dashboard: sparklines on the tiles, the map coloured by the chosen indicator. */
(function () {
  "use strict";
  if (window.echarts) {
    document.querySelectorAll(".sparkline").forEach(function (el) {
      var values = JSON.parse(el.dataset.values || "[]");
      if (values.length < 2) { el.style.display = "none"; return; }
      echarts.init(el).setOption({
        grid: { left: 2, right: 2, top: 4, bottom: 4 }, xAxis: { type: "category", show: false },
        yAxis: { type: "value", show: false, scale: true },
        series: [{ type: "line", data: values, smooth: true, symbol: "none", lineStyle: { color: "#1f6f50" } }]
      });
    });
  }
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var values = JSON.parse(el.dataset.values || "{}");
  var nums = Object.keys(values).map(function (k) { return values[k]; }).filter(function (v) { return v !== null; });
  var lo = Math.min.apply(null, nums), hi = Math.max.apply(null, nums);
  var better = el.dataset.better;
  function colour(v) {
    if (v === null || v === undefined) { return "#ced4da"; }
    var t = hi > lo ? (v - lo) / (hi - lo) : 1;
    if (better !== "higher") { t = 1 - t; }
    var r = Math.round(217 + (46 - 217) * t), g = Math.round(83 + (158 - 83) * t), b = Math.round(79 + (91 - 79) * t);
    return "rgb(" + r + "," + g + "," + b + ")";
  }
  function lookup(code) {  // a village's own value, else its town's or county's
    var keys = [code, code.slice(0, 9), code.slice(0, 6)];
    for (var i = 0; i < keys.length; i++) { if (values.hasOwnProperty(keys[i])) { return values[keys[i]]; } }
    return null;
  }
  var map = L.map(el, { zoomSnap: 0.25, attributionControl: false });
  // The colours run from the worst value shown to the best, not from failing to passing:
  // the legend says between which values (96.8% in red may be a hair from 97.4% in green).
  if (nums.length) {
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var box = L.DomUtil.create("div", "map-legend small bg-white rounded px-2 py-1 shadow-sm");
      var worst = better === "higher" ? lo : hi, best = better === "higher" ? hi : lo;
      box.setAttribute("data-testid", "map-legend");
      box.innerHTML = '<span></span><span class="map-legend-bar"></span><span></span>';
      box.children[0].textContent = worst + el.dataset.unit;
      box.children[2].textContent = best + el.dataset.unit;
      box.children[1].style.background = "linear-gradient(to right, " + colour(worst) + ", " + colour(best) + ")";
      return box;
    };
    legend.addTo(map);
  }
  fetch(el.dataset.boundaries, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (geo) {
    var shaped = {};
    if (geo.features.length > 1 || (geo.features.length === 1 && values.hasOwnProperty(geo.features[0].properties.code))) {
      var layer = L.geoJSON(geo, {
        style: function (f) { shaped[f.properties.code] = true; return { color: "#555", weight: 1, fillColor: colour(values[f.properties.code]), fillOpacity: 0.75 }; },
        onEachFeature: function (f, l) {
          var v = values[f.properties.code];
          l.bindTooltip(f.properties.name + ": " + (v === null || v === undefined ? "—" : v + el.dataset.unit), { sticky: true });
          l.on("click", function () { window.location = el.dataset.link + f.properties.code + "/" + window.location.search; });
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds());
      return;
    }
    return fetch(el.dataset.points, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
      var group = L.featureGroup();
      data.villages.forEach(function (v) {
        var value = lookup(v[0]);
        L.circleMarker([v[2], v[3]], { radius: 6, color: "#333", weight: 1, fillColor: colour(value), fillOpacity: 0.9 })
          .bindTooltip(v[1] + ": " + (value === null || value === undefined ? "—" : value + el.dataset.unit))
          .addTo(group);
      });
      group.addTo(map);
      if (data.villages.length) { map.fitBounds(group.getBounds().pad(0.1)); } else { map.setView([36.45, 115.98], 8); }
    });
  }).catch(function () { map.setView([36.45, 115.98], 8); });
})();
