#include "views/exemptions/ExemptionsPage.h"

#include "model/exemptions/ExemptionPolicyStore.h"
#include "views/common/Background.h"
#include "views/common/Keys.h"
#include "views/common/Notify.h"
#include "views/common/SeverityChipDelegate.h"
#include "views/common/TableColumns.h"
#include "views/exemptions/ExemptionTableModel.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QTimer>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabBar>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace secreview::views {
namespace {

QString actionName(ExemptionAction action)
{
    switch (action) {
    case ExemptionAction::Approve:
        return ExemptionsPage::tr("Approve");
    case ExemptionAction::Reject:
        return ExemptionsPage::tr("Reject");
    case ExemptionAction::Cancel:
        return ExemptionsPage::tr("Cancel Request");
    case ExemptionAction::Reopen:
        return ExemptionsPage::tr("Re-open");
    case ExemptionAction::Delete:
        return ExemptionsPage::tr("Delete");
    }
    return {};
}

QString tabTitle(ExemptionStatus status)
{
    switch (status) {
    case ExemptionStatus::Pending:
        return ExemptionsPage::tr("Pending");
    case ExemptionStatus::Approved:
        return ExemptionsPage::tr("Approved");
    case ExemptionStatus::Rejected:
        return ExemptionsPage::tr("Rejected");
    default:
        return ExemptionsPage::tr("Expired");
    }
}

} // namespace

QList<ExemptionStatus> ExemptionsPage::tabStatuses()
{
    return {ExemptionStatus::Pending, ExemptionStatus::Approved, ExemptionStatus::Rejected,
            ExemptionStatus::Expired};
}

ExemptionsPage::ExemptionsPage(Database db, Session session, QWidget *parent)
    : Page(parent), m_db(std::move(db)), m_session(std::move(session)), m_tabs(new QTabBar(this)),
      m_table(new QTableView(this)), m_model(new ExemptionTableModel(this)), m_detail(new QLabel(this)),
      m_search(new QLineEdit(this)), m_targetFilter(new QComboBox(this)), m_requesterFilter(new QComboBox(this)),
      m_expiring(new QComboBox(this)), m_notice(new QLabel(this))
{
    m_table->setObjectName(QStringLiteral("exemptionTable")); // its columns and sort are remembered
    for (ExemptionStatus status : tabStatuses()) {
        m_tabs->addTab(QString());
        m_tabs->setTabData(m_tabs->count() - 1, int(status));
    }
    m_tabs->setExpanding(false);
    m_tabs->setDocumentMode(true);
    connect(m_tabs, &QTabBar::currentChanged, this, &ExemptionsPage::showTab);

    setUpRowTable(m_table, m_model);
    m_table->setItemDelegateForColumn(ExemptionTableModel::SeverityColumn, new SeverityChipDelegate(m_table));
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 14);
    m_table->setColumnWidth(ExemptionTableModel::SeverityColumn, 84);
    m_table->setColumnWidth(ExemptionTableModel::TargetColumn, 110);
    m_table->setColumnWidth(ExemptionTableModel::ScopeColumn, 80);
    m_table->setColumnWidth(ExemptionTableModel::ReasonColumn, 110);
    m_table->setColumnWidth(ExemptionTableModel::DurationColumn, 170);
    fillWithColumn(m_table, ExemptionTableModel::IssueColumn, 200);
    addColumnChooser(m_table, ExemptionTableModel::IssueColumn);
    m_table->setColumnWidth(ExemptionTableModel::RequestedColumn, 140);
    m_table->setColumnWidth(ExemptionTableModel::ReviewedColumn, 140);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ExemptionsPage::updateButtons);

    auto *buttons = new QHBoxLayout;
    const QList<std::pair<ExemptionAction, const char *>> shortcuts{
        {ExemptionAction::Approve, "Ctrl+Shift+A"},
        {ExemptionAction::Reject, "Ctrl+Shift+R"},
        {ExemptionAction::Cancel, "Ctrl+Shift+C"},
        {ExemptionAction::Reopen, "Ctrl+Shift+P"}, // Ctrl+Shift+O opens a team database
        {ExemptionAction::Delete, "Ctrl+Shift+D"}};
    for (const auto &[action, keys] : shortcuts) {
        auto *b = new QPushButton(actionName(action), this);
        b->setShortcut(QKeySequence(QString::fromLatin1(keys)));
        b->setObjectName(QStringLiteral("exemption-action-%1").arg(int(action)));
        connect(b, &QPushButton::clicked, this, [this, a = action] { askAndDecide(a); });
        m_buttons.insert(int(action), b);
        buttons->addWidget(b);
    }
    buttons->addStretch(1);

    m_detail->setTextFormat(Qt::PlainText);
    m_detail->setWordWrap(true);
    m_detail->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 6);
    layout->addWidget(m_notice);
    layout->addWidget(m_tabs);
    layout->addLayout(buildFilters());
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_detail);
}

