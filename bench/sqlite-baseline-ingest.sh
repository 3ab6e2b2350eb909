#!/usr/bin/env bash
# Copied unchanged from the project brief's shared tools (../shared/tools/) so that a clone can
# run the benchmark on its own; secreview-bench runs it.
# The reference an importer is measured against: SQLite alone (the sqlite3 shell and its JSON
# functions) loading the same SARIF into an occurrences table, grouping it into issues and indexing.
# usage: sqlite-baseline-ingest.sh FILE.sarif DB
set -eu
rm -f "$2"
sqlite3 "$2" <<SQL
PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
CREATE TABLE occurrence(id INTEGER PRIMARY KEY, rule TEXT, level TEXT, message TEXT, uri TEXT, line INT, fingerprint TEXT);
CREATE TABLE issue(id INTEGER PRIMARY KEY, rule TEXT UNIQUE, severity TEXT, occurrences INT);
BEGIN;
INSERT INTO occurrence(rule, level, message, uri, line, fingerprint)
  SELECT json_extract(r.value,'\$.ruleId'), json_extract(r.value,'\$.level'), json_extract(r.value,'\$.message.text'),
         json_extract(r.value,'\$.locations[0].physicalLocation.artifactLocation.uri'),
         json_extract(r.value,'\$.locations[0].physicalLocation.region.startLine'),
         json_extract(r.value,'\$.partialFingerprints.primaryLocationLineHash')
  FROM json_each(readfile('$1'), '\$.runs[0].results') AS r;
INSERT INTO issue(rule, severity, occurrences) SELECT rule, max(level), count(*) FROM occurrence GROUP BY rule;
CREATE INDEX occurrence_rule ON occurrence(rule);
COMMIT;
SQL
