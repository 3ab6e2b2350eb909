#pragma once

#include "model/store/Database.h"
#include "model/users/Session.h"

namespace secreview {

// `db backup FILE`: an admin's copy of the whole database (copyDatabase, model/store/Maintenance.h),
// written to the audit log first so that the copy holds its own entry: who took every password
// hash, and where to.
void backUpDatabase(const Session &actor, const Database &db, const QString &path);

} // namespace secreview
