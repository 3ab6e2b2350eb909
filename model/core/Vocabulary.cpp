#include "model/core/Vocabulary.h"

#include "model/core/KeyTable.h"

namespace secreview {
namespace {
using S = ExemptionStatus;
constexpr auto kStatuses = makeKeyTable<S>({{S::Pending, "pending"},
                                            {S::Approved, "approved"},
                                            {S::Rejected, "rejected"},
                                            {S::Expired, "expired"},
                                            {S::Cancelled, "cancelled"},
                                            {S::Deleted, "deleted"}});
constexpr auto kCategories =
    makeKeyTable<IssueCategory>(
        {{IssueCategory::New, "new"}, {IssueCategory::Common, "common"}, {IssueCategory::Remediated, "remediated"}});
} // namespace

QString exemptionStatusKey(ExemptionStatus status)
{
    return kStatuses.key(status);
}

std::optional<ExemptionStatus> exemptionStatusFromKey(QStringView key)
{
    return kStatuses.fromKey(key);
}

QStringList exemptionStatusKeys()
{
    return kStatuses.keys();
}

QString issueCategoryKey(IssueCategory category)
{
    return kCategories.key(category);
}

std::optional<IssueCategory> issueCategoryFromKey(QStringView key)
{
    return kCategories.fromKey(key);
}

} // namespace secreview