void ExemptionsPage::reload()
{
    ++m_busy;
    const Database db = m_db;
    struct Loaded
    {
        QList<ExemptionInfo> exemptions;
        QHash<qint64, ExemptionPolicy> policies; // by project: the limits a reviewer decides within
    };
    runInBackground([db] {
        Loaded l;
        l.exemptions = ExemptionWorkflow(db).list();
        for (const ExemptionInfo &e : std::as_const(l.exemptions)) {
            if (!l.policies.contains(e.projectId))
                l.policies.insert(e.projectId, ExemptionPolicyStore(db).get(e.projectId));
        }
        return l;
    }).then(this, [this](const Outcome<Loaded> &out) {
        --m_busy;
        if (!out.value) {
            emit statusMessage(out.error);
            // A busy database (a writer elsewhere, a checkpoint) is no reason to leave the
            // counts and the navigation's pending count stale: try again, a few times.
            if (++m_failedLoads <= 3) {
                ++m_busy; // not settled while a retry waits
                QTimer::singleShot(1000, this, [this] {
                    --m_busy;
                    reload();
                });
            }
        } else {
            m_failedLoads = 0;
            m_byStatus.clear();
            m_policies = out.value->policies;
            for (const ExemptionInfo &e : out.value->exemptions)
                m_byStatus[e.status].append(e);
            updateFilterChoices();
            updateTabCounts();
            noticeDecisions();
            showTab();
            selectWanted();
            emit pendingCountChanged(count(ExemptionStatus::Pending));
        }
        if (isSettled())
            emit settled();
    });
}

void ExemptionsPage::showExemption(qint64 id)
{
    m_wanted = id;
    reload(); // the freshest state: it may have been decided since the issue was shown
}

void ExemptionsPage::selectWanted()
{
    if (!m_wanted)
        return;
    const qint64 id = std::exchange(m_wanted, 0);
    for (int i = 0; i < m_tabs->count(); ++i) {
        const QList<ExemptionInfo> all = m_byStatus.value(ExemptionStatus(m_tabs->tabData(i).toInt()));
        if (std::none_of(all.cbegin(), all.cend(), [id](const ExemptionInfo &e) { return e.id == id; }))
            continue;
        // Wanted: shown whatever the filters said.
        m_search->clear();
        m_targetFilter->setCurrentIndex(0);
        m_requesterFilter->setCurrentIndex(0);
        m_expiring->setCurrentIndex(0);
        m_tabs->setCurrentIndex(i); // shows the tab's rows
        showTab();
        for (int row = 0; row < m_model->rowCount(); ++row) {
            if (m_model->at(row).id != id)
                continue;
            selectOnly(row);
            m_table->setFocus();
            return;
        }
    }
    emit statusMessage(tr("Exemption #%1 is no longer open").arg(id));
}

void ExemptionsPage::updateTabCounts()
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        const auto status = ExemptionStatus(m_tabs->tabData(i).toInt());
        int shown = 0;
        for (const ExemptionInfo &e : m_byStatus.value(status))
            shown += passes(e) ? 1 : 0;
        m_tabs->setTabText(i, shown == count(status) ? QStringLiteral("%1  %2").arg(tabTitle(status)).arg(shown)
                                                     : tr("%1  %2 of %3").arg(tabTitle(status)).arg(shown).arg(count(status)));
    }
}

