#include "model/core/Vocabulary.h"

namespace secreview {
namespace {
constexpr ExemptionStatus kStatuses[] = {ExemptionStatus::Pending,  ExemptionStatus::Approved,
                                         ExemptionStatus::Rejected, ExemptionStatus::Expired,
                                         ExemptionStatus::Cancelled, ExemptionStatus::Deleted};
}

QString exemptionStatusKey(ExemptionStatus status)
{
    switch (status) {
    case ExemptionStatus::Pending:
        return QStringLiteral("pending");
    case ExemptionStatus::Approved:
        return QStringLiteral("approved");
    case ExemptionStatus::Rejected:
        return QStringLiteral("rejected");
    case ExemptionStatus::Expired:
        return QStringLiteral("expired");
    case ExemptionStatus::Cancelled:
        return QStringLiteral("cancelled");
    case ExemptionStatus::Deleted:
        return QStringLiteral("deleted");
    }
    return {};
}

std::optional<ExemptionStatus> exemptionStatusFromKey(QStringView key)
{
    for (ExemptionStatus s : kStatuses) {
        if (key == exemptionStatusKey(s))
            return s;
    }
    return std::nullopt;
}

QStringList exemptionStatusKeys()
{
    QStringList keys;
    for (ExemptionStatus s : kStatuses)
        keys.append(exemptionStatusKey(s));
    return keys;
}

QString issueCategoryKey(IssueCategory category)
{
    return category == IssueCategory::New ? QStringLiteral("new") : QStringLiteral("common");
}

std::optional<IssueCategory> issueCategoryFromKey(QStringView key)
{
    if (key == u"new")
        return IssueCategory::New;
    if (key == u"common")
        return IssueCategory::Common;
    return std::nullopt;
}

} // namespace secreview
