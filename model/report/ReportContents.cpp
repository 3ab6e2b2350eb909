#include "model/report/ReportContents.h"

#include "model/core/Clock.h"
#include "model/core/Error.h"
#include "model/exemptions/ExemptionWorkflow.h"
#include "model/exemptions/GateRun.h"

#include <QSet>
#include <QUrl>
#include <algorithm>

namespace secreview {
namespace {

// A server location without its password (a file's path as it is).
QString shownLocation(const QString &location)
{
    if (!location.startsWith(QLatin1String("postgresql://")) && !location.startsWith(QLatin1String("postgres://")))
        return location;
    QUrl url(location);
    url.setPassword({});
    return url.toString(QUrl::RemovePassword);
}

} // namespace

std::optional<ExemptionInfo> exemptionBehind(const IssueRow &row, const QList<ExemptionInfo> &covering)
{
    if (!row.exemption)
        return std::nullopt;
    for (auto it = covering.crbegin(); it != covering.crend(); ++it) {
        if (it->status == *row.exemption)
            return *it;
    }
    return std::nullopt;
}

ReportContents collectReport(const Database &db, const IssueScope &scope, const IssueFilter &filter,
                             const QString &gateThreshold)
{
    ReportContents report;
    report.generatedAt = Clock::now();
    report.database = shownLocation(db.location());
    const IssueQuery query(db);
    const Catalog catalog(db);
    const ExemptionStore exemptions(db);
    const ExemptionWorkflow workflow(db);
    const IssueTriage triage(db);

    QList<std::pair<QString, QString>> places; // target, variant: one verdict each
    for (const IssueScope::Entry &e : scope.scans) {
        ReportScan scan;
        scan.scan = catalog.scan(e.scanId);
        IssueScope one;
        one.scans = {e};
        one.pipeline = scope.pipeline;
        scan.variables = query.outputVariables(one);
        scan.hasComparison = e.comparisonScanId.has_value();
        const std::pair<QString, QString> place{scan.scan.target, scan.scan.variant};
        if (!places.contains(place))
            places.append(place);
        report.scans.append(scan);
    }
    std::sort(report.scans.begin(), report.scans.end(),
              [](const ReportScan &a, const ReportScan &b) { return a.scan.id < b.scan.id; });

    if (gateThreshold != QLatin1String("none")) {
        for (const auto &[target, variant] : places) {
            ReportVerdict verdict{target, variant, gateThreshold, false, {}};
            try {
                qint64 targetId = 0;
                for (const ReportScan &s : std::as_const(report.scans)) {
                    if (s.scan.target == target && s.scan.variant == variant)
                        targetId = s.scan.targetId;
                }
                const GateResult result = runGate(db, gateScope(db, targetId, variant), gateThreshold, true);
                verdict.passed = result.passed;
                verdict.message = result.message;
            } catch (const Error &e) {
                if (e.kind() != ErrorKind::NotFound)
                    throw;
                verdict.message = e.message(); // no scan the gate may count: it fails closed
            }
            report.verdicts.append(verdict);
        }
    }

    QSet<qint64> inForce, pending;
    query.forEach(scope, filter, {}, [&](const IssueRow &row) {
        ReportIssue issue;
        issue.details = query.details(row.id, row.scanId);
        issue.details.row = row; // the category and exemption state in this scope
        const QList<ExemptionInfo> covering = exemptions.covering(row.id);
        issue.exemption = exemptionBehind(row, covering);
        issue.history = workflow.history(row.id);
        issue.triage = triage.state(row.id);
        for (const ExemptionInfo &e : covering) {
            if (e.status == ExemptionStatus::Approved && !inForce.contains(e.id)) {
                inForce.insert(e.id);
                report.exemptionsInForce.append(e);
            } else if (e.status == ExemptionStatus::Pending && !pending.contains(e.id)) {
                pending.insert(e.id);
                report.exemptionsPending.append(e);
            }
        }
        report.issues.append(issue);
    });
    const auto byId = [](const ExemptionInfo &a, const ExemptionInfo &b) { return a.id < b.id; };
    std::sort(report.exemptionsInForce.begin(), report.exemptionsInForce.end(), byId);
    std::sort(report.exemptionsPending.begin(), report.exemptionsPending.end(), byId);
    return report;
}

} // namespace secreview
