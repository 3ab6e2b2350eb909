#include "model/core/Severity.h"

#include "model/core/KeyTable.h"

namespace secreview {
namespace {
constexpr auto kNames = makeKeyTable<Severity>({{Severity::Critical, "Critical"},
                                                {Severity::High, "High"},
                                                {Severity::Medium, "Medium"},
                                                {Severity::Low, "Low"},
                                                {Severity::Info, "Info"}});
} // namespace

Severity severityFromLevel(qint64 level)
{
    return Severity(int(qBound(qint64(Severity::Info), level, qint64(Severity::Critical))));
}

QString severityName(Severity s)
{
    return kNames.key(s);
}

QString severityKey(Severity s)
{
    return severityName(s).toLower();
}

std::optional<Severity> severityFromKey(QStringView key)
{
    return kNames.fromKey(key, Qt::CaseInsensitive);
}

Severity severityFromScore(double score)
{
    // Scores are published with one decimal; compare on tenths so that 8.95 (rounded 9.0 by
    // the scanner's own display) cannot fall between the bands.
    const double tenths = score * 10.0;
    if (tenths >= 90.0 - 1e-9)
        return Severity::Critical;
    if (tenths >= 70.0 - 1e-9)
        return Severity::High;
    if (tenths >= 40.0 - 1e-9)
        return Severity::Medium;
    if (tenths >= 1.0 - 1e-9)
        return Severity::Low;
    return Severity::Info;
}

Severity severityFromBandit(QStringView severity, QStringView confidence)
{
    const Severity s = kNames.fromKey(severity, Qt::CaseInsensitive).value_or(Severity::Info);
    if (s == Severity::High && confidence.compare(u"HIGH", Qt::CaseInsensitive) == 0)
        return Severity::Critical;
    return s == Severity::Critical ? Severity::Info : s; // Bandit has no CRITICAL of its own
}

Severity severityFromTrivy(QStringView severity)
{
    return kNames.fromKey(severity, Qt::CaseInsensitive).value_or(Severity::Info);
}

Severity severityFromSarifLevel(QStringView level)
{
    if (level == u"error")
        return Severity::High;
    if (level == u"note")
        return Severity::Low;
    if (level == u"none")
        return Severity::Info;
    return Severity::Medium;
}

} // namespace secreview
