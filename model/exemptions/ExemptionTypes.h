#pragma once

#include "model/core/Vocabulary.h"
#include "model/users/Session.h"

#include <QDate>
#include <QList>
#include <QString>
#include <optional>

namespace secreview {

// The exemption workflow's vocabulary (SPEC section 2) and its state machine, as types. Text
// only at the edges: the key and name functions below are what SQL rows, JSON and the command
// line read and write.

enum class ExemptionScope
{
    Target,
    Pipeline,
    Project,
    Organization
};
QString exemptionScopeKey(ExemptionScope scope); // "target"
std::optional<ExemptionScope> exemptionScopeFromKey(const QString &key);
// Widening order: target and pipeline 0, project 1, organization 2.
int exemptionScopeRank(ExemptionScope scope);

enum class ExemptionReason
{
    CompensatingControls,
    AcceptableUse,
    AcceptableRisk,
    FalsePositive,
    FixUnavailable,
    Other
};
QString exemptionReasonName(ExemptionReason reason); // "Compensating Controls": stored and shown
QList<ExemptionReason> exemptionReasons();
QStringList exemptionReasonNames();
std::optional<ExemptionReason> exemptionReasonFromText(const QString &text); // case and separators ignored
// As exemptionReasonFromText, or Usage "reason 'x' is not one of: ..." (the command line's words).
ExemptionReason parseExemptionReason(const QString &text);

// How long an approved exemption lasts, counted from its approval.
struct ExemptionDuration
{
    std::optional<int> days; // 1, 7, 30, 90; or
    QDate until;             // valid: until the end of this day (UTC); neither: permanent
    static std::optional<ExemptionDuration> parse(const QString &text); // 1d 7d 30d 90d permanent YYYY-MM-DD
    QString text() const;
    // When an exemption approved at approvedAtMs runs out (ms since the epoch, UTC); nullopt: never.
    std::optional<qint64> expiresAt(qint64 approvedAtMs) const;
    // The days asked for, counting the last day of an end date as a whole day; nullopt: permanent.
    std::optional<qint64> daysFrom(const QDate &today) const;
};

// What may happen to an exemption: the verbs of the workflow.
enum class ExemptionAction
{
    Approve,
    Reject,
    Cancel,
    Reopen,
    Delete
};
QString exemptionActionKey(ExemptionAction action); // "approve": the CLI verb, the event and audit action
std::optional<ExemptionAction> exemptionActionFromKey(QStringView key);

// One row of the state machine: from which statuses an action applies and where it leads. The
// workflow, the Exemptions page's buttons and the command line all ask this table.
struct ExemptionTransition
{
    ExemptionAction action;
    QList<ExemptionStatus> from;
    ExemptionStatus to;
    // Besides those who decide exemptions (Permission::DecideExemptions), the requester may act
    // on their own request (cancel, re-open).
    bool requesterMayAct = false;
};
const QList<ExemptionTransition> &exemptionTransitions();
const ExemptionTransition &exemptionTransition(ExemptionAction action);
// The actions whose transition applies to an exemption in this status (whoever asks).
QList<ExemptionAction> exemptionActionsFrom(ExemptionStatus status);
// Whether session's roles let it take action on an exemption requested by requestedBy. (Whether a
// requester may approve their own request is the project's to say: ExemptionWorkflow::approve
// checks that on top.)
bool mayTakeExemptionAction(ExemptionAction action, const Session &session, const QString &requestedBy);

} // namespace secreview
