#pragma once

#include "model/store/Database.h"

#include <QStringList>

namespace secreview {

// What `audit verify` finds, for the command line and the console alike.
struct AuditReport
{
    QStringList problems; // what disagrees: each one names the entry, row or scan
    QStringList notes;    // what could not be checked (entries written before it was recorded)
    qint64 entries = 0;
    QString head; // the last entry's hash
};

// Everything `audit verify` checks (docs/security.md):
// - the SHA-256 chain: an entry edited, removed or cut off without rewriting what follows;
// - with expectHead (an `audit head` recorded outside the database): that this head is still in
//   the chain, so a consistent rewrite or entries cut off the end are caught too;
// - a replay of the log against the tables: every user's roles, state and password, every
//   project's policy, every exemption's complete row and every scan's sealed content must be
//   what the log last recorded;
// - every recorded exemption transition against the roles and the policy in force when it was
//   made (a role granted by SQL, used, and taken back is still caught).
AuditReport auditReport(const Database &db, const QString &expectHead = {});
// The problems alone (empty: all holds).
QStringList verifyAudit(const Database &db);

} // namespace secreview
