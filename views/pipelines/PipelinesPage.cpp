#include "views/pipelines/PipelinesPage.h"
#include "views/common/Theme.h"

#include "model/core/TextDiff.h"
#include "model/scans/Catalog.h"
#include "views/common/Background.h"
#include "views/common/Notify.h"
#include "views/common/PlainText.h"
#include "views/common/SeverityStyle.h"
#include "views/pipelines/PipelinePolicyDialog.h"
#include "views/pipelines/PipelineTree.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace secreview::views {

namespace {
constexpr int kProjectRole = Qt::UserRole + 1; // the project of a list item's pipeline
} // namespace

PipelinesPage::PipelinesPage(Database db, Session session, QWidget *parent)
    : Page(parent), m_db(std::move(db)), m_session(std::move(session)), m_list(new QListWidget(this)),
      m_title(new QLabel(this)), m_subtitle(new QLabel(this)), m_variant(new QComboBox(this)),
      m_execution(new QLineEdit(this)), m_evaluate(new QPushButton(tr("&Evaluate"), this)),
      m_policyButton(new QPushButton(tr("&Policy…"), this)),
      m_importButton(new QPushButton(tr("Import &YAML…"), this)), m_policyBanner(new QLabel(this)),
      m_resultBanner(new QLabel(this)), m_tree(new PipelineTree(this)), m_tabs(new QTabWidget(this)),
      m_yaml(new QPlainTextEdit(this)), m_outputs(new QTableWidget(this)), m_emails(new QPlainTextEdit(this)),
      m_diffFrom(new QComboBox(this)), m_diff(new QPlainTextEdit(this)), m_stepMessage(new QLabel(this))
{
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    for (QLabel *l : {m_title, m_subtitle, m_policyBanner, m_resultBanner, m_stepMessage})
        l->setTextFormat(Qt::PlainText);
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);
    m_policyBanner->setWordWrap(true);
    m_resultBanner->setWordWrap(true);
    m_stepMessage->setWordWrap(true);
    m_stepMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_list->setMinimumWidth(160);
    m_list->setMaximumWidth(200);
    m_list->setWordWrap(true);
    m_list->setTextElideMode(Qt::ElideRight);

    m_variant->setEditable(true);
    m_variant->setMinimumContentsLength(12);
    m_variant->setToolTip(tr("The branch or variant to evaluate: <+codebase.branch>"));
    m_execution->setPlaceholderText(tr("latest"));
    m_execution->setMaximumWidth(90);
    m_execution->setToolTip(tr("The execution (sequence id) whose scans to use; empty: the latest imported "
                               "for the variant"));
    m_evaluate->setToolTip(tr("Evaluate every step with today's scans and exemptions (Ctrl+E)"));
    m_evaluate->setShortcut(QKeySequence(QStringLiteral("Ctrl+E")));
    m_importButton->setEnabled(m_session.may(Permission::ImportPipelines));

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit *e : {m_yaml, m_emails, m_diff}) {
        e->setReadOnly(true);
        e->setFont(mono);
        e->setLineWrapMode(QPlainTextEdit::NoWrap);
    }
    m_emails->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_outputs->setColumnCount(2);
    m_outputs->setHorizontalHeaderLabels({tr("Variable"), tr("Value")});
    m_outputs->verticalHeader()->hide();
    m_outputs->horizontalHeader()->setStretchLastSection(true);
    m_outputs->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_outputs->setShowGrid(false);

    auto *history = new QWidget(this);
    auto *historyLayout = new QVBoxLayout(history);
    historyLayout->setContentsMargins(0, 4, 0, 0);
    auto *fromRow = new QHBoxLayout;
    auto *fromLabel = new QLabel(tr("Changes since"), history);
    fromRow->addWidget(fromLabel);
    fromRow->addWidget(m_diffFrom);
    fromRow->addStretch(1);
    historyLayout->addLayout(fromRow);
    historyLayout->addWidget(m_diff, 1);

    m_tabs->addTab(m_yaml, tr("YAML"));
    m_tabs->addTab(m_outputs, tr("Output variables"));
    m_tabs->addTab(m_emails, tr("Emails"));
    m_tabs->addTab(history, tr("History"));

    auto *detail = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_tabs, 1);

    // The tree gets the width (six columns), the YAML and results the space below it.
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("pipelineSplitter")); // remembered
    split->addWidget(m_tree);
    split->addWidget(detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    auto *controls = new QHBoxLayout;
    controls->setSpacing(6);
    auto *variantLabel = new QLabel(tr("Va&riant"), this);
    variantLabel->setBuddy(m_variant);
    auto *executionLabel = new QLabel(tr("E&xecution"), this);
    executionLabel->setBuddy(m_execution);
    controls->addWidget(variantLabel);
    controls->addWidget(m_variant);
    controls->addSpacing(6);
    controls->addWidget(executionLabel);
    controls->addWidget(m_execution);
    controls->addWidget(m_evaluate);
    controls->addStretch(1);
    controls->addWidget(m_policyButton);
    controls->addWidget(m_importButton);

    auto *right = new QVBoxLayout;
    right->setSpacing(6);
    right->addWidget(m_title);
    right->addWidget(m_subtitle);
    right->addLayout(controls);
    right->addWidget(m_policyBanner);
    right->addWidget(m_resultBanner);
    right->addWidget(split, 1);
    right->addWidget(m_stepMessage);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 6);
    layout->setSpacing(12);
    layout->addWidget(m_list);
    layout->addLayout(right, 1);

    connect(m_list, &QListWidget::currentRowChanged, this, &PipelinesPage::select);
    connect(m_evaluate, &QPushButton::clicked, this, &PipelinesPage::evaluate);
    connect(m_execution, &QLineEdit::returnPressed, this, &PipelinesPage::evaluate);
    connect(m_policyButton, &QPushButton::clicked, this, &PipelinesPage::editPolicy);
    connect(m_importButton, &QPushButton::clicked, this, &PipelinesPage::importPipeline);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &PipelinesPage::showNode);
    connect(m_diffFrom, &QComboBox::currentIndexChanged, this, &PipelinesPage::showDiff);

    // The policy file last used in the console, if it still reads.
    const QString saved = QSettings().value(QStringLiteral("pipelines/policyFile")).toString();
    if (!saved.isEmpty()) {
        try {
            m_policy = PipelinePolicy::load(saved);
            m_policyFile = saved;
        } catch (const Error &e) {
            warnLater(
                this, tr("Pipeline policy"),
                tr("The policy file could not be read, the default policy applies: %1").arg(e.message()));
        }
    }
}

