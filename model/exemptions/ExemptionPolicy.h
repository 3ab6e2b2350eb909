#pragma once

#include "model/core/Severity.h"
#include "model/store/Database.h"
#include "model/users/Session.h"

#include <QJsonObject>
#include <QStringList>
#include <array>
#include <optional>

namespace secreview {

struct ExemptionDuration;

// Limits an admin sets per project, enforced when an exemption is requested: the longest
// duration allowed per severity (Critical at most 30 days, say), and the reasons that need a
// URL. Self-approval, also a project setting, lives beside them.
struct ExemptionPolicy
{
    std::array<std::optional<int>, 5> maxDays{}; // by int(Severity); nullopt: no limit
    QStringList urlRequiredReasons;
    bool allowSelfApproval = false;

    // Empty when the request is within the policy, else why not.
    QString violation(Severity severity, const ExemptionDuration &duration, const QString &reason,
                      const QString &url) const;
    QJsonObject toJson() const;
    static ExemptionPolicy fromJson(const QJsonObject &json);
    QString text() const; // for people: "critical at most 30 days; URL required for False Positive"
};

class ExemptionPolicyStore
{
public:
    explicit ExemptionPolicyStore(Database db) : m_db(std::move(db)) {}

    ExemptionPolicy get(qint64 projectId) const;
    ExemptionPolicy get(const QString &project) const; // NotFound
    // Admin only; audited with the policy before and after.
    void set(const Session &actor, const QString &project, const ExemptionPolicy &policy) const;

private:
    qint64 projectId(const QString &project) const;
    Database m_db;
};

} // namespace secreview
