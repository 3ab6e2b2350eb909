#!/usr/bin/env bash
# Builds the .deb and .tar.gz with CPack and checks what a user gets: the package's dependencies
# resolve on this system (apt's simulation), the executable in it runs, and the desktop entry,
# AppStream metainfo and icon are in the usual places and valid.
# usage: check-package.sh BUILD_DIR
set -euo pipefail
build=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$build"
cpack -G "DEB;TGZ" -B "$work/out" >/dev/null
deb=$(ls "$work"/out/secreview_*.deb)
tgz=$(ls "$work"/out/secreview-*.tar.gz)
echo "built $(basename "$deb") and $(basename "$tgz")"

dpkg-deb -f "$deb" Depends | grep -q 'libqt6' || { echo "FAIL: the .deb does not depend on Qt 6"; exit 1; }
apt-get install -s -q "$deb" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; echo "FAIL: the .deb does not install"; exit 1; }

dpkg-deb -x "$deb" "$work/root"
"$work/root/usr/bin/secreview" --version | grep -qx 'secreview [0-9.]*' || { echo "FAIL: secreview --version"; exit 1; }
desktop-file-validate "$work/root/usr/share/applications/io.secreview.secreview.desktop"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/io.secreview.secreview.metainfo.xml" >/dev/null
test -s "$work/root/usr/share/icons/hicolor/scalable/apps/io.secreview.secreview.svg"
tar tzf "$tgz" | grep -q '/bin/secreview$' || { echo "FAIL: the .tar.gz has no bin/secreview"; exit 1; }
echo "package ok"
