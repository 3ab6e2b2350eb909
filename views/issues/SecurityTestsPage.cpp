#include "views/issues/SecurityTestsPage.h"

#include "model/exemptions/ExemptionWorkflow.h"
#include "model/exemptions/GateRun.h"
#include "model/scans/Catalog.h"
#include "views/common/Background.h"
#include "views/common/Notify.h"
#include "views/common/PlainText.h"
#include "views/common/SeverityChipDelegate.h"
#include "views/common/SeverityStyle.h"
#include "views/common/TableColumns.h"
#include "views/issues/IssueDetailsPane.h"
#include "views/issues/IssueTableModel.h"
#include "views/issues/RequestExemptionDialog.h"
#include "views/issues/TriagePanel.h"

#include <QComboBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QPointer>
#include <QPushButton>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace secreview::views {
namespace {

QLabel *caption(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

SecurityTestsPage::SecurityTestsPage(Database db, Session session, QWidget *parent)
    : Page(parent), m_db(std::move(db)), m_session(std::move(session)), m_target(new QComboBox(this)),
      m_variant(new QComboBox(this)), m_baseline(new QLabel(this)), m_scanner(new QComboBox(this)),
      m_exempted(new QToolButton(this)), m_remediated(new QToolButton(this)), m_search(new QLineEdit(this)), m_searchDelay(new QTimer(this)),
      m_table(new QTableView(this)), m_model(new IssueTableModel(this)),
      m_details(new IssueDetailsPane(this)), m_summary(new QLabel(this))
{
    m_table->setObjectName(QStringLiteral("issueTable")); // its columns and sort are remembered
    m_target->setMinimumWidth(160);
    m_target->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_target->setMinimumContentsLength(18); // the row's room goes to it: a long name fits at 1024 wide
    m_variant->setMinimumWidth(110);
    m_variant->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_variant->setMinimumContentsLength(10);
    m_scanner->setMinimumWidth(110);
    m_baseline->setTextFormat(Qt::PlainText);
    m_baseline->setForegroundRole(QPalette::PlaceholderText);
    m_target->setToolTip(tr("The scanned target (Alt+T)"));
    m_variant->setToolTip(tr("The branch, tag or version of the target (Alt+R)"));

    // Three rows that fit from 1024 pixels up: what is looked at (and the search), the severity
    // pills, and the narrowing choices.
    auto *choices = new QHBoxLayout;
    choices->addWidget(caption(tr("&Target"), this));
    choices->addWidget(m_target, 3);
    choices->addSpacing(12);
    choices->addWidget(caption(tr("Va&riant"), this));
    choices->addWidget(m_variant, 1);
    choices->addSpacing(8);
    choices->addWidget(m_baseline);
    choices->addSpacing(12);
    // Buddies make the captions' mnemonics (Alt+T, Alt+R, Alt+S) move the focus; Alt+V is the View menu's.
    static_cast<QLabel *>(choices->itemAt(0)->widget())->setBuddy(m_target);
    static_cast<QLabel *>(choices->itemAt(3)->widget())->setBuddy(m_variant);
    auto *refine = new QHBoxLayout;
    addTriageFilters(refine);
    refine->addWidget(caption(tr("&Scanner"), this));
    static_cast<QLabel *>(refine->itemAt(refine->count() - 1)->widget())->setBuddy(m_scanner);
    refine->addWidget(m_scanner);
    refine->addStretch(1);

    QHBoxLayout *toggles = makeToggles();
    m_search->setPlaceholderText(tr("Search issues (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaxLength(IssueFilter::kMaxSearch);
    m_search->setMinimumWidth(180);
    m_search->setMaximumWidth(320);
    choices->addWidget(m_search, 2);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(250);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, &SecurityTestsPage::filtersChanged);
    // Esc clears the search where it is typed; Tab goes on to the table, not back to Scanner.
    auto *clearSearch = new QShortcut(QKeySequence(Qt::Key_Escape), m_search, nullptr, nullptr, Qt::WidgetShortcut);
    connect(clearSearch, &QShortcut::activated, m_search, &QLineEdit::clear);
    auto *find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, m_search, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });

    setUpRowTable(m_table, m_model); // several issues selected: a bulk request
    m_table->setItemDelegateForColumn(IssueTableModel::SeverityColumn, new SeverityChipDelegate(m_table));
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(IssueTableModel::SeverityColumn, Qt::DescendingOrder);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 14);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setColumnWidth(IssueTableModel::SeverityColumn, 84);
    m_table->setColumnWidth(IssueTableModel::RuleColumn, 112); // CVE-2019-12900, GHSA ids
    m_table->setColumnWidth(IssueTableModel::ReviewedColumn, 28);
    m_table->setColumnWidth(IssueTableModel::OwnerColumn, 64);
    m_table->setColumnWidth(IssueTableModel::NotesColumn, 30);
    m_table->setColumnHidden(IssueTableModel::ScannerColumn, true); // the Scanner filter and the details say it
    fillWithColumn(m_table, IssueTableModel::IssueColumn, 200);
    addColumnChooser(m_table, IssueTableModel::IssueColumn);
    m_table->setColumnWidth(IssueTableModel::ScannerColumn, 70);
    m_table->setColumnWidth(IssueTableModel::OccurrencesColumn, 40);
    m_table->setColumnWidth(IssueTableModel::CategoryColumn, 66);
    m_table->setColumnWidth(IssueTableModel::ExemptionColumn, 76);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SecurityTestsPage::selectionChanged);
    connect(m_model, &IssueTableModel::loaded, this, &SecurityTestsPage::restoreSelection);
    connect(m_model, &IssueTableModel::failed, this, &SecurityTestsPage::statusMessage);
    connect(m_details, &IssueDetailsPane::loaded, this, &SecurityTestsPage::checkSettled);
    const bool mayRequest = m_session.may(Permission::RequestExemptions);
    m_details->setRequestAllowed(mayRequest,
                                 tr("Requesting exemptions needs the developer or secops role; you are %1")
                                     .arg(m_session.rolesText()));
    connect(m_details, &IssueDetailsPane::requestExemption, this,
            [this](qint64 id) { openRequestDialog(id); });
    connect(m_details, &IssueDetailsPane::showExemption, this, &SecurityTestsPage::showExemption);
    connect(m_details, &IssueDetailsPane::requestOccurrenceExemption, this,
            [this](qint64 id, const QStringList &fingerprints) { openRequestDialog(id, fingerprints); });
    setUpTriagePanel();

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("issueSplitter")); // remembered
    splitter->addWidget(m_groups);
    splitter->addWidget(m_table);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 2);
    splitter->setSizes({200, 780, 310}); // the table gets the room: titles are long
    splitter->setChildrenCollapsible(false);

    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setForegroundRole(QPalette::PlaceholderText);
    // The latest scans' file names can be long: the line is cut at the window's edge (the whole
    // of it in the tooltip) rather than widening the page past a small screen.
    m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    // One earlier scan shown instead of the latest (the Dashboard's chart, clicked): said above
    // the pills, with the way back.
    m_scanBar = new QWidget(this);
    m_scanBar->setObjectName(QStringLiteral("shownScanBar"));
    m_scanText = new QLabel(m_scanBar);
    m_scanText->setTextFormat(Qt::PlainText);
    m_latest = new QPushButton(tr("&Latest scans"), m_scanBar);
    m_latest->setToolTip(tr("Show the latest scans of this variant again (Alt+L)"));
    auto *scanBarLayout = new QHBoxLayout(m_scanBar);
    scanBarLayout->setContentsMargins(0, 0, 0, 0);
    scanBarLayout->addWidget(m_scanText, 1);
    scanBarLayout->addWidget(m_latest);
    m_scanBar->hide();
    connect(m_latest, &QPushButton::clicked, this, [this] {
        m_pinnedScan.reset();
        variantChanged();
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 6);
    layout->setSpacing(8);
    layout->addLayout(choices);
    layout->addWidget(m_scanBar);
    layout->addLayout(toggles);
    layout->addLayout(refine);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_summary);

    // The reader choosing another target or variant leaves a scan shown alone.
    connect(m_target, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_updatingChoices) {
            m_pinnedScan.reset();
            targetChanged();
        }
    });
    connect(m_variant, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_updatingChoices) {
            m_pinnedScan.reset();
            variantChanged();
        }
    });
    connect(m_scanner, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_updatingChoices)
            filtersChanged();
    });
    QWidget::setTabOrder(m_search, m_table);
}

