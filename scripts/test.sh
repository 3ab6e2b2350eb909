#!/usr/bin/env bash
# Quick start, part 2: set up, build with warnings as errors, run the whole test suite (CTest,
# offscreen), then the shared contract check when ../shared is beside the checkout, then the fuzz
# smoke runs (scripts/fuzz.sh). Fails on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh -DSECREVIEW_WERROR=ON
export QT_QPA_PLATFORM=offscreen
ctest --test-dir build --output-on-failure -j2
if [ -x ../shared/tools/contract-check.sh ]; then
  ../shared/tools/contract-check.sh build/app/secreview
fi
# Every parser under libFuzzer with ASan and UBSan, in a build of its own (build-fuzz/): the kept
# regression inputs, then a short run of each (SECREVIEW_FUZZ_SECONDS, default 15 s per parser).
scripts/fuzz.sh "${SECREVIEW_FUZZ_SECONDS:-15}"
