#pragma once

#include "model/store/Database.h"

namespace secreview {

// A team server's passwords are its logins' (SCRAM-SHA-256): the client turns a new password into
// the server's verifier with libpq (PQencryptPasswordConn), so that the password itself never
// reaches the server, its log or a table. The app_user row keeps only serverStoredPassword():
// a digest of the verifier, so that audit verify still sees a password set behind its back.
QString serverPasswordVerifier(const Database &db, const QString &login, const QString &password);
QString serverStoredPassword(const QString &verifier);

} // namespace secreview
