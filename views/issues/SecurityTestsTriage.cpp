// The Security Tests page's triage: the Show and Category filters, the triage panel in the details
// and the keys that act on the selection (Ctrl+R, Ctrl+Shift+A). Part of SecurityTestsPage.
#include "views/issues/IssueDetailsPane.h"
#include "views/issues/SecurityTestsPage.h"
#include "views/issues/TriagePanel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QShortcut>
#include <QTableView>

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
    for (auto [box, text] : {std::pair{m_show, tr("Sho&w")}, std::pair{m_category, tr("Cate&gory")}}) {
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
}

} // namespace secreview::views