void PipelinesPage::reload()
{
    ++m_busy;
    const Database db = m_db;
    runInBackground([db] {
        return PipelineStore(db).list();
    }).then(this, [this](const Outcome<QList<PipelineInfo>> &out) {
        --m_busy;
        if (out.value) {
            auto key = [](const QListWidgetItem *item) {
                return item ? item->data(Qt::UserRole).toString() + QLatin1Char('\n') +
                                  item->data(kProjectRole).toString()
                            : QString();
            };
            const QString keep = key(m_list->currentItem());
            const QSignalBlocker block(m_list);
            m_list->clear();
            QHash<QString, int> projectsOf;
            for (const PipelineInfo &p : *out.value)
                ++projectsOf[p.identifier];
            for (const PipelineInfo &p : *out.value) {
                // An identifier in two projects is two pipelines: each says whose it is.
                auto *item = new QListWidgetItem(
                    projectsOf.value(p.identifier) > 1 ? tr("%1 (%2)").arg(p.name, p.project) : p.name, m_list);
                item->setData(Qt::UserRole, p.identifier);
                item->setData(kProjectRole, p.project);
                item->setToolTip(
                    plainToolTip(QStringLiteral("%1\n%2/%3").arg(p.identifier, p.organization, p.project)));
            }
            int row = 0;
            for (int i = 0; i < m_list->count(); ++i) {
                if (key(m_list->item(i)) == keep)
                    row = i;
            }
            if (m_list->count() > 0)
                m_list->setCurrentRow(row);
        }
        if (m_list->count() == 0) {
            m_title->setText(tr("No pipelines yet"));
            m_subtitle->setText(
                tr("Import a Harness pipeline YAML (Import YAML… or `secreview pipeline import`)."));
            m_evaluate->setEnabled(false);
            m_policyButton->setEnabled(true);
        }
        select();
        finished();
    });
}

void PipelinesPage::databaseChanged()
{
    m_keepStep = PipelineTree::keyOf(m_tree->currentItem());
    m_keepVariant = m_variant->currentText();
    reload();
}

