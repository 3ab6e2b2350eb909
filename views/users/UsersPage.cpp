#include "views/users/UsersPage.h"

#include "views/common/Background.h"
#include "views/common/Notify.h"
#include "views/common/TableColumns.h"
#include "views/users/UserTableModel.h"

#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace secreview::views {

UsersPage::UsersPage(Database db, Session session, QWidget *parent)
    : Page(parent), m_db(std::move(db)), m_session(std::move(session)), m_model(new UserTableModel(this)),
      m_table(new QTableView(this)), m_note(new QLabel(this)), m_add(new QPushButton(tr("Add User…"), this)),
      m_roles(new QPushButton(tr("Roles…"), this)), m_password(new QPushButton(tr("Reset Password…"), this)),
      m_disable(new QPushButton(tr("Disable"), this))
{
    m_table->setObjectName(QStringLiteral("userTable")); // its columns and sort are remembered
    setUpRowTable(m_table, m_model, QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(UserTableModel::RolesColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(UserTableModel::NameColumn, 200);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &UsersPage::updateButtons);
    m_note->setTextFormat(Qt::PlainText);
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);

    m_add->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+N")));
    connect(m_add, &QPushButton::clicked, this, [this] { askPassword(true); });
    connect(m_roles, &QPushButton::clicked, this, &UsersPage::askRoles);
    connect(m_password, &QPushButton::clicked, this, [this] { askPassword(false); });
    connect(m_disable, &QPushButton::clicked, this, [this] {
        if (const UserInfo *u = current())
            setDisabled(u->name, !u->disabled);
    });
    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {m_add, m_roles, m_password, m_disable})
        buttons->addWidget(b);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 6);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_note);
    layout->addStretch(0); // takes the room when the table is hidden: the note stays under the buttons
}

const UserInfo *UsersPage::current() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : &m_model->at(rows.first().row());
}

void UsersPage::updateButtons()
{
    const bool admin = m_session.has(Role::Admin);
    const QString notAdmin = tr("Managing users needs the admin role; you are %1").arg(m_session.rolesText());
    const UserInfo *u = current();
    m_add->setEnabled(admin);
    m_add->setToolTip(admin ? tr("Add a user (Ctrl+Shift+N)") : notAdmin);
    for (QPushButton *b : {m_roles, m_password, m_disable}) {
        b->setEnabled(admin && u);
        b->setToolTip(!admin ? notAdmin : u ? QString() : tr("Select a user first"));
    }
    m_disable->setText(u && u->disabled ? tr("Enable") : tr("Disable"));
}

void UsersPage::reload()
{
    if (!m_session.has(Role::Admin)) {
        m_note->setText(tr("Only admins see and manage users. You are signed in as %1 (%2).")
                            .arg(m_session.name(), m_session.rolesText()));
        m_table->hide(); // no empty table that looks like a database without users
        updateButtons();
        return;
    }
    ++m_busy;
    const Database db = m_db;
    const Session session = m_session;
    runInBackground([db, session] {
        return UserDirectory(db).list(session);
    }).then(this, [this](const Outcome<QList<UserInfo>> &out) {
        --m_busy;
        const QString keep = current() ? current()->name : QString();
        if (out.value)
            m_model->setRows(*out.value);
        else
            m_note->setText(out.error);
        for (int row = 0; row < m_model->rowCount(); ++row) {
            if (m_model->at(row).name == keep)
                m_table->selectRow(row);
        }
        updateButtons();
        if (isSettled())
            emit settled();
    });
}

void UsersPage::run(const QString &what, std::function<void(const UserDirectory &, const Session &)> change)
{
    ++m_busy;
    const Database db = m_db;
    const Session session = m_session;
    runInBackground([db, session, change] {
        change(UserDirectory(db), session);
        return true;
    }).then(this, [this, what](const Outcome<bool> &out) {
        --m_busy;
        if (out.value)
            emit statusMessage(what);
        else
            warnLater(this, tr("Users"), out.error);
        reload();
    });
}

