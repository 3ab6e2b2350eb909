#include "model/exemptions/ExemptionWorkflow.h"

#include "model/core/Clock.h"
#include "model/core/Error.h"
#include "model/core/Text.h"
#include "model/exemptions/ExemptionPolicyStore.h"
#include "model/scans/Catalog.h"
#include "model/store/AuditLog.h"

#include <QUrl>

#include <algorithm>

namespace secreview {

QString ExemptionWorkflow::urlProblem(const QString &url)
{
    if (url.isEmpty())
        return {};
    // Printable ASCII only (other characters percent-encoded, international hosts in punycode): no
    // control, format (bidi overrides, tags, zero widths), space or look-alike characters, in any
    // plane, in a link that would read differently from where it leads. The server refuses them too.
    for (const QChar c : url) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7e)
            return QStringLiteral("the URL holds the character U+%1: write it in printable ASCII (percent-encode other "
                                  "characters; an international host in punycode)")
                .arg(c.unicode(), 4, 16, QLatin1Char('0'));
    }
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || (parsed.scheme() != QLatin1String("https") && parsed.scheme() != QLatin1String("http")) ||
        parsed.host().isEmpty() || !parsed.userInfo().isEmpty()) // no user@ in front of the host it leads to
        return QStringLiteral("'%1' is not an http(s) URL").arg(url);
    return {};
}


ExemptionInfo ExemptionWorkflow::get(qint64 id) const
{
    const std::optional<ExemptionInfo> found = m_store.find(id);
    if (!found)
        throw Error(ErrorKind::NotFound, QStringLiteral("no exemption with id %1").arg(id));
    return *found;
}

QList<ExemptionInfo> ExemptionWorkflow::list(std::optional<ExemptionStatus> status) const
{
    return m_store.list(status);
}

QList<ExemptionEvent> ExemptionWorkflow::history(qint64 issueId) const
{
    return m_store.history(issueId);
}

QList<ExemptionInfo> ExemptionWorkflow::openRequests(qint64 issueId) const
{
    return m_store.openCovering(issueId);
}

void ExemptionWorkflow::recordEvent(const Session &actor, qint64 id, const QString &action,
                                    std::optional<ExemptionStatus> from, ExemptionStatus to,
                                    const QString &comment) const
{
    m_store.addEvent(id, actor.userId(), action, from, to, comment);
    AuditLog(m_db).append(actor.name(), QStringLiteral("exemption.") + action, QStringLiteral("exemption"),
                          QString::number(id),
                          {{QStringLiteral("from"), from ? exemptionStatusKey(*from) : QString()},
                           {QStringLiteral("to"), exemptionStatusKey(to)},
                           {QStringLiteral("comment"), comment},
                           {QStringLiteral("state"), m_store.auditState(id)}});
}

ExemptionInfo ExemptionWorkflow::request(const Session &actor, const ExemptionRequest &r) const
{
    Transaction tx(m_db);
    const qint64 id = insertRequest(actor, r);
    tx.commit();
    return get(id);
}

QList<ExemptionInfo> ExemptionWorkflow::requestMany(const Session &actor, const QList<qint64> &issueIds,
                                                    const ExemptionRequest &shared) const
{
    if (issueIds.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("no issues to request exemptions for"));
    if (issueIds.size() > kMaxBulk)
        throw Error(ErrorKind::Usage,
                    QStringLiteral("%1 issues at once is more than the %2 one request may cover")
                        .arg(issueIds.size())
                        .arg(kMaxBulk));
    // All or none: one transaction, so a refusal of any leaves no request behind.
    Transaction tx(m_db);
    QList<qint64> ids;
    for (qint64 issueId : issueIds) {
        ExemptionRequest r = shared;
        r.issueId = issueId;
        ids.append(insertRequest(actor, r));
    }
    tx.commit();
    QList<ExemptionInfo> out;
    for (qint64 id : ids)
        out.append(get(id));
    return out;
}

