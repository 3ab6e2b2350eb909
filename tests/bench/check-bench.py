#!/usr/bin/env python3
"""Runs secreview-bench small (a few thousand issues, a 1 MB import, into a file and into a
database on the test suite's PostgreSQL cluster) so that the executable keeps working: every
figure BENCHMARKS.md reports is there, a number, and the console database holds the issues asked
for. No timing is asserted (speed is measured by the benchmark, not by tests).
usage: check-bench.py SECREVIEW_BENCH PG_CLUSTER_STATE_DIR"""
import json
import subprocess
import sys

bench, cluster = sys.argv[1], sys.argv[2]
out = subprocess.run([bench, "--issues", "3000", "--import-results", "2000", "--import-rules", "50",
                      "--runs", "1", "--repeats", "5", "--format", "json", "--team-cluster", cluster],
                     check=True, capture_output=True, text=True).stdout
figures = json.loads(out)
keys = ["issues", "open_ms", "toggle_ms_p95", "sort_ms_p95", "search_ms_p95", "gate_ms", "gate_command_ms",
        "sql_reference_ms_p95", "import_s", "reference_s", "peak_rss_mb", "file_mb",
        "team_import_s", "team_ratio", "team_peak_rss_mb"]
missing = [k for k in keys if not isinstance(figures.get(k), (int, float)) or figures[k] <= 0]
if missing:
    sys.exit(f"missing or not positive: {missing} in {figures}")
if figures["issues"] != 3000:
    sys.exit(f"expected 3000 issues in the console database, found {figures['issues']}")
if figures["sql_reference_statements"] < 2:
    sys.exit("the toggle's SQL was not captured")
print("secreview-bench figures:", ", ".join(f"{k}={figures[k]:.3g}" for k in keys))
