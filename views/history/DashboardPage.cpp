#include "views/history/DashboardPage.h"

#include "model/core/Vocabulary.h"
#include "views/common/Background.h"
#include "views/common/FilterCaption.h"
#include "views/common/SeverityStyle.h"
#include "views/common/Theme.h"
#include "views/history/TrendCharts.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace secreview::views {
namespace {

enum Roles
{
    KindRole = Qt::UserRole + 20, // a row's: 1 a variant, 2 an issue's variant, 3 an exemption
    TargetRole,
    VariantRole,
    IdRole
};

QTableWidget *smallTable(const QStringList &headers, QWidget *parent)
{
    auto *t = new QTableWidget(0, int(headers.size()), parent);
    t->setHorizontalHeaderLabels(headers);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->verticalHeader()->hide();
    t->setWordWrap(false);
    t->setAlternatingRowColors(true);
    t->horizontalHeader()->setHighlightSections(false);
    return t;
}

QTableWidgetItem *cell(const QString &text, Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(align);
    item->setToolTip(text);
    return item;
}

QWidget *titled(const QString &title, QWidget *body, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto *label = new QLabel(title, box);
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    label->setBuddy(body);
    layout->addWidget(label);
    layout->addWidget(body, 1);
    return box;
}

QString exemptionLine(const ExemptionInfo &e)
{
    return QObject::tr("#%1 %2 (%3, %4)").arg(QString::number(e.id), e.issueTitle, e.target, e.requestedBy);
}

} // namespace

DashboardPage::DashboardPage(Database db, QWidget *parent)
    : Page(parent), m_db(std::move(db)), m_target(new QComboBox(this)), m_variant(new QComboBox(this)),
      m_headline(new QLabel(this)), m_severities(new TrendChart(TrendChart::Severities, this)),
      m_flow(new TrendChart(TrendChart::NewAndRemediated, this)),
      m_risk(smallTable({tr("Target"), tr("Critical"), tr("High")}, this)),
      m_oldest(smallTable({tr("Issue"), tr("Title"), tr("Target"), tr("First seen"), tr("Age")}, this)),
      m_exemptions(new QTreeWidget(this))
{
    m_severities->setObjectName(QStringLiteral("severityChart"));
    m_flow->setObjectName(QStringLiteral("flowChart"));
    m_risk->setObjectName(QStringLiteral("riskTable"));
    m_oldest->setObjectName(QStringLiteral("oldestTable"));
    for (QComboBox *box : {m_target, m_variant})
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_target->setToolTip(tr("Every target's main line (its baseline, else its latest variant), or one target (Alt+T)"));
    m_headline->setTextFormat(Qt::PlainText);
    m_headline->setWordWrap(true);

    auto *choices = new QHBoxLayout;
    choices->setSpacing(6);
    choices->addWidget(filterCaption(tr("&Target"), m_target, this));
    choices->addWidget(m_target);
    choices->addSpacing(8);
    choices->addWidget(filterCaption(tr("Va&riant"), m_variant, this));
    choices->addWidget(m_variant);
    choices->addSpacing(16);
    choices->addWidget(m_headline, 1);

    // The names get the room: the numbers are short.
    for (QTableWidget *t : {m_risk, m_oldest}) {
        t->horizontalHeader()->setMinimumSectionSize(36);
        t->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    }
    m_risk->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_risk->setColumnWidth(1, 56);
    m_risk->setColumnWidth(2, 48);
    m_oldest->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_oldest->setColumnWidth(0, 44);
    m_oldest->setColumnWidth(2, 96);
    m_oldest->setColumnWidth(3, 82);
    m_oldest->setColumnWidth(4, 48);
    m_exemptions->setHeaderHidden(true);
    m_exemptions->setRootIsDecorated(true);
    m_exemptions->setUniformRowHeights(true);

    auto *charts = new QSplitter(Qt::Horizontal, this);
    charts->addWidget(m_severities);
    charts->addWidget(m_flow);
    charts->setStretchFactor(0, 3);
    charts->setStretchFactor(1, 2);
    auto *lists = new QSplitter(Qt::Horizontal, this);
    lists->addWidget(titled(tr("Most open Critical and High"), m_risk, this));
    lists->addWidget(titled(tr("Oldest open Critical issues"), m_oldest, this));
    lists->addWidget(titled(tr("Exemptions"), m_exemptions, this));
    lists->setStretchFactor(0, 2);
    lists->setStretchFactor(1, 4);
    lists->setStretchFactor(2, 2);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(charts);
    split->addWidget(lists);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 6);
    layout->setSpacing(8);
    layout->addLayout(choices);
    layout->addWidget(split, 1);

    connect(m_target, &QComboBox::currentIndexChanged, this, [this] {
        if (m_filling)
            return;
        fillChoices(m_choices); // the chosen target's variants
        loadData();
    });
    connect(m_variant, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling)
            loadData();
    });
    for (TrendChart *chart : {m_severities, m_flow})
        connect(chart, &TrendChart::scanClicked, this, &DashboardPage::showScan);
    for (QTableWidget *table : {m_risk, m_oldest}) {
        connect(table, &QTableWidget::itemActivated, this, [this, table](QTableWidgetItem *item) {
            const QTableWidgetItem *first = table->item(item->row(), 0);
            emit showVariant(first->data(TargetRole).toString(), first->data(VariantRole).toString());
        });
    }
    connect(m_exemptions, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        if (const QVariant id = item->data(0, IdRole); id.isValid())
            emit showExemption(id.toLongLong());
    });
}