void SecurityTestsPage::reload()
{
    m_countsKey.clear();
    if (m_wantedScan)
        loadTargets(m_wantedScan->first, m_wantedScan->second);
    else
        loadTargets(m_target->currentText(), m_variant->currentText());
}

void SecurityTestsPage::showScan(qint64 scanId, const QString &target, const QString &variant)
{
    m_pinnedScan = scanId;
    showScanOf(target, variant);
}

void SecurityTestsPage::showScanOf(const QString &target, const QString &variant)
{
    // Wanted until a load applies it: a refresh that starts meanwhile (another client's change)
    // must not put the page back where it was.
    m_wantedScan = std::pair(target, variant);
    loadTargets(target, variant);
}

QVariantMap SecurityTestsPage::viewState() const
{
    QVariantMap state;
    state.insert(QStringLiteral("target"), m_target->currentData(TargetNameRole).toString());
    state.insert(QStringLiteral("variant"), m_variant->currentText());
    QStringList hidden;
    for (Severity s : kSeveritiesDescending) {
        if (!m_toggles[size_t(s)]->isChecked())
            hidden.append(severityKey(s));
    }
    state.insert(QStringLiteral("hiddenSeverities"), hidden);
    state.insert(QStringLiteral("exempted"), m_exempted->isChecked());
    state.insert(QStringLiteral("remediated"), m_remediated->isChecked());
    state.insert(QStringLiteral("show"), m_show->currentIndex());
    state.insert(QStringLiteral("category"), m_category->currentIndex());
    return state;
}

