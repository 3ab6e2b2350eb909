#include "model/users/UserDirectory.h"

#include "model/core/Clock.h"
#include "model/core/Error.h"
#include "model/store/AuditLog.h"
#include "model/store/ServerPassword.h"
#include "model/users/PasswordHasher.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QThread>

namespace secreview {

bool UserDirectory::isValidName(const QString &name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$"));
    return valid.match(name).hasMatch();
}

void UserDirectory::checkName(const QString &name)
{
    if (!isValidName(name))
        throw Error(ErrorKind::Usage, QStringLiteral("user name '%1' is not valid: use 1-64 letters, digits, "
                                                     "'.', '_', '@' or '-', starting with a letter or digit")
                                          .arg(name));
}

namespace {
// What the audit log keeps of a password: a digest of its stored hash, so that audit verify
// finds a hash swapped in by SQL (to take an account over) without the log holding the hash.
QString passwordDigest(const QString &storedHash)
{
    return QString::fromLatin1(QCryptographicHash::hash(storedHash.toUtf8(), QCryptographicHash::Sha256).toHex());
}

// What a new password is stored as: Argon2id in a file; on a team server the login's SCRAM
// verifier, which the server takes and replaces by serverStoredPassword() (ServerSchema.h).
struct NewPassword
{
    QString written; // what UserStore writes
    QString stored;  // what the row holds afterwards (the audit log keeps its digest)
};

NewPassword newPassword(const Database &db, const QString &name, const QString &password)
{
    if (!db.isServer()) {
        const QString hash = PasswordHasher::hash(password);
        return {hash, hash};
    }
    const QString verifier = serverPasswordVerifier(db, serverLoginName(name), password);
    return {verifier, serverStoredPassword(verifier)};
}

QJsonArray roleArray(const QList<Role> &roles)
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
    const NewPassword hash = newPassword(m_db, name, password);
    Transaction tx(m_db);
    if (m_store.count() > 0)
        throw Error(ErrorKind::Usage, QStringLiteral("this database already has users"));
    const qint64 id = m_store.insert(name, hash.written);
    m_store.addRole(id, Role::Admin);
    AuditLog(m_db).append(name, QStringLiteral("database.init"), QStringLiteral("user"), name,
                          {{QStringLiteral("roles"), QJsonArray{QStringLiteral("admin")}},
                           {QStringLiteral("passwordDigest"), passwordDigest(hash.stored)}});
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

namespace {

// The throttle of a name that is no account: a digest, so a password typed into the name field
// is not kept; the same name in any case is the same name.
QString nameDigest(const QString &name)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(name.toLower().toUtf8(), QCryptographicHash::Sha256).toHex());
}

// A hash to verify against when there is no account, so that refusing an unknown name takes as
// long as refusing a wrong password.
const QString kNoAccountHash = QStringLiteral("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
                                              "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

} // namespace

Session UserDirectory::authenticateOnServer(const QString &name, const QString &password) const
{
    // The server checks the password (SCRAM), counts and delays failures (auth_delay) and logs
    // them; the client cannot write a refused attempt to the audit log, having no connection
    // (docs/team-mode.md). One message for every refusal, as for a file.
    const QString refused =
        QStringLiteral("sign-in refused for '%1': unknown user, wrong password or disabled account").arg(name);
    if (!isValidName(name))
        throw Error(ErrorKind::NotAllowed, refused);
    m_db.signInToServer({serverLoginName(name), password});
    const std::optional<StoredUser> user = m_store.find(name);
    if (!user || user->disabled) {
        m_db.close();
        throw Error(ErrorKind::NotAllowed, refused);
    }
    return Session(user->id, user->name, m_store.rolesOf(user->id));
}

Session UserDirectory::authenticate(const QString &name, const QString &password) const
{
    if (m_db.isServer())
        return authenticateOnServer(name, password);
    // One message for every refusal, and one for a name that is locked out, whatever the name:
    // unknown names, disabled accounts and wrong passwords are refused alike and lock alike.
    const QString refused =
        QStringLiteral("sign-in refused for '%1': unknown user, wrong password or disabled account").arg(name);
    const bool valid = isValidName(name);
    const std::optional<StoredUser> user = valid ? m_store.find(name) : std::nullopt;
    const QString digest = nameDigest(name);
    const qint64 now = Clock::nowMs();
    // The audit log names an account, never what was typed for a name that is none (a password
    // in the wrong field, a name with control characters).
    const QString who = user ? user->name : QStringLiteral("(unknown user)");
    const AuditLog log(m_db);

    if (m_db.isReadOnly()) {
        // Nothing can be counted in a file this user may not write; whoever can read it can read
        // its password hashes too, so the lockout cannot protect it (docs/security.md). A lockout
        // in force still holds, and every attempt costs a second, so guessing online is no
        // faster than reading the file.
        QThread::msleep(kReadOnlyAttemptMs);
        const qint64 lockedUntil = user ? user->lockedUntilMs : m_store.throttle(digest).lockedUntilMs;
        if (lockedUntil > now)
            throw Error(ErrorKind::NotAllowed, refused);
        const bool ok = PasswordHasher::verify(user ? user->passwordHash : kNoAccountHash, password);
        if (!user || !ok || user->disabled)
            throw Error(ErrorKind::NotAllowed, refused);
        return Session(user->id, user->name, m_store.rolesOf(user->id));
    }

    // The attempt is counted before the password is checked, in one write transaction with the
    // read of the count: concurrent guesses each count, and a busy database, a read-only one or a
    // full disk refuses the attempt (exit 6) before it has told anything.
    int failures = 0;
    {
        Transaction tx(m_db);
        m_store.pruneThrottles(now - 24 * 3600 * 1000);
        qint64 lockedUntil = 0;
        if (user) {
            const std::optional<StoredUser> current = m_store.find(name); // read inside the transaction
            failures = current ? current->failedLogins : 0;
            lockedUntil = current ? current->lockedUntilMs : 0;
        } else {
            const UserStore::Throttle t = m_store.throttle(digest);
            failures = t.failures;
            lockedUntil = t.lockedUntilMs;
        }
        if (lockedUntil > now) {
            log.append(who, QStringLiteral("auth.refused"), QStringLiteral("user"), who,
                       {{QStringLiteral("reason"), QStringLiteral("locked out")},
                        {QStringLiteral("failures"), failures},
                        {QStringLiteral("lockedForMs"), lockedUntil - now}});
            tx.commit();
            throw Error(ErrorKind::NotAllowed,
                        QStringLiteral("sign-in refused for '%1': %2 failed attempts; try again in %3 s")
                            .arg(name)
                            .arg(failures)
                            .arg((lockedUntil - now + 999) / 1000));
        }
        const int counted = failures + 1;
        const qint64 wait = lockoutMs(counted);
        if (user)
            m_store.setFailures(user->id, counted, wait > 0 ? now + wait : 0);
        else
            m_store.setThrottle(digest, counted, wait > 0 ? now + wait : 0);
        tx.commit();
    }

    const bool ok = PasswordHasher::verify(user ? user->passwordHash : kNoAccountHash, password);
    Transaction tx(m_db);
    if (user && ok && !user->disabled) {
        m_store.setFailures(user->id, 0, 0); // the attempt counted above was this success
        tx.commit();
        return Session(user->id, user->name, m_store.rolesOf(user->id));
    }
    const int counted = failures + 1;
    log.append(who, QStringLiteral("auth.failure"), QStringLiteral("user"), who,
               {{QStringLiteral("reason"), !user ? QStringLiteral("unknown user")
                                           : ok  ? QStringLiteral("disabled account")
                                                 : QStringLiteral("wrong password")},
                {QStringLiteral("failures"), counted},
                {QStringLiteral("lockedForMs"), lockoutMs(counted)}});
    tx.commit();
    throw Error(ErrorKind::NotAllowed, refused);
}

UserInfo UserDirectory::find(const QString &name) const
{
    const std::optional<StoredUser> user = m_store.find(name);
    if (!user)
        throw Error(ErrorKind::NotFound, QStringLiteral("no user named '%1'").arg(name));
    return {user->id, user->name, m_store.rolesOf(user->id), user->disabled};
}

UserInfo UserDirectory::addUser(const Session &actor, const QString &name, const QString &password,
                                const QList<Role> &roles) const
{
    actor.require(Permission::ManageUsers, QStringLiteral("add users"));
    checkName(name);
    PasswordHasher::checkAcceptable(password);
    if (roles.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("a new user needs at least one role"));
    const NewPassword hash = newPassword(m_db, name, password);
    Transaction tx(m_db);
    if (m_store.find(name))
        throw Error(ErrorKind::Usage, QStringLiteral("a user named '%1' already exists").arg(name));
    const qint64 id = m_store.insert(name, hash.written);
    for (Role role : roles)
        m_store.addRole(id, role);
    AuditLog(m_db).append(actor.name(), QStringLiteral("user.add"), QStringLiteral("user"), name,
                          {{QStringLiteral("roles"), roleArray(roles)},
                           {QStringLiteral("passwordDigest"), passwordDigest(hash.stored)}});
    tx.commit();
    return {id, name, roles, false};
}

void UserDirectory::grant(const Session &actor, const QString &name, Role role) const
{
    actor.require(Permission::ManageUsers, QStringLiteral("grant roles"));
    Transaction tx(m_db);
    const UserInfo user = find(name);
    m_store.addRole(user.id, role);
    AuditLog(m_db).append(actor.name(), QStringLiteral("user.grant"), QStringLiteral("user"), user.name,
                          {{QStringLiteral("role"), roleKey(role)},
                           {QStringLiteral("before"), roleArray(user.roles)},
                           {QStringLiteral("after"), roleArray(m_store.rolesOf(user.id))}});
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
    AuditLog(m_db).append(actor.name(), QStringLiteral("user.revoke"), QStringLiteral("user"), user.name,
                          {{QStringLiteral("role"), roleKey(role)},
                           {QStringLiteral("before"), roleArray(user.roles)},
                           {QStringLiteral("after"), roleArray(m_store.rolesOf(user.id))}});
    tx.commit();
}

void UserDirectory::setPassword(const Session &actor, const QString &name, const QString &password) const
{
    if (actor.name().compare(name, Qt::CaseInsensitive) != 0)
        actor.require(Permission::ManageUsers, QStringLiteral("set another user's password"));
    PasswordHasher::checkAcceptable(password);
    Transaction tx(m_db);
    const UserInfo user = find(name);
    const NewPassword hash = newPassword(m_db, user.name, password);
    m_store.setPasswordHash(user.id, hash.written);
    AuditLog(m_db).append(actor.name(), QStringLiteral("user.passwd"), QStringLiteral("user"), user.name,
                          {{QStringLiteral("passwordDigest"), passwordDigest(hash.stored)}});
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
    if (disabled && actor.name().compare(name, Qt::CaseInsensitive) == 0)
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
                          QStringLiteral("user"), user.name,
                          {{QStringLiteral("before"), user.disabled}, {QStringLiteral("after"), disabled}});
    tx.commit();
}

} // namespace secreview
