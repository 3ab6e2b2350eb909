#include "model/exemptions/ExemptionPolicy.h"

#include "model/core/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace secreview {

QString ExemptionPolicy::violation(Severity severity, const ExemptionDuration &duration,
                                   ExemptionReason reason, const QString &url, const QDate &countedFrom) const
{
    if (const std::optional<int> max = maxDays[size_t(severity)]) {
        const std::optional<qint64> asked =
            duration.daysFrom(countedFrom.isValid() ? countedFrom : Clock::now().date()); // nullopt: permanent
        if (!asked || *asked > *max)
            return QStringLiteral("%1 issues may be exempted for at most %2 days in this project; asked: %3")
                .arg(severityName(severity))
                .arg(*max)
                .arg(duration.text());
    }
    if (urlRequiredReasons.contains(reason) && url.trimmed().isEmpty())
        return QStringLiteral("the reason %1 needs a URL (a ticket or a risk acceptance) in this project")
            .arg(exemptionReasonName(reason));
    return {};
}

QStringList ExemptionPolicy::urlRequiredReasonNames() const
{
    QStringList names;
    for (ExemptionReason reason : urlRequiredReasons)
        names.append(exemptionReasonName(reason));
    return names;
}

QString ExemptionPolicy::gateScansKey(GateScans g)
{
    return g == GateScans::Ci ? QStringLiteral("ci") : QStringLiteral("any");
}

std::optional<ExemptionPolicy::GateScans> ExemptionPolicy::gateScansFromKey(QStringView key)
{
    if (key == u"any")
        return GateScans::Any;
    if (key == u"ci")
        return GateScans::Ci;
    return std::nullopt;
}

QJsonObject ExemptionPolicy::toJson() const
{
    QJsonObject max;
    for (Severity s : kSeveritiesDescending) {
        if (maxDays[size_t(s)])
            max.insert(severityKey(s), *maxDays[size_t(s)]);
    }
    QJsonObject out{{QStringLiteral("maxDays"), max},
                    {QStringLiteral("urlRequiredReasons"), QJsonArray::fromStringList(urlRequiredReasonNames())},
                    {QStringLiteral("allowSelfApproval"), allowSelfApproval},
                    {QStringLiteral("gateScans"), gateScansKey(gateScans)}};
    if (!defaultBaselines.isEmpty()) { // absent when unset: earlier policies' entries read the same
        QJsonObject baselines;
        for (auto it = defaultBaselines.cbegin(); it != defaultBaselines.cend(); ++it)
            baselines.insert(it.key(), it.value());
        out.insert(QStringLiteral("defaultBaselines"), baselines);
    }
    return out;
}

QMap<QString, QString> ExemptionPolicy::conventionalBaselines()
{
    return {{QStringLiteral("repository"), QStringLiteral("^(main|master)$")},
            {QStringLiteral("container"), QStringLiteral("^latest$")}};
}

ExemptionPolicy ExemptionPolicy::fromJson(const QJsonObject &json)
{
    ExemptionPolicy p;
    const QJsonObject max = json.value(QStringLiteral("maxDays")).toObject();
    for (Severity s : kSeveritiesDescending) {
        if (max.contains(severityKey(s)))
            p.maxDays[size_t(s)] = max.value(severityKey(s)).toInt();
    }
    for (const QJsonValue &v : json.value(QStringLiteral("urlRequiredReasons")).toArray()) {
        if (const auto reason = exemptionReasonFromText(v.toString()))
            p.urlRequiredReasons.append(*reason);
    }
    p.allowSelfApproval = json.value(QStringLiteral("allowSelfApproval")).toBool();
    p.gateScans = gateScansFromKey(json.value(QStringLiteral("gateScans")).toString()).value_or(GateScans::Any);
    const QJsonObject baselines = json.value(QStringLiteral("defaultBaselines")).toObject();
    for (auto it = baselines.constBegin(); it != baselines.constEnd(); ++it) {
        if (!it.value().toString().isEmpty())
            p.defaultBaselines.insert(it.key(), it.value().toString());
    }
    return p;
}

QString ExemptionPolicy::text() const
{
    QStringList parts;
    for (Severity s : kSeveritiesDescending) {
        if (maxDays[size_t(s)])
            parts.append(QStringLiteral("%1 at most %2 days").arg(severityKey(s)).arg(*maxDays[size_t(s)]));
    }
    if (!urlRequiredReasons.isEmpty())
        parts.append(
            QStringLiteral("URL required for %1").arg(urlRequiredReasonNames().join(QStringLiteral(", "))));
    parts.append(allowSelfApproval ? QStringLiteral("requesters may approve their own requests")
                                   : QStringLiteral("no self-approval"));
    parts.append(gateScans == GateScans::Ci ? QStringLiteral("gates count scans imported by ci accounts only")
                                            : QStringLiteral("gates count any scan"));
    for (auto it = defaultBaselines.cbegin(); it != defaultBaselines.cend(); ++it)
        parts.append(QStringLiteral("a %1 without a baseline is compared with /%2/").arg(it.key(), it.value()));
    return parts.join(QStringLiteral("; "));
}

} // namespace secreview
