#include "model/users/UserDirectory.h"

#include "model/core/Clock.h"
#include "model/core/Error.h"
#include "model/store/AuditLog.h"
#include "model/users/PasswordHasher.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace secreview {

void UserDirectory::checkName(const QString &name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$"));
    if (!valid.match(name).hasMatch())
        throw Error(ErrorKind::Usage, QStringLiteral("user name '%1' is not valid: use 1-64 letters, digits, "
                                                     "'.', '_', '@' or '-', starting with a letter or digit")
                                          .arg(name));
}

namespace {
QJsonArray roleKeys(const QList<Role> &roles)
{
    QJsonArray keys;
    for (Role role : roles)
        keys.append(roleKey(role));
    return keys;
}
} // namespace

Session UserDirectory::createFirstAdmin(const QString &name, const QString &password) const
{
    checkName(name);
    PasswordHasher::checkAcceptable(password);
    const QString hash = PasswordHasher::hash(password);
    Transaction tx(m_db);
    if (m_store.count() > 0)
        throw Error(ErrorKind::Usage, QStringLiteral("this database already has users"));
    const qint64 id = m_store.insert(name, hash);
    m_store.addRole(id, Role::Admin);
    AuditLog(m_db).append(name, QStringLiteral("database.init"), QStringLiteral("user"), name,
                          {{QStringLiteral("roles"), QJsonArray{QStringLiteral("admin")}}});
    tx.commit();
    return Session(id, name, {Role::Admin});
}

qint64 UserDirectory::lockoutMs(int failures)
{
    if (failures < kFreeAttempts)
        return 0;
    // 5 s after the third failure, doubling with each further one, at most 15 minutes.
    const int doublings = qMin(failures - kFreeAttempts, 8);
    return qMin<qint64>(qint64(5000) << doublings, qint64(15) * 60 * 1000);
}

