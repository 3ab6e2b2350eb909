#include "model/core/Numbers.h"

#include <QLocale>
#include <QVariant>

namespace secreview {

QString comparableText(const QJsonValue &v)
{
    if (!v.isDouble())
        return v.toVariant().toString();
    const double d = v.toDouble();
    if (const std::optional<qint64> whole = wholeNumber(d))
        return QString::number(*whole);
    return QString::number(d, 'g', QLocale::FloatingPointShortest);
}

} // namespace secreview
