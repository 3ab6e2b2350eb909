#pragma once

#include "model/scans/ScanHistory.h"
#include "model/store/Database.h"
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
// removed and changed (as `secreview compare`).
class ScansPage : public Page
{
    Q_OBJECT
public:
    explicit ScansPage(Database db, QWidget *parent = nullptr);

    void reload() override;
    bool isSettled() const override { return m_busy == 0; }
    ScanTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QComboBox *targetBox() const { return m_target; }
    QComboBox *variantBox() const { return m_variant; }
    QComboBox *scannerBox() const { return m_scanner; }
    QPushButton *compareButton() const { return m_compare; }
    QTreeWidget *comparison() const { return m_comparison; }
    QLabel *comparisonSummary() const { return m_summary; }
    void compareSelected();

private:
    void showRows();
    void fillChoices();
    void updateCompare();
    QList<ScanSummary> selectedScans() const; // oldest first
    void showComparison(const ScanComparison &c);

    Database m_db;
    QComboBox *m_target;
    QComboBox *m_variant;
    QComboBox *m_scanner;
    QPushButton *m_compare;
    QTableView *m_table;
    ScanTableModel *m_model;
    QLabel *m_summary;
    QTreeWidget *m_comparison;
    QList<ScanSummary> m_all; // every scan, newest first; the filters choose among them
    int m_busy = 0;
    bool m_filling = false;
    quint64 m_generation = 0;
};

} // namespace secreview::views
