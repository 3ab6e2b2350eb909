#include "views/shell/OpenDatabaseDialog.h"

#include "model/core/Error.h"

#include "views/common/PlainText.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace secreview::views {
namespace {
const QString kRecentKey = QStringLiteral("recentDatabases");
constexpr int kRecentCount = 8;
} // namespace

QStringList recentDatabases()
{
    return QSettings().value(kRecentKey).toStringList();
}

void rememberDatabase(const QString &location)
{
    QStringList recent = recentDatabases();
    recent.removeAll(location);
    recent.prepend(location);
    while (recent.size() > kRecentCount)
        recent.removeLast();
    QSettings().setValue(kRecentKey, recent);
}

OpenDatabaseDialog::OpenDatabaseDialog(QWidget *parent)
    : QDialog(parent), m_location(new QComboBox(this)), m_error(new QLabel(this))
{
    setWindowTitle(tr("Open Team Database"));
    m_location->setEditable(true);
    m_location->setInsertPolicy(QComboBox::NoInsert);
    for (const QString &recent : recentDatabases()) {
        if (ServerLocation::isServerLocation(recent))
            m_location->addItem(recent);
    }
    m_location->setCurrentText(m_location->count() ? m_location->itemText(0) : QString());
    m_location->lineEdit()->setPlaceholderText(QStringLiteral("postgresql://host/dbname?sslmode=verify-full"));
    m_location->setMinimumContentsLength(40);
    auto *hint = new QLabel(tr("The team's PostgreSQL database: postgresql://[user@]host[:port]/dbname, "
                               "with ?sslmode=verify-full over a network. You sign in with your own server login next."),
                            this);
    hint->setWordWrap(true);
    hint->setTextFormat(Qt::PlainText);
    makeInlineError(m_error);
    m_error->hide();
    auto *form = new QFormLayout;
    form->addRow(tr("&Location"), m_location);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Open"));
    connect(buttons, &QDialogButtonBox::accepted, this, &OpenDatabaseDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &OpenDatabaseDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(hint);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    setMinimumWidth(520);
    m_location->setFocus();
}

void OpenDatabaseDialog::accept()
{
    const QString location = m_location->currentText().trimmed();
    try {
        if (!ServerLocation::isServerLocation(location))
            throw Error(ErrorKind::Usage, tr("a team database's location starts with postgresql:// "
                                             "(a file is opened with File > Open Database File…)"));
        m_database = Database::open(location);
    } catch (const Error &e) {
        m_error->setText(e.message());
        m_error->show();
        adjustSize(); // room for the message, above it nothing moves out of sight
        m_location->setFocus();
        m_location->lineEdit()->selectAll();
        return;
    }
    QDialog::accept();
}

} // namespace secreview::views
