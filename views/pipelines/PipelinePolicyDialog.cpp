#include "views/pipelines/PipelinePolicyDialog.h"

#include "model/core/Error.h"

#include "views/common/PlainText.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace secreview::views {
namespace {

QStringList splitList(const QString &text)
{
    QStringList out;
    for (const QString &w : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        out.append(w.trimmed());
    out.removeAll(QString());
    return out;
}

} // namespace

PipelinePolicyDialog::PipelinePolicyDialog(const PipelinePolicy &policy, const QString &file, QWidget *parent)
    : QDialog(parent), m_file(file),
      m_scanStep(new QCheckBox(tr("Stages of these types contain a security scan step"), this)),
      m_stageTypes(new QLineEdit(this)),
      m_threshold(new QCheckBox(tr("Every scan step sets fail_on_severity"), this)),
      m_atLeast(new QComboBox(this)),
      m_allowNone(new QCheckBox(tr("Accept fail_on_severity: none (the step never fails)"), this)),
      m_scanRuns(new QCheckBox(tr("Scan steps run whenever their stage runs"), this)),
      m_allowConditions(new QCheckBox(tr("Accept when conditions that depend on the run"), this)),
      m_noIgnore(new QCheckBox(tr("No Ignore or MarkAsSuccess failure strategy on scan steps"), this)),
      m_allowedStages(new QLineEdit(this)),
      m_scanner(new QCheckBox(tr("Scan steps suit their target type"), this)),
      m_required(new QLineEdit(this)), m_fileLabel(new QLabel(this)), m_error(new QLabel(this))
{
    setWindowTitle(tr("Pipeline policy"));
    m_stageTypes->setPlaceholderText(tr("CI, SecurityTests"));
    m_atLeast->addItem(tr("any level"), QString());
    for (const char *level : {"critical", "high", "medium", "low", "info"})
        m_atLeast->addItem(tr("at least as strict as %1").arg(QLatin1String(level)),
                           QString::fromLatin1(level));
    m_allowedStages->setPlaceholderText(tr("stage identifiers where it is accepted, comma-separated"));
    m_required->setPlaceholderText(tr("container=AquaTrivy,Grype; instance=Zap"));
    m_required->setToolTip(tr("For each target type, the step types that may scan it: "
                              "type=Step,Step; type=Step"));
    m_fileLabel->setTextFormat(Qt::PlainText);
    m_fileLabel->setForegroundRole(QPalette::PlaceholderText);
    makeInlineError(m_error);

    auto *form = new QFormLayout;
    form->addRow(m_scanStep);
    form->addRow(tr("Stage types"), m_stageTypes);
    form->addRow(m_threshold);
    form->addRow(tr("Threshold"), m_atLeast);
    form->addRow(QString(), m_allowNone);
    form->addRow(m_scanRuns);
    form->addRow(QString(), m_allowConditions);
    form->addRow(m_noIgnore);
    form->addRow(tr("Except in stages"), m_allowedStages);
    form->addRow(m_scanner);
    form->addRow(tr("Target types"), m_required);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton *openButton = buttons->addButton(tr("&Open…"), QDialogButtonBox::ActionRole);
    QPushButton *saveButton = buttons->addButton(tr("&Save"), QDialogButtonBox::ActionRole);
    QPushButton *saveAsButton = buttons->addButton(tr("Save &As…"), QDialogButtonBox::ActionRole);
    QPushButton *defaults = buttons->addButton(tr("&Defaults"), QDialogButtonBox::ResetRole);
    openButton->setObjectName(QStringLiteral("openPolicy"));
    saveButton->setObjectName(QStringLiteral("savePolicy"));
    saveAsButton->setObjectName(QStringLiteral("savePolicyAs"));
    connect(openButton, &QPushButton::clicked, this, &PipelinePolicyDialog::openFile);
    connect(saveButton, &QPushButton::clicked, this, &PipelinePolicyDialog::save);
    connect(saveAsButton, &QPushButton::clicked, this, &PipelinePolicyDialog::saveAs);
    connect(defaults, &QPushButton::clicked, this, [this] { setPolicy(PipelinePolicy::defaults()); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_fileLabel);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    setMinimumWidth(560);
    setPolicy(policy);
    updateFileLabel();
}

void PipelinePolicyDialog::setPolicy(const PipelinePolicy &p)
{
    m_scanStep->setChecked(p.scanStepRequired.enabled);
    m_stageTypes->setText(p.scanStepRequired.stageTypes.join(QStringLiteral(", ")));
    m_threshold->setChecked(p.failOnSeverity.enabled);
    m_atLeast->setCurrentIndex(qMax(0, m_atLeast->findData(p.failOnSeverity.atLeast)));
    m_allowNone->setChecked(p.failOnSeverity.allowNone);
    m_scanRuns->setChecked(p.scanStepsRun.enabled);
    m_allowConditions->setChecked(p.scanStepsRun.allowConditions);
    m_noIgnore->setChecked(p.noIgnore.enabled);
    m_allowedStages->setText(p.noIgnore.allowedStages.join(QStringLiteral(", ")));
    m_scanner->setChecked(p.scannerForTarget.enabled);
    QStringList required;
    for (auto it = p.scannerForTarget.required.constBegin(); it != p.scannerForTarget.required.constEnd();
         ++it)
        required.append(QStringLiteral("%1=%2").arg(it.key(), it.value().join(QLatin1Char(','))));
    m_required->setText(required.join(QStringLiteral("; ")));
}

PipelinePolicy PipelinePolicyDialog::policy() const
{
    PipelinePolicy p;
    p.scanStepRequired.enabled = m_scanStep->isChecked();
    p.scanStepRequired.stageTypes = splitList(m_stageTypes->text());
    p.failOnSeverity.enabled = m_threshold->isChecked();
    p.failOnSeverity.atLeast = m_atLeast->currentData().toString();
    p.failOnSeverity.allowNone = m_allowNone->isChecked();
    p.scanStepsRun.enabled = m_scanRuns->isChecked();
    p.scanStepsRun.allowConditions = m_allowConditions->isChecked();
    p.noIgnore.enabled = m_noIgnore->isChecked();
    p.noIgnore.allowedStages = splitList(m_allowedStages->text());
    p.scannerForTarget.enabled = m_scanner->isChecked();
    for (const QString &entry : m_required->text().split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QString type = entry.section(QLatin1Char('='), 0, 0).trimmed().toLower();
        if (!type.isEmpty())
            p.scannerForTarget.required.insert(type, splitList(entry.section(QLatin1Char('='), 1)));
    }
    return p;
}

bool PipelinePolicyDialog::saveTo(const QString &path)
{
    return withFile(path, [&] { policy().save(path); });
}

bool PipelinePolicyDialog::openFrom(const QString &path)
{
    return withFile(path, [&] { setPolicy(PipelinePolicy::load(path)); });
}

bool PipelinePolicyDialog::withFile(const QString &path, const std::function<void()> &work)
{
    try {
        work();
    } catch (const Error &e) {
        m_error->setText(e.message());
        return false;
    }
    m_file = path;
    m_error->clear();
    updateFileLabel();
    return true;
}

void PipelinePolicyDialog::save()
{
    if (m_file.isEmpty())
        saveAs();
    else
        saveTo(m_file);
}

void PipelinePolicyDialog::saveAs()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save pipeline policy"), m_file,
                                                      tr("Policy YAML (*.yaml *.yml)"));
    if (!path.isEmpty())
        saveTo(path);
}

void PipelinePolicyDialog::openFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open pipeline policy"), m_file,
                                                      tr("Policy YAML (*.yaml *.yml);;All files (*)"));
    if (!path.isEmpty())
        openFrom(path);
}

void PipelinePolicyDialog::updateFileLabel()
{
    m_fileLabel->setText(
        m_file.isEmpty()
            ? tr("Not saved to a file: the console uses it until it is closed. Save it to use it "
                 "with `secreview pipeline check --policy FILE`.")
            : tr("File: %1").arg(QDir::toNativeSeparators(m_file)));
}

} // namespace secreview::views
