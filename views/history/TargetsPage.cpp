#include "views/history/TargetsPage.h"

#include "views/common/Background.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace secreview::views {
namespace {

enum Column
{
    NameColumn,
    ProjectColumn,
    TypeColumn,
    BaselineColumn,
    CriticalColumn,
    HighColumn,
    MediumColumn,
    LowColumn,
    InfoColumn,
    NewColumn,
    RemediatedColumn,
    ScannedColumn,
    ScannersColumn,
    ColumnCount
};

constexpr int kTargetIdRole = Qt::UserRole;
constexpr int kVariantRole = Qt::UserRole + 1;

} // namespace

BaselineDialog::BaselineDialog(const TargetSummary &target, QWidget *parent)
    : QDialog(parent), m_byVariant(new QRadioButton(tr("A &fixed variant"), this)),
      m_byPattern(new QRadioButton(tr("The latest scanned variant &matching"), this)), m_variant(new QComboBox(this)),
      m_pattern(new QLineEdit(this)), m_error(new QLabel(this)), m_set(new QPushButton(tr("&Set Baseline"), this))
{
    setWindowTitle(tr("Baseline of %1").arg(target.target.name));
    for (const VariantSummary &v : target.variants)
        m_variant->addItem(v.name);
    m_variant->setEditable(true); // a variant not scanned yet may be named too
    m_pattern->setPlaceholderText(QStringLiteral("^(main|master)$"));
    m_pattern->setMaxLength(1024);
    if (target.baseline && target.baseline->isPattern()) {
        m_byPattern->setChecked(true);
        m_pattern->setText(target.baseline->pattern);
    } else {
        m_byVariant->setChecked(true);
        if (target.baseline)
            m_variant->setCurrentText(target.baseline->variant);
    }
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b01e2d;"));
    auto *explain = new QLabel(tr("New and common issues of every other variant are judged against the baseline's "
                                  "latest scan of the same scanner. The change is logged in the audit trail."),
                               this);
    explain->setWordWrap(true);
    explain->setTextFormat(Qt::PlainText);
    auto *form = new QFormLayout;
    form->addRow(m_byVariant, m_variant);
    form->addRow(m_byPattern, m_pattern);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_set, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    m_set->setDefault(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(explain);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_set, &QPushButton::clicked, this, [this] {
        if (m_set->isEnabled())
            emit submitted(baseline());
    });
    connect(m_byVariant, &QRadioButton::toggled, this, &BaselineDialog::check);
    connect(m_pattern, &QLineEdit::textChanged, this, [this] {
        if (!m_pattern->text().isEmpty())
            m_byPattern->setChecked(true);
        check();
    });
    connect(m_variant, &QComboBox::currentTextChanged, this, &BaselineDialog::check);
    check();
}

BaselineInfo BaselineDialog::baseline() const
{
    return m_byPattern->isChecked() ? BaselineInfo{{}, m_pattern->text()}
                                    : BaselineInfo{m_variant->currentText().trimmed(), {}};
}

// Said as typed, and Set waits for it: an empty choice, a pattern that is not a regular expression.
void BaselineDialog::check()
{
    QString problem;
    if (m_byPattern->isChecked()) {
        const QRegularExpression re(m_pattern->text());
        if (m_pattern->text().isEmpty())
            problem = tr("Type a regular expression, e.g. ^(main|master)$");
        else if (!re.isValid())
            problem = tr("Not a regular expression: %1 (at %2)").arg(re.errorString()).arg(re.patternErrorOffset());
    } else if (m_variant->currentText().trimmed().isEmpty()) {
        problem = tr("Choose or type a variant");
    }
    m_error->setText(problem);
    m_set->setEnabled(problem.isEmpty());
}

void BaselineDialog::showError(const QString &message)
{
    m_error->setText(message);
}

TargetsPage::TargetsPage(Database db, Session session, QWidget *parent)
    : Page(parent), m_db(std::move(db)), m_session(std::move(session)), m_tree(new QTreeWidget(this)),
      m_setBaseline(new QPushButton(tr("Set &Baseline…"), this)), m_note(new QLabel(this))
{
    m_tree->setObjectName(QStringLiteral("targetTree"));
    m_tree->setColumnCount(ColumnCount);
    m_tree->setHeaderLabels({tr("Target / variant"), tr("Project"), tr("Type"), tr("Baseline"), tr("Critical"), tr("High"),
                             tr("Medium"), tr("Low"), tr("Info"), tr("New"), tr("Remediated"), tr("Last scanned"),
                             tr("Latest scans")});
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(NameColumn, 190);
    m_tree->setColumnWidth(ProjectColumn, 110);
    m_tree->setColumnWidth(TypeColumn, 90);
    m_tree->setColumnWidth(BaselineColumn, 130);
    for (int c = CriticalColumn; c <= RemediatedColumn; ++c)
        m_tree->setColumnWidth(c, c == RemediatedColumn ? 86 : c == MediumColumn ? 60 : 52);
    m_tree->setColumnWidth(ScannedColumn, 130);
    m_setBaseline->setShortcut(QKeySequence(QStringLiteral("Ctrl+B")));
    m_note->setTextFormat(Qt::PlainText);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    m_note->setText(tr("Counts are the latest scan of each scanner on the variant, exempted or not; new and "
                       "remediated are against the scan each is compared with."));
    m_note->setWordWrap(true);

    auto *top = new QHBoxLayout;
    top->addWidget(m_note, 1);
    top->addWidget(m_setBaseline);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 6);
    layout->addLayout(top);
    layout->addWidget(m_tree, 1);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &TargetsPage::updateButton);
    connect(m_setBaseline, &QPushButton::clicked, this, &TargetsPage::askBaseline);
    updateButton();
}

