#pragma once

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

} // namespace secreview
