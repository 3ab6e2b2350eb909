#pragma once

#include "model/scans/ScanHistory.h"
#include "model/store/Database.h"
#include "model/users/Session.h"
#include "views/common/Page.h"

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QTreeWidget;

namespace secreview::views {

class ScanTableModel;

// The Scans page: every scan with its target, variant, scanner, file, importer, counts by
// severity, new and remediated issues (as `secreview scans`), filtered by target, variant and
// scanner; two scans of one target and scanner selected, Compare shows what the later one added,
// removed and changed (as `secreview compare`). SecOps delete a scan here (as `scan delete`).
class ScansPage : public Page
{
    Q_OBJECT
public:
    ScansPage(Database db, Session session, QWidget *parent = nullptr);

    void reload() override;
    bool isSettled() const override { return m_busy == 0; }
    ScanTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QComboBox *targetBox() const { return m_target; }
    QComboBox *variantBox() const { return m_variant; }
    QComboBox *scannerBox() const { return m_scanner; }
    QPushButton *compareButton() const { return m_compare; }
    // SecOps: the selected scan, after a confirmation (Ctrl+Shift+D; `secreview scan delete`).
    QPushButton *deleteButton() const { return m_delete; }
    void deleteSelected();
    QTreeWidget *comparison() const { return m_comparison; }
    QLabel *comparisonSummary() const { return m_summary; }
    void compareSelected();

private:
    void showRows();
    void fillChoices();
    void updateCompare(); // and Delete
    void deleteScan(const ScanSummary &scan);
    QList<ScanSummary> selectedScans() const; // oldest first
    void showComparison(const ScanComparison &c);

    Database m_db;
    Session m_session;
    QComboBox *m_target;
    QComboBox *m_variant;
    QComboBox *m_scanner;
    QPushButton *m_compare;
    QPushButton *m_delete;
    QTableView *m_table;
    ScanTableModel *m_model;
    QLabel *m_summary;
    QTreeWidget *m_comparison;
    QList<ScanSummary> m_all; // every scan, newest first; the filters choose among them
    QString m_afterReload; // said with the count once the page has reloaded (a deletion's outcome)
    int m_busy = 0;
    bool m_filling = false;
    quint64 m_generation = 0;
};

} // namespace secreview::views
