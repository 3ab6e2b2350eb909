#pragma once

#include "model/store/Database.h"

#include <QStringList>

namespace secreview {

// Everything `audit verify` checks, for the command line and the console alike: the SHA-256
// chain (an entry edited or removed outside the program) and the replay of every exemption's
// audit history against the exemption table (a row changed behind the program's back).
// Returns what disagrees; empty when all holds.
QStringList verifyAudit(const Database &db);

} // namespace secreview
