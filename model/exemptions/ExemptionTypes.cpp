#include "model/exemptions/ExemptionTypes.h"

#include "model/core/Error.h"
#include "model/core/KeyTable.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTimeZone>

namespace secreview {
namespace {
constexpr auto kScopes = makeKeyTable<ExemptionScope>({{ExemptionScope::Target, "target"},
                                                       {ExemptionScope::Pipeline, "pipeline"},
                                                       {ExemptionScope::Project, "project"},
                                                       {ExemptionScope::Organization, "organization"}});
// The reason types of SPEC section 2, by the names they are stored and shown with.
constexpr auto kReasons =
    makeKeyTable<ExemptionReason>({{ExemptionReason::CompensatingControls, "Compensating Controls"},
                                   {ExemptionReason::AcceptableUse, "Acceptable Use"},
                                   {ExemptionReason::AcceptableRisk, "Acceptable Risk"},
                                   {ExemptionReason::FalsePositive, "False Positive"},
                                   {ExemptionReason::FixUnavailable, "Fix Unavailable"},
                                   {ExemptionReason::Other, "Other"}});
constexpr auto kActions = makeKeyTable<ExemptionAction>({{ExemptionAction::Approve, "approve"},
                                                         {ExemptionAction::Reject, "reject"},
                                                         {ExemptionAction::Cancel, "cancel"},
                                                         {ExemptionAction::Reopen, "reopen"},
                                                         {ExemptionAction::Delete, "delete"}});
} // namespace

QString exemptionScopeKey(ExemptionScope scope)
{
    return kScopes.key(scope);
}

std::optional<ExemptionScope> exemptionScopeFromKey(const QString &key)
{
    return kScopes.fromKey(key.trimmed(), Qt::CaseInsensitive);
}

int exemptionScopeRank(ExemptionScope scope)
{
    switch (scope) {
    case ExemptionScope::Organization:
        return 2;
    case ExemptionScope::Project:
        return 1;
    case ExemptionScope::Target:
    case ExemptionScope::Pipeline:
        break;
    }
    return 0;
}

QString exemptionReasonName(ExemptionReason reason)
{
    return kReasons.key(reason);
}

QList<ExemptionReason> exemptionReasons()
{
    return kReasons.values();
}

QStringList exemptionReasonNames()
{
    return kReasons.keys();
}

std::optional<ExemptionReason> exemptionReasonFromText(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[\\s_-]+"));
    const QString wanted = text.toLower().remove(separators);
    for (ExemptionReason reason : exemptionReasons()) {
        if (exemptionReasonName(reason).toLower().remove(separators) == wanted)
            return reason;
    }
    return std::nullopt;
}

ExemptionReason parseExemptionReason(const QString &text)
{
    if (const auto reason = exemptionReasonFromText(text))
        return *reason;
    throw Error(ErrorKind::Usage, QStringLiteral("reason '%1' is not one of: %2")
                                      .arg(text, exemptionReasonNames().join(QStringLiteral(", "))));
}

std::optional<ExemptionDuration> ExemptionDuration::parse(const QString &text)
{
    const QString t = text.trimmed().toLower();
    ExemptionDuration d;
    if (t == QLatin1String("permanent"))
        return d;
    for (int days : {1, 7, 30, 90}) {
        if (t == QStringLiteral("%1d").arg(days)) {
            d.days = days;
            return d;
        }
    }
    const QDate date = QDate::fromString(t, Qt::ISODate);
    if (date.isValid() && t.size() == 10) {
        d.until = date;
        return d;
    }
    return std::nullopt;
}

QString ExemptionDuration::text() const
{
    if (days)
        return QStringLiteral("%1d").arg(*days);
    if (until.isValid())
        return until.toString(Qt::ISODate);
    return QStringLiteral("permanent");
}

std::optional<qint64> ExemptionDuration::expiresAt(qint64 approvedAtMs) const
{
    if (days)
        return approvedAtMs + qint64(*days) * 24 * 3600 * 1000;
    if (until.isValid()) // the end of that day, UTC
        return QDateTime(until.addDays(1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    return std::nullopt;
}

std::optional<qint64> ExemptionDuration::daysFrom(const QDate &today) const
{
    if (days)
        return *days;
    if (until.isValid())
        return today.daysTo(until) + 1; // until the end of that day
    return std::nullopt;
}

QString exemptionActionKey(ExemptionAction action)
{
    return kActions.key(action);
}

std::optional<ExemptionAction> exemptionActionFromKey(QStringView key)
{
    return kActions.fromKey(key);
}

const QList<ExemptionTransition> &exemptionTransitions()
{
    using S = ExemptionStatus;
    // SPEC section 2 and Harness STO's exemption page: a reviewer approves a pending request (or
    // reconsiders a rejected or expired one), rejects a pending request or revokes an approval;
    // the requester cancels or re-opens their own; an approved rule is deleted (decision 9).
    static const QList<ExemptionTransition> table{
        {ExemptionAction::Approve, {S::Pending, S::Rejected, S::Expired}, S::Approved, false},
        {ExemptionAction::Reject, {S::Pending, S::Approved}, S::Rejected, false},
        {ExemptionAction::Cancel, {S::Pending, S::Rejected, S::Expired}, S::Cancelled, true},
        {ExemptionAction::Reopen, {S::Rejected, S::Expired}, S::Pending, true},
        {ExemptionAction::Delete, {S::Approved}, S::Deleted, false},
    };
    return table;
}

const ExemptionTransition &exemptionTransition(ExemptionAction action)
{
    for (const ExemptionTransition &t : exemptionTransitions()) {
        if (t.action == action)
            return t;
    }
    Q_UNREACHABLE();
}

QList<ExemptionAction> exemptionActionsFrom(ExemptionStatus status)
{
    QList<ExemptionAction> out;
    for (const ExemptionTransition &t : exemptionTransitions()) {
        if (t.from.contains(status))
            out.append(t.action);
    }
    return out;
}

bool mayTakeExemptionAction(ExemptionAction action, const Session &session, const QString &requestedBy)
{
    return session.may(Permission::DecideExemptions) ||
           (exemptionTransition(action).requesterMayAct && requestedBy == session.name());
}

} // namespace secreview
