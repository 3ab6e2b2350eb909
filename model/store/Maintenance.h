#pragma once

#include "model/store/Database.h"

#include <QStringList>

namespace secreview {

// Keeping a database: a consistent copy while others keep working, and a check of what the
// engine itself can see (the audit replay is the audit module's, AuditVerification).
//
// copyDatabase: the whole database at one moment (SQLite's VACUUM INTO, a snapshot even while
// others write), written to a new file readable by its owner only (it holds every password hash),
// checked before it takes its name; a path that exists is refused, nothing half-written is left
// behind. backUpDatabase (model/audit/Backup.h) is the admin's command around it; Database::open
// takes one before it migrates an older schema (kept beside the file as NAME.schema-vN.bak).
void copyDatabase(const Database &db, const QString &path);
// PRAGMA integrity_check and foreign_key_check: each problem as a sentence; empty when none.
QStringList storageProblems(const Database &db);

} // namespace secreview
