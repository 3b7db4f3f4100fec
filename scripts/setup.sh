#!/usr/bin/env bash
# Install Athar and everything it needs into ./.venv, from nothing.
#   - Debian's packages listed below, when run as root with apt-get;
#   - Python packages from PyPI (pyproject.toml), Athar itself in editable mode.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages Athar calls out to (each command is looked up before anything is installed):
#   ffprobe/ffmpeg (video metadata, keyframes), exiftool (image metadata), tesseract with Arabic, English,
#   Russian and Ukrainian data (text in frames), chromium (the web tests' real browser),
#   PostgreSQL with PostGIS (the server store; its tests start their own cluster).
DEBIAN_PACKAGES=(ffmpeg libimage-exiftool-perl tesseract-ocr tesseract-ocr-ara tesseract-ocr-eng tesseract-ocr-rus
  tesseract-ocr-ukr chromium postgresql postgresql-15-postgis-3)
missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian packages: ${missing[*]}…" >&2
    # Not fatal: Athar still preserves everything without them; the tests that need one say so and skip.
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
      >/dev/null 2>&1 || echo "setup: could not install ${missing[*]}; the features that need them are off" >&2
  else
    echo "setup: missing Debian packages (install them as root): ${missing[*]}" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet -e '.[dev]' 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/athar --version >/dev/null
echo "setup: Athar installed in .venv ($(.venv/bin/athar --version))" >&2
