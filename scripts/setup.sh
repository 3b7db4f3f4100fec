#!/usr/bin/env bash
# Install Athar and everything it needs into ./.venv, from nothing.
#   - Debian's ffmpeg (ffprobe reads video metadata), when run as root with apt-get;
#   - Python packages from PyPI (pyproject.toml), Athar itself in editable mode.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v ffprobe >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian's ffmpeg (for video metadata)…" >&2
    # Not fatal: without ffprobe, videos are still preserved and hashed, and the video test is skipped.
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ffmpeg; } \
      >/dev/null 2>&1 || echo "setup: could not install ffmpeg; video metadata will not be read" >&2
  else
    echo "setup: ffprobe not found; video metadata will not be read (install Debian's ffmpeg package)" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet -e '.[dev]' 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/athar --version >/dev/null
echo "setup: Athar installed in .venv ($(.venv/bin/athar --version))" >&2
