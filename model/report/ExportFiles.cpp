// Where exports and CI outputs are written: whole or not at all, only as regular files, never
// over the database they were read from.
#include "model/report/Exports.h"

#include "model/core/Error.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <sys/stat.h>

namespace secreview::report {

void writeFile(const QString &path, const QByteArray &bytes)
{
    // Only a regular file, and never through a link: a link planted where a CI job writes its
    // reports would have the job overwrite what it points at; a device (/dev/full) would take
    // the bytes without the error a full disk gives.
    struct stat st{};
    if (::lstat(QFile::encodeName(path).constData(), &st) == 0) {
        if (S_ISLNK(st.st_mode))
            throw Error(ErrorKind::BadInput, QStringLiteral("%1: is a symbolic link; not written through").arg(path));
        if (!S_ISREG(st.st_mode)) // QFileInfo::isFile() says true of /dev/full
            throw Error(ErrorKind::BadInput, QStringLiteral("%1: is not a regular file; not written").arg(path));
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        throw Error(ErrorKind::BadInput, QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
}

void requireNotDatabase(const QString &path, const Database &db)
{
    if (db.isServer())
        return;
    const auto real = [](const QString &file) {
        const QFileInfo info(file);
        return info.exists() ? info.canonicalFilePath() : info.absoluteFilePath();
    };
    const QString target = real(path);
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")}) {
        if (target == real(db.location() + suffix))
            throw Error(ErrorKind::Usage,
                        QStringLiteral("%1 is the database itself; write the export to another file").arg(path));
    }
}

} // namespace secreview::report