void ExemptionsPage::showTab()
{
    const auto status = ExemptionStatus(m_tabs->tabData(m_tabs->currentIndex()).toInt());
    QList<ExemptionInfo> rows;
    for (const ExemptionInfo &e : m_byStatus.value(status))
        if (passes(e))
            rows.append(e);
    m_model->setRows(rows);
    m_expiring->setEnabled(status == ExemptionStatus::Approved);
    // The actions the transition table offers from this status (Harness STO's exemption page).
    const QList<ExemptionAction> offered = exemptionActionsFrom(status);
    for (auto it = m_buttons.cbegin(); it != m_buttons.cend(); ++it)
        it.value()->setVisible(offered.contains(ExemptionAction(it.key())));
    if (m_model->rowCount() > 0)
        selectOnly(0);
    updateButtons();
}

// Exactly this row, whatever keys are held: selectRow() toggles while Ctrl is down, as it is
// when Ctrl+Shift+E on the Security Tests page brought the user here.
void ExemptionsPage::selectOnly(int row)
{
    const QModelIndex index = m_model->index(row, 0);
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
    m_table->scrollTo(index);
}

QList<ExemptionInfo> ExemptionsPage::selected() const
{
    QList<ExemptionInfo> out;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        out.append(m_model->at(index.row()));
    return out;
}

void ExemptionsPage::updateButtons()
{
    const QList<ExemptionInfo> chosen = selected();
    for (auto it = m_buttons.cbegin(); it != m_buttons.cend(); ++it) {
        const auto action = ExemptionAction(it.key());
        bool allowed = true;
        for (const ExemptionInfo &e : chosen)
            allowed = allowed && mayTakeExemptionAction(action, m_session, e.requestedBy);
        // The workflow's self-approval rule, said before the click rather than after it.
        const ExemptionInfo *own = nullptr;
        for (const ExemptionInfo &e : chosen) {
            if (action == ExemptionAction::Approve && e.requestedBy == m_session.name() &&
                !m_policies.value(e.projectId).allowSelfApproval)
                own = &e;
        }
        QString why;
        if (chosen.isEmpty())
            why = tr("Select one or more exemptions first");
        else if (allowed && own)
            why = tr("You requested exemption #%1, and its project does not allow self-approval: another "
                     "SecOps decides it")
                      .arg(own->id);
        else if (!allowed && exemptionTransition(action).requesterMayAct)
            why = tr("You may cancel or re-open your own requests only");
        else if (!allowed)
            why = tr("Only SecOps decides exemptions; you are %1").arg(m_session.rolesText());
        it.value()->setEnabled(why.isEmpty());
        it.value()->setToolTip(
            why.isEmpty()
                ? tr("%1 the %n selected exemption(s)", nullptr, int(chosen.size())).arg(actionName(action))
                : why);
    }
    if (chosen.size() == 1) {
        const ExemptionInfo &e = chosen.first();
        const std::optional<int> limit = m_policies.value(e.projectId).maxDays[size_t(e.coveredSeverity)];
        m_detail->setText(
            tr("#%1 %2 on %3 — %4%5\nCovers up to %6 in its scope; the project allows %7.")
                .arg(e.id)
                .arg(e.issueKey, e.target, e.description,
                     e.url.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(e.url),
                     severityName(e.coveredSeverity),
                     limit ? tr("at most %n day(s) for it", nullptr, *limit) : tr("any duration for it")) +
            (e.reviewedBy.isEmpty() ? QString()
                                    : tr("\n%1 by %2 on %3%4")
                                          .arg(e.status == ExemptionStatus::Rejected ? tr("Rejected") : tr("Decided"),
                                               e.reviewedBy, QLocale().toString(e.reviewedAt.toLocalTime(), QLocale::ShortFormat),
                                               e.decisionComment.isEmpty() ? tr(", without a comment")
                                                                           : QStringLiteral(": “%1”").arg(e.decisionComment))));
    } else {
        m_detail->setText(chosen.isEmpty() ? QString()
                                           : tr("%n exemptions selected", nullptr, int(chosen.size())));
    }
}

