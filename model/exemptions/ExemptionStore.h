#pragma once

#include "model/core/Severity.h"
#include "model/exemptions/ExemptionTypes.h"
#include "model/store/Database.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <optional>

namespace secreview {

// An exemption as the workflow, the console and the command line see it.
struct ExemptionInfo
{
    qint64 id = 0;
    qint64 issueId = 0;
    QString issueKey;
    QString issueTitle;
    QString scanner;
    QString target;
    qint64 targetId = 0;
    qint64 projectId = 0;
    qint64 organizationId = 0;
    ExemptionScope scope = ExemptionScope::Target;
    QString pipeline;
    ExemptionStatus status = ExemptionStatus::Pending; // effective: an approval that ran out is Expired
    ExemptionReason reason = ExemptionReason::Other;
    QString description;
    QString url;
    ExemptionDuration duration;
    QString requestedBy;
    QDateTime requestedAt;
    QString reviewedBy;
    QDateTime reviewedAt;
    QString decisionComment; // the latest approval's or rejection's comment
    std::optional<QDateTime> expiresAt;
    Severity severity = Severity::Info; // the issue's, in its latest scan
    // The highest severity the issue has had in any scan within the exemption's scope: what the
    // project's limits are checked against (ExemptionStore::coveredSeverity).
    Severity coveredSeverity = Severity::Info;
    QStringList occurrences; // locations of the covered occurrences; empty: the whole issue
};

// One step of an exemption's history.
struct ExemptionEvent
{
    qint64 exemptionId = 0;
    QDateTime at;
    QString actor;
    QString action; // request, approve, reject, reopen, cancel, delete
    std::optional<ExemptionStatus> fromStatus;
    ExemptionStatus toStatus = ExemptionStatus::Pending;
    QString comment;
};

// A request as it is stored (the workflow has checked it).
struct NewExemption
{
    qint64 issueId = 0;
    QString scanner;
    QString issueKey;
    ExemptionScope scope = ExemptionScope::Target;
    qint64 targetId = 0;
    qint64 projectId = 0;
    qint64 organizationId = 0;
    QString pipeline; // pipeline scope only
    ExemptionReason reason = ExemptionReason::Other;
    QString description;
    QString url;
    ExemptionDuration duration;
    qint64 requestedBy = 0;
};

// The issue an exemption is asked for: what exemptions match on (decision 6).
struct ExemptedIssue
{
    qint64 id = 0;
    QString scanner;
    QString key;
    qint64 targetId = 0;
};

// Where an exemption applies: its scope and the target, project or organization it is bound to.
struct ExemptionReach
{
    static ExemptionReach of(const ExemptionInfo &e, std::optional<ExemptionScope> scope = std::nullopt);

    QString scanner;
    QString issueKey;
    ExemptionScope scope = ExemptionScope::Target;
    qint64 targetId = 0;
    qint64 projectId = 0;
    qint64 organizationId = 0;
    QString pipeline;
};

// The SQL of exemptions, their occurrences and events, and nothing else: the rules (roles,
// transitions, limits, the audit entry) are ExemptionWorkflow's. Writes run inside the caller's
// transaction. Effective statuses are computed with Clock::now() on every read.
class ExemptionStore
{
public:
    explicit ExemptionStore(Database db) : m_db(std::move(db)) {}

    std::optional<ExemptionInfo> find(qint64 id) const;
    // By effective status; nullopt: every open one (neither cancelled nor deleted). By id.
    QList<ExemptionInfo> list(std::optional<ExemptionStatus> status) const;
    QList<ExemptionEvent> history(qint64 issueId) const; // of every exemption of the issue, in time
    // The exemption's latest event and its id: the row's version (every change adds one).
    std::optional<std::pair<qint64, ExemptionEvent>> latestEvent(qint64 exemptionId) const;
    QList<qint64> ids() const;

    std::optional<ExemptedIssue> issue(qint64 issueId) const;
    // The highest severity the issue key has had in any scan the reach covers: a scan imported
    // only to show it lower (a doctored copy as another variant) cannot lower it, and neither can
    // the issue having been fixed in its latest scan.
    Severity coveredSeverity(const ExemptionReach &reach) const;
    // The same per project the reach covers (several for an organization), for the projects where
    // the issue key is found; each project's limits are held against its own severity.
    // importedBefore: only the scans whose import's audit entry comes before that entry (what a
    // decision logged there saw; the log's order, not the clocks').
    QList<std::pair<qint64, Severity>> coveredSeverityByProject(const ExemptionReach &reach,
                                                                std::optional<qint64> importedBefore = {}) const;
    // The request of this issue and reach still open (pending: waiting for a decision), besides
    // except; nullopt when there is none.
    std::optional<ExemptionInfo> openFor(const ExemptionReach &reach, qint64 except = 0) const;
    // Every pending request that would cover this issue where it was found (its target, the
    // target's project and organization), by id.
    QList<ExemptionInfo> openCovering(qint64 issueId) const;
    // Every exemption, decided or not (neither cancelled nor deleted), that would cover this issue
    // where it was found (pendingOnly: openCovering), by id; an expired approval reads Expired.
    QList<ExemptionInfo> covering(qint64 issueId, bool pendingOnly = false) const;
    Severity latestSeverity(qint64 issueId) const; // in the latest scan holding the issue
    QString latestPipeline(qint64 issueId) const;  // of the latest scan of the issue tied to a pipeline
    // Where the occurrence with this fingerprint was last seen; nullopt: not an occurrence of the issue.
    std::optional<QString> occurrenceLocation(qint64 issueId, const QString &fingerprint) const;

    qint64 insert(const NewExemption &request) const; // pending, requested now
    void addOccurrence(qint64 id, const QString &fingerprint, const QString &location) const;
    void setApproved(qint64 id, ExemptionScope scope, qint64 reviewer, qint64 atMs,
                     std::optional<qint64> expiresAtMs) const;
    void setRejected(qint64 id, qint64 reviewer, qint64 atMs) const;
    void setPending(qint64 id) const; // clears the review
    void setStatus(qint64 id, ExemptionStatus status) const;
    void addEvent(qint64 id, qint64 actor, const QString &action, std::optional<ExemptionStatus> from,
                  ExemptionStatus to, const QString &comment) const;

    // The stored row as audit entries record it (status, scope, ids, expiry, the covered
    // fingerprints); empty when there is no such row.
    QJsonObject auditState(qint64 id) const;
    static const QStringList &auditStateFields(); // its keys, in the row's order

private:
    QList<ExemptionInfo> select(const QString &where,
                                const QList<std::pair<QString, QVariant>> &values) const;
    Database m_db;
};

} // namespace secreview
