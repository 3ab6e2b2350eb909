#pragma once

#include "model/store/Database.h"
#include "model/users/Session.h"

#include <QList>
#include <QPair>

namespace secreview {

struct CopyResult
{
    QString to;
    qint64 entries = 0;                     // audit entries copied
    QList<QPair<QString, QString>> passwords; // user -> the one-time password the copy set
};

// db copy (admin): everything in `from` into a new database at `to` (a file, or an empty
// database on a team server, made as init makes it, serverAdmin connecting), users and audit log
// included, so that `audit verify` holds on the copy. Passwords cannot move between Argon2id and
// a server's SCRAM: every copied user gets a one-time password (returned, for the admin to hand
// over), each recorded in the copy's log as a password change by the admin. Refused when the
// source's audit chain is broken (copying would hide where). The source's log records the copy
// once it is made.
CopyResult copyDatabaseTo(const Session &actor, const Database &from, const QString &to, const ServerLogin &serverAdmin);

} // namespace secreview
