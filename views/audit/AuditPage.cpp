#include "views/audit/AuditPage.h"

#include "model/audit/AuditVerification.h"
#include "model/core/Clock.h"
#include "model/users/UserStore.h"
#include "views/audit/AuditTableModel.h"
#include "views/common/Background.h"
#include "views/common/FilterCaption.h"
#include "views/common/TableColumns.h"

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace secreview::views {

AuditPage::AuditPage(Database db, QWidget *parent)
    : Page(parent), m_db(std::move(db)), m_actor(new QComboBox(this)), m_object(new QComboBox(this)),
      m_from(new QDateEdit(this)), m_to(new QDateEdit(this)), m_verify(new QPushButton(tr("Verify"), this)),
      m_verdict(new QLabel(this)), m_table(new QTableView(this)), m_model(new AuditTableModel(this))
{
    m_table->setObjectName(QStringLiteral("auditTable")); // its columns and sort are remembered
    const QDate today = Clock::now().toLocalTime().date();
    for (QDateEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    }
    m_from->setDate(today.addYears(-1));
    m_to->setDate(today);
    m_verify->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+V")));
    m_verify->setToolTip(
        tr("Check the hash chain and replay every exemption against its audit history (Ctrl+Shift+V)"));
    m_verdict->setTextFormat(Qt::PlainText);
    m_verdict->setWordWrap(true);

    auto *filters = new QHBoxLayout;
    filters->setSpacing(6);
    m_actor->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_object->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    filters->addWidget(filterCaption(tr("A&ctor"), m_actor, this));
    filters->addWidget(m_actor);
    filters->addSpacing(8);
    filters->addWidget(filterCaption(tr("&Object"), m_object, this));
    filters->addWidget(m_object);
    filters->addSpacing(8);
    filters->addWidget(filterCaption(tr("Fro&m"), m_from, this));
    filters->addWidget(m_from);
    filters->addWidget(filterCaption(tr("U&ntil"), m_to, this));
    filters->addWidget(m_to);
    filters->addStretch(1);
    filters->addWidget(m_verify);

    setUpRowTable(m_table, m_model);
    m_table->horizontalHeader()->setSectionResizeMode(AuditTableModel::DetailsColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(AuditTableModel::TimeColumn, 150);
    m_table->setColumnWidth(AuditTableModel::ActorColumn, 90);
    m_table->setColumnWidth(AuditTableModel::ActionColumn, 150);
    m_table->setColumnWidth(AuditTableModel::ObjectColumn, 170);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 6);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_verdict);

    auto changed = [this] {
        if (!m_filling)
            load();
    };
    connect(m_actor, &QComboBox::currentIndexChanged, this, changed);
    connect(m_object, &QComboBox::currentIndexChanged, this, changed);
    connect(m_from, &QDateEdit::dateChanged, this, changed);
    connect(m_to, &QDateEdit::dateChanged, this, changed);
    connect(m_verify, &QPushButton::clicked, this, &AuditPage::verify);
}

void AuditPage::reload()
{
    ++m_busy;
    const Database db = m_db;
    struct Choices
    {
        QStringList actors, objectTypes;
        QHash<qint64, QString> users;
    };
    runInBackground([db] {
        const AuditLog log(db);
        return Choices{log.actors(), log.objectTypes(), UserStore(db).names()};
    }).then(this, [this](const Outcome<Choices> &out) {
        --m_busy;
        if (out.value) {
            m_model->setUsers(out.value->users);
            m_filling = true;
            for (const auto &[box, items, all] : {std::tuple{m_actor, out.value->actors, tr("Anyone")},
                                                  {m_object, out.value->objectTypes, tr("Anything")}}) {
                const QString keep = box->currentData().toString();
                box->clear();
                box->addItem(all, QString());
                for (const QString &item : items)
                    box->addItem(item, item);
                box->setCurrentIndex(qMax(0, box->findData(keep)));
            }
            m_filling = false;
        }
        load();
    });
}

void AuditPage::load()
{
    AuditFilter filter;
    filter.actor = m_actor->currentData().toString();
    filter.objectType = m_object->currentData().toString();
    filter.fromMs = QDateTime(m_from->date(), QTime(0, 0)).toMSecsSinceEpoch();
    filter.toMs = QDateTime(m_to->date().addDays(1), QTime(0, 0)).toMSecsSinceEpoch();
    filter.limit = 5000;
    const quint64 generation = ++m_generation;
    ++m_busy;
    const Database db = m_db;
    runInBackground([db, filter] {
        return AuditLog(db).find(filter);
    }).then(this, [this, generation](const Outcome<QList<AuditEntry>> &out) {
        --m_busy;
        if (generation == m_generation && out.value) {
            if (!out.value->isEmpty())
                markNewerEntries(out.value->first().id); // newest first
            // A refresh keeps the entry the reader selected (new entries arrive above it).
            const QModelIndex current = m_table->currentIndex();
            const qint64 keep = current.isValid() ? m_model->at(current.row()).id : 0;
            m_model->setRows(*out.value);
            for (int row = 0; keep != 0 && row < m_model->rowCount(); ++row) {
                if (m_model->at(row).id == keep) {
                    m_table->selectRow(row);
                    break;
                }
            }
        }
        if (isSettled())
            emit settled();
    });
}

void AuditPage::verify()
{
    ++m_busy;
    m_verdict->setText(tr("Verifying…"));
    const Database db = m_db;
    struct Verdict
    {
        QStringList problems;
        qint64 upTo = 0; // the newest entry when the replay started
    };
    runInBackground([db] {
        Verdict v;
        AuditFilter newest;
        newest.limit = 1;
        const QList<AuditEntry> last = AuditLog(db).find(newest);
        v.upTo = last.isEmpty() ? 0 : last.first().id;
        v.problems = verifyAudit(db);
        return v;
    }).then(this, [this](const Outcome<Verdict> &out) {
        --m_busy;
        m_verifiedUpTo = out.value ? out.value->upTo : 0;
        m_verifiedAt = QDateTime::currentDateTime();
        if (!out.value)
            m_verdict->setText(out.error);
        else if (out.value->problems.isEmpty())
            m_verdict->setText(tr("✔ The audit chain holds and every exemption agrees with its audit history "
                                  "(verified at %1, up to entry #%2).")
                                   .arg(QLocale().toString(m_verifiedAt.time(), QLocale::LongFormat))
                                   .arg(m_verifiedUpTo));
        else
            m_verdict->setText(tr("✘ %1 (verified at %2)")
                                   .arg(out.value->problems.join(QStringLiteral("; ")),
                                        QLocale().toString(m_verifiedAt.time(), QLocale::LongFormat)));
        m_verdict->setStyleSheet(out.value && out.value->problems.isEmpty() ? QStringLiteral("color: #2e7d32;")
                                                                            : QStringLiteral("color: #b01e2d;"));
        m_verdictText = m_verdict->text();
        if (isSettled())
            emit settled();
    });
}

// A verdict is about the entries it read: newer ones are said to be unverified, not covered by it.
void AuditPage::markNewerEntries(qint64 newest)
{
    if (m_verifiedUpTo <= 0 || m_verdictText.isEmpty())
        return;
    m_verdict->setText(newest > m_verifiedUpTo
                           ? m_verdictText + QLatin1Char(' ') +
                                 tr("Entries after #%1 are not verified yet: Verify again.").arg(m_verifiedUpTo)
                           : m_verdictText);
}

} // namespace secreview::views
