#pragma once

#include <QString>
#include <QStringView>
#include <array>
#include <optional>

namespace secreview {

// Normalized severity, ordered so that "at least X" is a plain comparison (SPEC section 4).
enum class Severity : int
{
    Info = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4
};

inline constexpr std::array<Severity, 5> kSeveritiesDescending = {
    Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info};

// A severity stored as its number (databases, item data): out-of-range values are clamped, so
// that a row edited by hand cannot index past the five severities.
Severity severityFromLevel(qint64 level);

QString severityName(Severity s);                         // "Critical"
QString severityKey(Severity s);                          // "critical" (JSON, CLI, gate thresholds)
std::optional<Severity> severityFromKey(QStringView key); // case-insensitive name

// Score bands: 9.0-10 Critical, 7.0-8.9 High, 4.0-6.9 Medium, 0.1-3.9 Low, 0 Info.
Severity severityFromScore(double score);

// Bandit: HIGH with HIGH confidence is Critical; HIGH otherwise High; MEDIUM, LOW as named;
// anything else (UNDEFINED) Info.
Severity severityFromBandit(QStringView severity, QStringView confidence);

// Trivy: CRITICAL, HIGH, MEDIUM, LOW as named; UNKNOWN (and anything else) Info.
Severity severityFromTrivy(QStringView severity);

// SARIF level: error High, warning Medium, note Low, none Info. Unknown levels are Medium,
// the SARIF default level ("warning").
Severity severityFromSarifLevel(QStringView level);

} // namespace secreview