void DashboardPage::reload()
{
    ++m_busy;
    const Database db = m_db;
    runInBackground([db] { return Dashboard(db).choices(); }).then(this, [this](const Outcome<QList<Dashboard::Choice>> &out) {
        --m_busy;
        if (out.value) {
            m_choices = *out.value;
            fillChoices(m_choices);
            loadData();
        } else {
            emit statusMessage(out.error);
        }
        if (isSettled())
            emit settled();
    });
}

// Every target, and the chosen one's variants (its main line first); a choice still offered is kept.
void DashboardPage::fillChoices(const QList<Dashboard::Choice> &choices)
{
    m_filling = true;
    const QVariant keepTarget = m_target->currentData();
    m_target->clear();
    m_target->addItem(tr("All targets (main lines)"));
    for (const Dashboard::Choice &c : choices)
        m_target->addItem(c.target.name, c.target.id);
    m_target->setCurrentIndex(qMax(0, keepTarget.isValid() ? m_target->findData(keepTarget) : 0));
    const QString keepVariant = m_variant->currentText();
    m_variant->clear();
    const qint64 target = m_target->currentData().toLongLong();
    for (const Dashboard::Choice &c : choices) {
        if (c.target.id != target)
            continue;
        m_variant->addItem(c.mainLine);
        for (const QString &v : c.variants) {
            if (v != c.mainLine)
                m_variant->addItem(v);
        }
    }
    m_variant->setEnabled(target != 0);
    if (target == 0)
        m_variant->addItem(tr("(each main line)"));
    m_variant->setCurrentIndex(qMax(0, m_variant->findText(keepVariant)));
    m_filling = false;
}

DashboardScope DashboardPage::scope() const
{
    DashboardScope s;
    s.targetId = m_target->currentData().toLongLong();
    if (s.targetId != 0)
        s.variant = m_variant->currentText();
    return s;
}

void DashboardPage::loadData()
{
    ++m_busy;
    const Database db = m_db;
    const DashboardScope s = scope();
    const quint64 generation = ++m_generation;
    runInBackground([db, s] { return Dashboard(db).read(s); }).then(this, [this, generation](const Outcome<DashboardData> &out) {
        --m_busy;
        if (generation == m_generation) {
            if (out.value)
                showData(*out.value);
            else
                emit statusMessage(out.error);
        }
        if (isSettled())
            emit settled();
    });
}

void DashboardPage::showData(const DashboardData &d)
{
    m_data = d;
    m_severities->setPoints(d.trend);
    m_flow->setPoints(d.trend);
    m_headline->setText(tr("Open now: %1 Critical, %2 High.  Exemptions: %3 waiting for a decision, %4 running out "
                           "within %5 days.")
                            .arg(d.openCritical)
                            .arg(d.openHigh)
                            .arg(d.pending.size())
                            .arg(d.expiring.size())
                            .arg(Dashboard::kExpiringDays));

    const auto keyed = [](QTableWidgetItem *item, const QString &target, const QString &variant) {
        item->setData(TargetRole, target);
        item->setData(VariantRole, variant);
        return item;
    };
    const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
    m_risk->setRowCount(int(d.riskiest.size()));
    for (int row = 0; row < d.riskiest.size(); ++row) {
        const TargetRisk &r = d.riskiest.at(row);
        m_risk->setItem(row, 0, keyed(cell(QStringLiteral("%1  (%2)").arg(r.target, r.variant)), r.target, r.variant));
        m_risk->setItem(row, 1, cell(QString::number(r.critical), right));
        m_risk->setItem(row, 2, cell(QString::number(r.high), right));
        if (r.critical > 0)
            m_risk->item(row, 1)->setForeground(readable(SeverityStyle::fill(Severity::Critical)));
    }
    m_oldest->setRowCount(int(d.oldestCritical.size()));
    for (int row = 0; row < d.oldestCritical.size(); ++row) {
        const AgedIssue &a = d.oldestCritical.at(row);
        m_oldest->setItem(row, 0, keyed(cell(QString::number(a.row.id), right), a.target, a.variant));
        m_oldest->setItem(row, 1, cell(a.row.title));
        m_oldest->setItem(row, 2, cell(QStringLiteral("%1 %2").arg(a.target, a.variant)));
        m_oldest->setItem(row, 3, cell(a.firstSeen.toLocalTime().toString(QStringLiteral("yyyy-MM-dd"))));
        auto *age = cell(tr("%1 d").arg(a.ageDays), right);
        age->setToolTip(tr("%n day(s) since first seen", nullptr, int(a.ageDays)));
        m_oldest->setItem(row, 4, age);
    }

    m_exemptions->clear();
    const auto group = [this](const QString &title, const QList<ExemptionInfo> &list, bool expiring) {
        auto *top = new QTreeWidgetItem(m_exemptions, {title.arg(list.size())});
        for (const ExemptionInfo &e : list) {
            QString text = exemptionLine(e);
            if (expiring)
                text += tr(", runs out %1").arg(e.expiresAt->toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
            auto *item = new QTreeWidgetItem(top, {text});
            item->setToolTip(0, text);
            item->setData(0, IdRole, e.id);
        }
        top->setExpanded(true);
    };
    group(tr("Waiting for a decision (%1)"), d.pending, false);
    group(tr("Running out within %1 days (%2)").arg(Dashboard::kExpiringDays), d.expiring, true);
}

} // namespace secreview::views
