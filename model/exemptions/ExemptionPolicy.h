#pragma once

#include "model/core/Severity.h"
#include "model/exemptions/ExemptionTypes.h"

#include <QJsonObject>
#include <QStringList>
#include <array>
#include <optional>

namespace secreview {

// Limits an admin sets per project, enforced when an exemption is requested: the longest
// duration allowed per severity (Critical at most 30 days, say), and the reasons that need a
// URL. Self-approval, also a project setting, lives beside them.
struct ExemptionPolicy
{
    std::array<std::optional<int>, 5> maxDays{}; // by int(Severity); nullopt: no limit
    QList<ExemptionReason> urlRequiredReasons;
    bool allowSelfApproval = false;

    // Empty when the request is within the policy, else why not.
    QString violation(Severity severity, const ExemptionDuration &duration, ExemptionReason reason,
                      const QString &url) const;
    QStringList urlRequiredReasonNames() const;
    QJsonObject toJson() const;
    static ExemptionPolicy fromJson(const QJsonObject &json);
    QString text() const; // for people: "critical at most 30 days; URL required for False Positive"
};

} // namespace secreview
