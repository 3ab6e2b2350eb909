#include "model/audit/AuditVerification.h"

#include "model/core/Numbers.h"
#include "model/exemptions/ExemptionPolicyStore.h"
#include "model/exemptions/ExemptionStore.h"
#include "model/exemptions/GateEvidence.h"
#include "model/scans/ScanSeal.h"
#include "model/store/AuditLog.h"
#include "model/users/UserStore.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QSet>

namespace secreview {
namespace {

QSet<QString> stringSet(const QJsonValue &array)
{
    QSet<QString> out;
    for (const QJsonValue &v : array.toArray())
        out.insert(v.toString());
    return out;
}

QString sortedText(const QSet<QString> &set)
{
    QStringList list(set.cbegin(), set.cend());
    list.sort();
    return list.join(QStringLiteral(", "));
}

struct UserState
{
    QString name;
    QSet<QString> roles;
    bool disabled = false;
    QString passwordDigest; // empty: not recorded (an entry older than digests)
};

struct TriageState
{
    QString reviewedBy; // empty: not reviewed
    qint64 reviewedAt = 0;
    QString assignee;   // empty: no one
    QString assignedBy; // empty: never assigned
    qint64 assignedAt = 0;
};

struct NoteState
{
    qint64 issueId = 0;
    QString author;
    QString text;
    qint64 at = 0;
};

struct ExemptionState
{
    QJsonObject state;
    QString requester;
};

// The state the audit log describes, entry by entry; transitions are checked as they come, with
// the roles and policies in force at that point.
class Replay
{
public:
    void apply(const AuditEntry &e, QStringList &problems);

