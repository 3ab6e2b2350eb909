#pragma once

#include "model/users/Permission.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace secreview {

QString roleKey(Role role); // "secops"
std::optional<Role> roleFromKey(const QString &key);
QList<Role> allRoles();
QStringList roleKeys(); // "viewer", ... in the enum's order

// Who is signed in. Made only by UserDirectory::authenticate (or createFirstAdmin), so holding a
// Session means the password was checked. Model functions take it to decide what is allowed.
class Session
{
public:
    Session() = default;
    Session(qint64 userId, QString name, QList<Role> roles)
        : m_userId(userId), m_name(std::move(name)), m_roles(std::move(roles))
    {
    }

    bool isValid() const { return m_userId > 0; }
    qint64 userId() const { return m_userId; }
    const QString &name() const { return m_name; }
    const QList<Role> &roles() const { return m_roles; }
    bool has(Role role) const { return m_roles.contains(role); }
    bool may(Permission permission) const;
    QString rolesText() const; // "developer, secops"

    // Throws NotAllowed naming the action and the roles that would allow it.
    void require(Permission permission, const QString &action) const;

private:
    qint64 m_userId = 0;
    QString m_name;
    QList<Role> m_roles;
};

} // namespace secreview
