#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>
#include <optional>

namespace secreview {

// The words several modules share, as types. Text appears only at the edges (SQL rows, JSON,
// the command line) through the key functions below, so a misspelt status cannot compile.

// An exemption's status (SPEC section 2). Expired is the effective status of an approved
// exemption whose time has run out; cancelled and deleted ones stay for their history.
enum class ExemptionStatus
{
    Pending,
    Approved,
    Rejected,
    Expired,
    Cancelled,
    Deleted
};
QString exemptionStatusKey(ExemptionStatus status); // "pending"
std::optional<ExemptionStatus> exemptionStatusFromKey(QStringView key);
QStringList exemptionStatusKeys(); // in the enum's order

// An issue's category in a scan (SPEC section 2).
enum class IssueCategory
{
    New,
    Common,
    Remediated // in the comparison scan, gone from this one (listed only when asked for)
};
QString issueCategoryKey(IssueCategory category); // "new"
std::optional<IssueCategory> issueCategoryFromKey(QStringView key);

} // namespace secreview
