// The Security Tests page's triage: the Show and Category filters, the triage panel in the details
// and the keys that act on the selection (Ctrl+R, Ctrl+Shift+A). Part of SecurityTestsPage.
#include "views/common/Background.h"
#include "views/common/PlainText.h"
#include "views/common/SeverityStyle.h"
#include "views/issues/IssueDetailsPane.h"
#include "views/issues/SecurityTestsPage.h"
#include "views/issues/TriagePanel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QShortcut>
#include <QTableView>
#include <QTreeWidget>
#include <QHeaderView>
#include <QSignalBlocker>

namespace secreview::views {
namespace {

enum class Show
{
    All,
    NotReviewed,
    Reviewed,
    AssignedToMe,
    WithNotes
};

} // namespace

void SecurityTestsPage::addTriageFilters(QHBoxLayout *choices)
{
    m_show = new QComboBox(this);
    m_show->setObjectName(QStringLiteral("showBox"));
    m_show->addItem(tr("All issues"), int(Show::All));
    m_show->addItem(tr("Not reviewed"), int(Show::NotReviewed));
    m_show->addItem(tr("Reviewed"), int(Show::Reviewed));
    m_show->addItem(tr("Assigned to me"), int(Show::AssignedToMe));
    m_show->addItem(tr("With notes"), int(Show::WithNotes));
    m_show->setToolTip(tr("Narrow by the triage state: review marks, owners, notes (Alt+W)"));
    m_category = new QComboBox(this);
    m_category->setObjectName(QStringLiteral("categoryBox"));
    m_category->addItem(tr("New and common"), QString());
    m_category->addItem(tr("New"), issueCategoryKey(IssueCategory::New));
    m_category->addItem(tr("Common"), issueCategoryKey(IssueCategory::Common));
    m_category->setToolTip(tr("New in this variant, or common with the baseline (Alt+G)"));
    m_groupBy = new QComboBox(this);
    m_groupBy->setObjectName(QStringLiteral("groupByBox"));
    m_groupBy->addItem(tr("Nothing"), -1);
    m_groupBy->addItem(tr("Rule"), int(IssueGrouping::Rule));
    m_groupBy->addItem(tr("File"), int(IssueGrouping::File));
    m_groupBy->addItem(tr("Package"), int(IssueGrouping::Package));
    m_groupBy->addItem(tr("CWE"), int(IssueGrouping::Cwe));
    m_groupBy->setToolTip(tr("Group the issues by rule, file, package or CWE, with counts per group (Alt+U)"));
    m_groups = new QTreeWidget(this);
    m_groups->setObjectName(QStringLiteral("groupList"));
    m_groups->setColumnCount(2);
    m_groups->setHeaderLabels({tr("Group"), tr("Issues")});
    m_groups->setRootIsDecorated(false);
    m_groups->setUniformRowHeights(true);
    m_groups->header()->setStretchLastSection(false);
    m_groups->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_groups->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_groups->hide();
    connect(m_groups, &QTreeWidget::currentItemChanged, this, [this] {
        if (!m_updatingChoices)
            filtersChanged();
    });
    connect(m_groupBy, &QComboBox::currentIndexChanged, this, [this] {
        m_groups->setVisible(m_groupBy->currentData().toInt() >= 0);
        const QSignalBlocker quiet(m_groups);
        m_groups->clear(); // the groups of another grouping
        if (!m_updatingChoices)
            filtersChanged();
    });
    for (auto [box, text] : {std::pair{m_show, tr("Sho&w")}, std::pair{m_category, tr("Cate&gory")},
                             std::pair{m_groupBy, tr("Gro&up by")}}) {
        auto *label = new QLabel(text, this);
        label->setForegroundRole(QPalette::PlaceholderText);
        label->setBuddy(box);
        choices->addWidget(label);
        choices->addWidget(box);
        choices->addSpacing(8);
        connect(box, &QComboBox::currentIndexChanged, this, [this] {
            if (!m_updatingChoices)
                filtersChanged();
        });
    }
}

void SecurityTestsPage::setUpTriagePanel()
{
    m_triage = new TriagePanel(m_db, m_session, this);
    m_triageTab = m_details->addTab(m_triage, tr("Review && Notes"));
    connect(m_triage, &TriagePanel::notesCounted, this, [this](int notes) {
        m_details->setTabTitle(m_triageTab, notes ? tr("Review && Notes (%1)").arg(notes) : tr("Review && Notes"));
    });
    // A mark, an owner or a note changes the table's columns and what the Show filter lets in.
    connect(m_triage, &TriagePanel::changed, this, [this] {
        emit statusMessage(tr("Saved: %1").arg(m_triage->stateLabel()->text().section(QLatin1Char('\n'), 0, 0)));
        filtersChanged();
    });
    connect(m_triage, &TriagePanel::loaded, this, &SecurityTestsPage::checkSettled);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { m_triage->setIssues(m_selectedIssue, selectedIssueIds()); });
    connect(m_details, &IssueDetailsPane::loaded, this,
            [this] { m_triage->setIssues(m_details->issueId(), selectedIssueIds()); });
    // Keys of the page, not of the panel's buttons: those work only while its tab is shown.
    auto *review = new QShortcut(QKeySequence(QStringLiteral("Ctrl+R")), this);
    connect(review, &QShortcut::activated, m_triage, &TriagePanel::toggleReviewed);
    auto *assign = new QShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+A")), this);
    connect(assign, &QShortcut::activated, m_triage, &TriagePanel::openAssignDialog);
}

