#include "model/report/AuditJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

namespace secreview::json {

QJsonObject auditEntry(const AuditEntry &e)
{
    return {
        {QStringLiteral("id"), e.id},
        {QStringLiteral("at"), QDateTime::fromMSecsSinceEpoch(e.at, QTimeZone::utc()).toString(Qt::ISODate)},
        {QStringLiteral("actor"), e.actor},
        {QStringLiteral("action"), e.action},
        {QStringLiteral("object"), QString(e.objectType + QLatin1Char(':') + e.objectId)},
        {QStringLiteral("details"), QJsonDocument::fromJson(e.details.toUtf8()).object()},
        {QStringLiteral("hash"), e.hash}};
}

QJsonObject user(const UserInfo &u)
{
    QJsonArray roles;
    for (Role r : u.roles)
        roles.append(roleKey(r));
    return {{QStringLiteral("id"), u.id},
            {QStringLiteral("name"), u.name},
            {QStringLiteral("roles"), roles},
            {QStringLiteral("disabled"), u.disabled}};
}

} // namespace secreview::json
