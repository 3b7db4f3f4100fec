#!/usr/bin/env bash
# Fetch the web application's browser libraries from npm and copy the few files it serves
# into src/athar/web/static/vendor/ (committed: `athar serve` needs no network).
# Leaflet (BSD-2-Clause), topojson-client (ISC), world-atlas (ISC; Natural Earth, public domain),
# swagger-ui-dist (Apache-2.0) for the API's page at /api/docs.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=src/athar/web/static/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npm install --prefix "$tmp" --no-audit --no-fund --silent \
  leaflet@1.9.4 topojson-client@3.1.0 world-atlas@2.0.2 swagger-ui-dist@5.17.14
mods="$tmp/node_modules"
rm -rf "$dest"
# Flat (vendor/ and vendor/images/ only), so the package-data globs of pyproject.toml reach every file.
mkdir -p "$dest/images"
cp "$mods/leaflet/dist/leaflet.js" "$mods/leaflet/dist/leaflet.css" "$dest/"
cp "$mods/leaflet/LICENSE" "$dest/LICENSE-leaflet.txt"
cp "$mods/leaflet/dist/images/"*.png "$dest/images/"
cp "$mods/topojson-client/dist/topojson-client.min.js" "$dest/"
cp "$mods/topojson-client/LICENSE" "$dest/LICENSE-topojson-client.txt"
cp "$mods/world-atlas/countries-50m.json" "$dest/"
cp "$mods/world-atlas/LICENSE" "$dest/LICENSE-world-atlas.txt"
cp "$mods/swagger-ui-dist/swagger-ui-bundle.js" "$mods/swagger-ui-dist/swagger-ui.css" "$dest/"
cp "$mods/swagger-ui-dist/LICENSE" "$dest/LICENSE-swagger-ui.txt"
cat > "$dest/VERSIONS.txt" <<TXT
leaflet $(node -p "require('$mods/leaflet/package.json').version") BSD-2-Clause
topojson-client $(node -p "require('$mods/topojson-client/package.json').version") ISC
world-atlas $(node -p "require('$mods/world-atlas/package.json').version") ISC (Natural Earth 1:50m countries, public domain)
swagger-ui-dist $(node -p "require('$mods/swagger-ui-dist/package.json').version") Apache-2.0
TXT
du -sh "$dest"
