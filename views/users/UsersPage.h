#pragma once

#include "model/store/Database.h"
#include "model/users/Session.h"
#include "model/users/UserDirectory.h"
#include "views/common/Page.h"

#include <functional>

class QLabel;
class QPushButton;
class QTableView;

namespace secreview::views {

class UserTableModel;

// The admin's page for users: add, disable and enable, reset a password, grant and revoke roles.
// The same UserDirectory functions as `secreview user ...`; non-admins see why they cannot.
class UsersPage : public Page
{
    Q_OBJECT
public:
    UsersPage(Database db, Session session, QWidget *parent = nullptr);

    void reload() override;
    bool isSettled() const override { return m_busy == 0; }
    UserTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QPushButton *addButton() const { return m_add; }

    // What the buttons do once their dialogs are answered (public for tests).
    void addUser(const QString &name, const QString &password, const QList<Role> &roles);
    void setRoles(const QString &name, const QList<Role> &roles);
    void resetPassword(const QString &name, const QString &password);
    void setDisabled(const QString &name, bool disabled);

private:
    void run(const QString &what, std::function<void(const UserDirectory &, const Session &)> change);
    void updateButtons();
    const UserInfo *current() const;
    void askRoles();
    void askPassword(bool newUser);

    Database m_db;
    Session m_session;
    UserTableModel *m_model;
    QTableView *m_table;
    QLabel *m_note;
    QPushButton *m_add;
    QPushButton *m_roles;
    QPushButton *m_password;
    QPushButton *m_disable;
    int m_busy = 0;
};

} // namespace secreview::views
