#pragma once

#include "model/exemptions/ExemptionStore.h"
#include "model/scans/Catalog.h"
#include "model/scans/IssueQuery.h"
#include "model/triage/IssueTriage.h"

#include <QDateTime>
#include <QList>
#include <optional>

namespace secreview {

// One issue as every export writes it: as it stands in its scan (occurrences, description, the
// scanner's raw entries), the exemption that decides its state there, the issue's exemption
// history and SecOps' notes.
struct ReportIssue
{
    IssueDetails details;
    // The exemption behind details.row.exemption: the record of that status covering the issue
    // (the latest when several do); nullopt when the issue has none.
    std::optional<ExemptionInfo> exemption;
    QList<ExemptionEvent> history;
    IssueTriageState triage;
};

// One scan of the selection, in the terms of the tutorial's e-mail (Critical, New Critical, ...):
// a scan step's or a target's summary.
struct ReportScan
{
    ScanInfoRow scan;
    OutputVariables variables; // over the whole scan, not only the issues the filter selected
    bool hasComparison = false;
};

// The gate's verdict on one target and variant of the selection, at its own threshold.
struct ReportVerdict
{
    QString target;
    QString variant;
    QString threshold;
    bool passed = true;
    QString message;
};

// What an export holds: the issues an `issues` listing with the same scope and filter gives, in
// its order, and what the selection covers. Read once; the writers (SarifExport, CsvExport,
// ExportJson, HtmlReport, PdfReport) only format it.
struct ReportContents
{
    QString title = QStringLiteral("Security review");
    QString selection;          // "dvpwa @ DEMO-001, severity critical,high", for people
    QStringList filterTerms;    // the filter as the command line spells it ("--severity critical")
    QDateTime generatedAt;      // UTC
    QString generatedBy;        // the signed-in user
    QString database;           // the location, without a password
    QList<ReportScan> scans;    // the scans of the scope, by id
    QList<ReportVerdict> verdicts;
    QList<ReportIssue> issues;  // severity first, as `issues` lists them
    QList<ExemptionInfo> exemptionsInForce; // approved, unexpired, covering an issue of the scope
    QList<ExemptionInfo> exemptionsPending; // waiting for a decision, covering an issue of the scope
};

// Reads what an export of this scope and filter holds. A report's verdicts are each target's and
// variant's gate at gateThreshold ("none": no verdicts). Reads only; any thread.
ReportContents collectReport(const Database &db, const IssueScope &scope, const IssueFilter &filter,
                             const QString &gateThreshold = QStringLiteral("high"));

// The exemption record behind a row's state among those covering its issue: the latest of that
// status; nullopt when the row has none or no record matches.
std::optional<ExemptionInfo> exemptionBehind(const IssueRow &row, const QList<ExemptionInfo> &covering);

} // namespace secreview