qint64 ExemptionWorkflow::insertRequest(const Session &actor, const ExemptionRequest &r) const
{
    actor.require(Permission::RequestExemptions, QStringLiteral("request exemptions"));
    const QString description = r.description.trimmed();
    if (description.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("an exemption request needs a description"));
    requireAtMost(description, kMaxDescription, QStringLiteral("the description"));
    requireAtMost(r.url, kMaxUrlLength, QStringLiteral("the URL"));
    requireAtMost(r.pipeline, kMaxNameLength, QStringLiteral("the pipeline"));
    if (r.occurrences.size() > kMaxOccurrences)
        throw Error(ErrorKind::Usage,
                    QStringLiteral("%1 occurrences at once is more than the %2 one request may name")
                        .arg(r.occurrences.size())
                        .arg(kMaxOccurrences));
    if (const QString problem = urlProblem(r.url); !problem.isEmpty())
        throw Error(ErrorKind::Usage, problem);
    if (r.duration.until.isValid() && r.duration.until < Clock::now().date())
        throw Error(ErrorKind::Usage,
                    QStringLiteral("the end date %1 has passed").arg(r.duration.until.toString(Qt::ISODate)));
    if (!r.occurrences.isEmpty() && r.scope != ExemptionScope::Target)
        throw Error(ErrorKind::Usage,
                    QStringLiteral("an exemption of selected occurrences has target scope"));
    if (r.scope == ExemptionScope::Organization)
        throw Error(ErrorKind::Usage,
                    QStringLiteral("organization scope is set by a reviewer when approving; "
                                   "request target, pipeline or project"));

    const std::optional<ExemptedIssue> issue = m_store.issue(r.issueId);
    if (!issue)
        throw Error(ErrorKind::NotFound, QStringLiteral("no issue with id %1").arg(r.issueId));
    const TargetInfo target = Catalog(m_db).target(issue->targetId);
    QString pipeline = r.pipeline;
    if (r.scope == ExemptionScope::Pipeline && pipeline.isEmpty()) {
        pipeline = m_store.latestPipeline(r.issueId);
        if (pipeline.isEmpty())
            throw Error(ErrorKind::Usage,
                        QStringLiteral("pipeline scope needs --pipeline: no scan of this issue is "
                                       "linked to a pipeline"));
    }
    const ExemptionReach reach{issue->scanner,        issue->key, r.scope, target.id, target.projectId,
                               target.organizationId, pipeline};
    refuseSecondOpen(reach, 0);
    // The project's limits, against the highest severity the exemption would cover.
    checkPolicy(reach, target.projectId, r.duration, r.reason, r.url,
                QStringLiteral("exemption refused by policy"));
    NewExemption row;
    row.issueId = r.issueId;
    row.scanner = issue->scanner;
    row.issueKey = issue->key;
    row.scope = r.scope;
    row.targetId = target.id;
    row.projectId = target.projectId;
    row.organizationId = target.organizationId;
    row.pipeline = pipeline;
    row.reason = r.reason;
    row.description = description;
    row.url = r.url;
    row.duration = r.duration;
    row.requestedBy = actor.userId();
    const qint64 id = m_store.insert(row);
    // Each fingerprint must be an occurrence of this issue in this target.
    for (const QString &fingerprint : r.occurrences) {
        const std::optional<QString> location = m_store.occurrenceLocation(r.issueId, fingerprint);
        if (!location)
            throw Error(ErrorKind::NotFound, QStringLiteral("issue %1 has no occurrence with fingerprint %2")
                                                 .arg(r.issueId)
                                                 .arg(fingerprint));
        m_store.addOccurrence(id, fingerprint, *location);
    }
    recordEvent(actor, id, QStringLiteral("request"), std::nullopt, ExemptionStatus::Pending, description);
    return id;
}

