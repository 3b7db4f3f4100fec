// The incident map: an offline Natural Earth basemap (world-atlas TopoJSON), governorate
// centres from the gazetteer, and incidents as circles sized by deaths. No tile server.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) return;
  var status = document.getElementById("map-status");
  var colours = ["#b2182b", "#2166ac", "#1b7837", "#762a83", "#e08214", "#35978f", "#8c510a", "#4d4d4d"];
  var map = L.map(el, { preferCanvas: true, attributionControl: true, zoomSnap: 0.5 }).setView([35.0, 38.5], 6.5);
  map.attributionControl.addAttribution("Natural Earth (public domain) via world-atlas");
  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  }
  var base = getJSON("/static/vendor/countries-50m.json").then(function (topo) {
    var land = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(land, {
      style: function (f) {
        var syria = f.properties && f.properties.name === "Syria";
        return { color: "#8a8a8a", weight: syria ? 1.6 : 0.8, fillColor: syria ? "#f4efe4" : "#e9e6df", fillOpacity: 1 };
      },
      interactive: false,
    }).addTo(map);
  });
  var govs = getJSON("/api/governorates").then(function (data) {
    data.items.forEach(function (g) {
      L.circleMarker([g.lat, g.lon], { radius: 3, color: "#444", weight: 1, fillOpacity: 0.6, interactive: false }).addTo(map);
      L.tooltip({ permanent: true, direction: "right", className: "gov-label", offset: [4, 0] })
        .setLatLng([g.lat, g.lon]).setContent(g.name).addTo(map);
    });
  });
  var query = el.getAttribute("data-query");
  var points = getJSON("/api/map" + (query ? "?" + query : ""));
  Promise.all([base, govs, points]).then(function (all) {
    var data = all[2];
    var col = {};
    data.columns.forEach(function (name, i) { col[name] = i; });
    var types = {}, n = 0;
    var layer = L.layerGroup().addTo(map);
    data.rows.forEach(function (r) {
      var type = r[col.type];
      if (!(type in types)) { types[type] = colours[n % colours.length]; n += 1; }
      var killed = r[col.killed] || 0;
      var marker = L.circleMarker([r[col.lat], r[col.lon]], {
        radius: 4 + Math.min(14, Math.sqrt(killed) * 1.5), color: types[type], weight: 1, fillOpacity: 0.45,
      });
      var label = document.createElement("div");
      var link = document.createElement("a");
      link.href = "/incidents/" + encodeURIComponent(r[col.id]);
      link.textContent = type + (r[col.date] ? " · " + r[col.date] : "");
      label.appendChild(link);
      label.appendChild(document.createElement("br"));
      label.appendChild(document.createTextNode((r[col.location] || "") + (killed ? " · killed " + killed : "")));
      marker.bindPopup(label);
      layer.addLayer(marker);
    });
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "card legend");
      Object.keys(types).forEach(function (t) {
        var row = document.createElement("div");
        var swatch = document.createElement("i");
        swatch.style.background = types[t];
        row.appendChild(swatch);
        row.appendChild(document.createTextNode(t));
        div.appendChild(row);
      });
      return div;
    };
    legend.addTo(map);
    status.textContent = data.rows.length + " incidents on the map" + (data.unlocated ? ", " + data.unlocated + " without a place" : "") + ".";
    el.setAttribute("data-loaded", "true");
  }).catch(function (err) {
    status.textContent = "The map could not load: " + err.message;
    el.setAttribute("data-loaded", "error");
  });
})();