void SecurityTestsPage::restoreViewState(const QVariantMap &state)
{
    const QStringList hidden = state.value(QStringLiteral("hiddenSeverities")).toStringList();
    {
        const QSignalBlocker quiet(this);
        for (Severity s : kSeveritiesDescending) {
            const QSignalBlocker block(m_toggles[size_t(s)]);
            m_toggles[size_t(s)]->setChecked(!hidden.contains(severityKey(s)));
        }
        const QSignalBlocker block(m_exempted);
        m_exempted->setChecked(state.value(QStringLiteral("exempted")).toBool());
        const QSignalBlocker blockRemediated(m_remediated);
        m_remediated->setChecked(state.value(QStringLiteral("remediated")).toBool());
        const QSignalBlocker blockShow(m_show);
        m_show->setCurrentIndex(qBound(0, state.value(QStringLiteral("show")).toInt(), m_show->count() - 1));
        const QSignalBlocker blockCategory(m_category);
        m_category->setCurrentIndex(qBound(0, state.value(QStringLiteral("category")).toInt(), m_category->count() - 1));
    }
    const QString target = state.value(QStringLiteral("target")).toString();
    if (!target.isEmpty())
        showScanOf(target, state.value(QStringLiteral("variant")).toString());
    else
        filtersChanged();
}

