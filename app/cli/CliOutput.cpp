#include "app/cli/CliOutput.h"

#include "model/core/Error.h"

#include <QRegularExpression>

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
    if (s.size() <= width)
        return s.leftJustified(width);
    qsizetype cut = width - 1;
    if (cut > 0 && s.at(cut - 1).isHighSurrogate()) // never half a character (an emoji)
        --cut;
    return s.left(cut) + QChar(0x2026);
}

QDate parseDate(const QString &text, const QString &option)
{
    // Exactly YYYY-MM-DD: Qt's ISO parser would take "2026-12-02junk" as the 2nd.
    static const QRegularExpression form(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    const QDate date = form.match(text).hasMatch() ? QDate::fromString(text, Qt::ISODate) : QDate();
    if (!date.isValid())
        throw Error(ErrorKind::Usage, QStringLiteral("%1 takes a date, YYYY-MM-DD").arg(option));
    return date;
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
