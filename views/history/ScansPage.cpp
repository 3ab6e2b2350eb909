#include "views/history/ScansPage.h"

#include "model/core/Vocabulary.h"
#include "model/scans/ScanDeletion.h"
#include "views/common/Background.h"
#include "views/common/FilterCaption.h"
#include "views/common/TableColumns.h"
#include "views/history/ScanTableModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSet>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace secreview::views {
namespace {

QString sideText(const IssueRow &r)
{
    return QObject::tr("%1, %2 occurrence(s), %3")
        .arg(severityName(r.severity))
        .arg(r.occurrences)
        .arg(r.exemption ? QObject::tr("exemption %1").arg(exemptionStatusKey(*r.exemption)) : QObject::tr("no exemption"));
}

} // namespace

ScansPage::ScansPage(Database db, Session session, QWidget *parent)
    : Page(parent), m_db(std::move(db)), m_session(std::move(session)), m_target(new QComboBox(this)),
      m_variant(new QComboBox(this)), m_scanner(new QComboBox(this)), m_compare(new QPushButton(tr("&Compare"), this)),
      m_delete(new QPushButton(tr("Delete Scan…"), this)),
      m_table(new QTableView(this)), m_model(new ScanTableModel(this)), m_summary(new QLabel(this)),
      m_comparison(new QTreeWidget(this))
{
    m_table->setObjectName(QStringLiteral("scanTable")); // its columns and sort are remembered
    m_compare->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+C")));
    m_compare->setEnabled(false);
    m_delete->setObjectName(QStringLiteral("deleteScanButton"));
    m_delete->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+D")));
    m_delete->setEnabled(false);

    auto *filters = new QHBoxLayout;
    filters->setSpacing(6);
    for (QComboBox *box : {m_target, m_variant, m_scanner})
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    filters->addWidget(filterCaption(tr("&Target"), m_target, this));
    filters->addWidget(m_target);
    filters->addSpacing(8);
    filters->addWidget(filterCaption(tr("Va&riant"), m_variant, this));
    filters->addWidget(m_variant);
    filters->addSpacing(8);
    filters->addWidget(filterCaption(tr("Sca&nner"), m_scanner, this));
    filters->addWidget(m_scanner);
    filters->addStretch(1);
    filters->addWidget(m_compare);
    filters->addWidget(m_delete);

    setUpRowTable(m_table, m_model);
    m_table->horizontalHeader()->setSectionResizeMode(ScanTableModel::FileColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(ScanTableModel::IdColumn, 48);
    m_table->setColumnWidth(ScanTableModel::ImportedColumn, 140);
    m_table->setColumnWidth(ScanTableModel::TargetColumn, 120);
    m_table->setColumnWidth(ScanTableModel::VariantColumn, 90);
    m_table->setColumnWidth(ScanTableModel::ScannerColumn, 100);
    for (int c = ScanTableModel::CriticalColumn; c <= ScanTableModel::RemediatedColumn; ++c)
        m_table->setColumnWidth(c, c == ScanTableModel::RemediatedColumn ? 86 : c == ScanTableModel::MediumColumn ? 60 : 52);
    m_table->setColumnWidth(ScanTableModel::ImportedByColumn, 90);

    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_summary->setText(tr("Select two scans of one target and scanner and press Compare (Ctrl+Shift+C) to see "
                          "what the later one added, removed and changed."));
    m_comparison->setColumnCount(5);
    m_comparison->setHeaderLabels({tr("Issue"), tr("Rule"), tr("Title"), tr("Before"), tr("After")});
    m_comparison->setRootIsDecorated(true);
    m_comparison->setUniformRowHeights(true);
    m_comparison->setColumnWidth(0, 90);
    m_comparison->setColumnWidth(1, 120);
    m_comparison->setColumnWidth(2, 320);
    m_comparison->setColumnWidth(3, 230);

    auto *lower = new QWidget(this);
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 4, 0, 0);
    lowerLayout->addWidget(m_summary);
    lowerLayout->addWidget(m_comparison, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(lower);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 6);
    layout->addLayout(filters);
    layout->addWidget(split, 1);

    connect(m_target, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling)
            fillChoices(); // the variants and scanners of the chosen target
        if (!m_filling)
            showRows();
    });
    for (QComboBox *box : {m_variant, m_scanner}) {
        connect(box, &QComboBox::currentIndexChanged, this, [this] {
            if (!m_filling)
                showRows();
        });
    }
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ScansPage::updateCompare);
    connect(m_compare, &QPushButton::clicked, this, &ScansPage::compareSelected);
    connect(m_delete, &QPushButton::clicked, this, &ScansPage::deleteSelected);
    connect(m_table, &QTableView::activated, this, [this] { updateCompare(); });
}

