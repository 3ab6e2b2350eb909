#pragma once

#include "model/core/Severity.h"
#include "model/store/Database.h"
#include "model/users/Session.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <optional>

namespace secreview {

enum class ExemptionScope
{
    Target,
    Pipeline,
    Project,
    Organization
};
QString exemptionScopeKey(ExemptionScope scope);
std::optional<ExemptionScope> exemptionScopeFromKey(const QString &key);

// The reason types of SPEC section 2, by display name.
QStringList exemptionReasons();
std::optional<QString> exemptionReasonFromText(const QString &text); // case and separators ignored

// How long an approved exemption lasts, counted from its approval.
struct ExemptionDuration
{
    std::optional<int> days; // 1, 7, 30, 90; or
    QDate until;             // valid: until the end of this day (UTC); neither: permanent
    static std::optional<ExemptionDuration> parse(const QString &text); // 1d 7d 30d 90d permanent YYYY-MM-DD
    QString text() const;
    bool isPermanent() const { return !days && !until.isValid(); }
};

struct ExemptionRequest
{
    qint64 issueId = 0;
    ExemptionScope scope = ExemptionScope::Target;
    QString pipeline; // for pipeline scope; the issue's latest scan's pipeline when empty
    ExemptionDuration duration;
    QString reason;
    QString description;
    QString url;
    // Selected occurrences (their fingerprints; target scope only). Empty: the whole issue,
    // including occurrences that appear later.
    QStringList occurrences;
};

struct ExemptionInfo
{
    qint64 id = 0;
    qint64 issueId = 0;
    QString issueKey;
    QString issueTitle;
    QString scanner;
    QString target;
    QString scope;
    QString pipeline;
    QString status; // pending, approved, rejected, expired (effective), cancelled, deleted
    QString reason;
    QString description;
    QString url;
    QString duration;
    QString requestedBy;
    QDateTime requestedAt;
    QString reviewedBy;
    QDateTime reviewedAt;
    std::optional<QDateTime> expiresAt;
    Severity severity = Severity::Info; // the issue's, in its latest scan
    QStringList occurrences;            // locations of the covered occurrences; empty: the whole issue
};

struct ExemptionEvent
{
    qint64 exemptionId = 0;
    QDateTime at;
    QString actor;
    QString action;
    QString fromStatus;
    QString toStatus;
    QString comment;
};

// The exemption workflow: a developer requests, SecOps decides. Every verb checks the acting
// Session's roles here, records an event and an audit entry in the same transaction; the console
// and the command line both call these, so both enforce the same rules.
class ExemptionWorkflow
{
public:
    static constexpr int kMaxDescription = 1024;

    explicit ExemptionWorkflow(Database db) : m_db(std::move(db)) {}

    static constexpr int kMaxBulk = 100;

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

    ExemptionInfo get(qint64 id) const; // NotFound
    // By effective status (pending, approved, rejected, expired); empty: all open ones
    // (neither cancelled nor deleted).
    QList<ExemptionInfo> list(const QString &status = {}) const;
    QList<ExemptionEvent> history(qint64 issueId) const;

    // The stored state of an exemption, as every audit entry of its transitions records it.
    QJsonObject auditState(qint64 id) const;
    // Replays the audit log against the exemption table: every exemption's latest audit entry must
    // describe the row as it is. Returns what disagrees (empty: all agree).
    QStringList verifyAgainstAudit() const;

    void setSelfApprovalAllowed(const Session &actor, const QString &project, bool allowed) const;

private:
    qint64 insertRequest(const Session &actor,
                         const ExemptionRequest &request) const; // in the caller's transaction
    ExemptionInfo transition(const Session &actor, qint64 id, const QString &action, const QStringList &from,
                             const QString &to, const QString &comment,
                             std::optional<ExemptionScope> widenTo = std::nullopt,
                             bool requesterMayAct = false) const;
    void recordEvent(const Session &actor, qint64 id, const QString &action, const QString &from,
                     const QString &to, const QString &comment) const;
    Database m_db;
};

} // namespace secreview
