#!/usr/bin/env bash
# Installs what secreview needs from Debian's packages (with sudo when not root), then configures
# and builds it in build/. Idempotent: a second run installs nothing and builds incrementally.
# usage: scripts/setup.sh [extra cmake -D options...]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libqt6sql6-psql qt6-svg-dev libqt6svg6 qt6-charts-dev libqt6opengl6-dev
  libpq-dev postgresql postgresql-contrib
  libsimdjson-dev libsodium-dev libssl-dev libyaml-cpp-dev
  sqlite3 libsqlite3-dev zlib1g-dev python3 fonts-dejavu-core
  poppler-utils
  dpkg-dev file desktop-file-utils appstream
)
# Node.js and npm (the export tests' validators) from Debian unless the machine has them already
# (a NodeSource build brings its own npm, which Debian's npm package would fight).
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The validators the export tests run (Ajv for SARIF's JSON Schema), from the npm registry at the
# versions tests/tools/package-lock.json pins, into build/node-tools; again only when the lock changes.
mkdir -p build/node-tools
if ! cmp -s tests/tools/package-lock.json build/node-tools/package-lock.json || [ ! -d build/node-tools/node_modules ]; then
  cp tests/tools/package.json tests/tools/package-lock.json build/node-tools/
  (cd build/node-tools && npm ci --no-audit --no-fund --loglevel=error)
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build build -j"$(nproc)"
