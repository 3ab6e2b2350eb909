#include "views/shell/MainWindow.h"

#include "model/scans/ScanImporter.h"
#include "views/common/Background.h"
#include "views/common/Notify.h"
#include "views/issues/SecurityTestsPage.h"
#include "views/shell/ImportDialog.h"
#include "views/shell/ImportProgress.h"

#include <QListWidget>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMimeData>
#include <QRegularExpression>

// MainWindow's imports: the Import… dialog, drops on the window, and the files imported one
// after another off the GUI thread with progress and Cancel in the status bar.
namespace secreview::views {
namespace {
// The importers speak to the command line ("at $: ...", "--scanner sarif"); the console's reader
// picks a Format in the Import dialog and has no JSON path to read at the document's root.
QString consoleWording(QString error)
{
    static const QRegularExpression option(QStringLiteral(" \\(--scanner ([A-Za-z0-9_-]+)\\)"));
    static const QRegularExpression hint(QStringLiteral("(import it )?with --scanner ([A-Za-z0-9_]+)"));
    error.replace(QStringLiteral(": at $: "), QStringLiteral(": "));
    error.replace(option, QString());
    error.replace(hint, QStringLiteral("choose its Format in the Import dialog"));
    error.replace(QStringLiteral("which --scanner "), QStringLiteral("which the Format "));
    return error;
}
} // namespace

void MainWindow::openImportDialog()
{
    const QStringList files =
        QFileDialog::getOpenFileNames(this, tr("Import scanner results"), QString(),
                                      tr("Scanner results (*.json *.sarif *.xml);;All files (*)"));
    if (!files.isEmpty())
        chooseAndImport(files);
}

void MainWindow::chooseAndImport(const QStringList &files)
{
    const QComboBox *targetBox = page<SecurityTestsPage>()->targetBox();
    QStringList targets;
    for (int i = 0; i < targetBox->count(); ++i)
        targets.append(targetBox->itemData(i, SecurityTestsPage::TargetNameRole).toString());
    // Nothing pre-filled from what is being viewed: a container scan must not land on the
    // repository branch that happened to be open. The targets are offered to pick from.
    auto *dialog = new ImportDialog(files, targets, QString(), QString(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, files] { importFiles(files, dialog->request()); });
    dialog->open();
}

void MainWindow::importFiles(const QStringList &files, const ImportRequest &target)
{
    if (m_importing) {
        m_statusLabel->setText(tr("An import is already running."));
        return;
    }
    m_importing = true;
    m_importProgress->start(int(files.size()));
    // An import is followed on the Security Tests page, where its issues come (and its outcome is said).
    m_navigation->setCurrentRow(int(m_pageKeys.indexOf(QStringLiteral("security-tests"))));
    showPageMessage(page<SecurityTestsPage>(), tr("Importing %n file(s)…", nullptr, int(files.size())));
    const Database db = m_db;
    const Session session = m_session;
    auto results = std::make_shared<QStringList>();
    auto imported = std::make_shared<int>(0);
    auto last = std::make_shared<std::pair<QString, QString>>(); // target and variant of the last one imported
    // One file after another on the import thread; each its own transaction.
    auto next = std::make_shared<std::function<void(int)>>();
    *next = [this, files, target, db, session, results, imported, last, next](int i) {
        const bool cancelled = m_importProgress->isCancelled();
        if (i >= files.size() || cancelled) {
            m_importing = false;
            m_importProgress->finish();
            const int refused = int(files.size()) - *imported;
            // A cancel is what the reader asked for: said in the status bar, not in a warning.
            const QString summary =
                cancelled ? tr("Import cancelled: %1 of %2 files imported; nothing of the cancelled file was kept")
                                .arg(*imported)
                                .arg(files.size())
                : refused == 0 ? tr("%n file(s) imported", nullptr, *imported)
                : *imported == 0
                    ? tr("None of the %n file(s) was imported", nullptr, int(files.size()))
                    : tr("%1 of %2 files imported, %3 refused").arg(*imported).arg(files.size()).arg(refused);
            showPageMessage(page<SecurityTestsPage>(),
                            summary + QStringLiteral(": ") + results->join(QStringLiteral("  ·  ")));
            // The page moves to what was imported (the last file that was), as a reader expects.
            if (last->first.isEmpty())
                page<SecurityTestsPage>()->reload();
            else
                page<SecurityTestsPage>()->showScanOf(last->first, last->second);
            emit importsFinished(*imported, refused);
            if (refused > 0 && !cancelled)
                warnLater(this, tr("Import"),
                          summary + QLatin1Char('.') +
                              (last->first.isEmpty() ? QString()
                                               : QLatin1Char(' ') + tr("Security Tests shows %1, variant %2.")
                                                                       .arg(last->first, last->second)) +
                              QLatin1Char(' ') + tr("Nothing of a refused file was imported."),
                          results->join(QLatin1Char('\n')));
            *next = nullptr; // break the cycle
            return;
        }
        ImportRequest request = target;
        request.path = files.at(i);
        std::shared_ptr<ImportControl> control = m_importProgress->beginFile(int(i), QFileInfo(request.path).fileName());
        runInBackground(
            [db, session, request, control] { return ScanImporter(db).import(session, request, control.get()); },
            importPool())
            .then(this, [this, i, files, results, imported, last, next](const Outcome<ImportResult> &out) {
                if (out.value) {
                    ++*imported;
                    *last = {out.value->target, out.value->variant};
                    results->append(tr("%1: %2 issues (%3 new)")
                                        .arg(QFileInfo(files.at(i)).fileName())
                                        .arg(out.value->issues)
                                        .arg(out.value->newIssues));
                } else {
                    results->append(consoleWording(out.error));
                }
                (*next)(i + 1);
            });
    };
    (*next)(0);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList files;
    for (const QUrl &url : event->mimeData()->urls()) {
        if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isFile())
            files.append(url.toLocalFile());
    }
    if (files.isEmpty())
        return;
    event->acceptProposedAction();
    if (!m_session.may(Permission::ImportScans)) {
        m_statusLabel->setText(tr("Importing needs the developer, secops or admin role."));
        return;
    }
    chooseAndImport(files);
}

QProgressBar *MainWindow::progressBar() const
{
    return m_importProgress->bar();
}

} // namespace secreview::views
