/* A map of villages (or other points) coloured by a status, over the region's boundaries.
 *
 * <div class="status-map" data-boundaries="{% url 'regions:boundaries' code %}"
 *      data-points-id="points-json" data-tiles="…" data-attribution="…"></div>
 * {{ points|json_script:"points-json" }}
 *   points: {"points": [[code, name, lat, lng, status, note], …], "colours": {status: "#hex"}}
 * The same vendored Leaflet and boundary endpoint as the region home page (home.js).
 */
(function () {
  "use strict";
  if (!window.L) { return; }
  document.querySelectorAll(".status-map").forEach(function (el) {
    var source = document.getElementById(el.dataset.pointsId);
    var data = source ? JSON.parse(source.textContent) : { points: [], colours: {} };
    var map = L.map(el, { zoomSnap: 0.25, attributionControl: !!el.dataset.tiles });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 18 }).addTo(map);
    }
    var group = L.featureGroup();
    data.points.forEach(function (p) {
      var colour = data.colours[p[4]] || "#6c757d";
      L.circleMarker([p[2], p[3]], { radius: 6, color: "#333", weight: 1, fillColor: colour, fillOpacity: 0.9 })
        .bindTooltip(p[1] + (p[5] ? " · " + p[5] : ""))
        .addTo(group);
    });
    function showPoints(bounds) {
      group.addTo(map);
      if (data.points.length) { map.fitBounds(group.getBounds().pad(0.2), { maxZoom: 13 }); }
      else if (bounds) { map.fitBounds(bounds); }
      else { map.setView([36.45, 115.98], 8); }
    }
    if (!el.dataset.boundaries) { showPoints(null); return; }
    fetch(el.dataset.boundaries, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (geo) {
      var bounds = null;
      if (geo.features.length) {
        var layer = L.geoJSON(geo, {
          style: { color: "#1f6f50", weight: 1.5, fillColor: "#9fd3b8", fillOpacity: 0.15 },
          onEachFeature: function (f, l) { l.bindTooltip(f.properties.name, { sticky: true }); }
        }).addTo(map);
        layer.bringToBack();
        bounds = layer.getBounds();
      }
      showPoints(bounds);
    }).catch(function () { showPoints(null); });
  });
})();
