#include "model/audit/Backup.h"

#include "model/core/Error.h"
#include "model/store/AuditLog.h"
#include "model/store/Maintenance.h"

#include <QFileInfo>
#include <QJsonObject>

namespace secreview {

void backUpDatabase(const Session &actor, const Database &db, const QString &path)
{
    actor.require(Permission::BackUpDatabase, QStringLiteral("back up the database"));
    if (QFileInfo::exists(path)) // refused before anything is logged
        throw Error(ErrorKind::Usage,
                    QStringLiteral("%1 exists: a backup is written to a new file, never over one").arg(path));
    {
        Transaction tx(db);
        AuditLog(db).append(actor.name(), QStringLiteral("database.backup"), QStringLiteral("database"),
                            QFileInfo(db.location()).fileName(),
                            QJsonObject{{QStringLiteral("to"), QFileInfo(path).absoluteFilePath()}});
        tx.commit();
    }
    copyDatabase(db, path);
}

} // namespace secreview
