#include "model/store/Maintenance.h"

#include "model/core/Error.h"

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace secreview {
namespace {

// The results of a PRAGMA on a connection of its own to the file at path (a copy being checked).
QStringList pragmaOn(const QString &path, const QString &pragma)
{
    QStringList out;
    const QString name = QStringLiteral("secreview-check-%1").arg(QRandomGenerator::global()->generate64(), 0, 16);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open()) {
            out.append(db.lastError().text());
        } else {
            QSqlQuery q(db);
            if (!q.exec(pragma))
                out.append(q.lastError().text());
            while (q.next())
                out.append(q.value(0).toString());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

} // namespace

void copyDatabase(const Database &db, const QString &path)
{
    if (db.dialect().engine() != SqlDialect::Engine::SQLite)
        throw Error(ErrorKind::Usage, QStringLiteral("a server database is backed up with the server's tools "
                                                     "(pg_dump); see docs/team-mode.md"));
    const QFileInfo target(path);
    if (target.exists())
        throw Error(ErrorKind::Usage,
                    QStringLiteral("%1 exists: a backup is written to a new file, never over one").arg(path));
    if (target.absoluteFilePath() == QFileInfo(db.location()).absoluteFilePath())
        throw Error(ErrorKind::Usage, QStringLiteral("the backup cannot be the database itself"));
    // An empty file of its own, 0600 before a byte is written (VACUUM INTO takes an empty file),
    // then renamed into place once the copy checks out.
    const QString partial = QStringLiteral("%1.partial-%2")
                                .arg(target.absoluteFilePath())
                                .arg(QRandomGenerator::global()->generate(), 0, 16);
    {
        QFile file(partial);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
            !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            throw Error(ErrorKind::Usage, QStringLiteral("cannot write a backup at %1: %2").arg(path, file.errorString()));
    }
    try {
        Query(db, QStringLiteral("VACUUM INTO :path")).bind(QStringLiteral(":path"), partial).exec();
        const QStringList integrity = pragmaOn(partial, QStringLiteral("PRAGMA integrity_check"));
        if (integrity != QStringList{QStringLiteral("ok")})
            throw Error(ErrorKind::DatabaseUnavailable,
                        QStringLiteral("the backup of %1 did not check out: %2")
                            .arg(db.location(), integrity.join(QStringLiteral("; "))));
        if (!QFile::rename(partial, target.absoluteFilePath()))
            throw Error(ErrorKind::Usage, QStringLiteral("cannot name the backup %1 (does it exist now?)").arg(path));
    } catch (...) {
        QFile::remove(partial);
        throw;
    }
}

QStringList storageProblems(const Database &db)
{
    QStringList out;
    if (db.dialect().engine() != SqlDialect::Engine::SQLite)
        return out;
    Query integrity(db, QStringLiteral("PRAGMA integrity_check"));
    integrity.exec();
    while (integrity.next()) {
        const QString line = integrity.text(u"integrity_check");
        if (line != QLatin1String("ok"))
            out.append(QStringLiteral("integrity: %1").arg(line));
    }
    Query keys(db, QStringLiteral("PRAGMA foreign_key_check"));
    keys.exec();
    while (keys.next())
        out.append(QStringLiteral("foreign key: %1 row %2 points to a missing %3 row")
                       .arg(keys.text(u"table"), keys.text(u"rowid"), keys.text(u"parent")));
    return out;
}

} // namespace secreview
