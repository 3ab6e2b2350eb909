#pragma once

#include "model/store/Database.h"

#include <functional>

namespace secreview {

// Every row of every secreview table from `from` into `to`, keys kept, parents before children
// and the audit log in its order (its chain holds on the copy as it did). `to` has the same schema
// version and is being created (Database::create's populate: its transaction is open, and on a
// server its owner writes, so the server's rules take the rows as they are). A user's password
// is the engine's own (Argon2id in a file, the login's SCRAM verifier on a server), so
// passwordFor(name) gives the one to write instead. The sign-in throttle is not copied.
void copyTables(const Database &from, const Database &to, const std::function<QString(const QString &)> &passwordFor);

} // namespace secreview
