#pragma once

#include "model/store/Database.h"
#include "model/users/Session.h"

#include <QHash>
#include <QList>
#include <optional>

namespace secreview {

// A user row as stored: what sign-in needs (hash, lockout state) and what the list shows.
struct StoredUser
{
    qint64 id = 0;
    QString name;
    QString passwordHash;
    bool disabled = false;
    int failedLogins = 0;
    qint64 lockedUntilMs = 0; // 0: not locked
};

// The SQL of users and roles, and nothing else: the rules (who may, what is valid, the audit
// entry) are UserDirectory's. Writes run inside the caller's transaction.
class UserStore
{
public:
    explicit UserStore(Database db) : m_db(std::move(db)) {}

    // By name without regard to case (names are one namespace: Bob is bob).
    std::optional<StoredUser> find(const QString &name) const;
    QList<StoredUser> all() const; // by name
    QHash<qint64, QString> names() const; // id -> name of every user: what the ids in audit details mean
    QList<Role> rolesOf(qint64 userId) const;
    int count() const;
    int activeAdmins() const; // admins not disabled

    qint64 insert(const QString &name, const QString &passwordHash) const;
    void addRole(qint64 userId, Role role) const; // already held: nothing
    void removeRole(qint64 userId, Role role) const;
    void setPasswordHash(qint64 userId, const QString &hash) const;
    void setDisabled(qint64 userId, bool disabled) const; // also clears the failure count
    void setFailures(qint64 userId, int failures, qint64 lockedUntilMs) const; // 0: not locked

    // Sign-in attempts for names that are no account, throttled like accounts (so a refusal does
    // not tell whether a name exists), keyed by a digest of the name: the name, which may be a
    // password typed into the wrong field, is not stored. failures 0 when never seen.
    struct Throttle
    {
        int failures = 0;
        qint64 lockedUntilMs = 0;
    };
    Throttle throttle(const QString &nameDigest) const;
    void setThrottle(const QString &nameDigest, int failures, qint64 lockedUntilMs) const;
    void pruneThrottles(qint64 olderThanMs) const; // forgets names not tried since then

private:
    Database m_db;
};

} // namespace secreview