void TargetsPage::reload()
{
    ++m_busy;
    const Database db = m_db;
    const quint64 generation = ++m_generation;
    runInBackground([db] { return ScanHistory(db).targets(); })
        .then(this, [this, generation](const Outcome<QList<TargetSummary>> &out) {
            --m_busy;
            if (generation == m_generation) {
                if (out.value)
                    show(*out.value);
                else
                    emit statusMessage(out.error);
            }
            if (isSettled())
                emit settled();
        });
}

void TargetsPage::show(const QList<TargetSummary> &targets)
{
    // A refresh keeps the row the reader was on (a target, or one of its variants).
    const QTreeWidgetItem *current = m_tree->currentItem();
    const qint64 keepTarget = current ? current->data(NameColumn, kTargetIdRole).toLongLong() : 0;
    const QString keepVariant = current ? current->data(NameColumn, kVariantRole).toString() : QString();
    m_targets = targets;
    m_tree->clear();
    QTreeWidgetItem *select = nullptr;
    for (const TargetSummary &t : targets) {
        auto *item = new QTreeWidgetItem(m_tree, {t.target.name, t.target.project, t.target.type,
                                                  t.baseline ? t.baseline->described() : tr("none")});
        item->setData(NameColumn, kTargetIdRole, t.target.id);
        item->setToolTip(BaselineColumn, t.baseline ? tr("The baseline: %1").arg(t.baseline->described())
                                                    : tr("No baseline: each variant is compared with its own previous "
                                                         "scan. Set Baseline… (Ctrl+B) sets one."));
        if (!t.baseline)
            item->setForeground(BaselineColumn, palette().brush(QPalette::PlaceholderText));
        if (t.target.id == keepTarget && keepVariant.isEmpty())
            select = item;
        for (const VariantSummary &v : t.variants) {
            QStringList scanners;
            for (const ScanSummary &s : v.latestScans)
                scanners.append(QStringLiteral("%1 (scan %2)").arg(s.scan.scanner).arg(s.scan.id));
            QStringList texts{v.name, QString(), QString(), v.isBaseline ? tr("the baseline") : QString()};
            for (int c = CriticalColumn; c <= InfoColumn; ++c)
                texts.append(QString::number(v.counts[size_t(InfoColumn - c)]));
            texts << QString::number(v.newIssues) << QString::number(v.remediated)
                  << v.lastScanned.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) << scanners.join(QStringLiteral(", "));
            auto *child = new QTreeWidgetItem(item, texts);
            child->setData(NameColumn, kTargetIdRole, t.target.id);
            child->setData(NameColumn, kVariantRole, v.name);
            for (int c = CriticalColumn; c <= RemediatedColumn; ++c)
                child->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
            if (t.target.id == keepTarget && v.name == keepVariant)
                select = child;
        }
        item->setExpanded(true);
    }
    if (!select && m_tree->topLevelItemCount() > 0)
        select = m_tree->topLevelItem(0);
    if (select)
        m_tree->setCurrentItem(select);
    updateButton();
    emit statusMessage(tr("%n target(s)", nullptr, int(targets.size())));
}

const TargetSummary *TargetsPage::selectedTarget() const
{
    const QTreeWidgetItem *item = m_tree->currentItem();
    if (!item)
        return nullptr;
    const qint64 id = item->data(NameColumn, kTargetIdRole).toLongLong();
    for (const TargetSummary &t : m_targets) {
        if (t.target.id == id)
            return &t;
    }
    return nullptr;
}

void TargetsPage::updateButton()
{
    const bool may = m_session.may(Permission::SetBaselines);
    const TargetSummary *t = selectedTarget();
    m_setBaseline->setEnabled(may && t);
    m_setBaseline->setToolTip(!may ? tr("Baselines are set by SecOps and admins") :
                              t    ? tr("Set or change the baseline of %1 (Ctrl+B)").arg(t->target.name)
                                   : tr("Select a target first"));
}

void TargetsPage::askBaseline()
{
    const TargetSummary *t = selectedTarget();
    if (!t || !m_setBaseline->isEnabled())
        return;
    delete m_dialog;
    m_dialog = new BaselineDialog(*t, this);
    const qint64 targetId = t->target.id;
    connect(m_dialog, &BaselineDialog::submitted, this, [this, targetId](const BaselineInfo &baseline) {
        ++m_busy;
        const Database db = m_db;
        const Session session = m_session;
        m_dialog->setButton()->setEnabled(false);
        runInBackground([db, session, targetId, baseline] {
            Catalog(db).setBaseline(session, targetId, baseline);
            return true;
        }).then(this, [this, baseline](const Outcome<bool> &out) {
            --m_busy;
            if (m_dialog) {
                m_dialog->setButton()->setEnabled(true);
                if (out.value) {
                    m_dialog->accept();
                    emit statusMessage(tr("Baseline set: %1").arg(baseline.text()));
                    reload();
                } else {
                    m_dialog->showError(out.error); // the dialog keeps what was typed
                }
            }
            if (isSettled())
                emit settled();
        });
    });
    m_dialog->open();
}

} // namespace secreview::views