void ExemptionWorkflow::approveRow(const Session &actor, const ExemptionInfo &before,
                                   std::optional<ExemptionScope> widenTo, qint64 now) const
{
    // User names are unique, so the requester's name identifies them; whether the project
    // allows self-approval is the policy store's to say.
    if (before.requestedBy == actor.name() &&
        !ExemptionPolicyStore(m_db).get(before.projectId).allowSelfApproval)
        throw Error(ErrorKind::NotAllowed, QStringLiteral("%1 requested exemption %2 and may not approve it: "
                                                          "this project does not allow self-approval")
                                               .arg(actor.name())
                                               .arg(before.id));
    const std::optional<qint64> expires = before.duration.expiresAt(now);
    if (expires && *expires <= now)
        throw Error(ErrorKind::Usage, QStringLiteral("exemption %1 was requested until %2, which has passed")
                                          .arg(before.id)
                                          .arg(before.duration.text()));
    ExemptionScope scope = before.scope;
    if (widenTo) {
        if (exemptionScopeRank(*widenTo) < exemptionScopeRank(before.scope) ||
            (*widenTo == ExemptionScope::Pipeline && before.scope != *widenTo))
            throw Error(ErrorKind::Usage,
                        QStringLiteral("a reviewer may widen a scope (target, pipeline -> project "
                                       "-> organization), not change %1 to %2")
                            .arg(exemptionScopeKey(before.scope), exemptionScopeKey(*widenTo)));
        if (!before.occurrences.isEmpty() && *widenTo != before.scope)
            throw Error(ErrorKind::Usage,
                        QStringLiteral("an exemption of selected occurrences stays in its target"));
        scope = *widenTo;
    }
    // Widened to the organization, an approval exempts in every project there: a requester
    // approves it only where all of them allow self-approval.
    if (before.requestedBy == actor.name() && scope == ExemptionScope::Organization &&
        !ExemptionPolicyStore(m_db).selfApprovalAllowedThroughout(before.organizationId))
        throw Error(ErrorKind::NotAllowed,
                    QStringLiteral("%1 requested exemption %2 and may not approve it for the whole organization: "
                                   "not every project there allows self-approval")
                        .arg(actor.name())
                        .arg(before.id));
    // The limits again, for the scope as approved (a widened scope covers more) and the issue as
    // it stands now: what a reviewer approves is what the policy allows.
    checkPolicy(ExemptionReach::of(before, scope), before.projectId, before.duration, before.reason,
                before.url, QStringLiteral("exemption %1 may not be approved: the policy").arg(before.id));
    m_store.setApproved(before.id, scope, actor.userId(), now, expires);
}

void ExemptionWorkflow::refuseSecondOpen(const ExemptionReach &reach, qint64 except) const
{
    if (const std::optional<ExemptionInfo> open = m_store.openFor(reach, except))
        throw Error(
            ErrorKind::Usage,
            QStringLiteral("exemption %1 for %2 at %3 scope is waiting for a decision already: one open "
                           "request per issue and scope (cancel it first, or wait for its decision)")
                .arg(open->id)
                .arg(open->issueKey, exemptionScopeKey(open->scope)));
}

void ExemptionWorkflow::checkPolicy(const ExemptionReach &reach, qint64 projectId,
                                    const ExemptionDuration &duration, ExemptionReason reason,
                                    const QString &url, const QString &refusal) const
{
    // Each project the exemption reaches is held to its own limits, for the issue's severity there
    // (an approval widened to the organization covers other projects' findings too); the
    // requesting project's limits hold even where the issue is in no scan now (Info).
    const ExemptionPolicyStore policies(m_db);
    QList<std::pair<qint64, Severity>> covered = m_store.coveredSeverityByProject(reach);
    if (std::none_of(covered.cbegin(), covered.cend(), [&](const auto &c) { return c.first == projectId; }))
        covered.prepend({projectId, Severity::Info});
    for (const auto &[project, severity] : std::as_const(covered)) {
        const QString violation = policies.get(project).violation(severity, duration, reason, url);
        if (violation.isEmpty())
            continue;
        if (project == projectId)
            throw Error(ErrorKind::NotAllowed, QStringLiteral("%1: %2").arg(refusal, violation));
        throw Error(ErrorKind::NotAllowed, QStringLiteral("%1 of project %2, which the organization scope covers: %3")
                                               .arg(refusal,
                                                    Query(m_db, QStringLiteral("SELECT name FROM project WHERE id = :p"))
                                                        .bind(QStringLiteral(":p"), project)
                                                        .scalar()
                                                        .toString(),
                                                    violation));
    }
}

