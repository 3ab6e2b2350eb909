#include "model/exemptions/ExemptionStore.h"

#include "model/core/Clock.h"
#include "model/scans/ScanOrder.h"

#include <QJsonValue>

#include <algorithm>

namespace secreview {
namespace {

QString selectSql(const SqlDialect &dialect)
{
    // effective: an approved exemption whose time has run out reads as expired, from :now on.
    return QStringLiteral(
               "SELECT e.id AS id, e.issue_id AS issue_id, e.issue_key AS issue_key, i.title AS title,"
               " e.scanner AS scanner, t.name AS target, e.target_id AS target_id, e.project_id AS "
               "project_id,"
               " e.organization_id AS organization_id, e.scope AS scope,"
               " e.pipeline_identifier AS pipeline,"
               " CASE WHEN e.status = 'approved' AND e.expires_at IS NOT NULL AND e.expires_at <= :now"
               " THEN 'expired' ELSE e.status END AS effective, e.reason AS reason, e.description AS "
               "description,"
               " e.url AS url, e.duration_days AS duration_days, e.until_date AS until_date,"
               " ru.name AS requested_by, e.requested_at AS requested_at, vu.name AS reviewed_by,"
               " e.reviewed_at AS reviewed_at, e.expires_at AS expires_at,"
               " (SELECT ev.comment FROM exemption_event ev WHERE ev.exemption_id = e.id"
               "  AND ev.action IN ('approve', 'reject') ORDER BY ev.id DESC LIMIT 1) AS decision_comment,"
               " (SELECT si.severity FROM scan_issue si WHERE si.issue_id = e.issue_id AND si.scan_id = %1)"
               " AS severity,"
               " (SELECT %2 FROM (SELECT location FROM exemption_occurrence WHERE exemption_id = e.id"
               "  ORDER BY location) covered) AS occurrences"
               " FROM exemption e JOIN issue i ON i.id = e.issue_id JOIN target t ON t.id = e.target_id"
               " JOIN app_user ru ON ru.id = e.requested_by LEFT JOIN app_user vu ON vu.id = e.reviewed_by")
        .arg(scanOrder::latestScanHolding(QStringLiteral("e.issue_id")),
             dialect.joinedText(QStringLiteral("location"), '\x1f'));
}

ExemptionInfo readInfo(const Query &q)
{
    ExemptionInfo e;
    e.id = q.integer(u"id");
    e.issueId = q.integer(u"issue_id");
    e.issueKey = q.text(u"issue_key");
    e.issueTitle = q.text(u"title");
    e.scanner = q.text(u"scanner");
    e.target = q.text(u"target");
    e.targetId = q.integer(u"target_id");
    e.projectId = q.integer(u"project_id");
    e.organizationId = q.integer(u"organization_id");
    e.scope = exemptionScopeFromKey(q.text(u"scope")).value_or(ExemptionScope::Target);
    e.pipeline = q.text(u"pipeline");
    e.status = exemptionStatusFromKey(q.text(u"effective")).value_or(ExemptionStatus::Pending);
    e.reason = exemptionReasonFromText(q.text(u"reason")).value_or(ExemptionReason::Other);
    e.description = q.text(u"description");
    e.url = q.text(u"url");
    if (const auto days = q.optionalInteger(u"duration_days"))
        e.duration.days = int(*days);
    if (!q.isNull(u"until_date"))
        e.duration.until = QDate::fromString(q.text(u"until_date"), Qt::ISODate);
    e.requestedBy = q.text(u"requested_by");
    e.requestedAt = q.time(u"requested_at");
    e.reviewedBy = q.text(u"reviewed_by");
    e.reviewedAt = q.time(u"reviewed_at");
    e.decisionComment = q.text(u"decision_comment");
    if (!q.isNull(u"expires_at"))
        e.expiresAt = q.time(u"expires_at");
    e.severity = q.severity(u"severity");
    if (!q.isNull(u"occurrences"))
        e.occurrences = q.text(u"occurrences").split(QLatin1Char('\x1f'));
    return e;
}

} // namespace

QList<ExemptionInfo> ExemptionStore::select(const QString &where,
                                            const QList<std::pair<QString, QVariant>> &values) const
{
    Query q(m_db,
            QStringLiteral("SELECT * FROM (") + selectSql(m_db.dialect()) + QStringLiteral(") x ") + where);
    q.bind(QStringLiteral(":now"), Clock::nowMs());
    for (const auto &[name, value] : values)
        q.bind(name, value);
    q.exec();
    QList<ExemptionInfo> out;
    while (q.next())
        out.append(readInfo(q));
    for (ExemptionInfo &e : out)
        e.coveredSeverity = coveredSeverity(ExemptionReach::of(e));
    return out;
}

std::optional<ExemptionInfo> ExemptionStore::find(qint64 id) const
{
    const QList<ExemptionInfo> found =
        select(QStringLiteral("WHERE id = :id"), {{QStringLiteral(":id"), id}});
    return found.isEmpty() ? std::nullopt : std::optional<ExemptionInfo>(found.first());
}

QList<ExemptionInfo> ExemptionStore::list(std::optional<ExemptionStatus> status) const
{
    return select(QStringLiteral("WHERE (:st = '' AND effective NOT IN ('cancelled', 'deleted'))"
                                 " OR effective = :st ORDER BY id"),
                  {{QStringLiteral(":st"), status ? exemptionStatusKey(*status) : QStringLiteral("")}});
}

QList<ExemptionEvent> ExemptionStore::history(qint64 issueId) const
{
    Query q(m_db,
            QStringLiteral("SELECT ev.exemption_id AS exemption_id, ev.at AS at, u.name AS actor,"
                           " ev.action AS action, ev.from_status AS from_status, ev.to_status AS to_status,"
                           " ev.comment AS comment FROM exemption_event ev"
                           " JOIN exemption e ON e.id = ev.exemption_id JOIN app_user u ON u.id = ev.actor_id"
                           " WHERE e.issue_id = :i ORDER BY ev.at, ev.id"));
    q.bind(QStringLiteral(":i"), issueId).exec();
    QList<ExemptionEvent> out;
    while (q.next()) {
        out.append({q.integer(u"exemption_id"), q.time(u"at"), q.text(u"actor"), q.text(u"action"),
                    exemptionStatusFromKey(q.text(u"from_status")),
                    exemptionStatusFromKey(q.text(u"to_status")).value_or(ExemptionStatus::Pending),
                    q.text(u"comment")});
    }
    return out;
}

std::optional<std::pair<qint64, ExemptionEvent>> ExemptionStore::latestEvent(qint64 exemptionId) const
{
    Query q(m_db, QStringLiteral("SELECT ev.id AS id, ev.at AS at, u.name AS actor, ev.action AS action,"
                                 " ev.from_status AS from_status, ev.to_status AS to_status, ev.comment AS comment"
                                 " FROM exemption_event ev JOIN app_user u ON u.id = ev.actor_id"
                                 " WHERE ev.exemption_id = :e ORDER BY ev.id DESC LIMIT 1"));
    q.bind(QStringLiteral(":e"), exemptionId).exec();
    if (!q.next())
        return std::nullopt;
    return std::pair{q.integer(u"id"),
                     ExemptionEvent{exemptionId, q.time(u"at"), q.text(u"actor"), q.text(u"action"),
                                    exemptionStatusFromKey(q.text(u"from_status")),
                                    exemptionStatusFromKey(q.text(u"to_status")).value_or(ExemptionStatus::Pending),
                                    q.text(u"comment")}};
}

QList<qint64> ExemptionStore::ids() const
{
    Query q(m_db, QStringLiteral("SELECT id FROM exemption ORDER BY id"));
    q.exec();
    QList<qint64> out;
    while (q.next())
        out.append(q.integer(u"id"));
    return out;
}

ExemptionReach ExemptionReach::of(const ExemptionInfo &e, std::optional<ExemptionScope> scope)
{
    return {e.scanner,        e.issueKey, scope.value_or(e.scope), e.targetId, e.projectId,
            e.organizationId, e.pipeline};
}

namespace {

// The condition, on target t and project p, of the targets a reach covers.
QString reachCondition(ExemptionScope scope)
{
    switch (scope) {
    case ExemptionScope::Target:
        return QStringLiteral("t.id = :target");
    case ExemptionScope::Pipeline: // pipeline exemptions apply across the pipeline's project
    case ExemptionScope::Project:
        return QStringLiteral("t.project_id = :project");
    case ExemptionScope::Organization:
        break;
    }
    return QStringLiteral("p.organization_id = :organization");
}

} // namespace

Severity ExemptionStore::coveredSeverity(const ExemptionReach &reach) const
{
    Severity highest = Severity::Info;
    for (const auto &[project, severity] : coveredSeverityByProject(reach))
        highest = std::max(highest, severity);
    return highest;
}

QList<std::pair<qint64, Severity>> ExemptionStore::coveredSeverityByProject(const ExemptionReach &reach,
                                                                            std::optional<qint64> importedBefore) const
{
    Query q(m_db,
            QStringLiteral("SELECT t.project_id AS project, max(si.severity) AS severity FROM scan_issue si"
                           " JOIN issue i ON i.id = si.issue_id JOIN target t ON t.id = i.target_id"
                           " JOIN project p ON p.id = t.project_id%1 WHERE i.scanner = :scanner AND i.issue_key = :key AND ")
                    .arg(importedBefore ? QStringLiteral(" JOIN audit_entry a ON a.action = 'scan.import' AND a.object_type ="
                                                         " 'scan' AND a.object_id = CAST(si.scan_id AS TEXT) AND a.id < :entry")
                                        : QString()) +
                reachCondition(reach.scope) + QStringLiteral(" GROUP BY t.project_id ORDER BY t.project_id"));
    q.bind(QStringLiteral(":scanner"), reach.scanner).bind(QStringLiteral(":key"), reach.issueKey);
    if (importedBefore)
        q.bind(QStringLiteral(":entry"), *importedBefore);
    if (reach.scope == ExemptionScope::Target)
        q.bind(QStringLiteral(":target"), reach.targetId);
    else if (reach.scope == ExemptionScope::Organization)
        q.bind(QStringLiteral(":organization"), reach.organizationId);
    else
        q.bind(QStringLiteral(":project"), reach.projectId);
    q.exec();
    QList<std::pair<qint64, Severity>> out;
    while (q.next())
        out.append({q.integer(u"project"), severityFromLevel(q.integer(u"severity"))});
    return out;
}

std::optional<ExemptionInfo> ExemptionStore::openFor(const ExemptionReach &reach, qint64 except) const
{
    QString where =
        QStringLiteral("WHERE id IN (SELECT e.id FROM exemption e WHERE e.scanner = :sc AND e.issue_key = :k"
                       " AND e.scope = :scope AND e.id <> :except AND e.status = 'pending' AND ");
    QList<std::pair<QString, QVariant>> values{{QStringLiteral(":sc"), reach.scanner},
                                               {QStringLiteral(":k"), reach.issueKey},
                                               {QStringLiteral(":scope"), exemptionScopeKey(reach.scope)},
                                               {QStringLiteral(":except"), except}};
    switch (reach.scope) {
    case ExemptionScope::Target:
        where += QStringLiteral("e.target_id = :bound)");
        values.append({QStringLiteral(":bound"), reach.targetId});
        break;
    case ExemptionScope::Pipeline:
        where += QStringLiteral("e.project_id = :bound AND e.pipeline_identifier = :pipeline)");
        values.append({QStringLiteral(":bound"), reach.projectId});
        values.append({QStringLiteral(":pipeline"), reach.pipeline});
        break;
    case ExemptionScope::Project:
        where += QStringLiteral("e.project_id = :bound)");
        values.append({QStringLiteral(":bound"), reach.projectId});
        break;
    case ExemptionScope::Organization:
        where += QStringLiteral("e.organization_id = :bound)");
        values.append({QStringLiteral(":bound"), reach.organizationId});
        break;
    }
    const QList<ExemptionInfo> found = select(where + QStringLiteral(" ORDER BY id LIMIT 1"), values);
    return found.isEmpty() ? std::nullopt : std::optional<ExemptionInfo>(found.first());
}

QList<ExemptionInfo> ExemptionStore::openCovering(qint64 issueId) const
{
    return covering(issueId, true);
}

QList<ExemptionInfo> ExemptionStore::covering(qint64 issueId, bool pendingOnly) const
{
    return select(
        QStringLiteral(
            "WHERE id IN (SELECT e.id FROM exemption e JOIN issue i ON i.id = :i"
            " JOIN target t ON t.id = i.target_id JOIN project p ON p.id = t.project_id"
            " WHERE e.status %1 AND e.scanner = i.scanner AND e.issue_key = i.issue_key AND"
            " ((e.scope = 'target' AND e.target_id = t.id)"
            " OR (e.scope IN ('pipeline', 'project') AND e.project_id = p.id)"
            " OR (e.scope = 'organization' AND e.organization_id = p.organization_id)))"
            " ORDER BY id")
            .arg(pendingOnly ? QStringLiteral("= 'pending'") : QStringLiteral("IN ('pending', 'approved', 'rejected')")),
        {{QStringLiteral(":i"), issueId}});
}

std::optional<ExemptedIssue> ExemptionStore::issue(qint64 issueId) const
{
    Query q(m_db, QStringLiteral("SELECT scanner, issue_key, target_id FROM issue WHERE id = :i"));
    q.bind(QStringLiteral(":i"), issueId).exec();
    if (!q.next())
        return std::nullopt;
    return ExemptedIssue{issueId, q.text(u"scanner"), q.text(u"issue_key"), q.integer(u"target_id")};
}

Severity ExemptionStore::latestSeverity(qint64 issueId) const
{
    return severityFromLevel(
        Query(m_db, QStringLiteral(
                        "SELECT si.severity FROM scan_issue si WHERE si.issue_id = :i AND si.scan_id = ") +
                        scanOrder::latestScanHolding(QStringLiteral(":i")))
            .bind(QStringLiteral(":i"), issueId)
            .scalar()
            .toLongLong());
}

QString ExemptionStore::latestPipeline(qint64 issueId) const
{
    return Query(m_db, QStringLiteral("SELECT pipeline_identifier FROM scan WHERE id = ") +
                           scanOrder::latestScanHolding(QStringLiteral(":i"),
                                                        QStringLiteral("s.pipeline_identifier IS NOT NULL")))
        .bind(QStringLiteral(":i"), issueId)
        .scalar()
        .toString();
}

std::optional<QString> ExemptionStore::occurrenceLocation(qint64 issueId, const QString &fingerprint) const
{
    const QVariant location =
        Query(m_db, QStringLiteral("SELECT o.location FROM occurrence o JOIN scan s ON s.id = o.scan_id"
                                   " WHERE o.issue_id = :i AND o.fingerprint = :f ORDER BY ") +
                        scanOrder::newestFirst(QStringLiteral("s")) + QStringLiteral(" LIMIT 1"))
            .bind(QStringLiteral(":i"), issueId)
            .bind(QStringLiteral(":f"), fingerprint)
            .scalar();
    if (!location.isValid())
        return std::nullopt;
    return location.toString();
}

qint64 ExemptionStore::insert(const NewExemption &r) const
{
    return Query(m_db,
                 QStringLiteral(
                     "INSERT INTO exemption(issue_id, scanner, issue_key, scope, target_id, project_id,"
                     " organization_id, pipeline_identifier, status, reason, description, url, duration_days,"
                     " until_date, requested_by, requested_at) VALUES (:i, :sc, :k, :scope, :t, :p, :o, :pl,"
                     " 'pending', :reason, :d, :url, :days, :until, :by, :at) RETURNING id"))
        .bind(QStringLiteral(":i"), r.issueId)
        .bind(QStringLiteral(":sc"), r.scanner)
        .bind(QStringLiteral(":k"), r.issueKey)
        .bind(QStringLiteral(":scope"), exemptionScopeKey(r.scope))
        .bind(QStringLiteral(":t"), r.targetId)
        .bind(QStringLiteral(":p"), r.projectId)
        .bind(QStringLiteral(":o"), r.organizationId)
        .bind(QStringLiteral(":pl"), r.scope == ExemptionScope::Pipeline ? QVariant(r.pipeline) : QVariant())
        .bind(QStringLiteral(":reason"), exemptionReasonName(r.reason))
        .bind(QStringLiteral(":d"), r.description)
        .bind(QStringLiteral(":url"), r.url.isEmpty() ? QVariant() : QVariant(r.url))
        .bind(QStringLiteral(":days"), r.duration.days ? QVariant(*r.duration.days) : QVariant())
        .bind(QStringLiteral(":until"),
              r.duration.until.isValid() ? QVariant(r.duration.until.toString(Qt::ISODate)) : QVariant())
        .bind(QStringLiteral(":by"), r.requestedBy)
        .bind(QStringLiteral(":at"), Clock::nowMs())
        .scalar()
        .toLongLong();
}

void ExemptionStore::addOccurrence(qint64 id, const QString &fingerprint, const QString &location) const
{
    Query(m_db, QStringLiteral("INSERT INTO exemption_occurrence(exemption_id, fingerprint, location)"
                               " VALUES (:e, :f, :l) ON CONFLICT DO NOTHING"))
        .bind(QStringLiteral(":e"), id)
        .bind(QStringLiteral(":f"), fingerprint)
        .bind(QStringLiteral(":l"), location)
        .exec();
    Query(m_db, QStringLiteral("UPDATE exemption SET occurrence_level = 1 WHERE id = :id"))
        .bind(QStringLiteral(":id"), id)
        .exec();
}

void ExemptionStore::setApproved(qint64 id, ExemptionScope scope, qint64 reviewer, qint64 atMs,
                                 std::optional<qint64> expiresAtMs) const
{
    Query(m_db, QStringLiteral("UPDATE exemption SET status = 'approved', scope = :scope, reviewed_by = :u,"
                               " reviewed_at = :now, approved_at = :now, expires_at = :exp WHERE id = :id"))
        .bind(QStringLiteral(":scope"), exemptionScopeKey(scope))
        .bind(QStringLiteral(":u"), reviewer)
        .bind(QStringLiteral(":now"), atMs)
        .bind(QStringLiteral(":exp"), expiresAtMs ? QVariant(*expiresAtMs) : QVariant())
        .bind(QStringLiteral(":id"), id)
        .exec();
}

void ExemptionStore::setRejected(qint64 id, qint64 reviewer, qint64 atMs) const
{
    Query(m_db,
          QStringLiteral("UPDATE exemption SET status = 'rejected', reviewed_by = :u, reviewed_at = :now,"
                         " expires_at = NULL, approved_at = NULL WHERE id = :id"))
        .bind(QStringLiteral(":u"), reviewer)
        .bind(QStringLiteral(":now"), atMs)
        .bind(QStringLiteral(":id"), id)
        .exec();
}

void ExemptionStore::setPending(qint64 id) const
{
    Query(m_db,
          QStringLiteral("UPDATE exemption SET status = 'pending', reviewed_by = NULL, reviewed_at = NULL,"
                         " approved_at = NULL, expires_at = NULL WHERE id = :id"))
        .bind(QStringLiteral(":id"), id)
        .exec();
}

void ExemptionStore::setStatus(qint64 id, ExemptionStatus status) const
{
    Query(m_db, QStringLiteral("UPDATE exemption SET status = :st WHERE id = :id"))
        .bind(QStringLiteral(":st"), exemptionStatusKey(status))
        .bind(QStringLiteral(":id"), id)
        .exec();
}

void ExemptionStore::addEvent(qint64 id, qint64 actor, const QString &action,
                              std::optional<ExemptionStatus> from, ExemptionStatus to,
                              const QString &comment) const
{
    Query(m_db, QStringLiteral("INSERT INTO exemption_event(exemption_id, at, actor_id, action, from_status,"
                               " to_status, comment) VALUES (:e, :at, :u, :a, :f, :t, :c)"))
        .bind(QStringLiteral(":e"), id)
        .bind(QStringLiteral(":at"), Clock::nowMs())
        .bind(QStringLiteral(":u"), actor)
        .bind(QStringLiteral(":a"), action)
        .bind(QStringLiteral(":f"), from ? QVariant(exemptionStatusKey(*from)) : QVariant())
        .bind(QStringLiteral(":t"), exemptionStatusKey(to))
        .bind(QStringLiteral(":c"), comment)
        .exec();
}

QJsonObject ExemptionStore::auditState(qint64 id) const
{
    // The stored row, every column of it, as it stands after a transition; audit verify and the
    // gate compare the latest entry's copy with the table, so a row changed behind the program's
    // back no longer matches.
    Query q(m_db, QStringLiteral(
                      "SELECT status, scope, scanner, issue_key AS \"issueKey\", issue_id AS issue,"
                      " target_id AS target, project_id AS project, organization_id AS organization,"
                      " pipeline_identifier AS pipeline, expires_at AS \"expiresAt\","
                      " reviewed_by AS \"reviewedBy\", requested_by AS \"requestedBy\","
                      " reason, description, url, duration_days AS \"durationDays\","
                      " until_date AS \"untilDate\", requested_at AS \"requestedAt\","
                      " reviewed_at AS \"reviewedAt\", approved_at AS \"approvedAt\","
                      " occurrence_level AS \"occurrenceLevel\","
                      " (SELECT %1 FROM (SELECT fingerprint FROM exemption_occurrence"
                      "  WHERE exemption_id = :id ORDER BY fingerprint) covered) AS occurrences,"
                      " (SELECT %2 FROM (SELECT location FROM exemption_occurrence"
                      "  WHERE exemption_id = :id ORDER BY fingerprint) covered) AS \"occurrenceLocations\""
                      " FROM exemption WHERE id = :id")
                      .arg(m_db.dialect().joinedText(QStringLiteral("fingerprint"), ','),
                           m_db.dialect().joinedText(QStringLiteral("location"), '\x1f')));
    q.bind(QStringLiteral(":id"), id).exec();
    if (!q.next())
        return {};
    QJsonObject state;
    for (const QString &key : auditStateFields()) {
        const QVariant v = q.value(key);
        state.insert(key, v.isNull() ? QJsonValue() : QJsonValue::fromVariant(v));
    }
    return state;
}

const QStringList &ExemptionStore::auditStateFields()
{
    static const QStringList fields{QStringLiteral("status"),
                                    QStringLiteral("scope"),
                                    QStringLiteral("scanner"),
                                    QStringLiteral("issueKey"),
                                    QStringLiteral("issue"),
                                    QStringLiteral("target"),
                                    QStringLiteral("project"),
                                    QStringLiteral("organization"),
                                    QStringLiteral("pipeline"),
                                    QStringLiteral("expiresAt"),
                                    QStringLiteral("reviewedBy"),
                                    QStringLiteral("requestedBy"),
                                    QStringLiteral("reason"),
                                    QStringLiteral("description"),
                                    QStringLiteral("url"),
                                    QStringLiteral("durationDays"),
                                    QStringLiteral("untilDate"),
                                    QStringLiteral("requestedAt"),
                                    QStringLiteral("reviewedAt"),
                                    QStringLiteral("approvedAt"),
                                    QStringLiteral("occurrenceLevel"),
                                    QStringLiteral("occurrences"),
                                    QStringLiteral("occurrenceLocations")};
    return fields;
}

} // namespace secreview
