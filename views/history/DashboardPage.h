#pragma once

#include "model/report/Dashboard.h"
#include "model/store/Database.h"
#include "views/common/Page.h"

class QComboBox;
class QLabel;
class QTableWidget;
class QTreeWidget;

namespace secreview::views {

class TrendChart;

// The Dashboard (the console's first page): for one target and variant, or for every target's
// main line, the severities over time, new and remediated per scan, the targets with the most
// open Critical and High issues, the oldest open Critical issues, and the exemptions waiting for
// a decision or running out within a week. A chart's bar, clicked, shows that scan's issues; a
// row, activated (Enter, double-click), shows its target, issue or exemption where it is worked on.
class DashboardPage : public Page
{
    Q_OBJECT
public:
    explicit DashboardPage(Database db, QWidget *parent = nullptr);

    void reload() override;
    bool isSettled() const override { return m_busy == 0; }

    QComboBox *targetBox() const { return m_target; }
    QComboBox *variantBox() const { return m_variant; }
    TrendChart *severityChart() const { return m_severities; }
    TrendChart *flowChart() const { return m_flow; }
    QTableWidget *riskTable() const { return m_risk; }
    QTableWidget *oldestTable() const { return m_oldest; }
    QTreeWidget *exemptionTree() const { return m_exemptions; }
    QLabel *headline() const { return m_headline; }
    const DashboardData &data() const { return m_data; }

signals:
    void showScan(qint64 scan, const QString &target, const QString &variant);
    void showVariant(const QString &target, const QString &variant);
    void showExemption(qint64 exemptionId);

private:
    void fillChoices(const QList<Dashboard::Choice> &choices);
    void loadData();
    void showData(const DashboardData &d);
    DashboardScope scope() const;

    Database m_db;
    QComboBox *m_target;
    QComboBox *m_variant;
    QLabel *m_headline;
    TrendChart *m_severities;
    TrendChart *m_flow;
    QTableWidget *m_risk;
    QTableWidget *m_oldest;
    QTreeWidget *m_exemptions;
    QList<Dashboard::Choice> m_choices;
    DashboardData m_data;
    int m_busy = 0;
    bool m_filling = false;
    quint64 m_generation = 0;
};

} // namespace secreview::views
