#include "model/store/Maintenance.h"

#include "model/core/Error.h"

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

BackupTarget::BackupTarget(const Database &db, const QString &path) : m_db(db), m_path(path)
{
    if (db.dialect().engine() != SqlDialect::Engine::SQLite)
        throw Error(ErrorKind::Usage, QStringLiteral("a server database is backed up with the server's tools "
                                                     "(pg_dump); see docs/team-mode.md"));
    // Anything at the path, a dangling symbolic link included (lstat, not stat): a backup is a
    // new file, never written through a link someone planted.
    struct stat st;
    const QByteArray native = QFile::encodeName(path);
    if (path.isEmpty() || ::lstat(native.constData(), &st) == 0)
        throw Error(ErrorKind::Usage,
                    QStringLiteral("%1 exists: a backup is written to a new file, never over one").arg(path));
    // An empty file of its own, created 0600 (O_EXCL, no link followed) before a byte is
    // written; VACUUM INTO fills it; it takes its name only once the copy checks out.
    m_partial = QStringLiteral("%1.partial-%2")
                    .arg(QFileInfo(path).absoluteFilePath())
                    .arg(QRandomGenerator::global()->generate(), 0, 16);
    const int fd = ::open(QFile::encodeName(m_partial).constData(),
                          O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0) {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        m_partial.clear();
        throw Error(ErrorKind::Usage, QStringLiteral("cannot write a backup at %1: %2").arg(path, why));
    }
    ::close(fd);
}

BackupTarget::~BackupTarget()
{
    if (!m_partial.isEmpty())
        ::unlink(QFile::encodeName(m_partial).constData());
}

void BackupTarget::write()
{
    Query(m_db, QStringLiteral("VACUUM INTO :path")).bind(QStringLiteral(":path"), m_partial).exec();
    const QStringList integrity = pragmaOn(m_partial, QStringLiteral("PRAGMA integrity_check"));
    if (integrity != QStringList{QStringLiteral("ok")})
        throw Error(ErrorKind::DatabaseUnavailable, QStringLiteral("the backup of %1 did not check out: %2")
                                                        .arg(m_db.location(), integrity.join(QStringLiteral("; "))));
    // link() never replaces and never follows a link at the new name: what appeared there since
    // the check is left alone and the backup refused.
    const QByteArray partial = QFile::encodeName(m_partial);
    if (::link(partial.constData(), QFile::encodeName(m_path).constData()) != 0)
        throw Error(ErrorKind::Usage, QStringLiteral("cannot name the backup %1: %2")
                                          .arg(m_path, QString::fromLocal8Bit(std::strerror(errno))));
    ::unlink(partial.constData());
    m_partial.clear();
}

void copyDatabase(const Database &db, const QString &path)
{
    BackupTarget target(db, path);
    target.write();
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
