#include "app/cli/CliOutput.h"

#include "model/core/Error.h"
#include "model/core/Text.h"

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

QString safe(const QString &field)
{
    return terminalSafe(field);
}

QString padded(const QString &field, int width)
{
    const QString s = safe(field);
    return s.size() > width ? s.left(width - 1) + QChar(0x2026) : s.leftJustified(width);
}

QString block(const QString &text, int indent)
{
    const QString prefix(indent, QLatin1Char(' '));
    QStringList lines;
    for (QString line : text.split(QLatin1Char('\n'))) {
        if (line.endsWith(QLatin1Char('\r'))) // CRLF: the line's end; a bare CR is shown (\r)
            line.chop(1);
        lines.append(prefix + safe(line));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace secreview::cli
