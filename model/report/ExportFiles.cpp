// Where exports and CI outputs are written: whole or not at all, only as regular files, never
// over the database they were read from.
#include "model/report/Exports.h"

#include "model/core/Error.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <sys/stat.h>

namespace secreview::report {

namespace {

// A path as the file system resolves it: links in it followed, the file itself too when it exists.
QString resolved(const QString &file)
{
    const QFileInfo info(file);
    if (info.exists())
        return info.canonicalFilePath();
    const QString folder = QFileInfo(info.absolutePath()).canonicalFilePath();
    return folder.isEmpty() ? info.absoluteFilePath() : folder + QLatin1Char('/') + info.fileName();
}

} // namespace

void requireRegularFile(const QString &path)
{
    // Only a regular file, and never through a link: a link planted where a CI job writes its
    // reports would have the job overwrite what it points at; a device (/dev/full) would take
    // the bytes without the error a full disk gives, a FIFO would block for ever.
    struct stat st{};
    if (::lstat(QFile::encodeName(path).constData(), &st) == 0) {
        if (S_ISLNK(st.st_mode))
            throw Error(ErrorKind::BadInput, QStringLiteral("%1: is a symbolic link; not written through").arg(path));
        if (!S_ISREG(st.st_mode)) // QFileInfo::isFile() says true of /dev/full
            throw Error(ErrorKind::BadInput, QStringLiteral("%1: is not a regular file; not written").arg(path));
    }
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    requireRegularFile(path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        throw Error(ErrorKind::BadInput, QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
}

void appendFile(const QString &path, const QByteArray &bytes)
{
    requireRegularFile(path);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append) || file.write(bytes) != bytes.size() || !file.flush())
        throw Error(ErrorKind::BadInput, QStringLiteral("%1: cannot append: %2").arg(path, file.errorString()));
    file.close();
    if (file.error() != QFileDevice::NoError)
        throw Error(ErrorKind::BadInput, QStringLiteral("%1: cannot append: %2").arg(path, file.errorString()));
}

void requireNotDatabase(const QString &path, const Database &db)
{
    if (db.isServer())
        return;
    const QString target = resolved(path);
    // The database's companions sit beside the file the location resolves to (a --db that is a
    // link names the link; SQLite's -wal is the real file's).
    for (const QString &database : {resolved(db.location()), QFileInfo(db.location()).absoluteFilePath()}) {
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")}) {
            if (target == resolved(database + suffix))
                throw Error(ErrorKind::Usage,
                            QStringLiteral("%1 is the database itself; write the export to another file").arg(path));
        }
    }
}

} // namespace secreview::report
