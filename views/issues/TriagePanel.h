#pragma once

#include "model/store/Database.h"
#include "model/triage/IssueTriage.h"
#include "model/users/Session.h"

#include <QWidget>
#include <functional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;

namespace secreview::views {

// SecOps' working state on the selected issue (model/triage): whether it was reviewed, by whom
// and when, its owner, and its notes, with the actions on them. Marking and assigning apply to
// every selected issue (one change, all or none) and are disabled, with the reason, for those
// whose roles do not allow them; anyone may add a note. A refused change keeps what was typed.
class TriagePanel : public QWidget
{
    Q_OBJECT
public:
    TriagePanel(Database db, Session session, QWidget *parent = nullptr);

    // The issue shown and the issues the actions apply to (the table's selection, it included).
    void setIssues(qint64 current, const QList<qint64> &selected);
    void refresh(); // the shown issue's state again (another client may have changed it)
    void toggleReviewed(); // marks the selection, or takes the marks back when the issue has one
    void openAssignDialog();

    QLabel *stateLabel() const { return m_state; }
    QPushButton *reviewButton() const { return m_review; }
    QPushButton *assignButton() const { return m_assign; }
    QTextBrowser *notesView() const { return m_notes; }
    QPlainTextEdit *noteEdit() const { return m_noteEdit; }
    QPushButton *addNoteButton() const { return m_addNote; }
    QLabel *errorLabel() const { return m_error; }
    bool isLoading() const { return m_loading; }
    const IssueTriageState &state() const { return m_current; }

    static QString notesHtml(const QList<IssueNote> &notes); // every note's text escaped

signals:
    void changed(); // a mark, an owner or a note was written
    void loaded();
    void notesCounted(int notes);

private:
    void present(const IssueTriageState &state);
    void updateButtons();
    void addNote();
    void finishWrite(const QString &error);
    void write(const std::function<void(const IssueTriage &, const Session &)> &work,
               const std::function<void()> &done = {});

    Database m_db;
    Session m_session;
    qint64 m_issueId = 0;
    QList<qint64> m_selected;
    IssueTriageState m_current;
    QLabel *m_state;
    QPushButton *m_review;
    QPushButton *m_assign;
    QTextBrowser *m_notes;
    QPlainTextEdit *m_noteEdit;
    QPushButton *m_addNote;
    QLabel *m_error;
    quint64 m_generation = 0;
    bool m_loading = false;
    bool m_writing = false;
};

} // namespace secreview::views
