#pragma once

#include "model/exemptions/ExemptionStore.h"
#include "model/scans/Gate.h"
#include "model/scans/IssueQuery.h"
#include "model/scans/ScanImporter.h"
#include "model/triage/IssueTriage.h"

#include <QJsonObject>

namespace secreview::json {

// The JSON documents of SPEC section 5 for issues, scans and gates: one writer per domain object,
// shared by the command line (--format json) and the exports.
QJsonObject severityCounts(const SeverityCounts &counts);      // {"critical": n, ... "info": n}
QJsonObject outputVariables(const OutputVariables &variables); // {"CRITICAL": n, ... "NEW_TOTAL": n}
QJsonObject importedScan(const ImportResult &result);
QJsonObject issueRow(const IssueRow &row); // an entry of `issues`
// `issue show`: the issue in its scan, its occurrences and the exemption history of the issue.
QJsonObject issueDetails(const IssueDetails &details, const QList<ExemptionEvent> &history,
                         const IssueTriageState &triage);
QJsonObject note(const IssueNote &note); // {"id", "text", "author", "at"}
QJsonObject gateResult(const GateResult &result, const QString &target, const QString &variant);

} // namespace secreview::json
