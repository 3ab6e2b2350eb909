#include "model/exemptions/ExemptionPolicy.h"

#include "model/core/Clock.h"
#include "model/core/Error.h"
#include "model/exemptions/ExemptionWorkflow.h"
#include "model/store/AuditLog.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace secreview {

QString ExemptionPolicy::violation(Severity severity, const ExemptionDuration &duration,
                                   const QString &reason, const QString &url) const
{
    if (const std::optional<int> max = maxDays[size_t(severity)]) {
        std::optional<qint64> asked; // days; nullopt: permanent
        if (duration.days)
            asked = *duration.days;
        else if (duration.until.isValid())
            asked = Clock::now().date().daysTo(duration.until) + 1; // until the end of that day
        if (!asked || *asked > *max)
            return QStringLiteral("%1 issues may be exempted for at most %2 days in this project; asked: %3")
                .arg(severityName(severity))
                .arg(*max)
                .arg(duration.text());
    }
    if (urlRequiredReasons.contains(reason) && url.trimmed().isEmpty())
        return QStringLiteral("the reason %1 needs a URL (a ticket or a risk acceptance) in this project")
            .arg(reason);
    return {};
}

QJsonObject ExemptionPolicy::toJson() const
{
    QJsonObject max;
    for (Severity s : kSeveritiesDescending) {
        if (maxDays[size_t(s)])
            max.insert(severityKey(s), *maxDays[size_t(s)]);
    }
    return {{QStringLiteral("maxDays"), max},
            {QStringLiteral("urlRequiredReasons"), QJsonArray::fromStringList(urlRequiredReasons)},
            {QStringLiteral("allowSelfApproval"), allowSelfApproval}};
}

ExemptionPolicy ExemptionPolicy::fromJson(const QJsonObject &json)
{
    ExemptionPolicy p;
    const QJsonObject max = json.value(QStringLiteral("maxDays")).toObject();
    for (Severity s : kSeveritiesDescending) {
        if (max.contains(severityKey(s)))
            p.maxDays[size_t(s)] = max.value(severityKey(s)).toInt();
    }
    for (const QJsonValue &v : json.value(QStringLiteral("urlRequiredReasons")).toArray())
        p.urlRequiredReasons.append(v.toString());
    p.allowSelfApproval = json.value(QStringLiteral("allowSelfApproval")).toBool();
    return p;
}

QString ExemptionPolicy::text() const
{
    QStringList parts;
    for (Severity s : kSeveritiesDescending) {
        if (maxDays[size_t(s)])
            parts.append(QStringLiteral("%1 at most %2 days").arg(severityKey(s)).arg(*maxDays[size_t(s)]));
    }
    if (!urlRequiredReasons.isEmpty())
        parts.append(
            QStringLiteral("URL required for %1").arg(urlRequiredReasons.join(QStringLiteral(", "))));
    parts.append(allowSelfApproval ? QStringLiteral("requesters may approve their own requests")
                                   : QStringLiteral("no self-approval"));
    return parts.join(QStringLiteral("; "));
}

qint64 ExemptionPolicyStore::projectId(const QString &project) const
{
    const QVariant id = Query(m_db, QStringLiteral("SELECT id FROM project WHERE name = :p"))
                            .bind(QStringLiteral(":p"), project)
                            .scalar();
    if (!id.isValid())
        throw Error(ErrorKind::NotFound, QStringLiteral("no project named '%1'").arg(project));
    return id.toLongLong();
}

ExemptionPolicy ExemptionPolicyStore::get(qint64 projectId) const
{
    const QVariant rules =
        Query(m_db, QStringLiteral("SELECT rules FROM exemption_policy WHERE project_id = :p"))
            .bind(QStringLiteral(":p"), projectId)
            .scalar();
    ExemptionPolicy p =
        ExemptionPolicy::fromJson(QJsonDocument::fromJson(rules.toString().toUtf8()).object());
    p.allowSelfApproval = Query(m_db, QStringLiteral("SELECT allow_self_approval FROM project WHERE id = :p"))
                              .bind(QStringLiteral(":p"), projectId)
                              .scalar()
                              .toInt() != 0;
    return p;
}

ExemptionPolicy ExemptionPolicyStore::get(const QString &project) const
{
    return get(projectId(project));
}

void ExemptionPolicyStore::set(const Session &actor, const QString &project,
                               const ExemptionPolicy &policy) const
{
    actor.require({Role::Admin}, QStringLiteral("change project settings"));
    for (const QString &reason : policy.urlRequiredReasons) {
        if (!exemptionReasons().contains(reason))
            throw Error(ErrorKind::Usage, QStringLiteral("'%1' is not a reason type").arg(reason));
    }
    for (const std::optional<int> &days : policy.maxDays) {
        if (days && *days < 1)
            throw Error(ErrorKind::Usage, QStringLiteral("a longest duration is at least 1 day"));
    }
    Transaction tx(m_db);
    const qint64 id = projectId(project);
    const ExemptionPolicy before = get(id);
    QJsonObject rules = policy.toJson();
    rules.remove(QStringLiteral("allowSelfApproval"));
    Query(m_db, QStringLiteral("INSERT INTO exemption_policy(project_id, rules) VALUES (:p, :r)"
                               " ON CONFLICT(project_id) DO UPDATE SET rules = excluded.rules"))
        .bind(QStringLiteral(":p"), id)
        .bind(QStringLiteral(":r"), QString::fromUtf8(QJsonDocument(rules).toJson(QJsonDocument::Compact)))
        .exec();
    Query(m_db, QStringLiteral("UPDATE project SET allow_self_approval = :a WHERE id = :p"))
        .bind(QStringLiteral(":a"), policy.allowSelfApproval ? 1 : 0)
        .bind(QStringLiteral(":p"), id)
        .exec();
    AuditLog(m_db).append(
        actor.name(), QStringLiteral("project.policy"), QStringLiteral("project"), project,
        {{QStringLiteral("before"), before.toJson()}, {QStringLiteral("after"), policy.toJson()}});
    tx.commit();
}

} // namespace secreview
