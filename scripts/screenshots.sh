#!/bin/sh
# Renders every page of the console in light and dark at 1024x640 and 1440x900 into
# docs/images/screens/, and the user guide's pictures into docs/images/, from a fresh demo
# database. Usage: scripts/screenshots.sh [BUILD_DIR]   (default: build)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
bin="$build/app/secreview"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" --db "$work/demo.db" demo >/dev/null
mkdir -p docs/images/screens
shoot() { # page user theme size file
    SECREVIEW_USER=$2 SECREVIEW_PASSWORD=$2-demo-pass QT_QPA_PLATFORM=offscreen \
        "$bin" --db "$work/demo.db" --page "$1" --theme "$3" --size "$4" --screenshot "$5" 2>/dev/null
}
for page in dashboard security-tests exemptions pipelines scans targets users audit; do
    user=bob
    [ "$page" = users ] || [ "$page" = audit ] && user=admin
    for theme in light dark; do
        for size in 1024x640 1440x900; do
            shoot "$page" "$user" "$theme" "$size" "docs/images/screens/$page-$theme-$size.png"
        done
    done
done
for page in dashboard security-tests exemptions pipelines; do
    shoot "$page" bob system 1280x800 "docs/images/$page.png"
done
echo "wrote docs/images/screens/ and docs/images/*.png"
