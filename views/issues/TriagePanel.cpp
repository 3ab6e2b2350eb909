#include "views/issues/TriagePanel.h"
#include "views/common/Theme.h"

#include "views/common/Background.h"
#include "views/common/Keys.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace secreview::views {
namespace {

QString when(const QDateTime &t)
{
    return t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

} // namespace

TriagePanel::TriagePanel(Database db, Session session, QWidget *parent)
    : QWidget(parent), m_db(std::move(db)), m_session(std::move(session)), m_state(new QLabel(this)),
      m_review(new QPushButton(this)), m_assign(new QPushButton(tr("Assign…"), this)),
      m_notes(new QTextBrowser(this)), m_noteEdit(new QPlainTextEdit(this)),
      m_addNote(new QPushButton(tr("Add Note"), this)), m_error(new QLabel(this))
{
    m_state->setTextFormat(Qt::PlainText);
    m_state->setWordWrap(true);
    m_state->setObjectName(QStringLiteral("triageState"));
    m_notes->setOpenLinks(false);
    m_notes->setFrameShape(QFrame::StyledPanel);
    m_notes->setObjectName(QStringLiteral("notes"));
    m_noteEdit->setPlaceholderText(tr("Add a note for the team… (Ctrl+Enter adds it)"));
    m_noteEdit->setTabChangesFocus(true);
    m_noteEdit->setMaximumHeight(m_noteEdit->fontMetrics().height() * 4 + 12);
    m_noteEdit->setObjectName(QStringLiteral("noteEdit"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->hide();
    clickOnCtrlEnter(m_noteEdit, m_addNote);
    connect(m_review, &QPushButton::clicked, this, &TriagePanel::toggleReviewed);
    connect(m_assign, &QPushButton::clicked, this, &TriagePanel::openAssignDialog);
    connect(m_addNote, &QPushButton::clicked, this, &TriagePanel::addNote);
    connect(m_noteEdit, &QPlainTextEdit::textChanged, this, &TriagePanel::updateButtons);

    auto *actions = new QHBoxLayout;
    actions->addWidget(m_review);
    actions->addWidget(m_assign);
    actions->addStretch(1);
    auto *noteRow = new QHBoxLayout;
    noteRow->addWidget(m_noteEdit, 1);
    noteRow->addWidget(m_addNote, 0, Qt::AlignBottom);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->addWidget(m_state);
    layout->addLayout(actions);
    layout->addWidget(m_notes, 1);
    layout->addLayout(noteRow);
    layout->addWidget(m_error);
    setTabOrder(m_review, m_assign);
    setTabOrder(m_assign, m_noteEdit);
    setTabOrder(m_noteEdit, m_addNote);
    present({});
}

void TriagePanel::setIssues(qint64 current, const QList<qint64> &selected)
{
    m_selected = selected.isEmpty() && current ? QList<qint64>{current} : selected;
    if (current == m_issueId && current != 0) {
        updateButtons(); // the selection changed around the same issue
        return;
    }
    if (current != m_issueId) {
        m_noteEdit->clear(); // a note is about the issue it was typed for
        m_error->hide();
    }
    m_issueId = current;
    refresh();
}

void TriagePanel::refresh()
{
    const quint64 generation = ++m_generation;
    if (!m_issueId) {
        m_loading = false;
        present({});
        emit loaded();
        return;
    }
    m_loading = true;
    updateButtons();
    const Database db = m_db;
    const qint64 issue = m_issueId;
    runInBackground([db, issue] { return IssueTriage(db).state(issue); })
        .then(this, [this, generation](const Outcome<IssueTriageState> &out) {
            if (generation != m_generation)
                return;
            m_loading = false;
            present(out.value.value_or(IssueTriageState{}));
            if (!out.value) {
                m_error->setText(out.error);
                m_error->setStyleSheet(QStringLiteral("color: %1;").arg(readableName(QColor(0xb9, 0x1c, 0x1c))));
                m_error->show();
            }
            emit loaded();
        });
}

void TriagePanel::present(const IssueTriageState &state)
{
    m_current = state;
    QStringList lines;
    if (!m_issueId)
        lines.append(tr("Select an issue to see whether it was reviewed, who owns it and its notes."));
    else {
        lines.append(state.reviewed() ? tr("Reviewed by %1 on %2").arg(state.reviewedBy, when(state.reviewedAt))
                                      : tr("Not reviewed yet"));
        lines.append(state.assignee.isEmpty()
                         ? tr("No owner")
                         : tr("Owner: %1 (assigned by %2 on %3)").arg(state.assignee, state.assignedBy, when(state.assignedAt)));
    }
    m_state->setText(lines.join(QLatin1Char('\n')));
    m_notes->setHtml(notesHtml(state.notes));
    if (m_issueId && state.notes.isEmpty())
        m_notes->setPlaceholderText(tr("No notes yet."));
    emit notesCounted(int(state.notes.size()));
    updateButtons();
}

QString TriagePanel::notesHtml(const QList<IssueNote> &notes)
{
    QString html;
    for (const IssueNote &n : notes) {
        QString text = n.text.toHtmlEscaped();
        text.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
        html += QStringLiteral("<p><b>%1</b> <span style=\"color:%4\">%2</span><br>%3</p>")
                    .arg(n.author.toHtmlEscaped(), when(n.at).toHtmlEscaped(), text,
                         QApplication::palette().color(QPalette::PlaceholderText).name());
    }
    return html;
}

void TriagePanel::updateButtons()
{
    const bool may = m_session.may(Permission::TriageIssues);
    const int n = int(m_selected.size());
    const bool unmark = m_current.reviewed();
    m_review->setText(unmark ? (n > 1 ? tr("Take Back %1 Review Marks").arg(n) : tr("Take Back Review Mark"))
                             : (n > 1 ? tr("Mark %1 Reviewed").arg(n) : tr("Mark Reviewed")));
    // The keys (Ctrl+R, Ctrl+Shift+A) are the page's, not these buttons': they work while another
    // tab of the details is shown, and a button's own would make them ambiguous when this one is.
    const QString whyNot = tr("Marking reviewed and assigning need the secops or admin role; you are %1")
                               .arg(m_session.rolesText());
    m_review->setToolTip(may ? (unmark ? tr("Take back the review mark of the selected issue(s) (Ctrl+R)")
                                       : tr("Mark the selected issue(s) reviewed, with your name and the time (Ctrl+R)"))
                             : whyNot);
    m_assign->setToolTip(may ? tr("Give the selected issue(s) to someone, or to no one (Ctrl+Shift+A)") : whyNot);
    const bool ready = m_issueId != 0 && !m_loading && !m_writing;
    m_review->setEnabled(may && ready);
    m_assign->setEnabled(may && ready);
    const QString text = m_noteEdit->toPlainText();
    const bool fits = text.size() <= IssueTriage::kMaxNoteLength;
    m_addNote->setEnabled(m_session.may(Permission::AddNotes) && ready && !text.trimmed().isEmpty() && fits);
    m_addNote->setToolTip(fits ? tr("Add the note to this issue's thread (Ctrl+Enter)")
                               : tr("A note has at most %1 characters").arg(IssueTriage::kMaxNoteLength));
    m_noteEdit->setEnabled(m_issueId != 0);
}

void TriagePanel::finishWrite(const QString &error)
{
    m_writing = false;
    if (error.isEmpty()) {
        m_error->hide();
        emit changed();
    } else {
        m_error->setText(error);
        m_error->setStyleSheet(QStringLiteral("color: %1;").arg(readableName(QColor(0xb9, 0x1c, 0x1c))));
        m_error->show();
    }
    refresh();
}

// One write of the triage on the background thread; done() (if any) runs on success before the
// panel shows the new state, or the refusal under the note field.
void TriagePanel::write(const std::function<void(const IssueTriage &, const Session &)> &work,
                        const std::function<void()> &done)
{
    m_writing = true;
    updateButtons();
    const Database db = m_db;
    const Session session = m_session;
    runInBackground([db, session, work] {
        work(IssueTriage(db), session);
        return true;
    }).then(this, [this, done](const Outcome<bool> &out) {
        if (out.value && done)
            done();
        finishWrite(out.error);
    });
}

void TriagePanel::toggleReviewed()
{
    if (!m_review->isEnabled())
        return;
    const QList<qint64> ids = m_selected;
    const bool reviewed = !m_current.reviewed();
    write([ids, reviewed](const IssueTriage &t, const Session &s) { t.setReviewed(s, ids, reviewed); });
}

void TriagePanel::openAssignDialog()
{
    if (!m_assign->isEnabled())
        return;
    // The users are read off the GUI thread; the dialog opens when they are in.
    const Database db = m_db;
    runInBackground([db] { return IssueTriage(db).assignableUsers(); })
        .then(this, [this](const Outcome<QStringList> &out) {
            if (!out.value) {
                finishWrite(out.error);
                return;
            }
            const QString noOne = tr("(no one)");
            auto *dialog = new QInputDialog(this);
            dialog->setObjectName(QStringLiteral("assignDialog"));
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->setWindowTitle(tr("Assign"));
            dialog->setLabelText(m_selected.size() > 1 ? tr("Owner of the %1 selected issues:").arg(m_selected.size())
                                                       : tr("Owner of this issue:"));
            dialog->setComboBoxItems(QStringList{noOne} + *out.value);
            dialog->setComboBoxEditable(false);
            dialog->setTextValue(m_current.assignee.isEmpty() ? noOne : m_current.assignee);
            connect(dialog, &QInputDialog::textValueSelected, this, [this, noOne](const QString &chosen) {
                const QList<qint64> ids = m_selected;
                const QString user = chosen == noOne ? QString() : chosen;
                write([ids, user](const IssueTriage &t, const Session &s) { t.assign(s, ids, user); });
            });
            dialog->open();
        });
}

void TriagePanel::addNote()
{
    if (!m_addNote->isEnabled())
        return;
    const qint64 issue = m_issueId;
    const QString text = m_noteEdit->toPlainText();
    // Taken: the field empties; refused: what was typed stays, with the reason under it.
    write([issue, text](const IssueTriage &t, const Session &s) { t.addNote(s, issue, text); },
          [this, issue, text] {
              if (issue == m_issueId && m_noteEdit->toPlainText() == text)
                  m_noteEdit->clear();
          });
}

} // namespace secreview::views
