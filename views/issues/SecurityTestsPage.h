#pragma once

#include "model/scans/IssueQuery.h"
#include "model/store/Database.h"
#include "model/users/Session.h"
#include "views/common/Page.h"

#include <QVariantMap>
#include <array>
#include <optional>
#include <utility>

class QComboBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;
class QToolButton;
class QTreeWidget;

namespace secreview::views {

class IssueDetailsPane;
class IssueTableModel;
class TriagePanel;

// The Security Tests page: choose a target and variant, narrow by severity toggles (with live
// counts), Exempted, scanner and search; the issue table and the selected issue's details.
// All reads run on the background thread; the page says when it has settled (for screenshots
// and tests).
class SecurityTestsPage : public Page
{
    Q_OBJECT
public:
    SecurityTestsPage(Database db, Session session, QWidget *parent = nullptr);

    enum ItemRoles
    {
        TargetIdRole = Qt::UserRole,       // the target box's items: the target's id
        TargetNameRole = Qt::UserRole + 1, // and its name
    };

    void reload() override; // targets and everything under them, e.g. after an import
    // Reloads the targets and shows this target (by name) and variant: what an import brought.
    void showScanOf(const QString &target, const QString &variant);
    // One scan's issues, not the variant's latest scans (the Dashboard's chart, clicked): until
    // the reader chooses another target or variant, or presses "Latest scans" (Alt+L).
    void showScan(qint64 scanId, const QString &target, const QString &variant);
    std::optional<qint64> shownScan() const { return m_shownScan; } // nullopt: the latest scans
    QPushButton *latestScansButton() const { return m_latest; }
    // What a reader chose (target, variant, the pills), kept between runs per database.
    QVariantMap viewState() const;
    void restoreViewState(const QVariantMap &state);
    bool isSettled() const override;

    QToolButton *severityToggle(Severity s) const { return m_toggles[size_t(s)]; }
    QToolButton *exemptedToggle() const { return m_exempted; }
    QToolButton *remediatedToggle() const { return m_remediated; }
    QComboBox *targetBox() const { return m_target; }
    QComboBox *variantBox() const { return m_variant; }
    QComboBox *scannerBox() const { return m_scanner; }
    // Show: every issue, not reviewed, reviewed, assigned to me, with notes (the triage state).
    QComboBox *showBox() const { return m_show; }
    QComboBox *categoryBox() const { return m_category; } // new and common, new, common
    TriagePanel *triage() const { return m_triage; }
    // Group by rule, file, package or CWE: the groups with their counts beside the table;
    // choosing one narrows the table (and the pills) to it.
    QComboBox *groupByBox() const { return m_groupBy; }
    QTreeWidget *groupList() const { return m_groups; }
    QLineEdit *searchBox() const { return m_search; }
    QTableView *table() const { return m_table; }
    IssueTableModel *model() const { return m_model; }
    IssueDetailsPane *details() const { return m_details; }
    IssueFilter currentFilter() const;
    IssueScope currentScope() const { return m_scope; } // the scans shown (File > Export… takes them)
    QList<qint64> selectedIssueIds() const;

    void refreshIssues(); // counts, table and details again, keeping the choices

signals:
    void exemptionsChanged();
    void showExemption(qint64 exemptionId); // the Exemptions page, on that exemption

private:
    void loadTargets(const QString &keepTarget, const QString &keepVariant);
    void targetChanged();
    void variantChanged();
    void filtersChanged();
    void selectionChanged();
    void restoreSelection();
    void checkSettled();
    // SecurityTestsToggles.cpp: the severity pills, Exempted and Remediated, and their counts.
    QHBoxLayout *makeToggles();
    void updateToggleTexts(const SeverityCounts &counts, int remediated);
    void openRequestDialog(qint64 issueId, const QStringList &fingerprints = {});
    // SecurityTestsTriage.cpp: the Show and Category filters, the triage panel and its keys.
    void addTriageFilters(QHBoxLayout *choices);
    void setUpTriagePanel(); // once the table has its model
    void applyTriageFilters(IssueFilter &filter) const;
    void loadGroups(const IssueFilter &filter);

    Database m_db;
    Session m_session;
    IssueScope m_scope;
    QComboBox *m_target;
    QComboBox *m_variant;
    QLabel *m_baseline;
    QComboBox *m_scanner;
    QComboBox *m_show = nullptr;
    QComboBox *m_category = nullptr;
    TriagePanel *m_triage = nullptr;
    QComboBox *m_groupBy = nullptr;
    QTreeWidget *m_groups = nullptr;
    quint64 m_groupsGeneration = 0;
    int m_triageTab = -1;
    std::array<QToolButton *, 5> m_toggles{};
    QToolButton *m_exempted;
    QToolButton *m_remediated;
    QLineEdit *m_search;
    QTimer *m_searchDelay;
    QTableView *m_table;
    IssueTableModel *m_model;
    IssueDetailsPane *m_details;
    QLabel *m_summary;
    qint64 m_selectedIssue = 0;
    int m_scrollValue = 0;
    int m_busy = 0; // background requests of this page in flight
    quint64 m_countsGeneration = 0;
    // What the toggles' counts were last asked for (IssueQuery::countsKey); cleared when the data
    // may have changed, so that only a toggle of severities, Exempted or Category skips counting.
    QString m_countsKey;
    bool m_updatingChoices = false;
    std::optional<std::pair<QString, QString>> m_wantedScan; // showScanOf(): target and variant to show next
    std::optional<qint64> m_pinnedScan; // showScan(): wanted, until a load applies or drops it
    std::optional<qint64> m_shownScan;  // the one scan shown now
    QWidget *m_scanBar = nullptr;       // says which scan is shown, with m_latest
    QLabel *m_scanText = nullptr;
    QPushButton *m_latest = nullptr;
    quint64 m_targetsGeneration = 0;                          // the latest loadTargets()
};

} // namespace secreview::views
