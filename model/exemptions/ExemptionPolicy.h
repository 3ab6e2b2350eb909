#pragma once

#include "model/core/Severity.h"
#include "model/exemptions/ExemptionTypes.h"

#include <QJsonObject>
#include <QMap>
#include <QStringList>
#include <array>
#include <optional>

namespace secreview {

// A project's policy, set by an admin: the limits enforced when an exemption is requested and
// approved (the longest duration per severity, Critical at most 30 days say, and the reasons that
// need a URL), whether a requester may approve their own request, and which scans its gates count.
struct ExemptionPolicy
{
    // Which scans a gate counts: any scan (a laptop's default), or only scans imported by an
    // account holding the ci role, so that a developer's import cannot empty a gate.
    enum class GateScans
    {
        Any,
        Ci
    };

    std::array<std::optional<int>, 5> maxDays{}; // by int(Severity); nullopt: no limit
    QList<ExemptionReason> urlRequiredReasons;
    bool allowSelfApproval = false;
    GateScans gateScans = GateScans::Any;
    // The baseline of a target of this type that has none of its own: a regular expression over
    // its variants (issue 16; e.g. repository ^(main|master)$, container ^latest$). By target type.
    QMap<QString, QString> defaultBaselines;
    static QMap<QString, QString> conventionalBaselines(); // the two above

    static QString gateScansKey(GateScans g); // "any", "ci"
    static std::optional<GateScans> gateScansFromKey(QStringView key);

    // Empty when the request is within the policy, else why not. An end date counts its days
    // from countedFrom (invalid: today, UTC): an approval's are counted from its day.
    QString violation(Severity severity, const ExemptionDuration &duration, ExemptionReason reason,
                      const QString &url, const QDate &countedFrom = {}) const;
    QStringList urlRequiredReasonNames() const;
    QJsonObject toJson() const;
    static ExemptionPolicy fromJson(const QJsonObject &json);
    QString text() const; // for people: "critical at most 30 days; URL required for False Positive"
};

} // namespace secreview
