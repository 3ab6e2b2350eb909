#include "views/shell/MainWindow.h"

#include "model/report/ReportContents.h"
#include "print/PdfReport.h"
#include "views/common/Background.h"
#include "views/common/Notify.h"
#include "views/issues/SecurityTestsPage.h"
#include "views/shell/ExportDialog.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QToolButton>

// MainWindow's exports: File > Export… writes what the Security Tests page shows (its target and
// variant or its one scan, its pills, Exempted, Remediated, scanner, search and triage filters)
// with the same writers as `secreview export`, off the GUI thread.
namespace secreview::views {
namespace {

// The page's selection in words, for the dialog and the report's heading.
QString selectionOf(const SecurityTestsPage *page)
{
    QString what = QStringLiteral("%1 @ %2").arg(page->targetBox()->currentData(SecurityTestsPage::TargetNameRole).toString(),
                                                 page->variantBox()->currentText());
    if (page->shownScan())
        what += QCoreApplication::translate("MainWindow", " (scan %1 only)").arg(*page->shownScan());
    QStringList terms, severities;
    for (Severity s : kSeveritiesDescending) {
        if (page->severityToggle(s)->isChecked())
            severities.append(severityKey(s));
    }
    if (severities.size() < 5)
        terms.append(QCoreApplication::translate("MainWindow", "severity %1").arg(severities.isEmpty() ? QStringLiteral("none") : severities.join(u',')));
    terms.append(page->exemptedToggle()->isChecked() ? QCoreApplication::translate("MainWindow", "exempted shown")
                                                     : QCoreApplication::translate("MainWindow", "exempted hidden"));
    if (page->remediatedToggle()->isChecked())
        terms.append(QCoreApplication::translate("MainWindow", "remediated listed"));
    if (page->scannerBox()->currentIndex() > 0)
        terms.append(QCoreApplication::translate("MainWindow", "scanner %1").arg(page->scannerBox()->currentText()));
    if (!page->searchBox()->text().isEmpty())
        terms.append(QCoreApplication::translate("MainWindow", "search \"%1\"").arg(page->searchBox()->text()));
    if (page->showBox() && page->showBox()->currentIndex() > 0)
        terms.append(page->showBox()->currentText().toLower());
    if (page->categoryBox() && page->categoryBox()->currentIndex() > 0)
        terms.append(page->categoryBox()->currentText().toLower());
    return what + QStringLiteral("; ") + terms.join(QStringLiteral(", "));
}

} // namespace

void MainWindow::openExportDialog()
{
    SecurityTestsPage *issues = page<SecurityTestsPage>();
    if (issues->currentScope().isEmpty()) {
        m_statusLabel->setText(tr("Nothing to export: choose a target and variant with scans on the Security Tests page."));
        return;
    }
    const QString selection = selectionOf(issues);
    QSettings settings;
    auto *dialog = new ExportDialog(selection, settings.value(QStringLiteral("export/folder"), QDir::homePath()).toString(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const IssueScope scope = issues->currentScope();
    const IssueFilter filter = issues->currentFilter();
    connect(dialog, &QDialog::accepted, this, [this, dialog, scope, filter, selection] {
        const ExportDialog::Choice choice = dialog->choice();
        QSettings().setValue(QStringLiteral("export/folder"), QFileInfo(choice.path).absolutePath());
        const Database db = m_db;
        const QString user = m_session.name();
        m_statusLabel->setText(tr("Exporting to %1…").arg(choice.path));
        runInBackground([db, scope, filter, selection, user, choice] {
            report::requireNotDatabase(choice.path, db);
            ReportContents contents = collectReport(db, scope, filter);
            contents.generatedBy = user;
            contents.selection = selection;
            report::writeFile(choice.path, print::exportBytes(contents, choice.format, choice.csv));
            return int(contents.issues.size());
        }).then(this, [this, choice](const Outcome<int> &done) {
            if (!done.value) {
                m_statusLabel->setText(tr("Export failed"));
                warnLater(this, tr("Export"), tr("The export was not written."), done.error);
                return;
            }
            m_statusLabel->setText(tr("Exported %n issue(s) to %1", nullptr, *done.value).arg(choice.path));
            emit exported(choice.path);
        });
    });
    dialog->open();
}

} // namespace secreview::views