void ScansPage::reload()
{
    ++m_busy;
    const Database db = m_db;
    const quint64 generation = ++m_generation;
    runInBackground([db] { return ScanHistory(db).scans({}); })
        .then(this, [this, generation](const Outcome<QList<ScanSummary>> &out) {
            --m_busy;
            if (generation == m_generation) {
                if (out.value) {
                    m_all = *out.value;
                    fillChoices();
                    showRows();
                } else {
                    emit statusMessage(out.error);
                }
            }
            if (isSettled())
                emit settled();
        });
}

// The filters offer what the scans hold: every target; the variants and scanners of the chosen
// one (of all when none is). A choice that is still offered is kept.
void ScansPage::fillChoices()
{
    m_filling = true;
    const auto fill = [](QComboBox *box, const QString &all, QList<std::pair<QString, QVariant>> items) {
        const QVariant keep = box->currentData();
        box->clear();
        box->addItem(all);
        for (const auto &[text, value] : items)
            box->addItem(text, value);
        box->setCurrentIndex(qMax(0, keep.isValid() ? box->findData(keep) : 0));
    };
    QList<std::pair<QString, QVariant>> targets;
    QSet<qint64> seenTargets;
    for (const ScanSummary &s : std::as_const(m_all)) {
        if (!seenTargets.contains(s.scan.targetId)) {
            seenTargets.insert(s.scan.targetId);
            targets.append({s.scan.target, s.scan.targetId});
        }
    }
    std::sort(targets.begin(), targets.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    fill(m_target, tr("All targets"), targets);
    const QVariant target = m_target->currentData();
    QList<std::pair<QString, QVariant>> variants, scanners;
    QSet<QString> seenVariants, seenScanners;
    for (const ScanSummary &s : std::as_const(m_all)) {
        if (target.isValid() && s.scan.targetId != target.toLongLong())
            continue;
        if (target.isValid() && !seenVariants.contains(s.scan.variant)) {
            seenVariants.insert(s.scan.variant);
            variants.append({s.scan.variant, s.scan.variant}); // most recently scanned first
        }
        if (!seenScanners.contains(s.scan.scanner)) {
            seenScanners.insert(s.scan.scanner);
            scanners.append({s.scan.scanner, s.scan.scanner});
        }
    }
    std::sort(scanners.begin(), scanners.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    fill(m_variant, target.isValid() ? tr("All variants") : tr("(choose a target)"), variants);
    m_variant->setEnabled(target.isValid());
    fill(m_scanner, tr("All scanners"), scanners);
    m_filling = false;
}

void ScansPage::showRows()
{
    const QVariant target = m_target->currentData(), variant = m_variant->currentData(),
                   scanner = m_scanner->currentData();
    QList<ScanSummary> rows;
    for (const ScanSummary &s : std::as_const(m_all)) {
        if ((target.isValid() && s.scan.targetId != target.toLongLong()) ||
            (variant.isValid() && s.scan.variant != variant.toString()) ||
            (scanner.isValid() && s.scan.scanner != scanner.toString()))
            continue;
        rows.append(s);
    }
    // A refresh keeps the scans the reader selected.
    QSet<qint64> keep;
    for (const ScanSummary &s : selectedScans())
        keep.insert(s.scan.id);
    m_model->setRows(rows);
    QItemSelection selection;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (keep.contains(m_model->at(row).scan.id))
            selection.select(m_model->index(row, 0), m_model->index(row, ScanTableModel::ColumnCount - 1));
    }
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    updateCompare();
    const QString count = tr("%n scan(s)", nullptr, int(rows.size()));
    emit statusMessage(m_afterReload.isEmpty() ? count : m_afterReload + QStringLiteral("  ·  ") + count);
    m_afterReload.clear();
}

QList<ScanSummary> ScansPage::selectedScans() const
{
    QList<ScanSummary> out;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows)
        out.append(m_model->at(index.row()));
    std::sort(out.begin(), out.end(), [](const ScanSummary &a, const ScanSummary &b) {
        return a.scan.importedAt != b.scan.importedAt ? a.scan.importedAt < b.scan.importedAt : a.scan.id < b.scan.id;
    });
    return out;
}

void ScansPage::updateCompare()
{
    const QList<ScanSummary> scans = selectedScans();
    const bool two = scans.size() == 2;
    const bool comparable = two && scans.at(0).scan.targetId == scans.at(1).scan.targetId &&
                            scans.at(0).scan.scanner == scans.at(1).scan.scanner;
    m_compare->setEnabled(comparable);
    m_compare->setToolTip(comparable ? tr("What scan %1 added, removed and changed since scan %2 (Ctrl+Shift+C)")
                                           .arg(scans.at(1).scan.id)
                                           .arg(scans.at(0).scan.id)
                          : two ? tr("Two scans of the same target and scanner can be compared")
                                : tr("Select two scans of one target and scanner (Ctrl+Shift+C)"));
    const bool may = m_session.may(Permission::DeleteScans);
    m_delete->setEnabled(may && scans.size() == 1);
    m_delete->setToolTip(!may ? tr("Deleting scans is SecOps' (you are %1)").arg(m_session.rolesText())
                         : scans.size() == 1 ? tr("Delete scan %1 after a confirmation (Ctrl+Shift+D)").arg(scans.first().scan.id)
                                             : tr("Select one scan to delete (Ctrl+Shift+D)"));
}

