#include "model/report/ScanJson.h"

#include "model/report/IssueJson.h"
#include "model/report/JsonValues.h"

#include <QJsonArray>

namespace secreview::json {
namespace {

QJsonObject counts(const std::array<int, 5> &bySeverity)
{
    QJsonObject o;
    for (Severity s : kSeveritiesDescending)
        o.insert(severityKey(s), bySeverity[size_t(s)]);
    return o;
}

QJsonValue optionalText(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonObject side(const IssueRow &r)
{
    return {{QStringLiteral("scan"), r.scanId},
            {QStringLiteral("severity"), severityKey(r.severity)},
            {QStringLiteral("occurrences"), r.occurrences},
            {QStringLiteral("exemption"), r.exemption ? exemptionStatusKey(*r.exemption) : QStringLiteral("none")}};
}

QJsonArray compared(const QList<ComparedIssue> &issues)
{
    QJsonArray out;
    for (const ComparedIssue &c : issues) {
        QJsonObject o = issueRow(c.either());
        o.insert(QStringLiteral("before"), c.before ? QJsonValue(side(*c.before)) : QJsonValue(QJsonValue::Null));
        o.insert(QStringLiteral("after"), c.after ? QJsonValue(side(*c.after)) : QJsonValue(QJsonValue::Null));
        out.append(o);
    }
    return out;
}

} // namespace

QJsonObject scanSummary(const ScanSummary &s)
{
    const ScanInfoRow &r = s.scan;
    return {{QStringLiteral("id"), r.id},
            {QStringLiteral("target"), r.target},
            {QStringLiteral("project"), r.project},
            {QStringLiteral("variant"), r.variant},
            {QStringLiteral("scanner"), r.scanner},
            {QStringLiteral("format"), r.format},
            {QStringLiteral("imported_at"), isoTime(r.importedAt)},
            {QStringLiteral("imported_by"), r.importedBy},
            {QStringLiteral("imported_by_ci"), r.importedByCi},
            {QStringLiteral("file"), r.fileName},
            {QStringLiteral("sha256"), r.sha256},
            {QStringLiteral("pipeline"), optionalText(r.pipeline)},
            {QStringLiteral("step"), optionalText(r.step)},
            {QStringLiteral("execution"), r.execution ? QJsonValue(*r.execution) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("issues"), r.issues},
            {QStringLiteral("counts"), counts(s.counts)},
            {QStringLiteral("exempted"), s.exempted},
            {QStringLiteral("comparison_scan"),
             s.comparisonScan ? QJsonValue(*s.comparisonScan) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("new"), s.newIssues},
            {QStringLiteral("remediated"), s.remediated}};
}

QJsonObject comparison(const ScanComparison &c)
{
    return {{QStringLiteral("first"), scanSummary(c.first)},
            {QStringLiteral("second"), scanSummary(c.second)},
            {QStringLiteral("added"), compared(c.added)},
            {QStringLiteral("removed"), compared(c.removed)},
            {QStringLiteral("changed"), compared(c.changed)},
            {QStringLiteral("unchanged"), c.unchanged}};
}

QJsonObject trendPoint(const TrendPoint &p)
{
    QJsonObject o{{QStringLiteral("scan"), p.scan},
                  {QStringLiteral("at"), isoTime(p.at)},
                  {QStringLiteral("scanner"), p.scanner},
                  {QStringLiteral("counts"), counts(p.counts)},
                  {QStringLiteral("new"), p.newIssues},
                  {QStringLiteral("remediated"), p.remediated},
                  {QStringLiteral("exempted"), p.exempted},
                  {QStringLiteral("scans"), p.scans}};
    if (p.day)
        o.insert(QStringLiteral("day"), p.day->toString(Qt::ISODate));
    return o;
}

} // namespace secreview::json
