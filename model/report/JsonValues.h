#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>
#include <optional>

namespace secreview::json {

// The JSON spelling of the values every writer in this folder shares: times in ISO 8601 UTC,
// absent values as null.
QString isoTime(const QDateTime &t);                     // "" when invalid
QJsonValue isoOrNull(const std::optional<QDateTime> &t); // null when absent or invalid
QJsonValue numberOrNull(const std::optional<double> &v);
QJsonValue textOrNull(const QString &text); // null when empty

} // namespace secreview::json