    QMap<QString, UserState> users;            // by lower-case name
    QHash<QString, QJsonObject> policies;      // by project name: the policy after its last change
    QMap<qint64, ExemptionState> exemptions;   // by id
    QMap<qint64, QString> seals;               // by scan id; empty: imported before seals
    QMap<qint64, QJsonObject> imports;         // by scan id: the import entry's details (its place)
    struct Importer
    {
        QString actor;
        bool ci = false; // held ci when importing
        QString roles;   // then
    };
    QMap<qint64, Importer> importers; // by scan id
    QSet<qint64> deletedScans;        // by `scan delete`
    QHash<qint64, QString> projectNames;       // project id -> name (the table's)
    QMap<qint64, TriageState> triage;          // by issue id
    QMap<qint64, NoteState> notes;             // by note id

private:
    bool holds(const QString &actor, std::initializer_list<const char *> roles) const;
    void checkTransition(const AuditEntry &e, const QString &verb, const ExemptionState &x, QStringList &problems);
};

bool Replay::holds(const QString &actor, std::initializer_list<const char *> roles) const
{
    const auto it = users.constFind(actor.toLower());
    if (it == users.constEnd())
        return false;
    for (const char *role : roles) {
        if (it->roles.contains(QLatin1String(role)))
            return true;
    }
    return false;
}

void Replay::checkTransition(const AuditEntry &e, const QString &verb, const ExemptionState &x, QStringList &problems)
{
    const auto rolesNow = [&] {
        const auto it = users.constFind(e.actor.toLower());
        return it == users.constEnd() ? QStringLiteral("none") : sortedText(it->roles);
    };
    const bool own = e.actor.compare(x.requester, Qt::CaseInsensitive) == 0;
    bool allowed = true;
    if (verb == QLatin1String("request"))
        allowed = holds(e.actor, {"developer", "secops"});
    else if (verb == QLatin1String("approve") || verb == QLatin1String("reject") || verb == QLatin1String("delete"))
        allowed = holds(e.actor, {"secops"});
    else if (verb == QLatin1String("reopen") || verb == QLatin1String("cancel"))
        allowed = own || holds(e.actor, {"secops"});
    if (!allowed)
        problems.append(QStringLiteral("audit entry %1: %2 could not %3 exemption %4 with the roles the log gave them "
                                       "then (%5)")
                            .arg(e.id)
                            .arg(e.actor, verb, e.objectId, rolesNow()));
    if (verb == QLatin1String("approve") && own) {
        const QString project = projectNames.value(qint64(x.state.value(QStringLiteral("project")).toDouble()));
        if (!policies.value(project).value(QStringLiteral("allowSelfApproval")).toBool())
            problems.append(QStringLiteral("audit entry %1: %2 approved their own request (exemption %3) while the "
                                           "project did not allow self-approval")
                                .arg(e.id)
                                .arg(e.actor, e.objectId));
    }
}

void Replay::apply(const AuditEntry &e, QStringList &problems)
{
    const QJsonObject details = QJsonDocument::fromJson(e.details.toUtf8()).object();
    if (e.objectType == QLatin1String("user")) {
        UserState &u = users[e.objectId.toLower()];
        if (e.action == QLatin1String("database.init") || e.action == QLatin1String("user.add")) {
            u = UserState{e.objectId, stringSet(details.value(QStringLiteral("roles"))), false,
                          details.value(QStringLiteral("passwordDigest")).toString()};
        } else if (e.action == QLatin1String("user.grant") || e.action == QLatin1String("user.revoke")) {
            u.roles = stringSet(details.value(QStringLiteral("after")));
        } else if (e.action == QLatin1String("user.disable") || e.action == QLatin1String("user.enable")) {
            u.disabled = details.value(QStringLiteral("after")).toBool();
        } else if (e.action == QLatin1String("user.passwd")) {
            u.passwordDigest = details.value(QStringLiteral("passwordDigest")).toString();
        } else if (u.name.isEmpty()) {
            users.remove(e.objectId.toLower()); // sign-in entries name users, they do not make them
        }
    } else if (e.objectType == QLatin1String("project") && e.action == QLatin1String("project.policy")) {
        policies.insert(e.objectId, details.value(QStringLiteral("after")).toObject());
    } else if (e.objectType == QLatin1String("exemption")) {
        const qint64 id = e.objectId.toLongLong();
        ExemptionState &x = exemptions[id];
        const QString verb = e.action.section(QLatin1Char('.'), 1);
        if (verb == QLatin1String("request"))
            x.requester = e.actor;
        x.state = details.value(QStringLiteral("state")).toObject();
        checkTransition(e, verb, x, problems);
    } else if (e.objectType == QLatin1String("issue")) {
        const qint64 id = e.objectId.toLongLong();
        const bool note = e.action == QLatin1String("issue.note");
        if (!note && !holds(e.actor, {"secops", "admin"}))
            problems.append(QStringLiteral("audit entry %1: %2 could not %3 issue %4 with the roles the log gave them then")
                                .arg(e.id)
                                .arg(e.actor, e.action.section(QLatin1Char('.'), 1), e.objectId));
        TriageState &t = triage[id];
        if (e.action == QLatin1String("issue.review")) {
            t.reviewedBy = e.actor;
            t.reviewedAt = qint64(details.value(QStringLiteral("reviewedAt")).toDouble());
        } else if (e.action == QLatin1String("issue.unreview")) {
            t.reviewedBy.clear();
            t.reviewedAt = 0;
        } else if (e.action == QLatin1String("issue.assign")) {
            t.assignee = details.value(QStringLiteral("after")).toString();
            t.assignedBy = e.actor;
            t.assignedAt = qint64(details.value(QStringLiteral("assignedAt")).toDouble());
        } else if (note) {
            notes.insert(qint64(details.value(QStringLiteral("note")).toDouble()),
                         {id, e.actor, details.value(QStringLiteral("text")).toString(),
                          qint64(details.value(QStringLiteral("at")).toDouble())});
        }
    } else if (e.objectType == QLatin1String("pipeline") && e.action == QLatin1String("pipeline.import") &&
               details.contains(QStringLiteral("trusted"))) {
        // A 'ci' gate counts the version when its importer held ci, secops or admin then.
        const bool held = holds(e.actor, {"ci", "secops", "admin"});
        if (held != details.value(QStringLiteral("trusted")).toBool()) {
            const auto user = users.constFind(e.actor.toLower());
            problems.append(QStringLiteral("audit entry %1: %2 imported pipeline %3 version %4 as %5 for 'ci' gates, "
                                           "but the log gave them the roles '%6' then")
                                .arg(e.id)
                                .arg(e.actor, e.objectId)
                                .arg(details.value(QStringLiteral("version")).toInt())
                                .arg(held ? QStringLiteral("not trusted") : QStringLiteral("trusted"),
                                     user == users.constEnd() ? QStringLiteral("none") : sortedText(user->roles)));
        }
    } else if (e.objectType == QLatin1String("scan") && e.action == QLatin1String("scan.delete")) {
        // SecOps' alone; the scan leaves the replay, and the scans compared with it are compared
        // with what the entry says (the scan before it, or none).
        const qint64 id = e.objectId.toLongLong();
        if (!holds(e.actor, {"secops"}))
            problems.append(QStringLiteral("audit entry %1: %2 deleted scan %3 without the secops role")
                                .arg(e.id)
                                .arg(e.actor, e.objectId));
        if (!seals.contains(id))
            problems.append(QStringLiteral("audit entry %1: scan %2 is deleted but the log never recorded its import")
                                .arg(e.id)
                                .arg(e.objectId));
        seals.remove(id);
        imports.remove(id);
        importers.remove(id);
        deletedScans.insert(id);
        const QJsonObject recomputed = details.value(QStringLiteral("recomputed")).toObject();
        for (auto it = recomputed.constBegin(); it != recomputed.constEnd(); ++it) {
            const auto logged = imports.find(it.key().toLongLong());
            if (logged != imports.end() && logged->contains(QStringLiteral("comparison_scan")))
                logged->insert(QStringLiteral("comparison_scan"), it.value());
        }
    } else if (e.objectType == QLatin1String("scan") && e.action == QLatin1String("scan.import")) {
        if (seals.contains(e.objectId.toLongLong()) || deletedScans.contains(e.objectId.toLongLong()))
            problems.append(QStringLiteral("audit entry %1: scan %2 is imported a second time: its id was given again "
                                           "(after a deletion behind the program's back)")
                                .arg(e.id)
                                .arg(e.objectId));
        seals.insert(e.objectId.toLongLong(), details.value(QStringLiteral("seal")).toString());
        imports.insert(e.objectId.toLongLong(), details);
        const auto user = users.constFind(e.actor.toLower());
        importers.insert(e.objectId.toLongLong(),
                         {e.actor, holds(e.actor, {"ci"}),
                          user == users.constEnd() ? QStringLiteral("none") : sortedText(user->roles)});
    }
}

void compareUsers(const Database &db, const Replay &r, QStringList &problems)
{
    const UserStore store(db);
    QSet<QString> seen;
    for (const StoredUser &u : store.all()) {
        seen.insert(u.name.toLower());
        const auto it = r.users.constFind(u.name.toLower());
        if (it == r.users.constEnd()) {
            problems.append(QStringLiteral("user %1 exists but the audit log never recorded it").arg(u.name));
            continue;
        }
        QSet<QString> roles;
        for (Role role : store.rolesOf(u.id))
            roles.insert(roleKey(role));
        if (roles != it->roles)
            problems.append(QStringLiteral("user %1 has the roles '%2' in the table but '%3' in the audit log")
                                .arg(u.name, sortedText(roles), sortedText(it->roles)));
        if (u.disabled != it->disabled)
            problems.append(QStringLiteral("user %1 is %2 in the table but %3 in the audit log")
                                .arg(u.name, u.disabled ? QStringLiteral("disabled") : QStringLiteral("enabled"),
                                     it->disabled ? QStringLiteral("disabled") : QStringLiteral("enabled")));
        const QString digest = QString::fromLatin1(
            QCryptographicHash::hash(u.passwordHash.toUtf8(), QCryptographicHash::Sha256).toHex());
        if (!it->passwordDigest.isEmpty() && digest != it->passwordDigest)
            problems.append(QStringLiteral("the password of %1 was changed outside the program").arg(u.name));
    }
    for (auto it = r.users.cbegin(); it != r.users.cend(); ++it) {
        if (!seen.contains(it.key()))
            problems.append(QStringLiteral("user %1 is in the audit log but missing from the table").arg(it->name));
    }
}

void comparePolicies(const Database &db, const Replay &r, QStringList &problems)
{
    const ExemptionPolicyStore store(db);
    for (auto it = r.projectNames.cbegin(); it != r.projectNames.cend(); ++it) {
        const QJsonObject now = store.get(it.key()).toJson();
        const QJsonObject logged = ExemptionPolicy::fromJson(r.policies.value(it.value())).toJson();
        if (now != logged)
            problems.append(QStringLiteral("the policy of project %1 is '%2' in the table but '%3' in the audit log")
                                .arg(it.value(), ExemptionPolicy::fromJson(now).text(),
                                     ExemptionPolicy::fromJson(logged).text()));
    }
}

void compareExemptions(const Database &db, const Replay &r, QStringList &problems)
{
    const ExemptionStore store(db);
    const QList<qint64> all = store.ids();
    for (qint64 id : all) {
        const auto it = r.exemptions.constFind(id);
        if (it == r.exemptions.constEnd()) {
            problems.append(QStringLiteral("exemption %1 exists but the audit log never recorded it").arg(id));
            continue;
        }
        const QJsonObject now = store.auditState(id);
        // Every column the entry recorded (entries written before a column was recorded lack it),
        // in the row's order; one line per exemption.
        QStringList differences;
        for (const QString &field : ExemptionStore::auditStateFields()) {
            if (!it->state.contains(field))
                continue;
            const QJsonValue logged = it->state.value(field);
            if (comparableText(logged) != comparableText(now.value(field)))
                differences.append(QStringLiteral("%1 is '%2' in the table but '%3' in the audit log")
                                       .arg(field, comparableText(now.value(field)), comparableText(logged)));
        }
        if (!differences.isEmpty())
            problems.append(QStringLiteral("exemption %1: %2").arg(id).arg(differences.join(QStringLiteral("; "))));
    }
    for (auto it = r.exemptions.cbegin(); it != r.exemptions.cend(); ++it) {
        if (!all.contains(it.key()))
            problems.append(QStringLiteral("exemption %1 is in the audit log but missing from the table").arg(it.key()));
    }
}

void compareScans(const Database &db, const Replay &r, QStringList &problems, QStringList &notes)
{
    Query q(db, QStringLiteral("SELECT id, file_name, imported_by_ci, baseline_at_import, comparison_scan_id FROM scan"
                               " ORDER BY id"));
    q.exec();
    QSet<qint64> seen;
    int unsealed = 0;
    while (q.next()) {
        const qint64 id = q.integer(u"id");
        seen.insert(id);
        const auto it = r.seals.constFind(id);
        if (it == r.seals.constEnd()) {
            problems.append(QStringLiteral("scan %1 (%2) exists but the audit log never recorded its import")
                                .arg(id)
                                .arg(q.text(u"file_name")));
            continue;
        }
        problems += scanPlaceProblems(db, id, r.imports.value(id));
        // What the scan is compared with (new or common) was recorded by its import (schema 12).
        if (const QJsonObject logged = r.imports.value(id); logged.contains(QStringLiteral("comparison_scan"))) {
            const QJsonValue cmp = logged.value(QStringLiteral("comparison_scan"));
            const bool same = logged.value(QStringLiteral("baseline")).toString() == q.text(u"baseline_at_import") &&
                              !q.isNull(u"baseline_at_import") &&
                              (cmp.isNull() ? q.isNull(u"comparison_scan_id")
                                            : !q.isNull(u"comparison_scan_id") &&
                                                  cmp.toInteger() == q.integer(u"comparison_scan_id"));
            if (!same)
                problems.append(QStringLiteral("scan %1 (%2) was changed after its import: it is compared with %3, its "
                                               "import compared it with %4 (baseline '%5')")
                                    .arg(id)
                                    .arg(q.text(u"file_name"),
                                         q.isNull(u"comparison_scan_id") ? QStringLiteral("no scan")
                                                                          : QStringLiteral("scan %1").arg(q.integer(u"comparison_scan_id")),
                                         cmp.isNull() ? QStringLiteral("no scan")
                                                      : QStringLiteral("scan %1").arg(cmp.toInteger()),
                                         logged.value(QStringLiteral("baseline")).toString()));
        }
        // A scan counts as CI's when its importer held ci then (a gate of a ci-only project counts
        // only those): a role granted by SQL for one import and taken back is found here.
        if (const auto importer = r.importers.constFind(id);
            importer != r.importers.constEnd() && importer->ci != q.flag(u"imported_by_ci"))
            problems.append(QStringLiteral("scan %1 (%2) is marked as %3 a ci account, but the audit log gave %4 the "
                                           "roles '%5' when they imported it")
                                .arg(id)
                                .arg(q.text(u"file_name"),
                                     q.flag(u"imported_by_ci") ? QStringLiteral("imported by")
                                                               : QStringLiteral("not imported by"),
                                     importer->actor, importer->roles));
        const std::optional<ScanSeal> logged = ScanSeal::parse(*it);
        if (!logged) {
            ++unsealed;
            continue;
        }
        const ScanSeal now = ScanSeal::of(db, id);
        if (now.issues != logged->issues)
            problems.append(QStringLiteral("scan %1 (%2) was changed after its import: its issues (keys, severities, "
                                           "counts) no longer match the seal in the audit log")
                                .arg(id)
                                .arg(q.text(u"file_name")));
        else if (now.occurrences != logged->occurrences)
            problems.append(QStringLiteral("scan %1 (%2) was changed after its import: its occurrences no longer "
                                           "match the seal in the audit log")
                                .arg(id)
                                .arg(q.text(u"file_name")));
        // What the gate checks instead of the whole scan, checked whole: every bucket, the
        // totals as the index counts them, the scan row.
        else if (const std::optional<ScanSealIndex> index = ScanSealIndex::fromJson(r.imports.value(id).value(QStringLiteral("seal_index"))))
            problems += index->problems(db, id, std::nullopt);
    }
    for (auto it = r.seals.cbegin(); it != r.seals.cend(); ++it) {
        if (!seen.contains(it.key()))
            problems.append(QStringLiteral("scan %1 is in the audit log but missing from the table").arg(it.key()));
    }
    // The deleted scans' ids (kept so that none is given again) against the log's deletions.
    Query deleted(db, QStringLiteral("SELECT scan_id FROM scan_deletion ORDER BY scan_id"));
    deleted.exec();
    QSet<qint64> marked;
    while (deleted.next()) {
        const qint64 id = deleted.integer(u"scan_id");
        marked.insert(id);
        if (!r.deletedScans.contains(id))
            problems.append(QStringLiteral("scan %1 is marked deleted but the audit log never recorded its deletion").arg(id));
    }
    for (const qint64 id : r.deletedScans) {
        if (!marked.contains(id))
            problems.append(QStringLiteral("scan %1's deletion is in the audit log but its mark is gone from the table (its "
                                           "id could be given again)")
                                .arg(id));
    }
    // Each target's baseline against its latest baseline.set entry (the gate checks its own).
    for (const TargetInfo &target : Catalog(db).targets())
        problems += baselineEvidenceProblems(db, target);
    if (unsealed > 0)
        notes.append(QStringLiteral("%1 scan(s) imported before imports were sealed could not be checked")
                         .arg(unsealed));
}

// Review marks, owners and notes as the log says they were set: a mark or an owner written
// with sqlite3, or a note slipped into someone's name, is a difference.
void compareTriage(const Database &db, const Replay &r, QStringList &problems)
{
    QMap<qint64, TriageState> table;
    // Times as text: a value that is no number (sqlite3 takes any) differs from every logged one.
    Query q(db, QStringLiteral("SELECT tr.issue_id AS issue, r.name AS reviewer, CAST(tr.reviewed_at AS TEXT) AS reviewed_at,"
                               " a.name AS assignee, b.name AS assigner, CAST(tr.assigned_at AS TEXT) AS assigned_at,"
                               " CASE WHEN tr.reviewed_by IS NOT NULL AND r.id IS NULL THEN 1 ELSE 0 END AS lost_reviewer,"
                               " CASE WHEN tr.assigned_by IS NOT NULL AND b.id IS NULL THEN 1 ELSE 0 END AS lost_assigner"
                               " FROM issue_triage tr LEFT JOIN app_user r ON r.id = tr.reviewed_by"
                               " LEFT JOIN app_user a ON a.id = tr.assignee_id LEFT JOIN app_user b ON b.id = tr.assigned_by"
                               " ORDER BY tr.issue_id"));
    q.exec();
    const auto time = [](const QString &text) {
        bool ok = false;
        const qint64 ms = text.toLongLong(&ok);
        return text.isEmpty() ? qint64(0) : ok ? ms : qint64(-1);
    };
    while (q.next()) {
        TriageState t{q.text(u"reviewer"), time(q.text(u"reviewed_at")), q.text(u"assignee"), q.text(u"assigner"),
                      time(q.text(u"assigned_at"))};
        if (q.flag(u"lost_reviewer"))
            t.reviewedBy = QStringLiteral("(no such user)");
        if (q.flag(u"lost_assigner"))
            t.assignedBy = QStringLiteral("(no such user)");
        table.insert(q.integer(u"issue"), t);
    }
    QSet<qint64> issues;
    for (auto it = table.cbegin(); it != table.cend(); ++it)
        issues.insert(it.key());
    for (auto it = r.triage.cbegin(); it != r.triage.cend(); ++it)
        issues.insert(it.key());
    QList<qint64> sorted(issues.cbegin(), issues.cend());
    std::sort(sorted.begin(), sorted.end());
    for (qint64 id : sorted) {
        const TriageState now = table.value(id);
        const TriageState logged = r.triage.value(id);
        if (now.reviewedBy.compare(logged.reviewedBy, Qt::CaseInsensitive) != 0)
            problems.append(QStringLiteral("issue %1: reviewed by '%2' in the table but '%3' in the audit log")
                                .arg(id)
                                .arg(now.reviewedBy, logged.reviewedBy));
        else if (now.reviewedAt != logged.reviewedAt)
            problems.append(QStringLiteral("issue %1: its review mark's time differs from the audit log's").arg(id));
        if (now.assignee.compare(logged.assignee, Qt::CaseInsensitive) != 0)
            problems.append(QStringLiteral("issue %1: assigned to '%2' in the table but '%3' in the audit log")
                                .arg(id)
                                .arg(now.assignee, logged.assignee));
        else if (now.assignedBy.compare(logged.assignedBy, Qt::CaseInsensitive) != 0)
            problems.append(QStringLiteral("issue %1: assigned by '%2' in the table but '%3' in the audit log")
                                .arg(id)
                                .arg(now.assignedBy, logged.assignedBy));
        else if (now.assignedAt != logged.assignedAt)
            problems.append(QStringLiteral("issue %1: its assignment's time differs from the audit log's").arg(id));
    }
    Query n(db, QStringLiteral("SELECT n.id AS id, n.issue_id AS issue, u.name AS author, n.text AS text,"
                               " CAST(n.at AS TEXT) AS at FROM issue_note n"
                               " LEFT JOIN app_user u ON u.id = n.author_id ORDER BY n.id"));
    n.exec();
    QSet<qint64> seen;
    while (n.next()) {
        const qint64 id = n.integer(u"id");
        seen.insert(id);
        const auto it = r.notes.constFind(id);
        if (it == r.notes.constEnd())
            problems.append(QStringLiteral("note %1 on issue %2 exists but the audit log never recorded it")
                                .arg(id)
                                .arg(n.integer(u"issue")));
        else if (it->issueId != n.integer(u"issue") || it->author.compare(n.text(u"author"), Qt::CaseInsensitive) != 0 ||
                 it->text != n.text(u"text") || time(n.text(u"at")) != it->at)
            problems.append(QStringLiteral("note %1 on issue %2 differs from the note the audit log recorded")
                                .arg(id)
                                .arg(n.integer(u"issue")));
    }
    for (auto it = r.notes.cbegin(); it != r.notes.cend(); ++it) {
        if (!seen.contains(it.key()))
            problems.append(QStringLiteral("note %1 is in the audit log but missing from the table").arg(it.key()));
    }
}

} // namespace

AuditReport auditReport(const Database &db, const QString &expectHead)
{
    AuditReport report;
    const AuditLog log(db);
    const QList<AuditEntry> entries = log.entries();
    report.entries = entries.size();
    report.head = entries.isEmpty() ? QString() : entries.last().hash;
    if (const std::optional<qint64> broken = log.firstBrokenEntry())
        report.problems.append(QStringLiteral("audit chain broken at entry %1").arg(*broken));
    if (!expectHead.isEmpty() && !log.contains(expectHead))
        report.problems.append(QStringLiteral("the head %1 recorded outside the database is no longer in the chain: "
                                              "entries were cut off or the chain was rewritten")
                                   .arg(expectHead));
    Replay replay;
    Query projects(db, QStringLiteral("SELECT id, name FROM project"));
    projects.exec();
    while (projects.next())
        replay.projectNames.insert(projects.integer(u"id"), projects.text(u"name"));
    for (const AuditEntry &e : entries)
        replay.apply(e, report.problems);
    compareUsers(db, replay, report.problems);
    comparePolicies(db, replay, report.problems);
    compareExemptions(db, replay, report.problems);
    compareScans(db, replay, report.problems, report.notes);
    compareTriage(db, replay, report.problems);
    return report;
}

QStringList verifyAudit(const Database &db)
{
    return auditReport(db).problems;
}

} // namespace secreview