void SecurityTestsPage::loadTargets(const QString &keepTarget, const QString &keepVariant)
{
    ++m_busy;
    const Database db = m_db;
    runInBackground([db] {
        return Catalog(db).targets();
    }).then(this, [this, keepTarget, keepVariant, generation = ++m_targetsGeneration](const Outcome<QList<TargetInfo>> &out) {
        --m_busy;
        if (generation != m_targetsGeneration) { // a later load (a refresh, an import's) decides
            checkSettled();
            return;
        }
        m_wantedScan.reset();
        if (!out.value) {
            emit statusMessage(out.error);
            checkSettled();
            return;
        }
        m_updatingChoices = true;
        m_target->clear();
        for (const TargetInfo &t : *out.value) {
            m_target->addItem(QStringLiteral("%1  (%2)").arg(t.name, t.type), t.id);
            m_target->setItemData(m_target->count() - 1, t.name, TargetNameRole);
        }
        int index = 0;
        for (int i = 0; i < m_target->count(); ++i) {
            // As shown ("dvpwa  (repository)"), or by its name (an import's target).
            if (m_target->itemText(i) == keepTarget || m_target->itemData(i, TargetNameRole).toString() == keepTarget)
                index = i;
        }
        m_target->setCurrentIndex(m_target->count() ? index : -1);
        m_updatingChoices = false;
        m_variant->setProperty("keep", keepVariant);
        targetChanged();
    });
}

void SecurityTestsPage::targetChanged()
{
    const qint64 targetId = m_target->currentData().toLongLong();
    if (targetId == 0) {
        m_updatingChoices = true;
        m_variant->clear();
        m_scanner->clear();
        m_updatingChoices = false;
        m_baseline->setText(tr("No scans yet: File > Import (Ctrl+I) or drop result files here."));
        m_scope = {};
        m_model->clear();
        m_details->clear();
        updateToggleTexts({}, 0);
        checkSettled();
        return;
    }
    ++m_busy;
    const Database db = m_db;
    runInBackground([db, targetId] {
        const Catalog catalog(db);
        return std::make_pair(catalog.variants(targetId), catalog.baseline(targetId));
    }).then(this, [this, targetId](const Outcome<std::pair<QStringList, std::optional<BaselineInfo>>> &out) {
        --m_busy;
        if (!out.value || targetId != m_target->currentData().toLongLong()) {
            if (!out.value)
                emit statusMessage(out.error);
            checkSettled();
            return;
        }
        const QString keep = m_variant->property("keep").toString();
        m_updatingChoices = true;
        m_variant->clear();
        m_variant->addItems(out.value->first);
        // Prefer the variant that was shown, else the most recently scanned one that is not the
        // baseline (a review usually looks at a branch against main), else the first.
        int index = m_variant->findText(keep);
        const std::optional<BaselineInfo> &base = out.value->second;
        if (index < 0 && base && !base->isPattern()) {
            for (int i = 0; i < m_variant->count() && index < 0; ++i) {
                if (m_variant->itemText(i) != base->variant)
                    index = i;
            }
        }
        m_variant->setCurrentIndex(qMax(0, index));
        m_updatingChoices = false;
        m_baseline->setText(base ? tr("vs baseline %1").arg(base->described()) : tr("no baseline"));
        m_baseline->setToolTip(base ? tr("New and common are computed against the baseline's latest scans")
                                    : tr("No baseline is set: new and common are computed against this variant's "
                                         "previous scan"));
        variantChanged();
    });
}

