#include "model/store/Database.h"

#include "model/core/Error.h"
#include "model/store/Maintenance.h"
#include "model/store/ServerSchema.h"

#include <QDir>
#include <QFileInfo>

#include <QSqlError>
#include <QSqlQuery>

namespace secreview {

int Database::migrateServer(const QString &location, const ServerLogin &serverAdmin, const QString &backupFolder,
                            QString *backup)
{
    Database db(location, false);
    if (!db.isServer())
        throw Error(ErrorKind::Usage, QStringLiteral("%1 is a file: a file's schema is migrated when it is opened")
                                          .arg(location));
    db.m_server->login = serverAdmin;
    if (db.m_server->login.user.isEmpty())
        db.m_server->login.user = db.m_server->location.user;
    db.m_server->signedIn = true;
    const int version = db.schemaVersion();
    if (version == 0)
        throw Error(ErrorKind::DatabaseUnavailable,
                    QStringLiteral("%1 is not a secreview database (init creates one)").arg(db.m_server->location.display()));
    if (version > kSchemaVersion)
        throw Error(ErrorKind::DatabaseUnavailable,
                    QStringLiteral("%1 has schema version %2, newer than this secreview understands (%3)")
                        .arg(db.m_server->location.display())
                        .arg(version)
                        .arg(kSchemaVersion));
    if (version == kSchemaVersion)
        return version;
    // Version 6 is the first a server had (the rules of 1-6 are serverRules' own).
    if (version < 6)
        throw Error(ErrorKind::DatabaseUnavailable,
                    QStringLiteral("%1 has schema version %2, older than any server schema")
                        .arg(db.m_server->location.display())
                        .arg(version));
    Transaction tx(db);
    for (const QString &statement : {QStringLiteral("SET LOCAL ROLE \"%1\"").arg(db.m_server->location.ownerRole()),
                                     QStringLiteral("SET LOCAL search_path TO secreview")}) {
        QSqlQuery q(db.connection());
        if (!q.exec(statement))
            throw Error(ErrorKind::NotAllowed,
                        QStringLiteral("%1 cannot act as the schema's owner: a server's schema is migrated by the "
                                       "administrator who ran init (%2)")
                            .arg(db.m_server->login.user, q.lastError().databaseText()));
    }
    // The schema as it was, kept (once the login is known to be the owner's; other writers wait
    // meanwhile): the migration is one transaction, but the secreview before it
    // cannot open the version after it (as a file's migration keeps NAME.schema-vN.bak).
    const QDir folder(backupFolder);
    QString dump = folder.filePath(QStringLiteral("%1.schema-v%2.dump").arg(db.m_server->location.database).arg(version));
    for (int n = 2; QFileInfo::exists(dump) || QFileInfo(dump).isSymLink(); ++n)
        dump = folder.filePath(QStringLiteral("%1.schema-v%2.%3.dump").arg(db.m_server->location.database).arg(version).arg(n));
    copyDatabase(db, dump);
    if (backup)
        *backup = dump;
    db.migrate(version);
    for (const QString &statement : serverMigrationRules(db.m_server->location, version)) {
        QSqlQuery q(db.connection());
        if (!q.exec(statement))
            throw Error(ErrorKind::DatabaseUnavailable,
                        QStringLiteral("cannot set up the server's rules: %1 in: %2")
                            .arg(q.lastError().databaseText(), statement.left(120)));
    }
    tx.commit();
    db.close();
    return version;
}

} // namespace secreview
