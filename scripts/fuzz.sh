#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, AddressSanitizer, UndefinedBehaviorSanitizer) in
# build-fuzz/ and runs each for SECONDS (default 15), seeded from the fixtures, after replaying the
# kept regression inputs (tests/fuzz/regressions/<target>/). Exits non-zero when any target finds
# a crash, a leak, a hang or a sanitizer report; what it found is in build-fuzz/artifacts/.
#
#   scripts/fuzz.sh            # the smoke run .ci/run does (all parsers, ~5 minutes)
#   scripts/fuzz.sh 3600 sarif # one parser for an hour
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-15}"
ONLY="${2:-}"
ROOT="$PWD"
BUILD="$ROOT/build-fuzz"
F="$ROOT/tests/fixtures"

if ! command -v clang++ >/dev/null || [ ! -e /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a ]; then
  echo "fuzz: installing clang and its fuzzer runtime"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends clang libclang-rt-14-dev >/dev/null
fi

CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DSECREVIEW_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"$(nproc)" >/dev/null

declare -A SEEDS=(
  [detect]="$F/bandit $F/semgrep $F/gitleaks $F/grype $F/snyk $F/checkov $F/npm_audit $F/zap $F/cyclonedx"
  [sarif]="$F/sarif $F/sarif-spec" [bandit]="$F/bandit" [trivy]="$F/trivy" [semgrep]="$F/semgrep"
  [gitleaks]="$F/gitleaks" [grype]="$F/grype" [gosec]="$F/gosec" [brakeman]="$F/brakeman"
  [checkov]="$F/checkov" [npm-audit]="$F/npm_audit" [snyk]="$F/snyk" [osv]="$F/osv_scanner"
  [trufflehog]="$F/trufflehog $F/trufflehog3" [gitlab]="$F/gitlab_sast $F/converted"
  [harness-sto]="$F/harness_sto" [zap]="$F/zap $F/converted" [dependency-check]="$F/dependency_check $F/converted"
  [cyclonedx]="$F/cyclonedx" [yaml]="$ROOT/tests/fuzz/seeds/yaml" [condition]="$ROOT/tests/fuzz/seeds/condition"
)

mkdir -p "$BUILD/artifacts" "$BUILD/corpus"
failed=()
for target in detect sarif bandit trivy semgrep gitleaks grype gosec brakeman checkov npm-audit snyk osv \
              trufflehog gitlab harness-sto zap dependency-check cyclonedx yaml condition; do
  [ -n "$ONLY" ] && [ "$ONLY" != "$target" ] && continue
  exe="$BUILD/tests/fuzz/fuzz_$target"
  # Regression inputs first: each must pass on its own.
  if [ -d "$ROOT/tests/fuzz/regressions/$target" ] && [ -n "$(ls -A "$ROOT/tests/fuzz/regressions/$target")" ]; then
    if ! "$exe" -timeout=10 "$ROOT"/tests/fuzz/regressions/"$target"/* >"$BUILD/artifacts/$target.regressions.log" 2>&1; then
      echo "fuzz: $target fails a kept regression input (see build-fuzz/artifacts/$target.regressions.log)"
      failed+=("$target"); continue
    fi
  fi
  mkdir -p "$BUILD/corpus/$target"
  rm -f "$BUILD/artifacts/$target"-{crash,leak,timeout,oom,slow-unit}-* # an earlier run's finds
  # shellcheck disable=SC2086
  if "$exe" -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$BUILD/artifacts/$target-" -print_final_stats=1 \
       "$BUILD/corpus/$target" ${SEEDS[$target]} >"$BUILD/artifacts/$target.log" 2>&1; then
    echo "fuzz: $target clean ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "$BUILD/artifacts/$target.log" | grep -o '[0-9]*$') runs in ${SECONDS_EACH}s)"
  else
    echo "fuzz: $target FOUND A PROBLEM:"; grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$BUILD/artifacts/$target.log" | head -5
    # The input itself, so a CI log is enough to reproduce it: base64 -d > input; fuzz_TARGET input
    for unit in "$BUILD/artifacts/$target"-{crash,leak,timeout,oom,slow-unit}-*; do
      [ -e "$unit" ] || continue
      if [ "$(stat -c %s "$unit")" -le 8192 ]; then
        echo "fuzz: $(basename "$unit") as base64:"; base64 -w 100 "$unit"
      else
        echo "fuzz: $(basename "$unit") is $(stat -c %s "$unit") bytes (not printed)"
      fi
    done
    failed+=("$target")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: problems in: ${failed[*]}"; exit 1
fi
echo "fuzz: every target clean"
