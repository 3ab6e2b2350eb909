#!/usr/bin/env bash
# Quick start, part 1: set up, build, create the demo database on first run, open the console on it.
# The demo replays the Harness STO tutorial: dvpwa scanned by Bandit on main and DEMO-001, an image
# scanned by Trivy, the tutorial pipeline, users admin / alice / bob and one pending exemption.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
db=build/demo/review.db
if [ ! -f "$db" ]; then
  mkdir -p build/demo
  build/app/secreview --db "$db" demo
else
  echo "demo database: $db (delete it to start over); users admin, alice, bob with passwords <name>-demo-pass"
fi
exec build/app/secreview --db "$db" "$@"