void PipelinesPage::select()
{
    QListWidgetItem *item = m_list->currentItem();
    m_loaded.reset();
    m_evaluation.reset();
    m_tree->clear();
    m_treeVersion = 0;
    m_resultBanner->clear();
    m_policyBanner->clear();
    m_stepMessage->clear();
    m_evaluate->setEnabled(item != nullptr);
    if (!item)
        return;
    const QString identifier = item->data(Qt::UserRole).toString();
    const QString project = item->data(kProjectRole).toString();
    const quint64 generation = ++m_generation;
    ++m_busy;
    const Database db = m_db;
    runInBackground([db, identifier, project] {
        Loaded l;
        l.versions = PipelineStore(db).versions(identifier, project);
        l.definition = PipelineStore::definition(l.versions.first());
        l.variants = Catalog(db).pipelineVariants(identifier);
        return l;
    }).then(this, [this, generation](const Outcome<Loaded> &out) {
        --m_busy;
        if (generation == m_generation) {
            if (out.value) {
                showLoaded(*out.value);
                // The latest variant, at once (the answer a reviewer opens the page for), without
                // a word in the status bar: nobody asked yet.
                runEvaluation(false);
            } else {
                m_resultBanner->setText(out.error);
            }
        }
        finished();
    });
}

void PipelinesPage::showLoaded(const Loaded &loaded)
{
    m_loaded = loaded;
    const PipelineInfo &latest = loaded.versions.first();
    m_title->setText(latest.name);
    m_subtitle->setText(
        tr("%1 · version %2 · %3/%4 · imported %5%6")
            .arg(latest.identifier)
            .arg(latest.version)
            .arg(latest.organization, latest.project,
                 QLocale().toString(latest.importedAt.toLocalTime(), QLocale::ShortFormat),
                 latest.importedBy.isEmpty() ? QString() : tr(" by %1").arg(latest.importedBy)));
    const QString keep = m_variant->currentText();
    m_variant->clear();
    m_variant->addItems(loaded.variants);
    if (m_keepVariant && !m_keepVariant->isEmpty())
        m_variant->setCurrentText(*m_keepVariant); // a refresh keeps what was typed
    else if (!keep.isEmpty() && loaded.variants.contains(keep))
        m_variant->setCurrentText(keep);
    m_keepVariant.reset();
    {
        const QSignalBlocker block(m_diffFrom);
        m_diffFrom->clear();
        for (const PipelineInfo &v : loaded.versions.mid(1))
            m_diffFrom->addItem(
                tr("version %1 (%2)")
                    .arg(v.version)
                    .arg(QLocale().toString(v.importedAt.toLocalTime(), QLocale::ShortFormat)),
                v.version);
        m_diffFrom->setEnabled(m_diffFrom->count() > 0);
    }
    buildTree();
    checkPolicy();
    showDiff();
}

void PipelinesPage::buildTree()
{
    m_tree->clear();
    m_treeVersion = 0;
    if (m_loaded) {
        m_tree->showDefinition(m_loaded->definition);
        m_treeVersion = m_loaded->versions.first().version;
    }
    if (!m_keepStep.isEmpty()) {
        const qsizetype slash = m_keepStep.indexOf(QLatin1Char('/'));
        if (QTreeWidgetItem *item = slash < 0 ? m_tree->itemFor(m_keepStep)
                                              : m_tree->itemFor(m_keepStep.left(slash), m_keepStep.mid(slash + 1)))
            m_tree->setCurrentItem(item);
        m_keepStep.clear();
    }
}

void PipelinesPage::evaluate()
{
    runEvaluation(true);
}

void PipelinesPage::runEvaluation(bool announce)
{
    QListWidgetItem *item = m_list->currentItem();
    if (!item || !m_loaded)
        return;
    EvaluationInput input;
    input.variant = m_variant->currentText().trimmed();
    if (input.variant.isEmpty()) {
        m_resultBanner->setText(
            tr("Name the variant (branch) to evaluate: no scan is tied to this pipeline yet."));
        m_resultBanner->setStyleSheet({});
        return;
    }
    if (!m_execution->text().trimmed().isEmpty()) {
        bool ok = false;
        const qint64 n = m_execution->text().trimmed().toLongLong(&ok);
        if (!ok || n <= 0) {
            m_resultBanner->setText(tr("The execution is a number (the pipeline's sequence id)."));
            return;
        }
        input.execution = n;
    }
    const PipelineInfo latest = m_loaded->versions.first();
    const PipelineDefinition definition = m_loaded->definition;
    const quint64 generation = m_generation;
    ++m_busy;
    m_evaluate->setEnabled(false);
    m_resultBanner->setText(tr("Evaluating…"));
    const Database db = m_db;
    // The version the command line's pipeline gate judges (under a 'ci' gate policy not always
    // the latest shown above), checked against its import's audit entry the same way.
    runInBackground([db, latest, definition, input] {
        QString note;
        const PipelineInfo judged = PipelineStore(db).gateVersion(latest.identifier, latest.project, &note);
        // The text just checked, not the one the page read before (the same unless it changed since).
        PipelineEvaluation e = judged.version == latest.version && judged.yaml == latest.yaml
                                   ? PipelineEvaluator(db).evaluate(judged, definition, input)
                                   : PipelineEvaluator(db).evaluate(judged, input);
        e.versionNote = note;
        return e;
    }).then(this, [this, generation, announce](const Outcome<PipelineEvaluation> &out) {
        --m_busy;
        m_evaluate->setEnabled(true);
        if (generation == m_generation) {
            if (out.value)
                showEvaluation(*out.value, announce);
            else
                m_resultBanner->setText(out.error);
        }
        finished();
    });
}

