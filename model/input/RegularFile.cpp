#include "model/input/RegularFile.h"

#include "model/core/Error.h"

#include <QFile>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace secreview {
namespace {

[[noreturn]] void refuse(const QString &name, const QString &why)
{
    throw Error(ErrorKind::BadInput, QStringLiteral("%1: %2").arg(name, why));
}

void checkSize(const QString &name, qint64 size, qint64 maxBytes, const QString &limitHint)
{
    if (size > maxBytes)
        refuse(name, QStringLiteral("%1 bytes is over the limit of %2 bytes%3")
                         .arg(size)
                         .arg(maxBytes)
                         .arg(limitHint.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(limitHint)));
}

QByteArray readAll(QFile &file, const QString &name, qint64 size, qsizetype padding)
{
    QByteArray bytes;
    bytes.reserve(qsizetype(size) + padding);
    bytes.resize(qsizetype(size));
    qint64 got = 0;
    while (got < size) {
        const qint64 n = file.read(bytes.data() + got, size - got);
        if (n <= 0)
            break;
        got += n;
    }
    char more = 0;
    if (got != size || file.read(&more, 1) > 0)
        refuse(name, QStringLiteral("cannot read: %1").arg(file.error() != QFileDevice::NoError
                                                               ? file.errorString()
                                                               : QStringLiteral("the file changed while it was read")));
    return bytes;
}

} // namespace

QByteArray readRegularFile(const QString &path, const QString &name, qint64 maxBytes, const QString &expected,
                           const QString &limitHint, qsizetype padding)
{
    if (path.startsWith(QLatin1Char(':'))) { // a Qt resource: ours, built in
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            refuse(name, QStringLiteral("cannot read: %1").arg(file.errorString()));
        checkSize(name, file.size(), maxBytes, limitHint);
        return readAll(file, name, file.size(), padding);
    }
    // Opened without blocking (a FIFO would wait for a writer), then judged by what was opened, so
    // the file cannot be swapped between a check and the read.
    const QByteArray local = QFile::encodeName(path);
    const int fd = ::open(local.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        refuse(name, QStringLiteral("cannot read: %1").arg(QString::fromLocal8Bit(strerror(errno))));
    struct stat st = {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const bool directory = S_ISDIR(st.st_mode);
        ::close(fd);
        refuse(name, directory ? QStringLiteral("is a folder; expected %1").arg(expected)
                               : QStringLiteral("not a regular file (a pipe, a device or a socket); expected %1")
                                     .arg(expected));
    }
    if (qint64(st.st_size) > maxBytes) {
        ::close(fd);
        checkSize(name, qint64(st.st_size), maxBytes, limitHint);
    }
    const int flags = ::fcntl(fd, F_GETFL);
    ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    QFile file;
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        refuse(name, QStringLiteral("cannot read: %1").arg(file.errorString()));
    }
    return readAll(file, name, qint64(st.st_size), padding);
}

} // namespace secreview
