#include "model/exemptions/ExemptionTypes.h"

#include "model/core/Error.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTimeZone>

namespace secreview {

QString exemptionScopeKey(ExemptionScope scope)
{
    switch (scope) {
    case ExemptionScope::Target:
        return QStringLiteral("target");
    case ExemptionScope::Pipeline:
        return QStringLiteral("pipeline");
    case ExemptionScope::Project:
        return QStringLiteral("project");
    case ExemptionScope::Organization:
        return QStringLiteral("organization");
    }
    return {};
}

std::optional<ExemptionScope> exemptionScopeFromKey(const QString &key)
{
    for (ExemptionScope s : {ExemptionScope::Target, ExemptionScope::Pipeline, ExemptionScope::Project,
                             ExemptionScope::Organization}) {
        if (exemptionScopeKey(s).compare(key.trimmed(), Qt::CaseInsensitive) == 0)
            return s;
    }
    return std::nullopt;
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
    switch (reason) {
    case ExemptionReason::CompensatingControls:
        return QStringLiteral("Compensating Controls");
    case ExemptionReason::AcceptableUse:
        return QStringLiteral("Acceptable Use");
    case ExemptionReason::AcceptableRisk:
        return QStringLiteral("Acceptable Risk");
    case ExemptionReason::FalsePositive:
        return QStringLiteral("False Positive");
    case ExemptionReason::FixUnavailable:
        return QStringLiteral("Fix Unavailable");
    case ExemptionReason::Other:
        break;
    }
    return QStringLiteral("Other");
}

QList<ExemptionReason> exemptionReasons()
{
    return {ExemptionReason::CompensatingControls, ExemptionReason::AcceptableUse,
            ExemptionReason::AcceptableRisk,       ExemptionReason::FalsePositive,
            ExemptionReason::FixUnavailable,       ExemptionReason::Other};
}

QStringList exemptionReasonNames()
{
    QStringList names;
    for (ExemptionReason r : exemptionReasons())
        names.append(exemptionReasonName(r));
    return names;
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
    switch (action) {
    case ExemptionAction::Approve:
        return QStringLiteral("approve");
    case ExemptionAction::Reject:
        return QStringLiteral("reject");
    case ExemptionAction::Cancel:
        return QStringLiteral("cancel");
    case ExemptionAction::Reopen:
        return QStringLiteral("reopen");
    case ExemptionAction::Delete:
        return QStringLiteral("delete");
    }
    return {};
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