void PipelinesPage::showEvaluation(const PipelineEvaluation &e, bool announce)
{
    m_evaluation = e;
    // The tree shows the version judged: under a 'ci' gate policy maybe not the latest above.
    if (m_loaded && e.version != m_treeVersion) {
        for (const PipelineInfo &v : m_loaded->versions) {
            if (v.version == e.version) {
                m_tree->showDefinition(v.version == m_loaded->versions.first().version ? m_loaded->definition
                                                                                      : PipelineStore::definition(v));
                m_treeVersion = v.version;
            }
        }
    }
    m_tree->showEvaluation(e);
    const QString head = e.status == StepStatus::Pass      ? tr("✔ The pipeline passes")
                         : e.status == StepStatus::Waiting ? tr("… The pipeline waits")
                                                           : tr("✘ The pipeline fails");
    m_resultBanner->setText(
        tr("%1 for %2, execution %3: %4")
            .arg(head, e.variant, e.sequenceId.isEmpty() ? tr("unknown") : e.sequenceId, e.message) +
        (e.versionNote.isEmpty() ? QString() : QStringLiteral("\n") + tr("Note: %1").arg(e.versionNote)));
    m_resultBanner->setStyleSheet(
        QStringLiteral("color: %1;").arg(PipelineTree::statusColour(e.status).name()));

    QString mails;
    for (const EmailPreview &m : e.emails) {
        // The body is the pipeline author's text with the numbers filled in: shown as plain text,
        // with its <br> tags as line breaks and nothing else interpreted.
        QString body = m.body;
        body.replace(QStringLiteral("<br>"), QStringLiteral("\n"), Qt::CaseInsensitive);
        mails +=
            tr("%1 / %2 — %3\nTo: %4\nSubject: %5\n\n%6\n")
                .arg(m.stage, m.step,
                     m.sent ? tr("would be sent") : tr("not sent: the step does not run in this evaluation"),
                     m.to, m.subject, body);
        if (!m.unresolved.isEmpty())
            mails += tr("\n(no value for %1: shown as null)\n").arg(m.unresolved.join(QStringLiteral(", ")));
        mails += QStringLiteral("\n────────────────────────────\n\n");
    }
    m_emails->setPlainText(mails.isEmpty() ? tr("This pipeline has no Email steps.") : mails);
    showNode();
    if (announce)
        emit statusMessage(tr("Evaluated %1 for %2: %3").arg(e.pipeline, e.variant, stepStatusKey(e.status)));
}

void PipelinesPage::showNode()
{
    QTreeWidgetItem *item = m_tree->currentItem();
    m_yaml->setPlainText(PipelineTree::yamlOf(item));
    m_outputs->setRowCount(0);
    m_stepMessage->clear();
    if (!item || !m_evaluation)
        return;
    const QString key = PipelineTree::keyOf(item);
    for (const StepEvaluation &s : m_evaluation->steps) {
        if (s.stage + QLatin1Char('/') + s.path != key)
            continue;
        m_stepMessage->setText(QStringLiteral("%1: %2").arg(s.step, s.message));
        if (s.variables) {
            const auto named = s.variables->named();
            m_outputs->setRowCount(int(named.size()));
            for (int row = 0; row < named.size(); ++row) {
                m_outputs->setItem(row, 0, new QTableWidgetItem(named[row].first));
                m_outputs->setItem(row, 1, new QTableWidgetItem(QString::number(named[row].second)));
            }
        }
    }
    for (const StageEvaluation &st : m_evaluation->stages) {
        if (st.identifier == key && !st.message.isEmpty())
            m_stepMessage->setText(QStringLiteral("%1: %2").arg(st.identifier, st.message));
    }
}

