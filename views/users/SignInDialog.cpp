#include "views/users/SignInDialog.h"

#include "model/core/Error.h"
#include "model/users/UserDirectory.h"

#include "views/common/PlainText.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace secreview::views {

SignInDialog::SignInDialog(Database db, const QString &user, QWidget *parent)
    : QDialog(parent), m_db(std::move(db)), m_user(new QLineEdit(user, this)),
      m_password(new QLineEdit(this)), m_error(new QLabel(this))
{
    setWindowTitle(tr("Sign in to secreview"));
    m_password->setEchoMode(QLineEdit::Password);
    makeInlineError(m_error);
    m_error->hide();
    auto *intro = new QLabel(tr("Database: %1").arg(m_db.isServer() ? m_db.server().display()
                                                                     : QFileInfo(m_db.location()).fileName()),
                             this);
    intro->setTextFormat(Qt::PlainText);
    auto *form = new QFormLayout;
    form->addRow(tr("&User"), m_user);
    form->addRow(tr("&Password"), m_password);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Sign in"));
    connect(buttons, &QDialogButtonBox::accepted, this, &SignInDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SignInDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    setMinimumWidth(380);
    (user.isEmpty() ? m_user : m_password)->setFocus();
}

void SignInDialog::accept()
{
    try {
        m_session = UserDirectory(m_db).authenticate(m_user->text().trimmed(), m_password->text());
    } catch (const Error &e) {
        m_error->setText(e.message());
        m_error->show();
        m_password->selectAll();
        m_password->setFocus();
        return;
    }
    QDialog::accept();
}

} // namespace secreview::views
