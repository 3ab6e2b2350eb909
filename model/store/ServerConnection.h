#pragma once

#include "model/store/Database.h"

typedef struct pg_conn PGconn;

namespace secreview {

// libpq's connection under this thread's Qt connection to a server (QSqlDriver::handle()): for
// what Qt's driver does not offer (SCRAM verifiers, COPY). Throws DatabaseUnavailable for a file.
PGconn *serverConnection(const Database &db);

} // namespace secreview
