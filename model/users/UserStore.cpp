#include "model/users/UserStore.h"

#include "model/core/Clock.h"

namespace secreview {
namespace {
const QString kColumns =
    QStringLiteral("SELECT id, name, password_hash, disabled, failed_logins, locked_until FROM app_user");

StoredUser readUser(const Query &q)
{
    return {q.integer(u"id"),
            q.text(u"name"),
            q.text(u"password_hash"),
            q.flag(u"disabled"),
            int(q.integer(u"failed_logins")),
            q.integer(u"locked_until")};
}
} // namespace

std::optional<StoredUser> UserStore::find(const QString &name) const
{
    Query q(m_db, kColumns + QStringLiteral(" WHERE lower(name) = lower(:n)"));
    q.bind(QStringLiteral(":n"), name).exec();
    if (!q.next())
        return std::nullopt;
    return readUser(q);
}

QList<StoredUser> UserStore::all() const
{
    Query q(m_db, kColumns + QStringLiteral(" ORDER BY name"));
    q.exec();
    QList<StoredUser> out;
    while (q.next())
        out.append(readUser(q));
    return out;
}

QList<Role> UserStore::rolesOf(qint64 userId) const
{
    Query q(m_db, QStringLiteral("SELECT role FROM user_role WHERE user_id = :id ORDER BY role"));
    q.bind(QStringLiteral(":id"), userId).exec();
    QList<Role> roles;
    while (q.next()) {
        if (auto role = roleFromKey(q.text(u"role")))
            roles.append(*role);
    }
    return roles;
}

QHash<qint64, QString> UserStore::names() const
{
    Query q(m_db, QStringLiteral("SELECT id, name FROM app_user"));
    q.exec();
    QHash<qint64, QString> out;
    while (q.next())
        out.insert(q.integer(u"id"), q.text(u"name"));
    return out;
}

int UserStore::count() const
{
    return Query(m_db, QStringLiteral("SELECT count(*) FROM app_user")).scalar().toInt();
}

int UserStore::activeAdmins() const
{
    return Query(m_db, QStringLiteral("SELECT count(*) FROM user_role r JOIN app_user u ON u.id = r.user_id"
                                      " WHERE r.role = 'admin' AND u.disabled = 0"))
        .scalar()
        .toInt();
}

qint64 UserStore::insert(const QString &name, const QString &passwordHash) const
{
    return Query(m_db, QStringLiteral("INSERT INTO app_user(name, password_hash, created_at)"
                                      " VALUES (:n, :h, :t) RETURNING id"))
        .bind(QStringLiteral(":n"), name)
        .bind(QStringLiteral(":h"), passwordHash)
        .bind(QStringLiteral(":t"), Clock::nowMs())
        .scalar()
        .toLongLong();
}

void UserStore::addRole(qint64 userId, Role role) const
{
    Query(m_db,
          QStringLiteral("INSERT INTO user_role(user_id, role) VALUES (:id, :r) ON CONFLICT DO NOTHING"))
        .bind(QStringLiteral(":id"), userId)
        .bind(QStringLiteral(":r"), roleKey(role))
        .exec();
}

void UserStore::removeRole(qint64 userId, Role role) const
{
    Query(m_db, QStringLiteral("DELETE FROM user_role WHERE user_id = :id AND role = :r"))
        .bind(QStringLiteral(":id"), userId)
        .bind(QStringLiteral(":r"), roleKey(role))
        .exec();
}

void UserStore::setPasswordHash(qint64 userId, const QString &hash) const
{
    Query(m_db, QStringLiteral("UPDATE app_user SET password_hash = :h WHERE id = :id"))
        .bind(QStringLiteral(":h"), hash)
        .bind(QStringLiteral(":id"), userId)
        .exec();
}

void UserStore::setDisabled(qint64 userId, bool disabled) const
{
    Query(m_db,
          QStringLiteral(
              "UPDATE app_user SET disabled = :d, failed_logins = 0, locked_until = NULL WHERE id = :id"))
        .bind(QStringLiteral(":d"), disabled ? 1 : 0)
        .bind(QStringLiteral(":id"), userId)
        .exec();
}

void UserStore::setFailures(qint64 userId, int failures, qint64 lockedUntilMs) const
{
    Query(m_db, QStringLiteral("UPDATE app_user SET failed_logins = :f, locked_until = :l WHERE id = :id"))
        .bind(QStringLiteral(":f"), failures)
        .bind(QStringLiteral(":l"), lockedUntilMs > 0 ? QVariant(lockedUntilMs) : QVariant())
        .bind(QStringLiteral(":id"), userId)
        .exec();
}

UserStore::Throttle UserStore::throttle(const QString &nameDigest) const
{
    Query q(m_db, QStringLiteral("SELECT failures, locked_until FROM sign_in_throttle WHERE name_digest = :d"));
    q.bind(QStringLiteral(":d"), nameDigest).exec();
    if (!q.next())
        return {};
    return {int(q.integer(u"failures")), q.integer(u"locked_until")};
}

void UserStore::setThrottle(const QString &nameDigest, int failures, qint64 lockedUntilMs) const
{
    Query(m_db, QStringLiteral("INSERT INTO sign_in_throttle(name_digest, failures, locked_until, last_at)"
                               " VALUES (:d, :f, :l, :at) ON CONFLICT(name_digest) DO UPDATE SET"
                               " failures = excluded.failures, locked_until = excluded.locked_until,"
                               " last_at = excluded.last_at"))
        .bind(QStringLiteral(":d"), nameDigest)
        .bind(QStringLiteral(":f"), failures)
        .bind(QStringLiteral(":l"), lockedUntilMs > 0 ? QVariant(lockedUntilMs) : QVariant())
        .bind(QStringLiteral(":at"), Clock::nowMs())
        .exec();
}

void UserStore::pruneThrottles(qint64 olderThanMs) const
{
    Query(m_db, QStringLiteral("DELETE FROM sign_in_throttle WHERE last_at < :t AND"
                               " (locked_until IS NULL OR locked_until < :t)"))
        .bind(QStringLiteral(":t"), olderThanMs)
        .exec();
}

} // namespace secreview