void SecurityTestsPage::applyTriageFilters(IssueFilter &filter) const
{
    switch (Show(m_show->currentData().toInt())) {
    case Show::All:
        break;
    case Show::NotReviewed:
        filter.reviewed = false;
        break;
    case Show::Reviewed:
        filter.reviewed = true;
        break;
    case Show::AssignedToMe:
        filter.assignee = m_session.name();
        break;
    case Show::WithNotes:
        filter.hasNotes = true;
        break;
    }
    filter.category = issueCategoryFromKey(m_category->currentData().toString());
    const int by = m_groupBy->currentData().toInt();
    if (const QTreeWidgetItem *chosen = m_groups->currentItem(); by >= 0 && chosen && chosen->data(0, Qt::UserRole + 1).toBool())
        filter.group = std::pair(IssueGrouping(by), chosen->data(0, Qt::UserRole).toString());
}

// The groups of what the other filters let through, the chosen one kept (by its key).
void SecurityTestsPage::loadGroups(const IssueFilter &filter)
{
    const int by = m_groupBy->currentData().toInt();
    if (by < 0 || m_scope.isEmpty())
        return;
    const QTreeWidgetItem *current = m_groups->currentItem();
    const QString keep = current && current->data(0, Qt::UserRole + 1).toBool() ? current->data(0, Qt::UserRole).toString()
                                                                                : QString();
    const bool chosen = current && current->data(0, Qt::UserRole + 1).toBool();
    ++m_busy;
    const Database db = m_db;
    const IssueScope scope = m_scope;
    runInBackground([db, scope, filter, by] { return IssueQuery(db).groups(scope, filter, IssueGrouping(by)); })
        .then(this, [this, keep, chosen, generation = ++m_groupsGeneration](const Outcome<QList<IssueGroup>> &out) {
            --m_busy;
            if (generation == m_groupsGeneration && out.value) {
                const QSignalBlocker quiet(m_groups);
                m_groups->clear();
                int total = 0;
                for (const IssueGroup &g : *out.value)
                    total += g.issues;
                auto *all = new QTreeWidgetItem(m_groups, {tr("All groups"), QString::number(out.value->size())});
                all->setToolTip(0, tr("Every issue; %n group(s)", nullptr, int(out.value->size())));
                QTreeWidgetItem *select = all;
                for (const IssueGroup &g : *out.value) {
                    auto *item = new QTreeWidgetItem(m_groups, {g.key.isEmpty() ? tr("(none)") : g.key, QString::number(g.issues)});
                    item->setData(0, Qt::UserRole, g.key);
                    item->setData(0, Qt::UserRole + 1, true);
                    item->setIcon(0, SeverityStyle::dot(g.worst));
                    item->setToolTip(0, plainToolTip(tr("%1: %n issue(s), the worst %2", nullptr, g.issues)
                                                         .arg(g.key.isEmpty() ? tr("(none)") : g.key, severityName(g.worst))));
                    item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
                    if (chosen && g.key == keep)
                        select = item;
                }
                m_groups->setCurrentItem(select);
                if (chosen && select == all) // the chosen group is gone: show everything again
                    filtersChanged();
            }
            checkSettled();
        });
}

} // namespace secreview::views