void ExemptionsPage::askAndDecide(ExemptionAction action)
{
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(actionName(action));
    auto *comment = new QPlainTextEdit(dialog);
    comment->setPlaceholderText(tr("A comment for the record (optional)"));
    comment->setTabChangesFocus(true);
    auto *scope = new QComboBox(dialog);
    scope->addItem(tr("as requested"), -1);
    scope->addItem(tr("widen to the project"), int(ExemptionScope::Project));
    scope->addItem(tr("widen to the organization"), int(ExemptionScope::Organization));
    // What is being decided, so that the reviewer need not remember the row: the issue, the
    // request's fields and who asked.
    const QList<ExemptionInfo> chosen = selected();
    auto *context = new QLabel(dialog);
    context->setObjectName(QStringLiteral("decisionContext"));
    context->setTextFormat(Qt::PlainText); // scanner and requester text, never HTML
    context->setWordWrap(true);
    if (chosen.size() == 1) {
        const ExemptionInfo &e = chosen.first();
        context->setText(
            tr("#%1 · %2 %3 (%4) in %5\nRequested by %6 on %7: %8, %9 scope · %10\n“%11”%12")
                .arg(e.id)
                .arg(e.issueKey, e.issueTitle, severityName(e.severity), e.target, e.requestedBy,
                     QLocale().toString(e.requestedAt.toLocalTime(), QLocale::ShortFormat), e.duration.text(),
                     exemptionScopeKey(e.scope), exemptionReasonName(e.reason), e.description,
                     e.url.isEmpty() ? QString() : QStringLiteral("\n") + e.url));
    } else {
        QStringList keys;
        for (const ExemptionInfo &e : chosen)
            keys.append(QStringLiteral("#%1 %2").arg(e.id).arg(e.issueKey));
        context->setText(tr("%n exemption(s), each decided and audited on its own: %1", nullptr, int(chosen.size()))
                             .arg(keys.join(QStringLiteral(", "))));
    }
    auto *form = new QFormLayout;
    form->addRow(tr("&Comment"), comment);
    if (action == ExemptionAction::Reject) {
        // A rejection tells the requester why: no empty one.
        comment->setPlaceholderText(tr("Why the request is rejected (required)"));
    }
    if (action == ExemptionAction::Approve)
        form->addRow(tr("&Scope"), scope);
    else
        scope->hide();
    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    box->button(QDialogButtonBox::Ok)->setText(actionName(action));
    connect(box, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    comment->setObjectName(QStringLiteral("decisionComment"));
    if (action == ExemptionAction::Reject) {
        QPushButton *ok = box->button(QDialogButtonBox::Ok);
        auto required = [comment, ok] {
            const bool given = !comment->toPlainText().trimmed().isEmpty();
            ok->setEnabled(given);
            ok->setToolTip(given ? QString() : tr("Say why the request is rejected first"));
        };
        connect(comment, &QPlainTextEdit::textChanged, dialog, required);
        required();
    }
    submitOnCtrlEnter(dialog, box);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(context);
    layout->addLayout(form);
    layout->addWidget(box);
    connect(dialog, &QDialog::accepted, this, [this, action, comment, scope] {
        const int s = scope->currentData().toInt();
        decide(action, comment->toPlainText().trimmed(),
               s < 0 ? std::nullopt : std::optional(ExemptionScope(s)));
    });
    dialog->open();
}

void ExemptionsPage::decide(ExemptionAction action, const QString &comment,
                            std::optional<ExemptionScope> widenTo)
{
    QList<qint64> ids;
    for (const ExemptionInfo &e : selected())
        ids.append(e.id);
    if (ids.isEmpty())
        return;
    ++m_busy;
    const Database db = m_db;
    const Session session = m_session;
    // Each exemption is its own transition and audit entry; one refusal does not stop the others.
    runInBackground([db, session, ids, action, comment, widenTo] {
        const ExemptionWorkflow w(db);
        QStringList errors;
        for (qint64 id : ids) {
            try {
                w.act(session, action, id, comment, widenTo);
            } catch (const Error &e) {
                errors.append(e.message());
            }
        }
        return errors;
    }).then(this, [this, action, n = ids.size()](const Outcome<QStringList> &out) {
        --m_busy;
        const QStringList errors = out.value ? *out.value : QStringList{out.error};
        if (!errors.isEmpty())
            warnLater(this, actionName(action),
                      tr("%n exemption(s) could not be changed.", nullptr, int(errors.size())),
                      errors.join(QLatin1Char('\n')));
        emit statusMessage(tr("%1: %2 of %3 done").arg(actionName(action)).arg(n - errors.size()).arg(n));
        emit exemptionsChanged();
        reload();
    });
}

} // namespace secreview::views
