#!/usr/bin/env bash
# Quick start, part 2: set up, build with warnings as errors, run the whole test suite (CTest,
# offscreen), then the shared contract check when ../shared is beside the checkout. Fails on any
# failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh -DSECREVIEW_WERROR=ON
export QT_QPA_PLATFORM=offscreen
ctest --test-dir build --output-on-failure -j2
if [ -x ../shared/tools/contract-check.sh ]; then
  ../shared/tools/contract-check.sh build/app/secreview
fi