Session UserDirectory::authenticate(const QString &name, const QString &password) const
{
    const std::optional<StoredUser> user = m_store.find(name);
    const QString refused =
        QStringLiteral("sign-in refused for '%1': unknown user, wrong password or disabled account")
            .arg(name);
    const AuditLog log(m_db);
    if (!user) {
        // Spend the same time as a real check, so that timing does not reveal which names exist.
        PasswordHasher::verify(QStringLiteral("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
                                              "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
                               password);
        Transaction tx(m_db);
        log.append(name, QStringLiteral("auth.failure"), QStringLiteral("user"), name,
                   {{QStringLiteral("reason"), QStringLiteral("unknown user")}});
        tx.commit();
        throw Error(ErrorKind::NotAllowed, refused);
    }
    const qint64 now = Clock::nowMs();
    if (user->lockedUntilMs > now) {
        // Guessing is slowed down without sleeping: the password is not even checked.
        throw Error(ErrorKind::NotAllowed,
                    QStringLiteral("sign-in refused for '%1': %2 failed attempts; try again in %3 s")
                        .arg(name)
                        .arg(user->failedLogins)
                        .arg((user->lockedUntilMs - now + 999) / 1000));
    }
    const bool ok = PasswordHasher::verify(user->passwordHash, password);
    if (!ok || user->disabled) {
        const int count = user->failedLogins + (ok ? 0 : 1);
        const qint64 wait = ok ? 0 : lockoutMs(count);
        Transaction tx(m_db);
        m_store.setFailures(user->id, count, wait > 0 ? now + wait : 0);
        log.append(name, QStringLiteral("auth.failure"), QStringLiteral("user"), name,
                   {{QStringLiteral("reason"),
                     ok ? QStringLiteral("disabled account") : QStringLiteral("wrong password")},
                    {QStringLiteral("failures"), count},
                    {QStringLiteral("lockedForMs"), wait}});
        tx.commit();
        throw Error(ErrorKind::NotAllowed, refused);
    }
    if (user->failedLogins > 0)
        m_store.setFailures(user->id, 0, 0);
    return Session(user->id, name, m_store.rolesOf(user->id));
}

UserInfo UserDirectory::find(const QString &name) const
{
    const std::optional<StoredUser> user = m_store.find(name);
    if (!user)
        throw Error(ErrorKind::NotFound, QStringLiteral("no user named '%1'").arg(name));
    return {user->id, name, m_store.rolesOf(user->id), user->disabled};
}

UserInfo UserDirectory::addUser(const Session &actor, const QString &name, const QString &password,
                                const QList<Role> &roles) const
{
    actor.require(Permission::ManageUsers, QStringLiteral("add users"));
    checkName(name);
    PasswordHasher::checkAcceptable(password);
    if (roles.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("a new user needs at least one role"));
    const QString hash = PasswordHasher::hash(password);
    Transaction tx(m_db);
    if (m_store.find(name))
        throw Error(ErrorKind::Usage, QStringLiteral("a user named '%1' already exists").arg(name));
    const qint64 id = m_store.insert(name, hash);
    for (Role role : roles)
        m_store.addRole(id, role);
    AuditLog(m_db).append(actor.name(), QStringLiteral("user.add"), QStringLiteral("user"), name,
                          {{QStringLiteral("roles"), roleKeys(roles)}});
    tx.commit();
    return {id, name, roles, false};
}

void UserDirectory::grant(const Session &actor, const QString &name, Role role) const
{
    actor.require(Permission::ManageUsers, QStringLiteral("grant roles"));
    Transaction tx(m_db);
    const UserInfo user = find(name);
    m_store.addRole(user.id, role);
    AuditLog(m_db).append(actor.name(), QStringLiteral("user.grant"), QStringLiteral("user"), name,
                          {{QStringLiteral("role"), roleKey(role)},
                           {QStringLiteral("before"), roleKeys(user.roles)},
                           {QStringLiteral("after"), roleKeys(m_store.rolesOf(user.id))}});
    tx.commit();
}

void UserDirectory::revoke(const Session &actor, const QString &name, Role role) const
{
    actor.require(Permission::ManageUsers, QStringLiteral("revoke roles"));
    Transaction tx(m_db);
    const UserInfo user = find(name);
    if (role == Role::Admin && user.roles.contains(Role::Admin)) {
        if (m_store.activeAdmins() <= 1)
            throw Error(
                ErrorKind::Usage,
                QStringLiteral("'%1' is the last admin; grant admin to someone else first").arg(name));
    }
    m_store.removeRole(user.id, role);
    AuditLog(m_db).append(actor.name(), QStringLiteral("user.revoke"), QStringLiteral("user"), name,
                          {{QStringLiteral("role"), roleKey(role)},
                           {QStringLiteral("before"), roleKeys(user.roles)},
                           {QStringLiteral("after"), roleKeys(m_store.rolesOf(user.id))}});
    tx.commit();
}

void UserDirectory::setPassword(const Session &actor, const QString &name, const QString &password) const
{
    if (actor.name() != name)
        actor.require(Permission::ManageUsers, QStringLiteral("set another user's password"));
    PasswordHasher::checkAcceptable(password);
    const QString hash = PasswordHasher::hash(password);
    Transaction tx(m_db);
    const UserInfo user = find(name);
    m_store.setPasswordHash(user.id, hash);
    AuditLog(m_db).append(actor.name(), QStringLiteral("user.passwd"), QStringLiteral("user"), name, {});
    tx.commit();
}

QList<UserInfo> UserDirectory::list(const Session &actor) const
{
    actor.require(Permission::ManageUsers, QStringLiteral("list users"));
    QList<UserInfo> out;
    for (const StoredUser &u : m_store.all())
        out.append({u.id, u.name, m_store.rolesOf(u.id), u.disabled});
    return out;
}

void UserDirectory::setDisabled(const Session &actor, const QString &name, bool disabled) const
{
    actor.require(Permission::ManageUsers, QStringLiteral("disable or enable users"));
    if (disabled && actor.name() == name)
        throw Error(ErrorKind::Usage, QStringLiteral("you cannot disable your own account"));
    Transaction tx(m_db);
    const UserInfo user = find(name);
    if (disabled && user.roles.contains(Role::Admin)) {
        if (m_store.activeAdmins() <= 1)
            throw Error(ErrorKind::Usage, QStringLiteral("'%1' is the last active admin").arg(name));
    }
    m_store.setDisabled(user.id, disabled);
    AuditLog(m_db).append(actor.name(),
                          disabled ? QStringLiteral("user.disable") : QStringLiteral("user.enable"),
                          QStringLiteral("user"), name,
                          {{QStringLiteral("before"), user.disabled}, {QStringLiteral("after"), disabled}});
    tx.commit();
}

} // namespace secreview
