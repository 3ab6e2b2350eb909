#pragma once

#include "model/scans/Catalog.h"
#include "model/scans/IssueQuery.h"
#include "model/store/Database.h"

#include <QStringList>

namespace secreview {

// What a gate relies on, checked before it counts (SPEC section 3 fails closed; docs/security.md):
// every scan it reads must still hold what its import sealed: its row, its issues by severity as
// the gate counts them, the rows of the issues an approved exemption could subtract (the seal's
// index, decision 75), and the occurrences when an exemption of chosen places applies; and every
// approved exemption that matches its issues must still be the row its latest audit entry
// recorded, with those entries whole where they stand. Only those rows are read, so a gate stays
// fast on a large database (scans imported by a release before the index are read whole).
// Returns what was changed behind the program's back, each naming the scan or the exemption;
// empty when the gate may count. Scans imported before seals were recorded are not checked.
// latestOfPlace: the scope is a variant's latest scans (`gate`), so a scan imported later at the
// same place that is not judged is a sign of tampering; a pipeline step judges its execution's.
QStringList gateEvidenceProblems(const Database &db, const IssueScope &scope, bool latestOfPlace = false);
// A problem of gateEvidenceProblems that asks for a decision (an approved exemption outgrew its
// approval), not for `audit verify`: nothing was changed behind the program's back.
bool isDecisionProblem(const QString &problem);

// The target's baseline (which decides what is new) against its latest `baseline.set` entry:
// empty when they agree (or neither exists). Also run by `audit verify` for every target.
QStringList baselineEvidenceProblems(const Database &db, const TargetInfo &target);
// The target's project's policy (which scans a gate counts) against its latest project.policy
// entry, as `audit verify` compares every project's.
QStringList policyEvidenceProblems(const Database &db, const TargetInfo &target);

} // namespace secreview
