#include "model/exemptions/ExemptionPolicyStore.h"
#include "model/core/Text.h"

#include <QRegularExpression>

#include "model/core/Error.h"
#include "model/store/AuditLog.h"

#include <QJsonDocument>

namespace secreview {

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
    Query project(m_db, QStringLiteral("SELECT allow_self_approval, gate_scans FROM project WHERE id = :p"));
    project.bind(QStringLiteral(":p"), projectId).exec();
    if (project.next()) {
        p.allowSelfApproval = project.flag(u"allow_self_approval");
        p.gateScans = ExemptionPolicy::gateScansFromKey(project.text(u"gate_scans"))
                          .value_or(ExemptionPolicy::GateScans::Any);
    }
    return p;
}

ExemptionPolicy ExemptionPolicyStore::get(const QString &project) const
{
    return get(projectId(project));
}

void ExemptionPolicyStore::set(const Session &actor, const QString &project,
                               const ExemptionPolicy &policy) const
{
    actor.require(Permission::ChangeSettings, QStringLiteral("change project settings"));
    for (const std::optional<int> &days : policy.maxDays) {
        if (days && *days < 1)
            throw Error(ErrorKind::Usage, QStringLiteral("a longest duration is at least 1 day"));
    }
    static const QStringList types{QStringLiteral("repository"), QStringLiteral("container"), QStringLiteral("instance"),
                                   QStringLiteral("configuration")};
    for (auto it = policy.defaultBaselines.cbegin(); it != policy.defaultBaselines.cend(); ++it) {
        requireAtMost(it.value(), kMaxCommentLength, QStringLiteral("a default baseline"));
        if (!types.contains(it.key()) || !QRegularExpression(it.value()).isValid())
            throw Error(ErrorKind::Usage, QStringLiteral("a default baseline is a valid regular expression for a target type "
                                                         "(%1)").arg(types.join(QStringLiteral(", "))));
    }
    Transaction tx(m_db);
    const qint64 id = projectId(project);
    const ExemptionPolicy before = get(id);
    QJsonObject rules = policy.toJson();
    rules.remove(QStringLiteral("allowSelfApproval"));
    rules.remove(QStringLiteral("gateScans"));
    Query(m_db, QStringLiteral("INSERT INTO exemption_policy(project_id, rules) VALUES (:p, :r)"
                               " ON CONFLICT(project_id) DO UPDATE SET rules = excluded.rules"))
        .bind(QStringLiteral(":p"), id)
        .bind(QStringLiteral(":r"), QString::fromUtf8(QJsonDocument(rules).toJson(QJsonDocument::Compact)))
        .exec();
    Query(m_db, QStringLiteral("UPDATE project SET allow_self_approval = :a, gate_scans = :g WHERE id = :p"))
        .bind(QStringLiteral(":a"), policy.allowSelfApproval ? 1 : 0)
        .bind(QStringLiteral(":g"), ExemptionPolicy::gateScansKey(policy.gateScans))
        .bind(QStringLiteral(":p"), id)
        .exec();
    AuditLog(m_db).append(
        actor.name(), QStringLiteral("project.policy"), QStringLiteral("project"), project,
        {{QStringLiteral("before"), before.toJson()}, {QStringLiteral("after"), policy.toJson()}});
    tx.commit();
}

bool ExemptionPolicyStore::selfApprovalAllowedThroughout(qint64 organizationId) const
{
    return Query(m_db, QStringLiteral("SELECT count(*) FROM project WHERE organization_id = :o AND allow_self_approval = 0"))
               .bind(QStringLiteral(":o"), organizationId)
               .scalar()
               .toLongLong() == 0;
}

} // namespace secreview
