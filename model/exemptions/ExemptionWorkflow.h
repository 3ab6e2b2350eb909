#pragma once

#include "model/exemptions/ExemptionStore.h"
#include "model/exemptions/ExemptionTypes.h"
#include "model/store/Database.h"
#include "model/users/Session.h"

#include <QList>
#include <optional>

namespace secreview {

struct ExemptionRequest
{
    qint64 issueId = 0;
    ExemptionScope scope = ExemptionScope::Target;
    QString pipeline; // for pipeline scope; the issue's latest scan's pipeline when empty
    ExemptionDuration duration;
    ExemptionReason reason = ExemptionReason::Other;
    QString description;
    QString url;
    // Selected occurrences (their fingerprints; target scope only). Empty: the whole issue,
    // including occurrences that appear later.
    QStringList occurrences;
};

// The exemption workflow: a developer requests, SecOps decides. Every verb checks the acting
// Session's roles and the transition table (ExemptionTypes.h) here, records an event and an
// audit entry in the same transaction; the console and the command line both call these, so
// both enforce the same rules.
class ExemptionWorkflow
{
public:
    static constexpr int kMaxDescription = 1024;
    static constexpr int kMaxBulk = 100;
    static constexpr int kMaxOccurrences = 1000; // fingerprints in one request
    // Why a request's URL is refused (not http or https, no host), empty when it may be used:
    // the workflow's rule, which the console's form checks as it is typed.
    static QString urlProblem(const QString &url);

    explicit ExemptionWorkflow(Database db) : m_db(db), m_store(std::move(db)) {}

    ExemptionInfo request(const Session &actor, const ExemptionRequest &request) const;
    // One request per issue with the shared fields (request.issueId is ignored), all or none;
    // at most kMaxBulk issues.
    QList<ExemptionInfo> requestMany(const Session &actor, const QList<qint64> &issueIds,
                                     const ExemptionRequest &shared) const;
    // secops only; the requester only when the project allows self-approval. A scope may be
    // widened on approval (target/pipeline -> project -> organization).
    ExemptionInfo approve(const Session &actor, qint64 id, const QString &comment,
                          std::optional<ExemptionScope> widenTo = std::nullopt) const;
    ExemptionInfo reject(const Session &actor, qint64 id, const QString &comment) const;
    ExemptionInfo reopen(const Session &actor, qint64 id, const QString &comment) const;
    ExemptionInfo cancel(const Session &actor, qint64 id, const QString &comment) const;
    ExemptionInfo remove(const Session &actor, qint64 id, const QString &comment) const;
    // Any of the above by its action (the console's buttons, the command line's verbs).
    ExemptionInfo act(const Session &actor, ExemptionAction action, qint64 id, const QString &comment,
                      std::optional<ExemptionScope> widenTo = std::nullopt) const;

    ExemptionInfo get(qint64 id) const; // NotFound
    // By effective status; nullopt: all open ones (neither cancelled nor deleted).
    QList<ExemptionInfo> list(std::optional<ExemptionStatus> status = std::nullopt) const;
    QList<ExemptionEvent> history(qint64 issueId) const;
    // The requests of this issue waiting for a decision (any scope that covers it): one open
    // request per issue and scope, so the console shows these instead of a new form.
    QList<ExemptionInfo> openRequests(qint64 issueId) const;

    void setSelfApprovalAllowed(const Session &actor, const QString &project, bool allowed) const;

private:
    qint64 insertRequest(const Session &actor,
                         const ExemptionRequest &request) const; // in the caller's transaction
    ExemptionInfo transition(const Session &actor, ExemptionAction action, qint64 id, const QString &comment,
                             std::optional<ExemptionScope> widenTo) const;
    void approveRow(const Session &actor, const ExemptionInfo &before, std::optional<ExemptionScope> widenTo,
                    qint64 now) const;
    void refuseSecondOpen(const ExemptionReach &reach, qint64 except) const;
    void checkPolicy(const ExemptionReach &reach, qint64 projectId, const ExemptionDuration &duration,
                     ExemptionReason reason, const QString &url, const QString &refusal) const;
    void recordEvent(const Session &actor, qint64 id, const QString &action,
                     std::optional<ExemptionStatus> from, ExemptionStatus to, const QString &comment) const;

    Database m_db;
    ExemptionStore m_store;
};

} // namespace secreview
