#include "views/shell/ExportDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace secreview::views {
namespace {

struct FormatChoice
{
    const char *label;
    report::ExportFormat format;
    bool perOccurrence;
    bool jira;
};

const FormatChoice kChoices[] = {
    {QT_TRANSLATE_NOOP("ExportDialog", "HTML report"), report::ExportFormat::Html, false, false},
    {QT_TRANSLATE_NOOP("ExportDialog", "PDF report"), report::ExportFormat::Pdf, false, false},
    {QT_TRANSLATE_NOOP("ExportDialog", "SARIF 2.1.0 (exemptions as suppressions)"), report::ExportFormat::Sarif, false, false},
    {QT_TRANSLATE_NOOP("ExportDialog", "CSV, one row per issue"), report::ExportFormat::Csv, false, false},
    {QT_TRANSLATE_NOOP("ExportDialog", "CSV, one row per occurrence"), report::ExportFormat::Csv, true, false},
    {QT_TRANSLATE_NOOP("ExportDialog", "CSV for Jira's importer"), report::ExportFormat::Csv, false, true},
    {QT_TRANSLATE_NOOP("ExportDialog", "JSON"), report::ExportFormat::Json, false, false},
};

} // namespace

ExportDialog::ExportDialog(const QString &selection, const QString &suggestedFolder, QWidget *parent)
    : QDialog(parent), m_format(new QComboBox(this)), m_file(new QLineEdit(this))
{
    setWindowTitle(tr("Export"));
    auto *what = new QLabel(tr("Exports what the Security Tests page shows now: %1").arg(selection), this);
    what->setTextFormat(Qt::PlainText);
    what->setWordWrap(true);
    what->setObjectName(QStringLiteral("exportSelection"));
    for (const FormatChoice &c : kChoices)
        m_format->addItem(tr(c.label));
    m_file->setText(QDir(suggestedFolder).filePath(QStringLiteral("secreview-report.html")));
    m_lastSuffix = QStringLiteral("html");
    auto *browse = new QPushButton(tr("&Browse…"), this);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);
    auto *form = new QFormLayout;
    form->addRow(tr("&Format:"), m_format);
    auto *fileLabel = new QLabel(tr("File &name:"), this);
    fileLabel->setBuddy(m_file); // Alt+N: a row of a layout gets no buddy of its own
    form->addRow(fileLabel, fileRow);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("&Export"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(what);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    connect(m_file, &QLineEdit::textChanged, this, &ExportDialog::updateOk);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString chosen = QFileDialog::getSaveFileName(this, tr("Export to"), m_file->text());
        if (!chosen.isEmpty())
            m_file->setText(chosen);
    });
    resize(560, sizeHint().height());
}

void ExportDialog::formatChanged()
{
    // The file's suffix follows the format when it is still the one the dialog put there.
    const QString suffix = report::exportFormatSuffix(choice().format);
    const QFileInfo info(m_file->text());
    if (info.suffix() == m_lastSuffix)
        m_file->setText(QDir(info.path()).filePath(info.completeBaseName() + QLatin1Char('.') + suffix));
    m_lastSuffix = suffix;
}

void ExportDialog::updateOk()
{
    m_ok->setEnabled(!m_file->text().trimmed().isEmpty());
}

ExportDialog::Choice ExportDialog::choice() const
{
    const FormatChoice &c = kChoices[qBound(0, m_format->currentIndex(), int(std::size(kChoices)) - 1)];
    Choice out;
    out.format = c.format;
    out.csv.perOccurrence = c.perOccurrence;
    out.csv.jira = c.jira;
    out.path = m_file->text().trimmed();
    return out;
}

} // namespace secreview::views
