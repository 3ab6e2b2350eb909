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

int UserDirectory::activeAdmins() const
{
    return Query(m_db, QStringLiteral("SELECT count(*) FROM user_role r JOIN app_user u ON u.id = r.user_id"
                                      " WHERE r.role = 'admin' AND u.disabled = 0"))
        .scalar()
        .toInt();
}

QList<Role> UserDirectory::rolesOf(qint64 userId) const
{
    Query q(m_db, QStringLiteral("SELECT role FROM user_role WHERE user_id = :id"));
    q.bind(QStringLiteral(":id"), userId).exec();
    QList<Role> roles;
    while (q.next()) {
        if (auto role = roleFromKey(q.value(0).toString()))
            roles.append(*role);
    }
    return roles;
}

Session UserDirectory::createFirstAdmin(const QString &name, const QString &password) const
{
    checkName(name);
    PasswordHasher::checkAcceptable(password);
    const QString hash = PasswordHasher::hash(password);
    Transaction tx(m_db);
    if (Query(m_db, QStringLiteral("SELECT count(*) FROM app_user")).scalar().toInt() > 0)
        throw Error(ErrorKind::Usage, QStringLiteral("this database already has users"));
    const qint64 id = Query(m_db, QStringLiteral("INSERT INTO app_user(name, password_hash, created_at)"
                                                 " VALUES (:n, :h, :t) RETURNING id"))
                          .bind(QStringLiteral(":n"), name)
                          .bind(QStringLiteral(":h"), hash)
                          .bind(QStringLiteral(":t"), Clock::nowMs())
                          .scalar()
                          .toLongLong();
    Query(m_db, QStringLiteral("INSERT INTO user_role(user_id, role) VALUES (:id, 'admin')"))
        .bind(QStringLiteral(":id"), id)
        .exec();
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
    Query q(m_db,
            QStringLiteral("SELECT id, password_hash, disabled, failed_logins, locked_until FROM app_user"
                           " WHERE name = :n"));
    q.bind(QStringLiteral(":n"), name).exec();
    const QString refused =
        QStringLiteral("sign-in refused for '%1': unknown user, wrong password or disabled account")
            .arg(name);
    const AuditLog log(m_db);
    if (!q.next()) {
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
    const qint64 id = q.value(0).toLongLong();
    const QString hash = q.value(1).toString();
    const bool disabled = q.value(2).toInt() != 0;
    const int failures = q.value(3).toInt();
    const qint64 lockedUntil = q.value(4).isNull() ? 0 : q.value(4).toLongLong();
    const qint64 now = Clock::nowMs();
    if (lockedUntil > now) {
        // Guessing is slowed down without sleeping: the password is not even checked.
        throw Error(ErrorKind::NotAllowed,
                    QStringLiteral("sign-in refused for '%1': %2 failed attempts; try again in %3 s")
                        .arg(name)
                        .arg(failures)
                        .arg((lockedUntil - now + 999) / 1000));
    }
    const bool ok = PasswordHasher::verify(hash, password);
    if (!ok || disabled) {
        const int count = failures + (ok ? 0 : 1);
        const qint64 wait = ok ? 0 : lockoutMs(count);
        Transaction tx(m_db);
        Query(m_db,
              QStringLiteral("UPDATE app_user SET failed_logins = :f, locked_until = :l WHERE id = :id"))
            .bind(QStringLiteral(":f"), count)
            .bind(QStringLiteral(":l"), wait > 0 ? QVariant(now + wait) : QVariant())
            .bind(QStringLiteral(":id"), id)
            .exec();
        log.append(name, QStringLiteral("auth.failure"), QStringLiteral("user"), name,
                   {{QStringLiteral("reason"),
                     ok ? QStringLiteral("disabled account") : QStringLiteral("wrong password")},
                    {QStringLiteral("failures"), count},
                    {QStringLiteral("lockedForMs"), wait}});
        tx.commit();
        throw Error(ErrorKind::NotAllowed, refused);
    }
    if (failures > 0) {
        Query(m_db,
              QStringLiteral("UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = :id"))
            .bind(QStringLiteral(":id"), id)
            .exec();
    }
    return Session(id, name, rolesOf(id));
}

UserInfo UserDirectory::find(const QString &name) const
{
    Query q(m_db, QStringLiteral("SELECT id, disabled FROM app_user WHERE name = :n"));
    q.bind(QStringLiteral(":n"), name).exec();
    if (!q.next())
        throw Error(ErrorKind::NotFound, QStringLiteral("no user named '%1'").arg(name));
    const qint64 id = q.value(0).toLongLong();
    return {id, name, rolesOf(id), q.value(1).toInt() != 0};
}

UserInfo UserDirectory::addUser(const Session &actor, const QString &name, const QString &password,
                                const QList<Role> &roles) const
{
    actor.require({Role::Admin}, QStringLiteral("add users"));
    checkName(name);
    PasswordHasher::checkAcceptable(password);
    if (roles.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("a new user needs at least one role"));
    const QString hash = PasswordHasher::hash(password);
    Transaction tx(m_db);
    if (Query(m_db, QStringLiteral("SELECT count(*) FROM app_user WHERE name = :n"))
            .bind(QStringLiteral(":n"), name)
            .scalar()
            .toInt() > 0)
        throw Error(ErrorKind::Usage, QStringLiteral("a user named '%1' already exists").arg(name));
    const qint64 id = Query(m_db, QStringLiteral("INSERT INTO app_user(name, password_hash, created_at)"
                                                 " VALUES (:n, :h, :t) RETURNING id"))
                          .bind(QStringLiteral(":n"), name)
                          .bind(QStringLiteral(":h"), hash)
                          .bind(QStringLiteral(":t"), Clock::nowMs())
                          .scalar()
                          .toLongLong();
    QJsonArray roleKeys;
    for (Role role : roles) {
        Query(m_db,
              QStringLiteral("INSERT INTO user_role(user_id, role) VALUES (:id, :r) ON CONFLICT DO NOTHING"))
            .bind(QStringLiteral(":id"), id)
            .bind(QStringLiteral(":r"), roleKey(role))
            .exec();
        roleKeys.append(roleKey(role));
    }
    AuditLog(m_db).append(actor.name(), QStringLiteral("user.add"), QStringLiteral("user"), name,
                          {{QStringLiteral("roles"), roleKeys}});
    tx.commit();
    return {id, name, roles, false};
}

void UserDirectory::grant(const Session &actor, const QString &name, Role role) const
{
    actor.require({Role::Admin}, QStringLiteral("grant roles"));
    Transaction tx(m_db);
    const UserInfo user = find(name);
    Query(m_db,
          QStringLiteral("INSERT INTO user_role(user_id, role) VALUES (:id, :r) ON CONFLICT DO NOTHING"))
        .bind(QStringLiteral(":id"), user.id)
        .bind(QStringLiteral(":r"), roleKey(role))
        .exec();
    AuditLog(m_db).append(actor.name(), QStringLiteral("user.grant"), QStringLiteral("user"), name,
                          {{QStringLiteral("role"), roleKey(role)},
                           {QStringLiteral("before"), roleKeys(user.roles)},
                           {QStringLiteral("after"), roleKeys(rolesOf(user.id))}});
    tx.commit();
}

void UserDirectory::revoke(const Session &actor, const QString &name, Role role) const
{
    actor.require({Role::Admin}, QStringLiteral("revoke roles"));
    Transaction tx(m_db);
    const UserInfo user = find(name);
    if (role == Role::Admin && user.roles.contains(Role::Admin)) {
        if (activeAdmins() <= 1)
            throw Error(
                ErrorKind::Usage,
                QStringLiteral("'%1' is the last admin; grant admin to someone else first").arg(name));
    }
    Query(m_db, QStringLiteral("DELETE FROM user_role WHERE user_id = :id AND role = :r"))
        .bind(QStringLiteral(":id"), user.id)
        .bind(QStringLiteral(":r"), roleKey(role))
        .exec();
    AuditLog(m_db).append(actor.name(), QStringLiteral("user.revoke"), QStringLiteral("user"), name,
                          {{QStringLiteral("role"), roleKey(role)},
                           {QStringLiteral("before"), roleKeys(user.roles)},
                           {QStringLiteral("after"), roleKeys(rolesOf(user.id))}});
    tx.commit();
}

void UserDirectory::setPassword(const Session &actor, const QString &name, const QString &password) const
{
    if (actor.name() != name)
        actor.require({Role::Admin}, QStringLiteral("set another user's password"));
    PasswordHasher::checkAcceptable(password);
    const QString hash = PasswordHasher::hash(password);
    Transaction tx(m_db);
    const UserInfo user = find(name);
    Query(m_db, QStringLiteral("UPDATE app_user SET password_hash = :h WHERE id = :id"))
        .bind(QStringLiteral(":h"), hash)
        .bind(QStringLiteral(":id"), user.id)
        .exec();
    AuditLog(m_db).append(actor.name(), QStringLiteral("user.passwd"), QStringLiteral("user"), name, {});
    tx.commit();
}

QList<UserInfo> UserDirectory::list(const Session &actor) const
{
    actor.require({Role::Admin}, QStringLiteral("list users"));
    Query q(m_db, QStringLiteral("SELECT id, name, disabled FROM app_user ORDER BY name"));
    q.exec();
    QList<UserInfo> out;
    while (q.next())
        out.append({q.value(0).toLongLong(), q.value(1).toString(), {}, q.value(2).toInt() != 0});
    for (UserInfo &u : out)
        u.roles = rolesOf(u.id);
    return out;
}

void UserDirectory::setDisabled(const Session &actor, const QString &name, bool disabled) const
{
    actor.require({Role::Admin}, QStringLiteral("disable or enable users"));
    if (disabled && actor.name() == name)
        throw Error(ErrorKind::Usage, QStringLiteral("you cannot disable your own account"));
    Transaction tx(m_db);
    const UserInfo user = find(name);
    if (disabled && user.roles.contains(Role::Admin)) {
        if (activeAdmins() <= 1)
            throw Error(ErrorKind::Usage, QStringLiteral("'%1' is the last active admin").arg(name));
    }
    Query(m_db,
          QStringLiteral(
              "UPDATE app_user SET disabled = :d, failed_logins = 0, locked_until = NULL WHERE id = :id"))
        .bind(QStringLiteral(":d"), disabled ? 1 : 0)
        .bind(QStringLiteral(":id"), user.id)
        .exec();
    AuditLog(m_db).append(actor.name(),
                          disabled ? QStringLiteral("user.disable") : QStringLiteral("user.enable"),
                          QStringLiteral("user"), name,
                          {{QStringLiteral("before"), user.disabled}, {QStringLiteral("after"), disabled}});
    tx.commit();
}

} // namespace secreview