// Asks first (window-modal, no nested event loop): what goes, what is recomputed, that it is
// audited; the page reloads after.
void ScansPage::deleteSelected()
{
    const QList<ScanSummary> scans = selectedScans();
    if (scans.size() != 1 || !m_delete->isEnabled())
        return;
    const ScanSummary scan = scans.first();
    auto *ask = new QMessageBox(QMessageBox::Warning, tr("Delete Scan"),
                                tr("Delete scan %1 (%2 of %3, variant %4, %5, imported %6)?")
                                    .arg(QString::number(scan.scan.id), scan.scan.scanner, scan.scan.target,
                                         scan.scan.variant, scan.scan.fileName,
                                         scan.scan.importedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    ask->setTextFormat(Qt::PlainText);
    ask->setInformativeText(tr("Its issues' rows, occurrences and raw entries go; the issues, their exemptions and notes "
                               "stay. Scans compared with it are compared with the scan before it. The deletion is "
                               "audited and cannot be undone."));
    ask->setDefaultButton(QMessageBox::Cancel);
    ask->setWindowModality(Qt::WindowModal);
    ask->setAttribute(Qt::WA_DeleteOnClose);
    connect(ask, &QMessageBox::finished, this, [this, scan](int result) {
        if (result == QMessageBox::Yes)
            deleteScan(scan);
    });
    ask->open();
}

void ScansPage::deleteScan(const ScanSummary &scan)
{
    ++m_busy;
    const Database db = m_db;
    const Session session = m_session;
    const qint64 id = scan.scan.id;
    runInBackground([db, session, id] { return ScanDeletion(db).remove(session, id); })
        .then(this, [this](const Outcome<ScanDeleted> &out) {
            --m_busy;
            if (out.value) {
                m_afterReload = tr("Deleted scan %1 (%2 of %3, variant %4); %n scan(s) compared with it now compared "
                                      "with %5.",
                                      nullptr, int(out.value->recomputed.size()))
                                       .arg(QString::number(out.value->scanId), out.value->scanner, out.value->target,
                                            out.value->variant,
                                            out.value->replacement ? tr("scan %1").arg(*out.value->replacement)
                                                                   : tr("no scan"));
                reload();
            } else {
                emit statusMessage(out.error);
            }
            if (isSettled())
                emit settled();
        });
}

void ScansPage::compareSelected()
{
    const QList<ScanSummary> scans = selectedScans();
    if (scans.size() != 2 || !m_compare->isEnabled())
        return;
    ++m_busy;
    const Database db = m_db;
    const qint64 first = scans.at(0).scan.id, second = scans.at(1).scan.id;
    runInBackground([db, first, second] { return ScanHistory(db).compare(first, second); })
        .then(this, [this](const Outcome<ScanComparison> &out) {
            --m_busy;
            if (out.value)
                showComparison(*out.value);
            else
                m_summary->setText(out.error);
            if (isSettled())
                emit settled();
        });
}

void ScansPage::showComparison(const ScanComparison &c)
{
    m_summary->setText(tr("Scan %1 (%2) against scan %3 (%4), %5 of %6: %7 added, %8 removed, %9 changed, %10 "
                          "unchanged.")
                           .arg(QString::number(c.second.scan.id),
                                c.second.scan.importedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                QString::number(c.first.scan.id),
                                c.first.scan.importedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                c.first.scan.scanner, c.first.scan.target)
                           .arg(c.added.size())
                           .arg(c.removed.size())
                           .arg(c.changed.size())
                           .arg(c.unchanged));
    m_comparison->clear();
    for (const auto &[title, issues] : {std::pair{tr("Added"), &c.added},
                                        {tr("Removed"), &c.removed},
                                        {tr("Changed"), &c.changed}}) {
        auto *group = new QTreeWidgetItem(m_comparison, {tr("%1 (%2)").arg(title).arg(issues->size())});
        group->setFirstColumnSpanned(true);
        for (const ComparedIssue &i : *issues) {
            const IssueRow &r = i.either();
            new QTreeWidgetItem(group, {QString::number(r.id), r.rule, r.title,
                                        i.before ? sideText(*i.before) : QStringLiteral("–"),
                                        i.after ? sideText(*i.after) : QStringLiteral("–")});
        }
        group->setExpanded(true);
    }
}

} // namespace secreview::views
