#include "model/audit/Backup.h"

#include "model/store/AuditLog.h"
#include "model/store/Maintenance.h"

#include <QFileInfo>
#include <QJsonObject>

namespace secreview {

void backUpDatabase(const Session &actor, const Database &db, const QString &path)
{
    actor.require(Permission::BackUpDatabase, QStringLiteral("back up the database"));
    // Refused (a path that exists, a folder that cannot be written) before anything is logged.
    BackupTarget target(db, path);
    {
        Transaction tx(db);
        AuditLog(db).append(actor.name(), QStringLiteral("database.backup"), QStringLiteral("database"),
                            QFileInfo(db.location()).fileName(),
                            QJsonObject{{QStringLiteral("to"), QFileInfo(path).absoluteFilePath()}});
        tx.commit();
    }
    target.write();
}

} // namespace secreview
