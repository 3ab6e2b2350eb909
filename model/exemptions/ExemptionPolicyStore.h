#pragma once

#include "model/exemptions/ExemptionPolicy.h"
#include "model/store/Database.h"
#include "model/users/Session.h"

namespace secreview {

// A project's exemption policy as stored: the limits as JSON, self-approval on the project row.
class ExemptionPolicyStore
{
public:
    // Whether every project of the organization allows self-approval: what an approval widened
    // to the organization needs from a reviewer who requested it (it exempts in all of them).
    bool selfApprovalAllowedThroughout(qint64 organizationId) const;
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
