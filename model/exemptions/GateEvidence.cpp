#include "model/exemptions/GateEvidence.h"

#include "model/core/Numbers.h"
#include "model/core/Text.h"
#include "model/exemptions/ExemptionPolicyStore.h"
#include "model/exemptions/ExemptionStore.h"
#include "model/scans/Catalog.h"
#include "model/scans/IssueQuery.h"
#include "model/scans/ScanSeal.h"
#include "model/store/AuditLog.h"

#include <QJsonDocument>
#include <QSet>

namespace secreview {
namespace {

QJsonObject detailsOf(const AuditEntry &e)
{
    return QJsonDocument::fromJson(e.details.toUtf8()).object();
}

// A scan the gate judges, with its import entry.
struct JudgedScan
{
    qint64 scanId = 0;
    qint64 entryId = 0;
    QString scanner; // the table's
    QJsonObject place; // the import entry's details
};

// The approved exemptions that could apply to the scan's issues (matched by scanner and key; the
// scope is the gate's to decide, the check only needs to cover every candidate), and whether any
// of them covers chosen places; `issues` gets the scan's issues they match (the rows whose
// severities a gate subtracts).
QList<qint64> approvedCandidates(const Database &db, qint64 scanId, bool *occurrenceLevel, QList<qint64> *issues)
{
    // From the few exemptions towards the issues (CROSS JOIN keeps that order on SQLite, which
    // otherwise walked every issue of the scan: 0.2 s at a million issues without an exemption).
    Query q(db, QStringLiteral("SELECT e.id AS id, e.occurrence_level AS occurrence_level, i.id AS issue_id"
                               " FROM exemption e CROSS JOIN issue i CROSS JOIN scan_issue si"
                               " WHERE e.status = 'approved' AND i.scanner = e.scanner AND i.issue_key = e.issue_key"
                               " AND si.issue_id = i.id AND si.scan_id = :s ORDER BY e.id, i.id"));
    q.bind(QStringLiteral(":s"), scanId).exec();
    QList<qint64> ids;
    QSet<qint64> seenIssues;
    while (q.next()) {
        const qint64 id = q.integer(u"id"), issue = q.integer(u"issue_id");
        if (ids.isEmpty() || ids.last() != id)
            ids.append(id);
        if (!seenIssues.contains(issue)) {
            seenIssues.insert(issue);
            issues->append(issue);
        }
        *occurrenceLevel = *occurrenceLevel || q.flag(u"occurrence_level");
    }
    return ids;
}

// How an outgrown exemption's problem ends (isDecisionProblem).
const QString kDecideAgain =
    QStringLiteral("SecOps decide again (reject it; a new request within the limits)");

// An approved exemption that covers more now than it did when it was approved (approvalEntry, its
// latest audit entry: the scans imported before it in the log are what the decision saw): the
// issue's severity where it reaches rose since (a Low copy requested and approved, CI's Critical imported
// after; or the issue's scans deleted, so that it was approved as Info) past what the project's
// limits allow for what was approved. The gate does not take it: SecOps decide again. Only the
// exemptions that reach the judged scan's target are asked; a rise alone (within the limits) is fine.
QString outgrownProblem(const Database &db, const ExemptionStore &exemptions, qint64 id, qint64 approvalEntry,
                        const TargetInfo &target)
{
    const std::optional<ExemptionInfo> e = exemptions.find(id);
    if (!e || e->status != ExemptionStatus::Approved)
        return {};
    const bool reaches = e->scope == ExemptionScope::Target         ? e->targetId == target.id
                         : e->scope == ExemptionScope::Organization ? e->organizationId == target.organizationId
                                                                    : e->projectId == target.projectId;
    if (!reaches)
        return {};
    const ExemptionReach reach = ExemptionReach::of(*e);
    QHash<qint64, Severity> then;
    for (const auto &[project, severity] : exemptions.coveredSeverityByProject(reach, approvalEntry))
        then.insert(project, severity);
    const ExemptionPolicyStore policies(db);
    for (const auto &[project, now] : exemptions.coveredSeverityByProject(reach)) {
        const Severity approved = then.value(project, Severity::Info);
        if (int(now) <= int(approved))
            continue;
        if (const QString violation =
                policies.get(project).violation(now, e->duration, e->reason, e->url, e->reviewedAt.toUTC().date());
            !violation.isEmpty())
            return QStringLiteral(
                       "exemption %1 was approved when %2 %3 was at most %4 there; it is %5 now, and %6: ")
                       .arg(id)
                       .arg(e->scanner, e->issueKey, severityName(approved), severityName(now), violation) +
                   kDecideAgain;
    }
    return {};
}

// Every import the log records at the places of the judged scans (same target, variant and, when
// recorded, project) against the table: a scan gone without its `scan delete` entry, a scan
// moved away (also an id given again after a deletion behind the program's back) and,
// when the gate judges a variant's latest scans, a scan imported after the judged one of its
// scanner but not judged (its time or scanner changed) make the gate fail closed. Hostile
// reviews deleted, backdated or moved the newest scan by SQL so that the gate judged an older one.
QStringList importProblems(const Database &db, const QList<JudgedScan> &judged, bool latestOfPlace)
{
    if (judged.isEmpty())
        return {};
    const AuditLog log(db);
    const auto same = [](const QJsonObject &logged, const QJsonObject &place, const QString &key) {
        return !logged.contains(key) || !place.contains(key) ||
               storableText(logged.value(key).toString()) == storableText(place.value(key).toString());
    };
    const auto placeOf = [&](const QJsonObject &logged) -> const JudgedScan * {
        for (const JudgedScan &j : judged) {
            if (same(logged, j.place, QStringLiteral("target")) && same(logged, j.place, QStringLiteral("variant")) &&
                same(logged, j.place, QStringLiteral("project")))
                return &j;
        }
        return nullptr;
    };
    QSet<qint64> judgedIds;
    for (const JudgedScan &j : judged)
        judgedIds.insert(j.scanId);
    Query q(db, QStringLiteral("SELECT e.id AS id, e.object_id AS object_id, e.details AS details FROM audit_entry e"
                               " WHERE e.object_type = 'scan' AND e.action = 'scan.import' ORDER BY e.id"));
    q.exec();
    QStringList problems;
    QHash<QString, qint64> imported; // object id -> its first import entry
    while (q.next()) {
        const QString objectId = q.text(u"object_id");
        const qint64 entryId = q.integer(u"id");
        const QJsonObject logged = QJsonDocument::fromJson(q.text(u"details").toUtf8()).object();
        const JudgedScan *at = placeOf(logged);
        // The first import of an id is the one at its place: an id given again after a deletion
        // by SQL leaves that first entry's place without its scan (moved, below).
        if (imported.contains(objectId))
            continue;
        imported.insert(objectId, entryId);
        if (!at || judgedIds.contains(objectId.toLongLong()))
            continue; // elsewhere, or a judged scan (checked against its entry already)
        const qint64 scanId = objectId.toLongLong();
        const std::optional<AuditEntry> deletion = log.latestAbout(QStringLiteral("scan"), objectId, QStringLiteral("scan.delete"));
        const bool deleted = deletion && deletion->id > entryId && log.holdsInPlace(*deletion);
        Query row(db, QStringLiteral("SELECT s.scanner AS scanner, s.imported_by_ci AS ci, p.gate_scans AS gate_scans"
                                     " FROM scan s JOIN target t ON t.id = s.target_id JOIN project p ON p.id = t.project_id"
                                     " WHERE s.id = :s"));
        row.bind(QStringLiteral(":s"), scanId).exec();
        const bool exists = row.next();
        if (deleted) {
            if (exists)
                problems.append(QStringLiteral("scan %1 was deleted (audit entry %2) but is in the table again")
                                    .arg(objectId)
                                    .arg(deletion->id));
            continue;
        }
        if (!exists) {
            problems.append(QStringLiteral("scan %1 of %2 variant %3 is in the audit log but missing from the table: it "
                                           "was deleted behind the program's back (the gate would judge an older scan)")
                                .arg(objectId, logged.value(QStringLiteral("target")).toString(),
                                     logged.value(QStringLiteral("variant")).toString()));
            continue;
        }
        if (const QStringList moved = scanPlaceProblems(db, scanId, logged); !moved.isEmpty()) {
            problems += moved;
            continue;
        }
        if (!latestOfPlace || (row.text(u"gate_scans") == QLatin1String("ci") && !row.flag(u"ci")))
            continue; // a pipeline step's scans are those of its execution; a ci-only gate leaves this one out
        const QString scanner = row.text(u"scanner");
        const JudgedScan *ofScanner = nullptr;
        for (const JudgedScan &j : judged) {
            if (j.scanner == scanner && placeOf(logged) == placeOf(j.place))
                ofScanner = &j;
        }
        if (!ofScanner || entryId > ofScanner->entryId || logged.value(QStringLiteral("scanner")).toString() != scanner)
            problems.append(QStringLiteral("scan %1 (%2) was imported after the scan the gate judges for it, yet is not "
                                           "the latest: its time or scanner was changed behind the program's back")
                                .arg(objectId, scanner));
    }
    return problems;
}

} // namespace

bool isDecisionProblem(const QString &problem)
{
    return problem.endsWith(kDecideAgain);
}

QStringList gateEvidenceProblems(const Database &db, const IssueScope &scope, bool latestOfPlace)
{
    QStringList problems;
    const AuditLog log(db);
    const ExemptionStore exemptions(db);
    QSet<qint64> checkedExemptions;
    QList<JudgedScan> judged;
    for (const IssueScope::Entry &entry : scope.scans) {
        const qint64 scanId = entry.scanId;
        bool occurrenceLevel = false;
        QList<qint64> candidateIssues;
        const QList<qint64> candidates = approvedCandidates(db, scanId, &occurrenceLevel, &candidateIssues);
        const TargetInfo scanTarget =
            candidates.isEmpty() ? TargetInfo{}
                                 : Catalog(db).target(Query(db, QStringLiteral("SELECT target_id FROM scan WHERE id = :s"))
                                                          .bind(QStringLiteral(":s"), scanId)
                                                          .scalar()
                                                          .toLongLong());

        const std::optional<AuditEntry> import =
            log.latestAbout(QStringLiteral("scan"), QString::number(scanId), QStringLiteral("scan.import"));
        if (!import) {
            problems.append(QStringLiteral("scan %1 has no import in the audit log: it was added behind the program's "
                                           "back").arg(scanId));
        } else if (!log.holdsInPlace(*import)) {
            problems.append(QStringLiteral("the audit entry of scan %1's import (entry %2) was changed")
                                .arg(scanId)
                                .arg(import->id));
        } else {
            const QJsonObject details = detailsOf(*import);
            const QString scanner = Catalog(db).scannerOf(scanId);
            judged.append({scanId, import->id, scanner, details});
            problems += scanPlaceProblems(db, scanId, details);
            if (const std::optional<ScanSealIndex> index =
                    ScanSealIndex::fromJson(details.value(QStringLiteral("seal_index")))) {
                // Decision 75: the scan row, the totals the gate counts and the rows it subtracts,
                // not the whole scan; the occurrences whole when an exemption of chosen places applies.
                const QStringList changed = index->problems(db, scanId, candidateIssues);
                problems += changed;
                const std::optional<ScanSeal> sealed =
                    ScanSeal::parse(details.value(QStringLiteral("seal")).toString());
                if (changed.isEmpty() && occurrenceLevel &&
                    (!sealed || ScanSeal::of(db, scanId, true).occurrences != sealed->occurrences))
                    problems.append(QStringLiteral("scan %1 was changed after its import (its occurrences no longer "
                                                   "match the seal in the audit log)")
                                        .arg(scanId));
            } else if (const std::optional<ScanSeal> sealed =
                           ScanSeal::parse(details.value(QStringLiteral("seal")).toString())) {
                // Imported by an earlier release, before the seal had an index: the whole scan.
                const ScanSeal now = ScanSeal::of(db, scanId, occurrenceLevel);
                if (now.issues != sealed->issues || (occurrenceLevel && now.occurrences != sealed->occurrences))
                    problems.append(QStringLiteral("scan %1 was changed after its import (its %2 no longer match the "
                                                   "seal in the audit log)")
                                        .arg(scanId)
                                        .arg(now.issues != sealed->issues ? QStringLiteral("issues")
                                                                          : QStringLiteral("occurrences")));
                // The gate counts from an index (decision 73); the seal was recomputed from the rows.
                // An index made to disagree with its table (sqlite3, writable_schema), or rows the
                // seal cannot see (an issue that is gone), would count what is not there.
                else if (IssueQuery(db).severityTotals(scanId) != now.index.totals)
                    problems.append(QStringLiteral("scan %1's issues are counted differently from the rows themselves: "
                                                   "the database's index scan_issue_counts or its rows were changed "
                                                   "behind the program's back (`secreview db check` says where)")
                                        .arg(scanId));
            }
        }

        for (qint64 id : candidates) {
            if (checkedExemptions.contains(id))
                continue;
            checkedExemptions.insert(id);
            const std::optional<AuditEntry> last = log.latestAbout(QStringLiteral("exemption"), QString::number(id));
            if (!last) {
                problems.append(QStringLiteral("exemption %1 is approved but the audit log never recorded it").arg(id));
                continue;
            }
            if (!log.holdsInPlace(*last)) {
                problems.append(QStringLiteral("the audit entry of exemption %1 (entry %2) was changed")
                                    .arg(id)
                                    .arg(last->id));
                continue;
            }
            const QJsonObject logged = detailsOf(*last).value(QStringLiteral("state")).toObject();
            const QJsonObject now = exemptions.auditState(id);
            QStringList changed;
            for (const QString &field : ExemptionStore::auditStateFields()) {
                if (logged.contains(field) &&
                    comparableText(logged.value(field)) != comparableText(now.value(field)))
                    changed.append(field);
            }
            if (!changed.isEmpty())
                problems.append(QStringLiteral("exemption %1 was changed behind the program's back (%2)")
                                    .arg(id)
                                    .arg(changed.join(QStringLiteral(", "))));
            else if (const QString outgrown = outgrownProblem(db, exemptions, id, last->id, scanTarget); !outgrown.isEmpty())
                problems.append(outgrown);
        }
    }
    problems += importProblems(db, judged, latestOfPlace);
    // What decides what the gate counts beyond the scans: each target's baseline and policy.
    QSet<qint64> targets;
    for (const IssueScope::Entry &entry : scope.scans) {
        const qint64 id = Query(db, QStringLiteral("SELECT target_id FROM scan WHERE id = :s"))
                              .bind(QStringLiteral(":s"), entry.scanId)
                              .scalar()
                              .toLongLong();
        if (!targets.contains(id)) {
            targets.insert(id);
            const TargetInfo target = Catalog(db).target(id);
            problems += baselineEvidenceProblems(db, target);
            problems += policyEvidenceProblems(db, target);
        }
    }
    return problems;
}

QStringList policyEvidenceProblems(const Database &db, const TargetInfo &target)
{
    // Which scans count (ci accounts only) is the project's policy: as `audit verify` does, the
    // table against its latest project.policy entry (a second hostile review turned the rule off
    // by SQL for one gate run).
    const AuditLog log(db);
    const std::optional<AuditEntry> entry =
        log.latestAbout(QStringLiteral("project"), target.project, QStringLiteral("project.policy"));
    if (entry && !log.holdsInPlace(*entry))
        return {QStringLiteral("the audit entry of project %1's policy (entry %2) was changed")
                    .arg(target.project)
                    .arg(entry->id)};
    const QJsonObject now = ExemptionPolicyStore(db).get(target.projectId).toJson();
    const QJsonObject logged =
        ExemptionPolicy::fromJson(entry ? detailsOf(*entry).value(QStringLiteral("after")).toObject() : QJsonObject())
            .toJson();
    if (now == logged)
        return {};
    return {QStringLiteral("the policy of project %1 is '%2' in the table but '%3' in the audit log: it was changed "
                           "behind the program's back")
                .arg(target.project,
                     QString::fromUtf8(QJsonDocument(now).toJson(QJsonDocument::Compact)),
                     QString::fromUtf8(QJsonDocument(logged).toJson(QJsonDocument::Compact)))};
}

QStringList baselineEvidenceProblems(const Database &db, const TargetInfo &target)
{
    const std::optional<BaselineInfo> baseline = Catalog(db).ownBaseline(target.id); // a default is the policy's
    const QString now = baseline ? storableText(baseline->text()) : QString();
    const AuditLog log(db);
    // Newest first. Entries name the target by name, unique within its project; those written
    // before the project was recorded are taken as this target's unless another target has its
    // name, in which case any of them may be the one (no false alarm on an honest database).
    const QList<AuditEntry> entries =
        log.allAbout(QStringLiteral("target"), target.name, QStringLiteral("baseline.set"));
    const bool nameShared = Query(db, QStringLiteral("SELECT count(*) FROM target WHERE name = :n"))
                                .bind(QStringLiteral(":n"), target.name)
                                .scalar()
                                .toLongLong() > 1;
    std::optional<QString> logged;
    bool unlabeledMatch = false;
    for (const AuditEntry &e : entries) {
        const QJsonObject d = detailsOf(e);
        if (!log.holdsInPlace(e))
            return {QStringLiteral("the audit entry of target %1's baseline (entry %2) was changed")
                        .arg(target.name)
                        .arg(e.id)};
        const QString after = storableText(d.value(QStringLiteral("after")).toString());
        if (d.contains(QStringLiteral("project"))) {
            if (d.value(QStringLiteral("project")).toString() != target.project)
                continue;
            logged = after;
            break;
        }
        unlabeledMatch = unlabeledMatch || after == now;
        if (!logged && !nameShared)
            logged = after;
    }
    // No entry of this target's: only no baseline agrees, or, when the name is shared, one that
    // an older unlabeled entry set.
    const bool agrees = logged ? *logged == now : now.isEmpty() || (nameShared && unlabeledMatch);
    if (agrees)
        return {};
    return {QStringLiteral("the baseline of target %1 is '%2' in the table but '%3' in the audit log: it was changed "
                           "behind the program's back (it decides which issues are new)")
                .arg(target.name, now, logged.value_or(QString()))};
}

} // namespace secreview
