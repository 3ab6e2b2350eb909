#include "model/users/Session.h"

#include "model/core/Error.h"
#include "model/core/KeyTable.h"

namespace secreview {
namespace {
constexpr auto kRoles = makeKeyTable<Role>({{Role::Viewer, "viewer"},
                                            {Role::Developer, "developer"},
                                            {Role::Secops, "secops"},
                                            {Role::Admin, "admin"},
                                            {Role::Ci, "ci"}});
} // namespace

QString roleKey(Role role)
{
    return kRoles.key(role);
}

std::optional<Role> roleFromKey(const QString &key)
{
    return kRoles.fromKey(key.trimmed(), Qt::CaseInsensitive);
}

QList<Role> allRoles()
{
    return kRoles.values();
}

QStringList roleKeys()
{
    return kRoles.keys();
}

QList<Role> rolesAllowedTo(Permission permission)
{
    switch (permission) {
    case Permission::ImportScans:
    case Permission::ImportPipelines:
        return {Role::Developer, Role::Secops, Role::Admin, Role::Ci};
    case Permission::RequestExemptions:
        return {Role::Developer, Role::Secops};
    case Permission::DecideExemptions:
    case Permission::DeleteScans:
        return {Role::Secops};
    case Permission::SetBaselines:
    case Permission::TriageIssues:
        return {Role::Secops, Role::Admin};
    case Permission::AddNotes:
        return allRoles();
    case Permission::ManageUsers:
    case Permission::ChangeSettings:
    case Permission::BackUpDatabase:
        return {Role::Admin};
    }
    return {};
}

bool Session::may(Permission permission) const
{
    for (Role role : rolesAllowedTo(permission)) {
        if (has(role))
            return true;
    }
    return false;
}

QString Session::rolesText() const
{
    QStringList keys;
    for (Role role : allRoles()) {
        if (has(role))
            keys.append(roleKey(role));
    }
    return keys.isEmpty() ? QStringLiteral("no role") : keys.join(QStringLiteral(", "));
}

void Session::require(Permission permission, const QString &action) const
{
    if (may(permission))
        return;
    QStringList needed;
    for (Role role : rolesAllowedTo(permission))
        needed.append(roleKey(role));
    throw Error(ErrorKind::NotAllowed,
                QStringLiteral("%1 (%2) may not %3: that needs the role %4")
                    .arg(m_name, rolesText(), action, needed.join(QStringLiteral(" or "))));
}

} // namespace secreview
