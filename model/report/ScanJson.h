#pragma once

#include "model/scans/ScanHistory.h"

#include <QJsonObject>

namespace secreview::json {

// The history's documents (SPEC section 5b): `scans`, `compare` and `trend`.
QJsonObject scanSummary(const ScanSummary &s); // an entry of `scans`
QJsonObject comparison(const ScanComparison &c);
// {"scan", "at", "scanner", "counts", "new", "remediated", "exempted", "scans"} and, per day, "day".
QJsonObject trendPoint(const TrendPoint &p);

} // namespace secreview::json
