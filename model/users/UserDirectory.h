#pragma once

#include "model/store/Database.h"
#include "model/users/Session.h"
#include "model/users/UserStore.h"

#include <QList>

namespace secreview {

struct UserInfo
{
    qint64 id = 0;
    QString name;
    QList<Role> roles;
    bool disabled = false;
};

// Users, roles and sign-in. Every change is checked against the acting Session (admin) and
// written to the audit log in the same transaction.
class UserDirectory
{
public:
    explicit UserDirectory(Database db) : m_db(db), m_store(std::move(db)) {}

    // The first admin of a new database (init). Refused when any user exists.
    Session createFirstAdmin(const QString &name, const QString &password) const;
    static constexpr int kFreeAttempts = 3;
    static constexpr int kReadOnlyAttemptMs = 1000; // what a sign-in costs where failures cannot be counted
    // How long an account refuses sign-ins after this many consecutive failures.
    static qint64 lockoutMs(int failures);

    // Throws NotAllowed with one message for an unknown user, a wrong password or a disabled
    // account, so that a caller cannot tell which names exist. Every attempt is counted before
    // the password is checked (DatabaseUnavailable when it cannot be: busy past the timeout, a
    // full disk), every failure and every refusal during a lockout is in the audit log; from the
    // third failure in a row the name refuses to check passwords for a while (5 s, doubling, at
    // most 15 minutes), whether it is an account or not. Names are matched without regard to case.
    Session authenticate(const QString &name, const QString &password) const;

    UserInfo addUser(const Session &actor, const QString &name, const QString &password,
                     const QList<Role> &roles) const;
    void grant(const Session &actor, const QString &name, Role role) const;
    void revoke(const Session &actor, const QString &name, Role role) const;
    // An admin may set anyone's password; everyone may set their own.
    void setPassword(const Session &actor, const QString &name, const QString &password) const;
    QList<UserInfo> list(const Session &actor) const;
    // A disabled account cannot sign in; its history stays. Not yourself, not the last admin.
    void setDisabled(const Session &actor, const QString &name, bool disabled) const;
    UserInfo find(const QString &name) const; // NotFound

    // User names: 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit,
    // unique without regard to case (checkName throws Usage naming the rule).
    static bool isValidName(const QString &name);
    static void checkName(const QString &name);

private:
    Session authenticateOnServer(const QString &name, const QString &password) const;

    Database m_db;
    UserStore m_store;
};

} // namespace secreview
