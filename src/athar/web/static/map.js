// The incident map: an offline Natural Earth basemap (world-atlas TopoJSON), governorate
// centres from the gazetteer, and incidents as circles sized by deaths. No tile server.
// The view asks for what is inside it: points, or counts per grid cell where too many are in view.
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
  var types = {}, n = 0;
  var layer = L.layerGroup().addTo(map);
  var legend = L.control({ position: "bottomright" });
  legend.onAdd = function () { return L.DomUtil.create("div", "card legend"); };
  legend.addTo(map);
  function colour(type) {
    if (!(type in types)) { types[type] = colours[n % colours.length]; n += 1; }
    return types[type];
  }
  function drawLegend(clusters) {
    var div = legend.getContainer();
    div.textContent = "";
    var names = Object.keys(types).map(function (t) { return [t, types[t]]; });
    if (clusters) names.push(["several incidents (click to zoom in)", "#555"]);
    names.forEach(function (entry) {
      var row = document.createElement("div");
      var swatch = document.createElement("i");
      swatch.style.background = entry[1];
      row.appendChild(swatch);
      row.appendChild(document.createTextNode(entry[0]));
      div.appendChild(row);
    });
  }
  function popup(id, title, line) {
    var label = document.createElement("div");
    var link = document.createElement("a");
    link.href = "/incidents/" + encodeURIComponent(id);
    link.textContent = title;
    label.appendChild(link);
    label.appendChild(document.createElement("br"));
    label.appendChild(document.createTextNode(line));
    return label;
  }
  function draw(data) {
    layer.clearLayers();
    var col = {}, ccol = {};
    data.columns.forEach(function (name, i) { col[name] = i; });
    data.cluster_columns.forEach(function (name, i) { ccol[name] = i; });
    data.rows.forEach(function (r) {
      var type = r[col.type], killed = r[col.killed] || 0;
      var marker = L.circleMarker([r[col.lat], r[col.lon]], {
        radius: 4 + Math.min(14, Math.sqrt(killed) * 1.5), color: colour(type), weight: 1, fillOpacity: 0.45,
      });
      marker.bindPopup(popup(r[col.id], type + (r[col.date] ? " · " + r[col.date] : ""),
        (r[col.location] || "") + (killed ? " · killed " + killed : "")));
      layer.addLayer(marker);
    });
    data.clusters.forEach(function (c) {
      var count = c[ccol.count], killed = c[ccol.killed] || 0, at = [c[ccol.lat], c[ccol.lon]];
      var marker = L.circleMarker(at, {
        radius: 6 + Math.min(24, Math.sqrt(count) * 1.2), color: "#555", weight: 1, fillOpacity: 0.35,
      });
      marker.bindTooltip(count + " incidents" + (killed ? " · killed " + killed : ""));
      if (count === 1) {
        marker.bindPopup(popup(c[ccol.id], "1 incident", killed ? "killed " + killed : ""));
      } else {
        marker.on("click", function () { map.setView(at, Math.min(map.getZoom() + 2, 14)); });
      }
      layer.addLayer(marker);
    });
    drawLegend(data.clusters.length > 0);
    var shown = data.clusters.length
      ? data.in_view + " in view, counted in " + data.clusters.length + " clusters (zoom in for single incidents)"
      : data.rows.length + " in view";
    status.textContent = data.total + " incidents on the map: " + shown +
      (data.unlocated ? "; " + data.unlocated + " without a place" : "") + ".";
  }
  var asked = 0;
  function load() {
    var b = map.getBounds(), mine = ++asked;
    var view = "bbox=" + [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (x) { return x.toFixed(3); }).join(",") +
      "&zoom=" + map.getZoom();
    // Drawn after the basemap, which would otherwise paint over the points on the shared canvas.
    return Promise.all([getJSON("/api/map?" + (query ? query + "&" : "") + view), basemap]).then(function (all) {
      if (mine === asked) draw(all[0]);  // an older answer arriving late is dropped
    });
  }
  var timer = null;
  var basemap = Promise.all([base, govs]);
  load().then(function () {
    el.setAttribute("data-loaded", "true");
    map.on("moveend", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        load().catch(function (err) { status.textContent = "The map could not load: " + err.message; });
      }, 250);
    });
  }).catch(function (err) {
    status.textContent = "The map could not load: " + err.message;
    el.setAttribute("data-loaded", "error");
  });
})();
