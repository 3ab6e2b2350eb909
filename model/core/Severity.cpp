#include "model/core/Severity.h"

namespace secreview {

Severity severityFromLevel(qint64 level)
{
    return Severity(int(qBound(qint64(Severity::Info), level, qint64(Severity::Critical))));
}

QString severityName(Severity s)
{
    switch (s) {
    case Severity::Critical:
        return QStringLiteral("Critical");
    case Severity::High:
        return QStringLiteral("High");
    case Severity::Medium:
        return QStringLiteral("Medium");
    case Severity::Low:
        return QStringLiteral("Low");
    case Severity::Info:
        break;
    }
    return QStringLiteral("Info");
}

QString severityKey(Severity s)
{
    return severityName(s).toLower();
}

std::optional<Severity> severityFromKey(QStringView key)
{
    for (Severity s : kSeveritiesDescending) {
        if (key.compare(severityName(s), Qt::CaseInsensitive) == 0)
            return s;
    }
    return std::nullopt;
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
    if (severity.compare(u"HIGH", Qt::CaseInsensitive) == 0)
        return confidence.compare(u"HIGH", Qt::CaseInsensitive) == 0 ? Severity::Critical : Severity::High;
    if (severity.compare(u"MEDIUM", Qt::CaseInsensitive) == 0)
        return Severity::Medium;
    if (severity.compare(u"LOW", Qt::CaseInsensitive) == 0)
        return Severity::Low;
    return Severity::Info;
}

Severity severityFromTrivy(QStringView severity)
{
    if (severity.compare(u"CRITICAL", Qt::CaseInsensitive) == 0)
        return Severity::Critical;
    if (severity.compare(u"HIGH", Qt::CaseInsensitive) == 0)
        return Severity::High;
    if (severity.compare(u"MEDIUM", Qt::CaseInsensitive) == 0)
        return Severity::Medium;
    if (severity.compare(u"LOW", Qt::CaseInsensitive) == 0)
        return Severity::Low;
    return Severity::Info;
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
