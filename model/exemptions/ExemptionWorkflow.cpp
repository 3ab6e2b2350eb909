#include "model/exemptions/ExemptionWorkflow.h"

#include "model/core/Clock.h"
#include "model/core/Error.h"
#include "model/core/Numbers.h"
#include "model/exemptions/ExemptionPolicy.h"
#include "model/scans/Catalog.h"
#include "model/store/AuditLog.h"

#include <QHash>
#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>
#include <QTimeZone>
#include <QUrl>

namespace secreview {
namespace {

const QString kSelect = QStringLiteral(
    "SELECT e.id, e.issue_id, e.issue_key, i.title, e.scanner, t.name, e.scope, e.pipeline_identifier,"
    " CASE WHEN e.status = 'approved' AND e.expires_at IS NOT NULL AND e.expires_at <= :now THEN 'expired'"
    " ELSE e.status END AS effective, e.reason, e.description, e.url, e.duration_days, e.until_date,"
    " ru.name, e.requested_at, vu.name, e.reviewed_at, e.expires_at,"
    " (SELECT si.severity FROM scan_issue si JOIN scan s ON s.id = si.scan_id WHERE si.issue_id = e.issue_id"
    "  ORDER BY s.imported_at DESC, s.id DESC LIMIT 1),"
    " (SELECT group_concat(location, char(31)) FROM (SELECT location FROM exemption_occurrence"
    "  WHERE exemption_id = e.id ORDER BY location))"
    " FROM exemption e JOIN issue i ON i.id = e.issue_id JOIN target t ON t.id = e.target_id"
    " JOIN app_user ru ON ru.id = e.requested_by LEFT JOIN app_user vu ON vu.id = e.reviewed_by");

QDateTime fromMs(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

ExemptionInfo readInfo(Query &q)
{
    ExemptionInfo e;
    e.id = q.value(0).toLongLong();
    e.issueId = q.value(1).toLongLong();
    e.issueKey = q.value(2).toString();
    e.issueTitle = q.value(3).toString();
    e.scanner = q.value(4).toString();
    e.target = q.value(5).toString();
    e.scope = q.value(6).toString();
    e.pipeline = q.value(7).toString();
    e.status = q.value(8).toString();
    e.reason = q.value(9).toString();
    e.description = q.value(10).toString();
    e.url = q.value(11).toString();
    ExemptionDuration d;
    if (!q.value(12).isNull())
        d.days = q.value(12).toInt();
    if (!q.value(13).isNull())
        d.until = QDate::fromString(q.value(13).toString(), Qt::ISODate);
    e.duration = d.text();
    e.requestedBy = q.value(14).toString();
    e.requestedAt = fromMs(q.value(15));
    e.reviewedBy = q.value(16).toString();
    e.reviewedAt = fromMs(q.value(17));
    if (!q.value(18).isNull())
        e.expiresAt = fromMs(q.value(18));
    e.severity = Severity(qBound(0, q.value(19).toInt(), 4));
    if (!q.value(20).isNull())
        e.occurrences = q.value(20).toString().split(QLatin1Char('\x1f'));
    return e;
}

int scopeRank(const QString &scope)
{
    if (scope == QLatin1String("organization"))
        return 2;
    if (scope == QLatin1String("project"))
        return 1;
    return 0;
}

} // namespace

QString exemptionScopeKey(ExemptionScope scope)
{
    switch (scope) {
    case ExemptionScope::Target:
        return QStringLiteral("target");
    case ExemptionScope::Pipeline:
        return QStringLiteral("pipeline");
    case ExemptionScope::Project:
        return QStringLiteral("project");
    case ExemptionScope::Organization:
        return QStringLiteral("organization");
    }
    return {};
}

std::optional<ExemptionScope> exemptionScopeFromKey(const QString &key)
{
    for (ExemptionScope s : {ExemptionScope::Target, ExemptionScope::Pipeline, ExemptionScope::Project,
                             ExemptionScope::Organization}) {
        if (exemptionScopeKey(s).compare(key.trimmed(), Qt::CaseInsensitive) == 0)
            return s;
    }
    return std::nullopt;
}

QStringList exemptionReasons()
{
    return {QStringLiteral("Compensating Controls"), QStringLiteral("Acceptable Use"),
            QStringLiteral("Acceptable Risk"),       QStringLiteral("False Positive"),
            QStringLiteral("Fix Unavailable"),       QStringLiteral("Other")};
}

std::optional<QString> exemptionReasonFromText(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[\\s_-]+"));
    const QString wanted = text.toLower().remove(separators);
    for (const QString &reason : exemptionReasons()) {
        if (QString(reason).toLower().remove(separators) == wanted)
            return reason;
    }
    return std::nullopt;
}

std::optional<ExemptionDuration> ExemptionDuration::parse(const QString &text)
{
    const QString t = text.trimmed().toLower();
    ExemptionDuration d;
    if (t == QLatin1String("permanent"))
        return d;
    for (int days : {1, 7, 30, 90}) {
        if (t == QStringLiteral("%1d").arg(days)) {
            d.days = days;
            return d;
        }
    }
    const QDate date = QDate::fromString(t, Qt::ISODate);
    if (date.isValid() && t.size() == 10) {
        d.until = date;
        return d;
    }
    return std::nullopt;
}

QString ExemptionDuration::text() const
{
    if (days)
        return QStringLiteral("%1d").arg(*days);
    if (until.isValid())
        return until.toString(Qt::ISODate);
    return QStringLiteral("permanent");
}

ExemptionInfo ExemptionWorkflow::get(qint64 id) const
{
    Query q(m_db, kSelect + QStringLiteral(" WHERE e.id = :id"));
    q.bind(QStringLiteral(":now"), Clock::nowMs()).bind(QStringLiteral(":id"), id).exec();
    if (!q.next())
        throw Error(ErrorKind::NotFound, QStringLiteral("no exemption with id %1").arg(id));
    return readInfo(q);
}

QList<ExemptionInfo> ExemptionWorkflow::list(const QString &status) const
{
    static const QStringList known{QStringLiteral("pending"),   QStringLiteral("approved"),
                                   QStringLiteral("rejected"),  QStringLiteral("expired"),
                                   QStringLiteral("cancelled"), QStringLiteral("deleted")};
    if (!status.isEmpty() && !known.contains(status))
        throw Error(ErrorKind::Usage, QStringLiteral("exemption status '%1' is not one of %2")
                                          .arg(status, known.join(QStringLiteral(", "))));
    Query q(m_db, QStringLiteral("SELECT * FROM (") + kSelect +
                      QStringLiteral(") x WHERE (:st = '' AND effective NOT IN ('cancelled', 'deleted'))"
                                     " OR effective = :st ORDER BY id"));
    q.bind(QStringLiteral(":now"), Clock::nowMs())
        .bind(QStringLiteral(":st"), status.isEmpty() ? QStringLiteral("") : status)
        .exec();
    QList<ExemptionInfo> out;
    while (q.next())
        out.append(readInfo(q));
    return out;
}

QList<ExemptionEvent> ExemptionWorkflow::history(qint64 issueId) const
{
    Query q(m_db,
            QStringLiteral(
                "SELECT ev.exemption_id, ev.at, u.name, ev.action, ev.from_status, ev.to_status, ev.comment"
                " FROM exemption_event ev JOIN exemption e ON e.id = ev.exemption_id"
                " JOIN app_user u ON u.id = ev.actor_id WHERE e.issue_id = :i ORDER BY ev.at, ev.id"));
    q.bind(QStringLiteral(":i"), issueId).exec();
    QList<ExemptionEvent> out;
    while (q.next()) {
        out.append({q.value(0).toLongLong(), fromMs(q.value(1)), q.value(2).toString(), q.value(3).toString(),
                    q.value(4).toString(), q.value(5).toString(), q.value(6).toString()});
    }
    return out;
}

void ExemptionWorkflow::recordEvent(const Session &actor, qint64 id, const QString &action,
                                    const QString &from, const QString &to, const QString &comment) const
{
    Query(m_db, QStringLiteral(
                    "INSERT INTO exemption_event(exemption_id, at, actor_id, action, from_status, to_status,"
                    " comment) VALUES (:e, :at, :u, :a, :f, :t, :c)"))
        .bind(QStringLiteral(":e"), id)
        .bind(QStringLiteral(":at"), Clock::nowMs())
        .bind(QStringLiteral(":u"), actor.userId())
        .bind(QStringLiteral(":a"), action)
        .bind(QStringLiteral(":f"), from.isEmpty() ? QVariant() : QVariant(from))
        .bind(QStringLiteral(":t"), to)
        .bind(QStringLiteral(":c"), comment)
        .exec();
    AuditLog(m_db).append(actor.name(), QStringLiteral("exemption.") + action, QStringLiteral("exemption"),
                          QString::number(id),
                          {{QStringLiteral("from"), from},
                           {QStringLiteral("to"), to},
                           {QStringLiteral("comment"), comment},
                           {QStringLiteral("state"), auditState(id)}});
}

QJsonObject ExemptionWorkflow::auditState(qint64 id) const
{
    // The stored row as it stands after a transition; audit verify compares the latest entry's
    // copy with the table, so a row changed behind the program's back no longer matches.
    Query q(m_db,
            QStringLiteral(
                "SELECT status, scope, scanner, issue_key, issue_id, target_id, project_id,"
                " organization_id, pipeline_identifier, expires_at, reviewed_by, requested_by,"
                " (SELECT group_concat(fingerprint, ',') FROM (SELECT fingerprint FROM exemption_occurrence"
                "  WHERE exemption_id = :id ORDER BY fingerprint))"
                " FROM exemption WHERE id = :id"));
    q.bind(QStringLiteral(":id"), id).exec();
    if (!q.next())
        return {};
    static const char *const names[] = {"status",     "scope",       "scanner",      "issueKey", "issue",
                                        "target",     "project",     "organization", "pipeline", "expiresAt",
                                        "reviewedBy", "requestedBy", "occurrences"};
    QJsonObject state;
    for (int i = 0; i < 13; ++i)
        state.insert(QLatin1String(names[i]),
                     q.value(i).isNull() ? QJsonValue() : QJsonValue::fromVariant(q.value(i)));
    return state;
}

QStringList ExemptionWorkflow::verifyAgainstAudit() const
{
    QStringList problems;
    QHash<qint64, QJsonObject> lastState;
    for (const AuditEntry &e : AuditLog(m_db).entries()) {
        if (e.objectType == QLatin1String("exemption"))
            lastState.insert(e.objectId.toLongLong(), QJsonDocument::fromJson(e.details.toUtf8())
                                                          .object()
                                                          .value(QStringLiteral("state"))
                                                          .toObject());
    }
    Query ids(m_db, QStringLiteral("SELECT id FROM exemption ORDER BY id"));
    ids.exec();
    QList<qint64> all;
    while (ids.next())
        all.append(ids.value(0).toLongLong());
    for (qint64 id : all) {
        const auto it = lastState.constFind(id);
        if (it == lastState.constEnd()) {
            problems.append(
                QStringLiteral("exemption %1 exists but the audit log never recorded it").arg(id));
            continue;
        }
        const QJsonObject now = auditState(id);
        for (auto field = now.begin(); field != now.end(); ++field) {
            const QJsonValue logged = it->value(field.key());
            // Numbers written as JSON may come back as doubles: compare their text. An edited row
            // may hold any number; only a whole one within 64 bits reads as an integer.
            const auto text = [](const QJsonValue &v) {
                if (!v.isDouble())
                    return v.toVariant().toString();
                const double d = v.toDouble();
                if (const std::optional<qint64> whole = wholeNumber(d))
                    return QString::number(*whole);
                return QString::number(d, 'g', QLocale::FloatingPointShortest);
            };
            if (text(logged) != text(field.value()))
                problems.append(
                    QStringLiteral("exemption %1: %2 is '%3' in the table but '%4' in the audit log")
                        .arg(id)
                        .arg(field.key(), text(field.value()), text(logged)));
        }
    }
    for (auto it = lastState.cbegin(); it != lastState.cend(); ++it) {
        if (!all.contains(it.key()))
            problems.append(
                QStringLiteral("exemption %1 is in the audit log but missing from the table").arg(it.key()));
    }
    return problems;
}

ExemptionInfo ExemptionWorkflow::request(const Session &actor, const ExemptionRequest &r) const
{
    Transaction tx(m_db);
    const qint64 id = insertRequest(actor, r);
    tx.commit();
    return get(id);
}

QList<ExemptionInfo> ExemptionWorkflow::requestMany(const Session &actor, const QList<qint64> &issueIds,
                                                    const ExemptionRequest &shared) const
{
    if (issueIds.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("no issues to request exemptions for"));
    if (issueIds.size() > kMaxBulk)
        throw Error(ErrorKind::Usage,
                    QStringLiteral("%1 issues at once is more than the %2 one request may cover")
                        .arg(issueIds.size())
                        .arg(kMaxBulk));
    // All or none: one transaction, so a refusal of any leaves no request behind.
    Transaction tx(m_db);
    QList<qint64> ids;
    for (qint64 issueId : issueIds) {
        ExemptionRequest r = shared;
        r.issueId = issueId;
        ids.append(insertRequest(actor, r));
    }
    tx.commit();
    QList<ExemptionInfo> out;
    for (qint64 id : ids)
        out.append(get(id));
    return out;
}

qint64 ExemptionWorkflow::insertRequest(const Session &actor, const ExemptionRequest &r) const
{
    actor.require({Role::Developer, Role::Secops}, QStringLiteral("request exemptions"));
    const auto reason = exemptionReasonFromText(r.reason);
    if (!reason)
        throw Error(ErrorKind::Usage, QStringLiteral("reason '%1' is not one of: %2")
                                          .arg(r.reason, exemptionReasons().join(QStringLiteral(", "))));
    const QString description = r.description.trimmed();
    if (description.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("an exemption request needs a description"));
    if (description.size() > kMaxDescription)
        throw Error(ErrorKind::Usage,
                    QStringLiteral("the description has %1 characters; at most %2 are allowed")
                        .arg(description.size())
                        .arg(kMaxDescription));
    if (!r.url.isEmpty()) {
        const QUrl url(r.url, QUrl::StrictMode);
        if (!url.isValid() ||
            (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
            throw Error(ErrorKind::Usage, QStringLiteral("'%1' is not an http(s) URL").arg(r.url));
    }
    if (r.duration.until.isValid() && r.duration.until < Clock::now().date())
        throw Error(ErrorKind::Usage,
                    QStringLiteral("the end date %1 has passed").arg(r.duration.until.toString(Qt::ISODate)));
    if (!r.occurrences.isEmpty() && r.scope != ExemptionScope::Target)
        throw Error(ErrorKind::Usage,
                    QStringLiteral("an exemption of selected occurrences has target scope"));
    if (r.scope == ExemptionScope::Organization)
        throw Error(ErrorKind::Usage,
                    QStringLiteral("organization scope is set by a reviewer when approving; "
                                   "request target, pipeline or project"));

    Query issue(m_db,
                QStringLiteral("SELECT i.scanner, i.issue_key, i.target_id FROM issue i WHERE i.id = :i"));
    issue.bind(QStringLiteral(":i"), r.issueId).exec();
    if (!issue.next())
        throw Error(ErrorKind::NotFound, QStringLiteral("no issue with id %1").arg(r.issueId));
    const QString scanner = issue.value(0).toString();
    const QString key = issue.value(1).toString();
    const TargetInfo target = Catalog(m_db).target(issue.value(2).toLongLong());
    // The project's limits, against the issue's severity in its latest scan.
    const Severity severity = Severity(qBound(
        0,
        Query(m_db, QStringLiteral("SELECT si.severity FROM scan_issue si JOIN scan s ON s.id = si.scan_id"
                                   " WHERE si.issue_id = :i ORDER BY s.imported_at DESC, s.id DESC LIMIT 1"))
            .bind(QStringLiteral(":i"), r.issueId)
            .scalar()
            .toInt(),
        4));
    const QString violation =
        ExemptionPolicyStore(m_db).get(target.projectId).violation(severity, r.duration, *reason, r.url);
    if (!violation.isEmpty())
        throw Error(ErrorKind::NotAllowed, QStringLiteral("exemption refused by policy: %1").arg(violation));
    QString pipeline = r.pipeline;
    if (r.scope == ExemptionScope::Pipeline && pipeline.isEmpty()) {
        pipeline =
            Query(m_db, QStringLiteral(
                            "SELECT s.pipeline_identifier FROM scan_issue si JOIN scan s ON s.id = si.scan_id"
                            " WHERE si.issue_id = :i AND s.pipeline_identifier IS NOT NULL"
                            " ORDER BY s.imported_at DESC, s.id DESC LIMIT 1"))
                .bind(QStringLiteral(":i"), r.issueId)
                .scalar()
                .toString();
        if (pipeline.isEmpty())
            throw Error(ErrorKind::Usage,
                        QStringLiteral("pipeline scope needs --pipeline: no scan of this issue is "
                                       "linked to a pipeline"));
    }
    const qint64 id =
        Query(m_db,
              QStringLiteral(
                  "INSERT INTO exemption(issue_id, scanner, issue_key, scope, target_id, project_id,"
                  " organization_id, pipeline_identifier, status, reason, description, url, duration_days,"
                  " until_date, requested_by, requested_at) VALUES (:i, :sc, :k, :scope, :t, :p, :o, :pl,"
                  " 'pending', :reason, :d, :url, :days, :until, :by, :at) RETURNING id"))
            .bind(QStringLiteral(":i"), r.issueId)
            .bind(QStringLiteral(":sc"), scanner)
            .bind(QStringLiteral(":k"), key)
            .bind(QStringLiteral(":scope"), exemptionScopeKey(r.scope))
            .bind(QStringLiteral(":t"), target.id)
            .bind(QStringLiteral(":p"), target.projectId)
            .bind(QStringLiteral(":o"), target.organizationId)
            .bind(QStringLiteral(":pl"),
                  r.scope == ExemptionScope::Pipeline ? QVariant(pipeline) : QVariant())
            .bind(QStringLiteral(":reason"), *reason)
            .bind(QStringLiteral(":d"), description)
            .bind(QStringLiteral(":url"), r.url.isEmpty() ? QVariant() : QVariant(r.url))
            .bind(QStringLiteral(":days"), r.duration.days ? QVariant(*r.duration.days) : QVariant())
            .bind(QStringLiteral(":until"),
                  r.duration.until.isValid() ? QVariant(r.duration.until.toString(Qt::ISODate)) : QVariant())
            .bind(QStringLiteral(":by"), actor.userId())
            .bind(QStringLiteral(":at"), Clock::nowMs())
            .scalar()
            .toLongLong();
    if (!r.occurrences.isEmpty()) {
        // Each fingerprint must be an occurrence of this issue in this target.
        Query place(m_db, QStringLiteral("SELECT o.location FROM occurrence o JOIN scan s ON s.id = o.scan_id"
                                         " WHERE o.issue_id = :i AND o.fingerprint = :f"
                                         " ORDER BY s.imported_at DESC, s.id DESC LIMIT 1"));
        Query insert(m_db,
                     QStringLiteral("INSERT INTO exemption_occurrence(exemption_id, fingerprint, location)"
                                    " VALUES (:e, :f, :l) ON CONFLICT DO NOTHING"));
        for (const QString &fingerprint : r.occurrences) {
            const QVariant location =
                place.bind(QStringLiteral(":i"), r.issueId).bind(QStringLiteral(":f"), fingerprint).scalar();
            if (!location.isValid())
                throw Error(ErrorKind::NotFound,
                            QStringLiteral("issue %1 has no occurrence with fingerprint %2")
                                .arg(r.issueId)
                                .arg(fingerprint));
            insert.bind(QStringLiteral(":e"), id)
                .bind(QStringLiteral(":f"), fingerprint)
                .bind(QStringLiteral(":l"), location)
                .exec();
        }
        Query(m_db, QStringLiteral("UPDATE exemption SET occurrence_level = 1 WHERE id = :id"))
            .bind(QStringLiteral(":id"), id)
            .exec();
    }
    recordEvent(actor, id, QStringLiteral("request"), {}, QStringLiteral("pending"), description);
    return id;
}

ExemptionInfo ExemptionWorkflow::transition(const Session &actor, qint64 id, const QString &action,
                                            const QStringList &from, const QString &to,
                                            const QString &comment, std::optional<ExemptionScope> widenTo,
                                            bool requesterMayAct) const
{
    Transaction tx(m_db);
    const ExemptionInfo before = get(id);
    // Checked on the row read inside the transaction, so the answer holds for the change made.
    if (requesterMayAct && before.requestedBy != actor.name())
        actor.require({Role::Secops}, QStringLiteral("%1 another user's exemption request").arg(action));
    if (!from.contains(before.status))
        throw Error(ErrorKind::Usage, QStringLiteral("exemption %1 is %2; %3 applies to %4 exemptions")
                                          .arg(id)
                                          .arg(before.status, action, from.join(QStringLiteral(" or "))));
    const qint64 now = Clock::nowMs();
    if (to == QLatin1String("approved")) {
        // User names are unique, so the requester's name identifies them; whether the project
        // allows self-approval is the policy store's to say.
        if (before.requestedBy == actor.name()) {
            const qint64 project =
                Query(m_db, QStringLiteral("SELECT project_id FROM exemption WHERE id = :id"))
                    .bind(QStringLiteral(":id"), id)
                    .scalar()
                    .toLongLong();
            if (!ExemptionPolicyStore(m_db).get(project).allowSelfApproval)
                throw Error(ErrorKind::NotAllowed,
                            QStringLiteral("%1 requested exemption %2 and may not approve it: "
                                           "this project does not allow self-approval")
                                .arg(actor.name())
                                .arg(id));
        }
        ExemptionDuration d = ExemptionDuration::parse(before.duration).value_or(ExemptionDuration{});
        QVariant expires;
        if (d.days)
            expires = now + qint64(*d.days) * 24 * 3600 * 1000;
        else if (d.until.isValid())
            expires = QDateTime(d.until.addDays(1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        if (expires.isValid() && expires.toLongLong() <= now)
            throw Error(ErrorKind::Usage,
                        QStringLiteral("exemption %1 was requested until %2, which has passed")
                            .arg(id)
                            .arg(before.duration));
        QString scope = before.scope;
        if (widenTo) {
            const QString wanted = exemptionScopeKey(*widenTo);
            if (scopeRank(wanted) < scopeRank(before.scope) ||
                (wanted == QLatin1String("pipeline") && before.scope != wanted))
                throw Error(ErrorKind::Usage,
                            QStringLiteral("a reviewer may widen a scope (target, pipeline -> project "
                                           "-> organization), not change %1 to %2")
                                .arg(before.scope, wanted));
            if (!before.occurrences.isEmpty() && wanted != before.scope)
                throw Error(ErrorKind::Usage,
                            QStringLiteral("an exemption of selected occurrences stays in its target"));
            scope = wanted;
        }
        Query(m_db,
              QStringLiteral("UPDATE exemption SET status = 'approved', scope = :scope, reviewed_by = :u,"
                             " reviewed_at = :now, approved_at = :now, expires_at = :exp WHERE id = :id"))
            .bind(QStringLiteral(":scope"), scope)
            .bind(QStringLiteral(":u"), actor.userId())
            .bind(QStringLiteral(":now"), now)
            .bind(QStringLiteral(":exp"), expires)
            .bind(QStringLiteral(":id"), id)
            .exec();
    } else if (to == QLatin1String("rejected")) {
        Query(m_db,
              QStringLiteral("UPDATE exemption SET status = 'rejected', reviewed_by = :u, reviewed_at = :now,"
                             " expires_at = NULL, approved_at = NULL WHERE id = :id"))
            .bind(QStringLiteral(":u"), actor.userId())
            .bind(QStringLiteral(":now"), now)
            .bind(QStringLiteral(":id"), id)
            .exec();
    } else if (to == QLatin1String("pending")) {
        Query(m_db, QStringLiteral(
                        "UPDATE exemption SET status = 'pending', reviewed_by = NULL, reviewed_at = NULL,"
                        " approved_at = NULL, expires_at = NULL WHERE id = :id"))
            .bind(QStringLiteral(":id"), id)
            .exec();
    } else {
        Query(m_db, QStringLiteral("UPDATE exemption SET status = :st WHERE id = :id"))
            .bind(QStringLiteral(":st"), to)
            .bind(QStringLiteral(":id"), id)
            .exec();
    }
    recordEvent(actor, id, action, before.status, to, comment);
    tx.commit();
    return get(id);
}

ExemptionInfo ExemptionWorkflow::approve(const Session &actor, qint64 id, const QString &comment,
                                         std::optional<ExemptionScope> widenTo) const
{
    actor.require({Role::Secops}, QStringLiteral("approve exemptions"));
    return transition(actor, id, QStringLiteral("approve"),
                      {QStringLiteral("pending"), QStringLiteral("rejected"), QStringLiteral("expired")},
                      QStringLiteral("approved"), comment, widenTo);
}

ExemptionInfo ExemptionWorkflow::reject(const Session &actor, qint64 id, const QString &comment) const
{
    actor.require({Role::Secops}, QStringLiteral("reject exemptions"));
    return transition(actor, id, QStringLiteral("reject"),
                      {QStringLiteral("pending"), QStringLiteral("approved")}, QStringLiteral("rejected"),
                      comment);
}

ExemptionInfo ExemptionWorkflow::reopen(const Session &actor, qint64 id, const QString &comment) const
{
    return transition(actor, id, QStringLiteral("reopen"),
                      {QStringLiteral("rejected"), QStringLiteral("expired")}, QStringLiteral("pending"),
                      comment, std::nullopt, true);
}

ExemptionInfo ExemptionWorkflow::cancel(const Session &actor, qint64 id, const QString &comment) const
{
    return transition(actor, id, QStringLiteral("cancel"),
                      {QStringLiteral("pending"), QStringLiteral("rejected"), QStringLiteral("expired")},
                      QStringLiteral("cancelled"), comment, std::nullopt, true);
}

ExemptionInfo ExemptionWorkflow::remove(const Session &actor, qint64 id, const QString &comment) const
{
    actor.require({Role::Secops}, QStringLiteral("delete exemptions"));
    return transition(actor, id, QStringLiteral("delete"), {QStringLiteral("approved")},
                      QStringLiteral("deleted"), comment);
}

void ExemptionWorkflow::setSelfApprovalAllowed(const Session &actor, const QString &project,
                                               bool allowed) const
{
    const ExemptionPolicyStore store(m_db);
    ExemptionPolicy policy = store.get(project);
    policy.allowSelfApproval = allowed;
    store.set(actor, project, policy);
}

} // namespace secreview
