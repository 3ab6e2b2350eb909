#pragma once

#include "model/store/Database.h"
#include "model/users/Session.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace secreview {

struct IssueNote
{
    qint64 id = 0;
    QString author;
    QDateTime at; // UTC
    QString text;
};

// SecOps' working state on one issue: a review mark, an owner, a thread of notes. It is apart
// from exemptions and never changes a gate (docs/decisions.md 68).
struct IssueTriageState
{
    QString reviewedBy; // empty: not reviewed
    QDateTime reviewedAt;
    QString assignee; // empty: no one
    QString assignedBy;
    QDateTime assignedAt;
    QList<IssueNote> notes; // oldest first
    bool reviewed() const { return !reviewedBy.isEmpty(); }
};

// Writes and reads of the triage state, each write with its audit entry in one transaction.
// Marking reviewed and assigning are SecOps' and admins' (Permission::TriageIssues); anyone who
// may read adds a note (Permission::AddNotes). On a server the same rules are the server's.
class IssueTriage
{
public:
    static constexpr qsizetype kMaxNoteLength = 4000;

    explicit IssueTriage(Database db) : m_db(std::move(db)) {}

    IssueTriageState state(qint64 issueId) const; // NotFound for no such issue
    QStringList assignableUsers() const;          // the active users' names, sorted

    // Marks (or unmarks) every issue of the list, all or none; an issue already in that state
    // keeps its mark as it was (who and when). Returns how many changed.
    int setReviewed(const Session &actor, const QList<qint64> &issueIds, bool reviewed) const;
    // Gives every issue of the list to an active user (by name, without regard to case), or to
    // no one when the name is empty; all or none. Returns how many changed.
    int assign(const Session &actor, const QList<qint64> &issueIds, const QString &user) const;
    IssueNote addNote(const Session &actor, qint64 issueId, const QString &text) const;

private:
    struct IssueRef
    {
        QString target;
        QString scanner;
        QString key;
    };
    IssueRef issue(qint64 issueId) const; // NotFound
    Database m_db;
};

} // namespace secreview
