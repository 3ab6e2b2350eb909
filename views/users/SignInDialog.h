#pragma once

#include "model/store/Database.h"
#include "model/users/Session.h"

#include <QDialog>

class QLabel;
class QLineEdit;

namespace secreview::views {

// Asks who is signing in and checks the password with the same UserDirectory the command line
// uses. On success, session() is the signed-in user.
class SignInDialog : public QDialog
{
    Q_OBJECT
public:
    SignInDialog(Database db, const QString &user, QWidget *parent = nullptr);
    Session session() const { return m_session; }
    QLineEdit *userEdit() const { return m_user; }
    QLineEdit *passwordEdit() const { return m_password; }
    QLabel *errorLabel() const { return m_error; }

    void accept() override;

private:
    Database m_db;
    Session m_session;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLabel *m_error;
};

} // namespace secreview::views
