#!/usr/bin/env python3
# Copied unchanged from the project brief's shared tools (../shared/tools/) so that a clone can
# run the benchmark on its own; secreview-bench runs it.
"""Writes a large, realistic SARIF 2.1.0 file for benchmarks.

usage: gen-sarif.py RESULTS RULES OUT.sarif [SEED]
RESULTS results spread over RULES rules and ~RESULTS/20 files; levels and security-severity mixed
the way CodeQL and Semgrep output mixes them. Deterministic for a given SEED.
"""
import json
import random
import sys

n, nrules, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rnd = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
levels = ["error", "warning", "note", "none"]
rules = []
for i in range(nrules):
    props = {"tags": ["security", f"external/cwe/cwe-{rnd.randint(20, 999)}"], "precision": rnd.choice(["high", "medium", "low"])}
    if i % 3 == 0:
        props["security-severity"] = f"{rnd.uniform(0.0, 10.0):.1f}"
    rules.append({
        "id": f"bench/rule-{i:05d}",
        "name": f"BenchRule{i}",
        "shortDescription": {"text": f"Synthetic rule {i} for load testing"},
        "fullDescription": {"text": "A rule that exists so the importer has realistic metadata to carry. " * 3},
        "defaultConfiguration": {"level": rnd.choice(levels[:3])},
        "helpUri": f"https://example.invalid/rules/{i}",
        "properties": props,
    })
nfiles = max(1, n // 20)
with open(out, "w", encoding="utf-8") as fh:
    fh.write('{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":')
    fh.write(json.dumps({"name": "BenchScanner", "version": "1.0.0", "informationUri": "https://example.invalid", "rules": rules}))
    fh.write('},"results":[')
    for k in range(n):
        ri = rnd.randrange(nrules)
        line = rnd.randint(1, 5000)
        res = {
            "ruleId": rules[ri]["id"],
            "ruleIndex": ri,
            "message": {"text": f"Possible issue number {k}: value flows from a request parameter into a sensitive sink without validation."},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": f"src/module{rnd.randrange(nfiles)}/file_{rnd.randrange(50)}.py", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": line, "startColumn": rnd.randint(1, 80), "endLine": line + rnd.randint(0, 3),
                           "snippet": {"text": "    result = handler(request.args.get('q'))"}}}}],
            "partialFingerprints": {"primaryLocationLineHash": f"{rnd.getrandbits(64):016x}:1"},
        }
        if rnd.random() < 0.7:
            res["level"] = rnd.choice(levels)
        fh.write(("," if k else "") + json.dumps(res, separators=(",", ":")))
    fh.write("]}]}\n")
