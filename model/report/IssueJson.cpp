#include "model/report/IssueJson.h"

#include "model/report/JsonValues.h"

#include <QJsonArray>

namespace secreview::json {
namespace {

QJsonValue exemptionState(const std::optional<ExemptionStatus> &status)
{
    return status ? exemptionStatusKey(*status) : QStringLiteral("none");
}

QJsonObject occurrence(const OccurrenceRow &o)
{
    return {{QStringLiteral("location"), o.location},
            {QStringLiteral("file"), o.filePath},
            {QStringLiteral("line"), o.line > 0 ? QJsonValue(o.line) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("package"), o.package},
            {QStringLiteral("installedVersion"), o.installedVersion},
            {QStringLiteral("fixedVersion"), o.fixedVersion},
            {QStringLiteral("severity"), severityKey(o.severity)},
            {QStringLiteral("scannerSeverity"), o.scannerSeverity},
            {QStringLiteral("confidence"), o.confidence},
            {QStringLiteral("score"), numberOrNull(o.score)},
            {QStringLiteral("message"), o.message},
            {QStringLiteral("fingerprint"), o.fingerprint},
            {QStringLiteral("suppressed"), o.suppressed},
            {QStringLiteral("suppression"), o.suppression},
            {QStringLiteral("raw"), o.raw}};
}

QJsonObject event(const ExemptionEvent &e)
{
    return {{QStringLiteral("exemption"), e.exemptionId},
            {QStringLiteral("at"), isoTime(e.at)},
            {QStringLiteral("actor"), e.actor},
            {QStringLiteral("action"), e.action},
            {QStringLiteral("from"), e.fromStatus ? exemptionStatusKey(*e.fromStatus) : QString()},
            {QStringLiteral("to"), exemptionStatusKey(e.toStatus)},
            {QStringLiteral("comment"), e.comment}};
}

} // namespace

QJsonObject severityCounts(const SeverityCounts &counts)
{
    QJsonObject o;
    for (Severity s : kSeveritiesDescending)
        o.insert(severityKey(s), counts.count(s));
    return o;
}

QJsonObject outputVariables(const OutputVariables &variables)
{
    QJsonObject o;
    for (const auto &[name, value] : variables.named())
        o.insert(name, value);
    return o;
}

QJsonObject importedScan(const ImportResult &r)
{
    return {{QStringLiteral("id"), r.scanId},
            {QStringLiteral("file"), r.file},
            {QStringLiteral("format"), r.format},
            {QStringLiteral("scanner"), r.scanner},
            {QStringLiteral("target"), r.target},
            {QStringLiteral("variant"), r.variant},
            {QStringLiteral("issues"), r.issues},
            {QStringLiteral("occurrences"), r.occurrences},
            {QStringLiteral("counts"), severityCounts(r.counts)},
            {QStringLiteral("new"), r.newIssues}};
}

QJsonObject issueRow(const IssueRow &r)
{
    return {{QStringLiteral("id"), r.id},
            {QStringLiteral("key"), r.key},
            {QStringLiteral("scanner"), r.scanner},
            {QStringLiteral("rule"), r.rule},
            {QStringLiteral("title"), r.title},
            {QStringLiteral("severity"), severityKey(r.severity)},
            {QStringLiteral("score"), numberOrNull(r.score)},
            {QStringLiteral("occurrences"), r.occurrences},
            {QStringLiteral("category"), issueCategoryKey(r.category)},
            {QStringLiteral("exemption"), exemptionState(r.exemption)},
            {QStringLiteral("scan"), r.scanId},
            {QStringLiteral("reviewed"), r.reviewed},
            {QStringLiteral("assignee"), textOrNull(r.assignee)},
            {QStringLiteral("noteCount"), r.notes}};
}

QJsonObject note(const IssueNote &n)
{
    return {{QStringLiteral("id"), n.id},
            {QStringLiteral("text"), n.text},
            {QStringLiteral("author"), n.author},
            {QStringLiteral("at"), isoTime(n.at)}};
}

QJsonObject issueDetails(const IssueDetails &d, const QList<ExemptionEvent> &history, const IssueTriageState &triage)
{
    QJsonArray occurrences;
    for (const OccurrenceRow &o : d.occurrences)
        occurrences.append(occurrence(o));
    QJsonArray events;
    for (const ExemptionEvent &e : history)
        events.append(event(e));
    // The row as `issues` lists it, and what only the details say (occurrences: the places).
    QJsonObject o = issueRow(d.row);
    o.insert(QStringLiteral("scannerSeverity"), d.row.scannerSeverity);
    o.insert(QStringLiteral("confidence"), d.confidence);
    o.insert(QStringLiteral("kind"), d.kind);
    o.insert(QStringLiteral("target"), d.target);
    o.insert(QStringLiteral("variant"), d.variant);
    // What the category was computed against (the baseline when the scan was imported).
    o.insert(QStringLiteral("comparedWith"),
             QJsonObject{{QStringLiteral("baseline"), textOrNull(d.baseline)},
                         {QStringLiteral("scan"), d.comparisonScan ? QJsonValue(*d.comparisonScan) : QJsonValue()},
                         {QStringLiteral("recordedAtImport"), d.comparisonRecorded}});
    // Where it was on its variant, scan by scan, and the same as events ("back in scan 4, new again").
    QJsonArray scans;
    for (const IssuePresence &p : d.presence)
        scans.append(QJsonObject{{QStringLiteral("scan"), p.scan},
                                 {QStringLiteral("at"), p.at.toUTC().toString(Qt::ISODate)},
                                 {QStringLiteral("present"), p.present}});
    o.insert(QStringLiteral("presence"),
             QJsonObject{{QStringLiteral("scans"), scans},
                         {QStringLiteral("events"), QJsonArray::fromStringList(d.presenceEvents())}});
    o.insert(QStringLiteral("description"), d.description);
    o.insert(QStringLiteral("remediation"), d.remediation);
    o.insert(QStringLiteral("references"), QJsonArray::fromStringList(d.references));
    o.insert(QStringLiteral("cwes"), QJsonArray::fromStringList(d.cwes));
    o.insert(QStringLiteral("occurrences"), occurrences);
    o.insert(QStringLiteral("history"), events);
    // The triage state (never a gate's input): who reviewed it and when, its owner, its notes.
        o.insert(QStringLiteral("reviewedBy"), textOrNull(triage.reviewedBy));
    o.insert(QStringLiteral("reviewedAt"), isoOrNull(triage.reviewedAt));
    o.insert(QStringLiteral("assignedBy"), textOrNull(triage.assignedBy));
    o.insert(QStringLiteral("assignedAt"), isoOrNull(triage.assignedAt));
    QJsonArray notes;
    for (const IssueNote &n : triage.notes)
        notes.append(note(n));
    o.insert(QStringLiteral("notes"), notes);
    return o;
}

QJsonObject gateResult(const GateResult &result, const QString &target, const QString &variant)
{
    return {{QStringLiteral("status"), result.passed ? QStringLiteral("pass") : QStringLiteral("fail")},
            {QStringLiteral("message"), result.message},
            {QStringLiteral("target"), target},
            {QStringLiteral("variant"), variant},
            {QStringLiteral("failOnSeverity"), result.threshold},
            {QStringLiteral("outputVariables"), outputVariables(result.variables)},
            {QStringLiteral("warnings"), QJsonArray::fromStringList(result.warnings)}};
}

} // namespace secreview::json
