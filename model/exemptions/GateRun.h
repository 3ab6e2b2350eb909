#pragma once

#include "model/scans/Gate.h"
#include "model/scans/IssueQuery.h"
#include "model/store/Database.h"

namespace secreview {

// The scans a gate of a target and variant counts: the latest of each scanner, among those the
// project's gate policy admits (any scan, or only scans a ci account imported). Throws NotFound
// ("no scan of ...", the gate fails closed), naming the policy when it is what left nothing.
IssueScope gateScope(const Database &db, qint64 targetId, const QString &variant);

// Whether a gate counts this scan: any scan counts under the default policy; under 'ci', only a
// scan a ci account imported.
bool countsForGate(const Database &db, qint64 scanId);

// A gate as CI runs it (`gate`, each scan step of `pipeline gate`): the evidence checked first
// (GateEvidence: tampering fails the gate, naming what changed), then fail_on_severity counted,
// with a warning for each scan that holds no issue where the previous scan of its scanner held
// some.
// latestOfPlace: the scope is gateScope()'s (a variant's latest scans); see gateEvidenceProblems.
GateResult runGate(const Database &db, const IssueScope &scope, const QString &threshold, bool latestOfPlace = false);

} // namespace secreview
