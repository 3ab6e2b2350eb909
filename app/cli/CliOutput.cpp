#include "app/cli/CliOutput.h"

#include "model/core/Error.h"

namespace secreview::cli {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

QString isoOrEmpty(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

qint64 parseId(const QString &text, const QString &what)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok || id <= 0)
        throw Error(ErrorKind::Usage,
                    QStringLiteral("%1 '%2' is not an id (a positive number)").arg(what, text));
    return id;
}

QString padded(const QString &s, int width)
{
    return s.size() > width ? s.left(width - 1) + QChar(0x2026) : s.leftJustified(width);
}

} // namespace secreview::cli
