#pragma once

#include "model/store/AuditLog.h"
#include "model/store/Database.h"
#include "views/common/Page.h"

#include <QDateTime>

class QComboBox;
class QDateEdit;
class QLabel;
class QPushButton;
class QTableView;

namespace secreview::views {

class AuditTableModel;

// The Audit page: the trail filtered by actor, object and time, and Verify (the chain and the
// exemption replay, as `secreview audit verify`).
class AuditPage : public Page
{
    Q_OBJECT
public:
    AuditPage(Database db, QWidget *parent = nullptr);

    void reload() override;
    void pageShown() override { reload(); } // what the other pages changed lands here
    void verify();
    bool isSettled() const override { return m_busy == 0; }
    QComboBox *actorBox() const { return m_actor; }
    QComboBox *objectBox() const { return m_object; }
    AuditTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QLabel *verdict() const { return m_verdict; }

private:
    void load();
    void markNewerEntries(qint64 newest);

    Database m_db;
    QComboBox *m_actor;
    QComboBox *m_object;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QPushButton *m_verify;
    QLabel *m_verdict;
    QTableView *m_table;
    AuditTableModel *m_model;
    int m_busy = 0;
    qint64 m_verifiedUpTo = 0; // the newest entry the last Verify read
    QDateTime m_verifiedAt;
    QString m_verdictText;     // the last verdict, before any note about newer entries
    quint64 m_generation = 0;
    bool m_filling = false;
};

} // namespace secreview::views
