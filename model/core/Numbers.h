#pragma once

#include <QJsonValue>
#include <QString>
#include <QtGlobal>
#include <cmath>
#include <optional>

namespace secreview {

// d as a 64-bit integer when it is a whole number within 64 bits (3.0, 1e3), else nothing.
// Converting any other double to an integer is undefined behaviour, and numbers in files (and in
// a database someone edited) can be anything.
inline std::optional<qint64> wholeNumber(double d)
{
    constexpr double limit = 9223372036854775808.0; // 2^63
    if (d >= -limit && d < limit && d == std::trunc(d))
        return qint64(d);
    return std::nullopt;
}

// A JSON value as text for comparing a row with what the audit log recorded of it: numbers as
// written (a whole number within 64 bits as an integer, anything else shortest), so that 5, 5.0
// and an integer read back as a double compare equal and 1.5 is never read as 1.
QString comparableText(const QJsonValue &v);

} // namespace secreview