void SecurityTestsPage::variantChanged()
{
    m_variant->setProperty("keep", m_variant->currentText());
    const qint64 targetId = m_target->currentData().toLongLong();
    const QString variant = m_variant->currentText();
    const std::optional<qint64> pinned = m_pinnedScan;
    ++m_busy;
    const Database db = m_db;
    struct Loaded
    {
        IssueScope scope;
        QStringList scanners;
        QStringList scans;
        std::optional<qint64> shown; // the pinned scan, when it is of this target and variant
    };
    runInBackground([db, targetId, variant, pinned] {
        const IssueQuery query(db);
        const Catalog catalog(db);
        Loaded loaded;
        if (pinned) {
            try {
                const ScanInfoRow s = catalog.scan(*pinned);
                if (s.targetId == targetId && s.variant == variant)
                    loaded.shown = s.id;
            } catch (const Error &e) {
                if (e.kind() != ErrorKind::NotFound) // deleted meanwhile: the latest scans, then
                    throw;
            }
        }
        loaded.scope = loaded.shown ? query.scopeForScan(*loaded.shown) : query.scopeForVariant(targetId, variant);
        for (const IssueScope::Entry &e : loaded.scope.scans) {
            const ScanInfoRow s = catalog.scan(e.scanId);
            loaded.scans.append(QStringLiteral("%1 (%2, %3%4)")
                                    .arg(s.scanner, s.fileName,
                                         s.importedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                         countsForGate(db, e.scanId) ? QString() : tr("; gates do not count it")));
        }
        loaded.scanners = query.scanners(loaded.scope);
        return loaded;
    }).then(this, [this, targetId, variant, pinned](const Outcome<Loaded> &out) {
        --m_busy;
        if (!out.value || targetId != m_target->currentData().toLongLong() || variant != m_variant->currentText() ||
            pinned != m_pinnedScan) {
            if (!out.value)
                emit statusMessage(out.error);
            checkSettled();
            return;
        }
        m_scope = out.value->scope;
        m_shownScan = out.value->shown;
        m_pinnedScan = m_shownScan;
        m_scanBar->setVisible(m_shownScan.has_value());
        if (m_shownScan)
            m_scanText->setText(tr("Showing scan %1 only: %2. Gates and the latest figures look at the latest scans.")
                                    .arg(*m_shownScan)
                                    .arg(out.value->scans.value(0)));
        const QString keep = m_scanner->currentData().toString();
        m_updatingChoices = true;
        m_scanner->clear();
        m_scanner->addItem(tr("All"), QString());
        for (const QString &s : out.value->scanners)
            m_scanner->addItem(s, s);
        m_scanner->setCurrentIndex(qMax(0, m_scanner->findData(keep)));
        m_updatingChoices = false;
        m_summary->setProperty("scans", out.value->scans.join(QStringLiteral(", ")));
        filtersChanged();
    });
}

IssueFilter SecurityTestsPage::currentFilter() const
{
    IssueFilter filter;
    for (Severity s : kSeveritiesDescending) {
        if (m_toggles[size_t(s)]->isChecked())
            filter.severities.append(s);
    }
    if (filter.severities.isEmpty())
        filter.severities.append(Severity(-1)); // nothing toggled on: nothing shown, honestly
    filter.exempted = m_exempted->isChecked() ? ExemptedFilter::Show : ExemptedFilter::Hide;
    filter.withRemediated = m_remediated->isChecked();
    filter.scanner = m_scanner->currentData().toString();
    filter.search = m_search->text();
    applyTriageFilters(filter);
    return filter;
}

void SecurityTestsPage::filtersChanged()
{
    if (m_updatingChoices)
        return;
    m_scrollValue = m_table->verticalScrollBar()->value();
    const IssueFilter filter = currentFilter();
    m_model->setQuery(m_db, m_scope, filter);
    loadGroups(filter);
    // At a million issues counting costs seconds: a toggle that cannot change the counts keeps them.
    const QString countsKey = IssueQuery::countsKey(m_scope, filter);
    if (countsKey == m_countsKey)
        return;
    m_countsKey = countsKey;
    const quint64 generation = ++m_countsGeneration;
    ++m_busy;
    const Database db = m_db;
    const IssueScope scope = m_scope;
    runInBackground(
        [db, scope, filter] {
            const IssueQuery query(db);
            IssueFilter gone = filter; // what the Remediated toggle adds, whichever toggles are on
            gone.severities.clear();
            gone.exempted = ExemptedFilter::Show;
            gone.category = IssueCategory::Remediated;
            return std::pair{query.severityCounts(scope, filter), query.count(scope, gone)};
        },
        countsPool())
        .then(this, [this, generation](const Outcome<std::pair<SeverityCounts, int>> &out) {
            --m_busy;
            if (generation == m_countsGeneration && out.value)
                updateToggleTexts(out.value->first, out.value->second);
            checkSettled();
        });
}