void UsersPage::addUser(const QString &name, const QString &password, const QList<Role> &roles)
{
    run(tr("added %1").arg(name), [=](const UserDirectory &users, const Session &actor) {
        users.addUser(actor, name, password, roles);
    });
}

void UsersPage::setRoles(const QString &name, const QList<Role> &roles)
{
    run(tr("roles of %1 changed").arg(name), [=](const UserDirectory &users, const Session &actor) {
        const UserInfo before = users.find(name);
        for (Role role : allRoles()) {
            if (roles.contains(role) && !before.roles.contains(role))
                users.grant(actor, name, role);
        }
        for (Role role : allRoles()) {
            if (!roles.contains(role) && before.roles.contains(role))
                users.revoke(actor, name, role);
        }
    });
}

void UsersPage::resetPassword(const QString &name, const QString &password)
{
    run(tr("password of %1 reset").arg(name),
        [=](const UserDirectory &users, const Session &actor) { users.setPassword(actor, name, password); });
}

void UsersPage::setDisabled(const QString &name, bool disabled)
{
    run(disabled ? tr("%1 disabled").arg(name) : tr("%1 enabled").arg(name),
        [=](const UserDirectory &users, const Session &actor) { users.setDisabled(actor, name, disabled); });
}

void UsersPage::askRoles()
{
    const UserInfo *u = current();
    if (!u)
        return;
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Roles of %1").arg(u->name));
    auto *layout = new QVBoxLayout(dialog);
    QList<std::pair<Role, QCheckBox *>> boxes;
    for (Role role : allRoles()) {
        auto *box = new QCheckBox(roleKey(role), dialog);
        box->setChecked(u->roles.contains(role));
        layout->addWidget(box);
        boxes.append({role, box});
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
    const QString name = u->name;
    connect(dialog, &QDialog::accepted, this, [this, name, boxes] {
        QList<Role> roles;
        for (const auto &[role, box] : boxes) {
            if (box->isChecked())
                roles.append(role);
        }
        setRoles(name, roles);
    });
    dialog->open();
}

void UsersPage::askPassword(bool newUser)
{
    const UserInfo *u = current();
    if (!newUser && !u)
        return;
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(newUser ? tr("Add User") : tr("Reset the password of %1").arg(u->name));
    auto *name = new QLineEdit(newUser ? QString() : u->name, dialog);
    name->setReadOnly(!newUser);
    auto *password = new QLineEdit(dialog);
    auto *again = new QLineEdit(dialog);
    password->setEchoMode(QLineEdit::Password);
    again->setEchoMode(QLineEdit::Password);
    auto *form = new QFormLayout(dialog);
    form->addRow(tr("&Name"), name);
    form->addRow(tr("&Password"), password);
    form->addRow(tr("A&gain"), again);
    QList<std::pair<Role, QCheckBox *>> boxes;
    if (newUser) {
        for (Role role : allRoles()) {
            auto *box = new QCheckBox(roleKey(role), dialog);
            box->setChecked(role == Role::Developer);
            form->addRow(QString(), box);
            boxes.append({role, box});
        }
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    form->addRow(buttons);
    auto check = [=] {
        buttons->button(QDialogButtonBox::Ok)
            ->setEnabled(!name->text().trimmed().isEmpty() && password->text().size() >= 8 &&
                         password->text() == again->text());
    };
    for (QLineEdit *edit : {name, password, again})
        connect(edit, &QLineEdit::textChanged, dialog, check);
    check();
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(dialog, &QDialog::accepted, this, [this, newUser, name, password, boxes] {
        if (!newUser) {
            resetPassword(name->text(), password->text());
            return;
        }
        QList<Role> roles;
        for (const auto &[role, box] : boxes) {
            if (box->isChecked())
                roles.append(role);
        }
        addUser(name->text().trimmed(), password->text(), roles);
    });
    dialog->open();
}

} // namespace secreview::views
