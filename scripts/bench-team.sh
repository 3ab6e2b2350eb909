#!/usr/bin/env bash
# The team server's import beside a file's, side by side (issue 13: at most twice the SQLite time).
# Imports the same generated SARIF (bench/gen-sarif.py RESULTS RULES, default 200000 400,
# ~100 MB) into a new SQLite file and into a new database on a throwaway PostgreSQL cluster
# (scripts/pg-cluster.sh), RUNS times each, and prints the medians of wall time and peak memory.
# A benchmark, run by hand; never part of the test suite.
# usage: scripts/bench-team.sh [RESULTS] [RULES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
results=${1:-200000}; rules=${2:-400}; runs=${3:-3}
sr=$PWD/build/app/secreview
gen=bench/gen-sarif.py
[ -x "$sr" ] || { echo "build first: cmake --build build" >&2; exit 2; }
[ -f "$gen" ] || { echo "needs $gen (copied from the shared tools)" >&2; exit 2; }
work=$(mktemp -d /tmp/secreview-bench.XXXXXX)
trap 'scripts/pg-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
python3 "$gen" "$results" "$rules" "$work/scan.sarif"
echo "input: $(du -h "$work/scan.sarif" | cut -f1) ($results results, $rules rules)"
scripts/pg-cluster.sh start "$work/pg" >/dev/null
port=$(cat "$work/pg/port"); super=$(cat "$work/pg/superuser.pw")
export SECREVIEW_PASSWORD=bench-Secret-1 SECREVIEW_NEW_PASSWORD=bench-Secret-1 SECREVIEW_SERVER_PASSWORD=$super
PGPASSWORD=$super psql -qX -h 127.0.0.1 -p "$port" -U secreview_super -d postgres -c "CREATE DATABASE bench"
"$sr" --db "postgresql://secreview_super@127.0.0.1:$port/bench" init --admin benchadmin >/dev/null
SECREVIEW_USER=benchadmin "$sr" --db "postgresql://127.0.0.1:$port/bench" user add benchci --role ci >/dev/null
"$sr" --db "$work/bench.db" init --admin benchadmin >/dev/null
SECREVIEW_USER=benchadmin "$sr" --db "$work/bench.db" user add benchci --role ci >/dev/null

measure() { # label db variant -> "seconds kilobytes"
  /usr/bin/time -f "%e %M" -o "$work/time" env SECREVIEW_USER=benchci "$sr" --db "$2" import "$work/scan.sarif" \
    --target bench --variant "$3" >/dev/null
  cat "$work/time"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
: > "$work/file"; : > "$work/server"
for i in $(seq 1 "$runs"); do
  measure file "$work/bench.db" "run$i" >> "$work/file"
  measure server "postgresql://127.0.0.1:$port/bench" "run$i" >> "$work/server"
done
fs=$(cut -d' ' -f1 "$work/file" | median); fm=$(cut -d' ' -f2 "$work/file" | median)
ss=$(cut -d' ' -f1 "$work/server" | median); sm=$(cut -d' ' -f2 "$work/server" | median)
echo "SQLite file:        ${fs} s, peak ${fm} KB (median of $runs)"
echo "PostgreSQL server:  ${ss} s, peak ${sm} KB (median of $runs)"
awk -v s="$ss" -v f="$fs" 'BEGIN { printf "server / file: %.2fx (issue 13 asks at most 2x)\n", s / f }'