ExemptionInfo ExemptionWorkflow::transition(const Session &actor, ExemptionAction action, qint64 id,
                                            const QString &comment,
                                            std::optional<ExemptionScope> widenTo) const
{
    const ExemptionTransition &t = exemptionTransition(action);
    const QString verb = exemptionActionKey(action);
    requireAtMost(comment, kMaxCommentLength, QStringLiteral("the comment"));
    // A decision needs the role before anything is read; a requester's own action is checked on
    // the row read inside the transaction, so the answer holds for the change made.
    if (!t.requesterMayAct)
        actor.require(Permission::DecideExemptions, QStringLiteral("%1 exemptions").arg(verb));
    // The version the actor acts on, read before waiting for the write lock: another user's
    // change committed in between is a conflict, not a surprise (two SecOps deciding at once).
    const auto seen = m_store.latestEvent(id);
    Transaction tx(m_db);
    const ExemptionInfo before = get(id);
    const auto current = m_store.latestEvent(id);
    if (seen && current && seen->first != current->first &&
        current->second.actor.compare(actor.name(), Qt::CaseInsensitive) != 0)
        throw Error(ErrorKind::NotAllowed,
                    QStringLiteral("exemption %1 was changed by %2 at %3 (%4: now %5) while you acted on it; "
                                   "nothing was done: reload and decide again")
                        .arg(id)
                        .arg(current->second.actor,
                             current->second.at.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")),
                             current->second.action, exemptionStatusKey(before.status)));
    if (!mayTakeExemptionAction(action, actor, before.requestedBy))
        actor.require(Permission::DecideExemptions,
                      QStringLiteral("%1 another user's exemption request").arg(verb));
    if (!t.from.contains(before.status)) {
        QStringList from;
        for (ExemptionStatus s : t.from)
            from.append(exemptionStatusKey(s));
        throw Error(ErrorKind::Usage,
                    QStringLiteral("exemption %1 is %2; %3 applies to %4 exemptions")
                        .arg(id)
                        .arg(exemptionStatusKey(before.status), verb, from.join(QStringLiteral(" or "))));
    }
    if (t.to == ExemptionStatus::Pending) // a re-opened request waits beside no other
        refuseSecondOpen(ExemptionReach::of(before), id);
    const qint64 now = Clock::nowMs();
    switch (t.to) {
    case ExemptionStatus::Approved:
        approveRow(actor, before, widenTo, now);
        break;
    case ExemptionStatus::Rejected:
        m_store.setRejected(id, actor.userId(), now);
        break;
    case ExemptionStatus::Pending:
        m_store.setPending(id);
        break;
    case ExemptionStatus::Expired:
    case ExemptionStatus::Cancelled:
    case ExemptionStatus::Deleted:
        m_store.setStatus(id, t.to);
        break;
    }
    recordEvent(actor, id, verb, before.status, t.to, comment);
    tx.commit();
    return get(id);
}

ExemptionInfo ExemptionWorkflow::act(const Session &actor, ExemptionAction action, qint64 id,
                                     const QString &comment, std::optional<ExemptionScope> widenTo) const
{
    if (widenTo && action != ExemptionAction::Approve)
        throw Error(ErrorKind::Usage, QStringLiteral("a scope is widened on approve only"));
    return transition(actor, action, id, comment, widenTo);
}

ExemptionInfo ExemptionWorkflow::approve(const Session &actor, qint64 id, const QString &comment,
                                         std::optional<ExemptionScope> widenTo) const
{
    return transition(actor, ExemptionAction::Approve, id, comment, widenTo);
}

ExemptionInfo ExemptionWorkflow::reject(const Session &actor, qint64 id, const QString &comment) const
{
    return transition(actor, ExemptionAction::Reject, id, comment, std::nullopt);
}

ExemptionInfo ExemptionWorkflow::reopen(const Session &actor, qint64 id, const QString &comment) const
{
    return transition(actor, ExemptionAction::Reopen, id, comment, std::nullopt);
}

ExemptionInfo ExemptionWorkflow::cancel(const Session &actor, qint64 id, const QString &comment) const
{
    return transition(actor, ExemptionAction::Cancel, id, comment, std::nullopt);
}

ExemptionInfo ExemptionWorkflow::remove(const Session &actor, qint64 id, const QString &comment) const
{
    return transition(actor, ExemptionAction::Delete, id, comment, std::nullopt);
}

void ExemptionWorkflow::setSelfApprovalAllowed(const Session &actor, const QString &project,
                                               bool allowed) const
{
    const ExemptionPolicyStore store(m_db);
    ExemptionPolicy policy = store.get(project);
    policy.allowSelfApproval = allowed;
    store.set(actor, project, policy);
}

} // namespace secreview
