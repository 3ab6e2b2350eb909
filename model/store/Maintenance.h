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

// copyDatabase in two steps, so that whatever can be refused is refused before anything else
// happens (db backup logs between the two): the constructor refuses a path where anything is (a
// dangling link too) and reserves a 0600 file beside it; write() copies into it and gives it the
// name without replacing or following anything. The reserved file goes if write() is not reached.
// On a team server write() runs pg_dump of the secreview schema as the signed-in admin.
class BackupTarget
{
public:
    BackupTarget(const Database &db, const QString &path);
    ~BackupTarget();
    BackupTarget(const BackupTarget &) = delete;
    BackupTarget &operator=(const BackupTarget &) = delete;
    void write();

private:
    void writeServerDump(); // pg_dump (custom format), checked by pg_restore --list
    void takeName();        // the checked copy takes the backup's name (link, never over anything)
    Database m_db;
    QString m_path;
    QString m_partial;
};
// A file: PRAGMA integrity_check and foreign_key_check. A team server: its rules in place (every
// trigger of ServerSchema.h there and enabled, the tables the owner's, nothing granted to PUBLIC,
// the audit log append-only for everyone but the owner). Each problem as a sentence; empty when none.
QStringList storageProblems(const Database &db);
// What storageProblems() checked, for the report ("integrity, foreign keys").
QString storageChecks(const Database &db);

} // namespace secreview
