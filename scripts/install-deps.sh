#!/usr/bin/env bash
# Installs the Debian packages Backlot builds and tests against, where missing (sudo when not root),
# and the Python OpenEXR bindings the tests use as an independent writer.
set -euo pipefail

packages=(pkg-config libopenexr-dev openexr libpng-dev libtiff-dev libjpeg-dev libssl-dev libsqlite3-dev openimageio-tools ffmpeg)

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if command -v python3 >/dev/null && ! python3 -c "import OpenEXR" 2>/dev/null; then
  python3 -m pip install -q OpenEXR 2>/dev/null \
    || python3 -m pip install -q --break-system-packages OpenEXR 2>/dev/null \
    || echo "note: Python OpenEXR not installed; the test that reads its files will be skipped"
fi

if command -v python3 >/dev/null && ! python3 -c "import PyOpenColorIO" 2>/dev/null; then
  python3 -m pip install -q opencolorio 2>/dev/null \
    || python3 -m pip install -q --break-system-packages opencolorio 2>/dev/null \
    || echo "note: Python opencolorio not installed; the test that checks .cube files with OpenColorIO will be skipped"
fi
