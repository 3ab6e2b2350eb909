#include "model/core/Text.h"

#include "model/core/Error.h"

namespace secreview {

QString storableText(QString text)
{
    if (!needsStorableText(text))
        return text;
    for (QChar &c : text) {
        if (c.unicode() >= 0xFFFE)
            c = QChar(QChar::ReplacementCharacter);
    }
    return text;
}

qsizetype codePoints(QStringView text)
{
    qsizetype n = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (!(text.at(i).isLowSurrogate() && i > 0 && text.at(i - 1).isHighSurrogate()))
            ++n;
    }
    return n;
}

void requireAtMost(QStringView text, qsizetype max, const QString &what)
{
    const qsizetype n = codePoints(text);
    if (n > max)
        throw Error(ErrorKind::Usage,
                    QStringLiteral("%1 has %2 characters; at most %3 are allowed").arg(what).arg(n).arg(max));
}

QString terminalSafe(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == '\n')
            out += QLatin1String("\\n");
        else if (u == '\r')
            out += QLatin1String("\\r");
        else if (u == '\t')
            out += QLatin1String("\\t");
        else if (u == 0x1b)
            out += QLatin1String("\\e");
        else if (u < 0x20 || (u >= 0x7f && u <= 0x9f))
            out += QStringLiteral("\\x%1").arg(int(u), 2, 16, QLatin1Char('0'));
        else if ((u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069) || (u >= 0x200b && u <= 0x200f) ||
                 u == 0x2028 || u == 0x2029 || (u >= 0x2060 && u <= 0x2064) || u == 0xfeff)
            out += QStringLiteral("\\u%1").arg(int(u), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

bool hasVisibleText(QStringView text)
{
    for (const QChar c : text) {
        const QChar::Category cat = c.category();
        if (!c.isSpace() && cat != QChar::Other_Control && cat != QChar::Other_Format)
            return true;
    }
    return false;
}

} // namespace secreview