void SecurityTestsPage::selectionChanged()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid())
        return;
    const qint64 issue = current.siblingAtColumn(0).data(IssueTableModel::IssueIdRole).toLongLong();
    const qint64 scan = current.siblingAtColumn(0).data(IssueTableModel::ScanIdRole).toLongLong();
    if (issue == 0)
        return;
    m_selectedIssue = issue;
    const std::optional<IssueRow> row = m_model->rowAt(current.row());
    m_details->showIssue(m_db, issue, scan, row && row->category == IssueCategory::Remediated);
}

void SecurityTestsPage::restoreSelection()
{
    if (m_model->isLoading())
        return;
    m_table->verticalScrollBar()->setValue(m_scrollValue);
    std::optional<int> row = m_selectedIssue ? m_model->rowOfIssue(m_selectedIssue) : std::nullopt;
    if (!row && m_model->rowCount() > 0)
        row = 0; // the first issue, so the details pane is never empty while there are issues
    if (row) {
        const QModelIndex index = m_model->index(*row, 0);
        m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                              QItemSelectionModel::Rows);
        if (!m_table->viewport()->rect().contains(m_table->visualRect(index)))
            m_table->scrollTo(index);
        selectionChanged();
    } else {
        m_details->clear();
    }
    checkSettled();
}

void SecurityTestsPage::refreshIssues()
{
    m_countsKey.clear(); // the data changed: count again
    filtersChanged();
    m_details->refresh();
    m_triage->refresh();
}

QList<qint64> SecurityTestsPage::selectedIssueIds() const
{
    QList<qint64> ids;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows()) {
        const qint64 id = index.data(IssueTableModel::IssueIdRole).toLongLong();
        if (id != 0)
            ids.append(id);
    }
    return ids;
}

void SecurityTestsPage::openRequestDialog(qint64 issueId, const QStringList &fingerprints)
{
    // Several selected issues: one request each with the same fields (Harness allows up to 100).
    QList<qint64> ids = selectedIssueIds();
    if (!ids.contains(issueId) || !fingerprints.isEmpty())
        ids = {issueId};
    const bool bulk = ids.size() > 1;
    // Window-modal but not a nested event loop: the answer arrives through accepted().
    auto *dialog = new RequestExemptionDialog(
        issueId,
        bulk ? tr("%n selected issues: one exemption request each, all or none", nullptr, int(ids.size()))
             : m_details->currentTitle(),
        bulk ? QString() : m_details->currentKey(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!fingerprints.isEmpty())
        dialog->setOccurrences(fingerprints);
    if (!bulk && issueId == m_details->issueId())
        dialog->setOpenRequests(m_details->openRequests());
    // The form stays open until the workflow took the request; a refusal is said in the form,
    // with what was typed kept.
    const QPointer<RequestExemptionDialog> form = dialog;
    connect(dialog, &RequestExemptionDialog::submitted, this, [this, form, ids](const ExemptionRequest &request) {
        const Database db = m_db;
        const Session session = m_session;
        ++m_busy;
        runInBackground([db, session, request, ids] {
            return ExemptionWorkflow(db).requestMany(session, ids, request);
        }).then(this, [this, form](const Outcome<QList<ExemptionInfo>> &out) {
            --m_busy;
            if (out.value) {
                if (form)
                    form->accept();
                emit statusMessage(
                    tr("%n exemption(s) requested: pending SecOps review", nullptr, int(out.value->size())));
                emit exemptionsChanged();
                refreshIssues();
            } else {
                if (form)
                    form->showRefusal(out.error);
                else
                    warnLater(this, tr("Request Exemption"), out.error);
                checkSettled();
            }
        });
    });
    dialog->open();
}

bool SecurityTestsPage::isSettled() const
{
    // A search still being typed (the delay before it runs) is not settled either: the table and
    // the counts would still show the previous search.
    return m_busy == 0 && !m_searchDelay->isActive() && !m_model->isLoading() && !m_details->isLoading()
        && !m_triage->isLoading();
}

void SecurityTestsPage::checkSettled()
{
    if (isSettled())
        emit settled();
}

} // namespace secreview::views
