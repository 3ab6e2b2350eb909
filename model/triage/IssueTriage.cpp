#include "model/triage/IssueTriage.h"

#include "model/core/Clock.h"
#include "model/core/Error.h"
#include "model/core/Text.h"
#include "model/store/AuditLog.h"
#include "model/users/UserStore.h"

#include <QJsonObject>
#include <QTimeZone>

namespace secreview {
namespace {

const QString kIssue = QStringLiteral("issue");

// The ids once each, in the order given: a bulk action changes an issue once.
QList<qint64> distinct(const QList<qint64> &ids)
{
    QList<qint64> out;
    for (qint64 id : ids) {
        if (!out.contains(id))
            out.append(id);
    }
    return out;
}

} // namespace

IssueTriage::IssueRef IssueTriage::issue(qint64 issueId) const
{
    Query q(m_db, QStringLiteral("SELECT t.name AS target, i.scanner AS scanner, i.issue_key AS issue_key"
                                 " FROM issue i JOIN target t ON t.id = i.target_id WHERE i.id = :id"));
    q.bind(QStringLiteral(":id"), issueId).exec();
    if (!q.next())
        throw Error(ErrorKind::NotFound, QStringLiteral("no issue with id %1").arg(issueId));
    return {q.text(u"target"), q.text(u"scanner"), q.text(u"issue_key")};
}

IssueTriageState IssueTriage::state(qint64 issueId) const
{
    issue(issueId); // NotFound
    IssueTriageState s;
    Query q(m_db, QStringLiteral("SELECT r.name AS reviewer, tr.reviewed_at AS reviewed_at, a.name AS assignee,"
                                 " b.name AS assigner, tr.assigned_at AS assigned_at FROM issue_triage tr"
                                 " LEFT JOIN app_user r ON r.id = tr.reviewed_by"
                                 " LEFT JOIN app_user a ON a.id = tr.assignee_id"
                                 " LEFT JOIN app_user b ON b.id = tr.assigned_by WHERE tr.issue_id = :id"));
    q.bind(QStringLiteral(":id"), issueId).exec();
    if (q.next()) {
        s.reviewedBy = q.text(u"reviewer");
        s.reviewedAt = q.time(u"reviewed_at");
        s.assignee = q.text(u"assignee");
        s.assignedBy = q.text(u"assigner");
        s.assignedAt = q.time(u"assigned_at");
    }
    Query n(m_db, QStringLiteral("SELECT n.id AS id, u.name AS author, n.at AS at, n.text AS text FROM issue_note n"
                                 " JOIN app_user u ON u.id = n.author_id WHERE n.issue_id = :id ORDER BY n.id"));
    n.bind(QStringLiteral(":id"), issueId).exec();
    while (n.next())
        s.notes.append({n.integer(u"id"), n.text(u"author"), n.time(u"at"), n.text(u"text")});
    return s;
}

QStringList IssueTriage::assignableUsers() const
{
    Query q(m_db, QStringLiteral("SELECT name FROM app_user WHERE disabled = 0 ORDER BY lower(name)"));
    q.exec();
    QStringList names;
    while (q.next())
        names.append(q.text(u"name"));
    return names;
}

int IssueTriage::setReviewed(const Session &actor, const QList<qint64> &issueIds, bool reviewed) const
{
    actor.require(Permission::TriageIssues, reviewed ? QStringLiteral("mark issues reviewed")
                                                     : QStringLiteral("take back review marks"));
    Transaction tx(m_db);
    int changed = 0;
    for (qint64 id : distinct(issueIds)) {
        const IssueRef ref = issue(id);
        const IssueTriageState before = state(id);
        if (before.reviewed() == reviewed)
            continue;
        const qint64 now = Clock::nowMs();
        Query(m_db, QStringLiteral("INSERT INTO issue_triage(issue_id, reviewed_by, reviewed_at) VALUES (:i, :u, :at)"
                                   " ON CONFLICT(issue_id) DO UPDATE SET reviewed_by = excluded.reviewed_by,"
                                   " reviewed_at = excluded.reviewed_at"))
            .bind(QStringLiteral(":i"), id)
            .bind(QStringLiteral(":u"), reviewed ? QVariant(actor.userId()) : QVariant(QMetaType::fromType<qlonglong>()))
            .bind(QStringLiteral(":at"), reviewed ? QVariant(now) : QVariant(QMetaType::fromType<qlonglong>()))
            .exec();
        QJsonObject details{{QStringLiteral("target"), ref.target},
                            {QStringLiteral("scanner"), ref.scanner},
                            {QStringLiteral("key"), ref.key}};
        if (reviewed)
            details.insert(QStringLiteral("reviewedAt"), now); // the row's time, which the replay compares
        if (!reviewed)
            details.insert(QStringLiteral("was_reviewed_by"), before.reviewedBy);
        AuditLog(m_db).append(actor.name(), reviewed ? QStringLiteral("issue.review") : QStringLiteral("issue.unreview"),
                              kIssue, QString::number(id), details);
        ++changed;
    }
    tx.commit();
    return changed;
}

int IssueTriage::assign(const Session &actor, const QList<qint64> &issueIds, const QString &user) const
{
    actor.require(Permission::TriageIssues, QStringLiteral("assign issues"));
    Transaction tx(m_db);
    std::optional<StoredUser> owner;
    if (!user.isEmpty()) {
        owner = UserStore(m_db).find(user);
        if (!owner)
            throw Error(ErrorKind::NotFound, QStringLiteral("no user %1").arg(user));
        if (owner->disabled)
            throw Error(ErrorKind::Usage, QStringLiteral("%1 is disabled and cannot own issues").arg(owner->name));
    }
    int changed = 0;
    for (qint64 id : distinct(issueIds)) {
        const IssueRef ref = issue(id);
        const IssueTriageState before = state(id);
        if (before.assignee.compare(owner ? owner->name : QString(), Qt::CaseInsensitive) == 0)
            continue;
        const qint64 now = Clock::nowMs();
        Query(m_db, QStringLiteral("INSERT INTO issue_triage(issue_id, assignee_id, assigned_by, assigned_at)"
                                   " VALUES (:i, :a, :u, :at) ON CONFLICT(issue_id) DO UPDATE SET"
                                   " assignee_id = excluded.assignee_id, assigned_by = excluded.assigned_by,"
                                   " assigned_at = excluded.assigned_at"))
            .bind(QStringLiteral(":i"), id)
            .bind(QStringLiteral(":a"), owner ? QVariant(owner->id) : QVariant(QMetaType::fromType<qlonglong>()))
            .bind(QStringLiteral(":u"), actor.userId())
            .bind(QStringLiteral(":at"), now)
            .exec();
        AuditLog(m_db).append(actor.name(), QStringLiteral("issue.assign"), kIssue, QString::number(id),
                              {{QStringLiteral("target"), ref.target},
                               {QStringLiteral("scanner"), ref.scanner},
                               {QStringLiteral("key"), ref.key},
                               {QStringLiteral("before"), before.assignee},
                               {QStringLiteral("after"), owner ? owner->name : QString()},
                               {QStringLiteral("assignedAt"), now}});
        ++changed;
    }
    tx.commit();
    return changed;
}

IssueNote IssueTriage::addNote(const Session &actor, qint64 issueId, const QString &text) const
{
    actor.require(Permission::AddNotes, QStringLiteral("add notes"));
    if (!hasVisibleText(text))
        throw Error(ErrorKind::Usage, QStringLiteral("a note needs text (blanks and invisible characters are none)"));
    requireAtMost(text, kMaxNoteLength, QStringLiteral("the note"));
    Transaction tx(m_db);
    const IssueRef ref = issue(issueId);
    const qint64 now = Clock::nowMs();
    Query insert(m_db, QStringLiteral("INSERT INTO issue_note(issue_id, author_id, at, text) VALUES (:i, :u, :at, :t)"
                                      " RETURNING id"));
    insert.bind(QStringLiteral(":i"), issueId)
        .bind(QStringLiteral(":u"), actor.userId())
        .bind(QStringLiteral(":at"), now)
        .bind(QStringLiteral(":t"), text);
    const qint64 id = insert.scalar().toLongLong();
    AuditLog(m_db).append(actor.name(), QStringLiteral("issue.note"), kIssue, QString::number(issueId),
                          {{QStringLiteral("target"), ref.target},
                           {QStringLiteral("scanner"), ref.scanner},
                           {QStringLiteral("key"), ref.key},
                           {QStringLiteral("note"), id},
                           {QStringLiteral("text"), text},
                           {QStringLiteral("at"), now}});
    tx.commit();
    return {id, actor.name(), QDateTime::fromMSecsSinceEpoch(now, QTimeZone::utc()), text};
}

} // namespace secreview
