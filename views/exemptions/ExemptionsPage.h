#pragma once

#include "model/exemptions/ExemptionPolicy.h"
#include "model/exemptions/ExemptionWorkflow.h"
#include "model/store/Database.h"
#include "model/users/Session.h"
#include "views/common/Page.h"

#include <QHash>
#include <QMap>
#include <optional>

class QComboBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabBar;
class QTableView;

namespace secreview::views {

class ExemptionTableModel;

// The review queue: tabs Pending, Approved, Rejected and Expired with their counts, the
// exemptions of the chosen tab, and the actions Harness STO offers on each (Approve, Reject,
// Cancel, Re-open, Delete). Buttons follow the signed-in user's roles and say why when they are
// disabled; several selected exemptions are decided together, each decision audited on its own.
class ExemptionsPage : public Page
{
    Q_OBJECT
public:
    static QList<ExemptionStatus> tabStatuses(); // pending, approved, rejected, expired

    ExemptionsPage(Database db, Session session, QWidget *parent = nullptr);

    void reload() override;
    bool isSettled() const override { return m_busy == 0; }
    int count(ExemptionStatus status) const { return int(m_byStatus.value(status).size()); }

    QTabBar *tabs() const { return m_tabs; }
    QTableView *table() const { return m_table; }
    ExemptionTableModel *model() const { return m_model; }
    QPushButton *button(ExemptionAction action) const { return m_buttons.value(int(action)); }
    // The filters: a search (issue, title, description, requester, reviewer, comment), the
    // target, the requester ("My requests" by default for whoever does not decide), and on the
    // Approved tab those expiring within N days. The tabs count what the filters let through.
    QLineEdit *searchBox() const { return m_search; }
    QComboBox *targetFilter() const { return m_targetFilter; }
    QComboBox *requesterFilter() const { return m_requesterFilter; }
    QComboBox *expiringFilter() const { return m_expiring; }
    // What was decided on the signed-in user's requests since they last opened the console.
    QLabel *decisionsNotice() const { return m_notice; }
    // Whether this run records when the user last looked (off for --screenshot).
    void setKeepsLastVisit(bool keep) { m_keepsLastVisit = keep; }

    // Shows this exemption: its status's tab, its row selected (after the next load).
    void showExemption(qint64 id);

    // Decides every selected exemption (the buttons ask for the comment first).
    void decide(ExemptionAction action, const QString &comment,
                std::optional<ExemptionScope> widenTo = std::nullopt);

signals:
    void pendingCountChanged(int pending);
    void exemptionsChanged();

private:
    void showTab();
    void selectWanted();
    void selectOnly(int row);
    void updateButtons();
    void askAndDecide(ExemptionAction action);
    QList<ExemptionInfo> selected() const;
    bool passes(const ExemptionInfo &e) const;
    void updateFilterChoices();
    void updateTabCounts();
    void noticeDecisions();
    QHBoxLayout *buildFilters(); // ExemptionFilters.cpp, with the functions above

    Database m_db;
    Session m_session;
    QTabBar *m_tabs;
    QTableView *m_table;
    ExemptionTableModel *m_model;
    QLabel *m_detail;
    QHash<int, QPushButton *> m_buttons;
    QMap<ExemptionStatus, QList<ExemptionInfo>> m_byStatus;
    QHash<qint64, ExemptionPolicy> m_policies; // by project
    int m_busy = 0;
    int m_failedLoads = 0; // loads that failed in a row (retried up to 3 times)
    qint64 m_wanted = 0; // showExemption() waiting for the load
    QLineEdit *m_search;
    QComboBox *m_targetFilter;
    QComboBox *m_requesterFilter;
    QComboBox *m_expiring;
    QLabel *m_notice;
    bool m_noticed = false;
    bool m_keepsLastVisit = true;
};

} // namespace secreview::views