void PipelinesPage::showDiff()
{
    if (!m_loaded || m_diffFrom->count() == 0) {
        m_diff->setPlainText(
            tr("Only one version: re-importing the pipeline with changes adds versions here."));
        return;
    }
    const int from = m_diffFrom->currentData().toInt();
    const PipelineInfo latest = m_loaded->versions.first();
    PipelineInfo earlier;
    for (const PipelineInfo &v : m_loaded->versions) {
        if (v.version == from)
            earlier = v;
    }
    // A diff of two large versions is real work: off the GUI thread, like every other read.
    const quint64 generation = m_generation;
    ++m_busy;
    const QString fromName = tr("version %1").arg(from);
    const QString toName = tr("version %1").arg(latest.version);
    runInBackground([earlier, latest, fromName, toName] {
        return TextDiff::unified(earlier.yaml, latest.yaml, fromName, toName);
    }).then(this, [this, generation](const Outcome<QString> &out) {
        --m_busy;
        if (generation == m_generation)
            m_diff->setPlainText(out.value ? *out.value : out.error);
        finished();
    });
}

void PipelinesPage::checkPolicy()
{
    if (!m_loaded)
        return;
    m_violations = m_policy.check(m_loaded->definition);
    const QString source =
        m_policyFile.isEmpty() ? tr("the default policy") : QFileInfo(m_policyFile).fileName();
    const QStringList notChecked = m_policy.uncheckable(m_loaded->definition);
    QString notes;
    for (const QString &n : notChecked)
        notes += QStringLiteral("\n◇ not checked: ") + n;
    if (m_violations.isEmpty()) {
        m_policyBanner->setText((notChecked.isEmpty() ? tr("✔ Passes %1").arg(source)
                                                      : tr("✔ Passes %1 where it could check").arg(source)) +
                                notes);
        m_policyBanner->setStyleSheet(QStringLiteral("color: %1;").arg(readableName(QColor(0x2e, 0x7d, 0x32))));
    } else {
        QStringList lines;
        for (const PolicyViolation &v : m_violations)
            lines.append(QStringLiteral("• ") + v.message);
        m_policyBanner->setText(
            tr("✘ %n policy violation(s) against %1:", nullptr, int(m_violations.size())).arg(source) +
            QLatin1Char('\n') + lines.join(QLatin1Char('\n')) + notes);
        m_policyBanner->setStyleSheet(QStringLiteral("color: %1;").arg(readableName(QColor(0xb0, 0x1e, 0x2d))));
    }
    // Steps that break a rule are marked in the tree as well.
    m_tree->markViolations(m_loaded->definition, m_violations);
}

void PipelinesPage::setPolicy(const PipelinePolicy &policy, const QString &file)
{
    m_policy = policy;
    m_policyFile = file;
    buildTree();
    checkPolicy();
    if (m_evaluation)
        showEvaluation(*m_evaluation, false);
}

void PipelinesPage::editPolicy()
{
    auto *dialog = new PipelinePolicyDialog(m_policy, m_policyFile, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        setPolicy(dialog->policy(), dialog->file());
        // Remembered only when saved: an unsaved policy lasts as long as the console.
        QSettings().setValue(QStringLiteral("pipelines/policyFile"), dialog->file());
    });
    dialog->open();
}

void PipelinesPage::importPipeline()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Import Harness pipelines"), QString(), tr("Pipeline YAML (*.yaml *.yml);;All files (*)"));
    if (files.isEmpty())
        return;
    ++m_busy;
    const Database db = m_db;
    const Session session = m_session;
    runInBackground([db, session, files] {
        QStringList done;
        for (const QString &f : files) {
            const PipelineInfo p = PipelineStore(db).import(session, f, QFileInfo(f).fileName());
            done.append(p.unchanged ? tr("%1 unchanged (version %2)").arg(p.identifier).arg(p.version)
                                    : tr("%1 version %2").arg(p.identifier).arg(p.version));
        }
        return done;
    }).then(this, [this](const Outcome<QStringList> &out) {
        --m_busy;
        if (out.value)
            emit statusMessage(tr("Imported %1").arg(out.value->join(QStringLiteral(", "))));
        else
            warnLater(this, tr("Pipeline not imported"), out.error);
        reload();
        finished();
    });
}

void PipelinesPage::finished()
{
    if (isSettled())
        emit settled();
}

} // namespace secreview::views
