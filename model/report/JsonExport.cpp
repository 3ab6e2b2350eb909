// export --format json: the document `issues --format json` gives, each issue in full.
#include "model/report/Exports.h"

#include "model/report/ExemptionJson.h"
#include "model/report/IssueJson.h"
#include "model/report/JsonValues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace secreview::report {

QByteArray json(const ReportContents &report)
{
    QJsonArray issues;
    for (const ReportIssue &issue : report.issues) {
        QJsonObject o = json::issueDetails(issue.details, issue.history, issue.triage);
        o.insert(QStringLiteral("exemptionRecord"),
                 issue.exemption ? QJsonValue(json::exemption(*issue.exemption, true)) : QJsonValue());
        issues.append(o);
    }
    QJsonArray scans;
    for (const ReportScan &s : report.scans)
        scans.append(QJsonObject{{QStringLiteral("id"), s.scan.id},
                                 {QStringLiteral("target"), s.scan.target},
                                 {QStringLiteral("variant"), s.scan.variant},
                                 {QStringLiteral("scanner"), s.scan.scanner},
                                 {QStringLiteral("importedAt"), json::isoTime(s.scan.importedAt)},
                                 {QStringLiteral("pipeline"), json::textOrNull(s.scan.pipeline)},
                                 {QStringLiteral("step"), json::textOrNull(s.scan.step)},
                                 {QStringLiteral("outputVariables"), json::outputVariables(s.variables)}});
    QJsonArray verdicts;
    for (const ReportVerdict &v : report.verdicts)
        verdicts.append(QJsonObject{{QStringLiteral("target"), v.target},
                                    {QStringLiteral("variant"), v.variant},
                                    {QStringLiteral("failOnSeverity"), v.threshold},
                                    {QStringLiteral("status"), v.passed ? QStringLiteral("pass") : QStringLiteral("fail")},
                                    {QStringLiteral("message"), v.message}});
    const auto exemptionList = [](const QList<ExemptionInfo> &list) {
        QJsonArray a;
        for (const ExemptionInfo &e : list)
            a.append(json::exemption(e, true));
        return a;
    };
    const QJsonObject document{{QStringLiteral("generatedAt"), json::isoTime(report.generatedAt)},
                               {QStringLiteral("generatedBy"), report.generatedBy},
                               {QStringLiteral("selection"), report.selection},
                               {QStringLiteral("scans"), scans},
                               {QStringLiteral("verdicts"), verdicts},
                               {QStringLiteral("exemptionsInForce"), exemptionList(report.exemptionsInForce)},
                               {QStringLiteral("exemptionsPending"), exemptionList(report.exemptionsPending)},
                               {QStringLiteral("issues"), issues}};
    return QJsonDocument(document).toJson(QJsonDocument::Indented);
}

} // namespace secreview::report
