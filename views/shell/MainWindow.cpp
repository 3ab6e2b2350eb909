#include "views/shell/MainWindow.h"

#include "views/common/Theme.h"
#include "views/shell/KeyboardShortcuts.h"

#include "model/core/Error.h"
#include "model/scans/Catalog.h"
#include "model/scans/ScanImporter.h"
#include "views/audit/AuditPage.h"
#include "views/common/Background.h"
#include "views/common/ChangeWatcher.h"
#include "views/common/Notify.h"
#include "views/common/PlainText.h"
#include "views/exemptions/ExemptionsPage.h"
#include "views/history/DashboardPage.h"
#include "views/history/ScansPage.h"
#include "views/history/TargetsPage.h"
#include "views/issues/SecurityTestsPage.h"
#include "views/pipelines/PipelinesPage.h"
#include "views/shell/ImportProgress.h"
#include "views/shell/OpenDatabaseDialog.h"
#include "views/users/SignInDialog.h"
#include "views/users/UsersPage.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QTableView>
#include <QSplitter>
#include <QSettings>
#include <QHeaderView>
#include <QCryptographicHash>
#include <QRegularExpression>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

namespace secreview::views {
namespace {
// The file's name, or the team database's name and server.
QString databaseName(const Database &db)
{
    return db.isServer() ? QStringLiteral("%1 @ %2").arg(db.server().database, db.server().host)
                         : QFileInfo(db.location()).fileName();
}
} // namespace

MainWindow::MainWindow(Database db, Session session, QWidget *parent)
    : QMainWindow(parent), m_db(std::move(db)), m_session(std::move(session)),
      m_navigation(new QListWidget(this)), m_pages(new QStackedWidget(this)),
      m_importProgress(new ImportProgress(this)), m_statusLabel(new QLabel(this))
{
    setWindowTitle(databaseName(m_db)); // the platform adds " — secreview", the application's display name
    setAcceptDrops(true);
    setMinimumSize(960, 600);

    m_navigation->setFixedWidth(170);
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setFocusPolicy(Qt::NoFocus); // Ctrl+1... move between pages; no focus frame
    m_navigation->setStyleSheet(QStringLiteral(
        "QListWidget { background: palette(window); border: none; border-right: 1px solid palette(mid);"
        " padding-top: 6px; outline: 0; }"
        "QListWidget::item { padding-left: 12px; height: 34px; border: none; }"
        "QListWidget::item:selected { background: palette(highlight); color: palette(highlighted-text); }"));
    connect(m_navigation, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
    // The status bar speaks of the page shown: another page's message (an import's refusal on
    // Security Tests) does not follow the reader to the Audit page.
    connect(m_pages, &QStackedWidget::currentChanged, this, [this](int index) {
        if (QWidget *shown = m_pages->widget(index))
            m_statusLabel->setText(m_pageMessages.value(shown));
    });

    auto *body = new QWidget(this);
    auto *bodyLayout = new QHBoxLayout(body);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->setSpacing(0);
    bodyLayout->addWidget(m_navigation);
    bodyLayout->addWidget(m_pages, 1);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(buildHeader());
    layout->addWidget(body, 1);
    setCentralWidget(central);

    m_statusLabel->setTextFormat(Qt::PlainText);
    statusBar()->addWidget(m_statusLabel, 1);
    statusBar()->addPermanentWidget(m_importProgress);

    for (const PageSpec &spec : pageSpecs()) {
        if (spec.make)
            addPage(spec.key, spec.title, spec.make(m_db, m_session, this));
    }
    connectPages();
    connect(m_pages, &QStackedWidget::currentChanged, this, [this](int index) {
        if (auto *p = qobject_cast<Page *>(m_pages->widget(index)))
            p->pageShown();
    });
    // Only now that every page's signals are connected: a load that ends at once (a small
    // database, a busy GUI thread) delivers its counts to the navigation instead of to no one.
    for (Page *p : std::as_const(m_pageList))
        p->reload();
    buildMenus();
    showPageMessage(m_pages->widget(0), tr("Ready. Drop scanner result files on the window to import them."));
}

MainWindow::~MainWindow()
{
    m_importProgress->cancel();
}

QList<MainWindow::PageSpec> MainWindow::pageSpecs()
{
    auto make = []<typename T>(T *) {
        return [](const Database &db, const Session &session, QWidget *parent) -> Page * {
            if constexpr (std::is_constructible_v<T, Database, Session, QWidget *>)
                return new T(db, session, parent);
            else
                return new T(db, parent);
        };
    };
    return {{QStringLiteral("dashboard"), tr("Dashboard"), make(static_cast<DashboardPage *>(nullptr))},
            {QStringLiteral("security-tests"), tr("Security Tests"),
             make(static_cast<SecurityTestsPage *>(nullptr))},
            {QStringLiteral("exemptions"), tr("Exemptions"), make(static_cast<ExemptionsPage *>(nullptr))},
            {QStringLiteral("pipelines"), tr("Pipelines"), make(static_cast<PipelinesPage *>(nullptr))},
            {QStringLiteral("scans"), tr("Scans"), make(static_cast<ScansPage *>(nullptr))},
            {QStringLiteral("targets"), tr("Targets"), make(static_cast<TargetsPage *>(nullptr))},
            {QStringLiteral("users"), tr("Users"), make(static_cast<UsersPage *>(nullptr))},
            {QStringLiteral("audit"), tr("Audit"), make(static_cast<AuditPage *>(nullptr))}};
}

QStringList MainWindow::pageKeys()
{
    QStringList keys;
    for (const PageSpec &spec : pageSpecs())
        keys.append(spec.key);
    return keys;
}

void MainWindow::connectPages()
{
    auto *issues = page<SecurityTestsPage>();
    auto *exemptions = page<ExemptionsPage>();
    // The navigation shows how many requests wait for a decision.
    connect(exemptions, &ExemptionsPage::pendingCountChanged, this, [this](int pending) {
        m_navigation->item(int(m_pageKeys.indexOf(QStringLiteral("exemptions"))))
            ->setText(pending > 0 ? tr("Exemptions  (%1)").arg(pending) : tr("Exemptions"));
    });
    // A decision changes the issues' exemption state and the gate counts, and the other way round.
    connect(exemptions, &ExemptionsPage::exemptionsChanged, issues, &SecurityTestsPage::refreshIssues);
    connect(issues, &SecurityTestsPage::exemptionsChanged, exemptions, &ExemptionsPage::reload);
    // Live: what anyone changes (another user's decision or import, or this console's other
    // pages) shows on every page within a second or two, each keeping its selection.
    auto *watcher = new ChangeWatcher(m_db, this);
    watcher->setObjectName(QStringLiteral("changeWatcher"));
    connect(watcher, &ChangeWatcher::changed, this, [this] {
        for (int i = 0; i < m_pages->count(); ++i) {
            if (auto *p = qobject_cast<Page *>(m_pages->widget(i)))
                p->databaseChanged();
        }
    });
    // A decision changes what a pipeline evaluates to: at once, not at the next poll.
    auto *pipelines = page<PipelinesPage>();
    connect(exemptions, &ExemptionsPage::exemptionsChanged, pipelines, &PipelinesPage::databaseChanged);
    connect(issues, &SecurityTestsPage::exemptionsChanged, pipelines, &PipelinesPage::databaseChanged);
    // An issue's open request, shown where it is decided.
    const auto toExemption = [this, exemptions](qint64 id) {
        m_navigation->setCurrentRow(int(m_pageKeys.indexOf(QStringLiteral("exemptions"))));
        exemptions->showExemption(id);
    };
    connect(issues, &SecurityTestsPage::showExemption, this, toExemption);
    // The Dashboard's bars and rows open what they count where it is worked on.
    auto *dashboard = page<DashboardPage>();
    const auto toIssues = [this] {
        m_navigation->setCurrentRow(int(m_pageKeys.indexOf(QStringLiteral("security-tests"))));
    };
    connect(dashboard, &DashboardPage::showScan, this,
            [issues, toIssues](qint64 scan, const QString &target, const QString &variant) {
                issues->showScan(scan, target, variant);
                toIssues();
            });
    connect(dashboard, &DashboardPage::showVariant, this, [issues, toIssues](const QString &target, const QString &variant) {
        issues->showScanOf(target, variant);
        toIssues();
    });
    connect(dashboard, &DashboardPage::showExemption, this, toExemption);
}

QWidget *MainWindow::buildHeader()
{
    auto *header = new QWidget(this);
    header->setObjectName(QStringLiteral("header"));
    header->setAutoFillBackground(true);
    header->setStyleSheet(
        QStringLiteral("#header { background: palette(base); border-bottom: 1px solid palette(mid); }"));
    auto *title = new QLabel(QStringLiteral("secreview"), header);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.3);
    f.setBold(true);
    title->setFont(f);
    auto *db = new QLabel(databaseName(m_db), header);
    db->setToolTip(m_db.isServer() ? tr("Team database %1").arg(m_db.server().display()) : m_db.location());
    db->setTextFormat(Qt::PlainText);
    db->setToolTip(plainToolTip(m_db.location()));
    db->setForegroundRole(QPalette::PlaceholderText);
    auto *who = new QLabel(tr("signed in: %1 (%2)").arg(m_session.name(), m_session.rolesText()), header);
    who->setTextFormat(Qt::PlainText);
    who->setObjectName(QStringLiteral("signedIn"));
    auto *import = new QPushButton(tr("Import…"), header);
    import->setObjectName(QStringLiteral("importButton"));
    import->setToolTip(tr("Import scanner result files (Ctrl+I)"));
    import->setEnabled(m_session.may(Permission::ImportScans));
    if (!import->isEnabled())
        import->setToolTip(
            tr("Importing needs the developer, secops or admin role; you are %1").arg(m_session.rolesText()));
    connect(import, &QPushButton::clicked, this, &MainWindow::openImportDialog);
    auto *exportButton = new QPushButton(tr("Export…"), header);
    exportButton->setObjectName(QStringLiteral("exportButton"));
    exportButton->setToolTip(tr("Export what the Security Tests page shows: SARIF, CSV, JSON, HTML or PDF (Ctrl+Shift+S)"));
    connect(exportButton, &QPushButton::clicked, this, &MainWindow::openExportDialog);
    auto *layout = new QHBoxLayout(header);
    layout->setContentsMargins(14, 8, 14, 8);
    layout->addWidget(title);
    layout->addSpacing(10);
    layout->addWidget(db);
    layout->addStretch(1);
    layout->addWidget(who);
    layout->addSpacing(12);
    layout->addWidget(import);
    layout->addWidget(exportButton);
    return header;
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *import = file->addAction(tr("&Import Results…"), this, &MainWindow::openImportDialog);
    import->setShortcut(QKeySequence(QStringLiteral("Ctrl+I")));
    import->setEnabled(m_session.may(Permission::ImportScans));
    QAction *exportAction = file->addAction(tr("&Export…"), this, &MainWindow::openExportDialog);
    exportAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+S")));
    exportAction->setObjectName(QStringLiteral("exportAction"));
    file->addSeparator();
    QAction *team = file->addAction(tr("Open &Team Database…"), this, &MainWindow::openTeamDatabase);
    team->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+O")));
    QAction *openFile = file->addAction(tr("&Open Database File…"), this, &MainWindow::openDatabaseFile);
    openFile->setShortcut(QKeySequence::Open);
    QMenu *recent = file->addMenu(tr("Open &Recent"));
    connect(recent, &QMenu::aboutToShow, this, [this, recent] {
        recent->clear();
        for (const QString &location : recentDatabases()) {
            recent->addAction(location, this, [this, location] { openLocation(location, tr("Open Recent")); });
        }
        if (recent->isEmpty())
            recent->addAction(tr("(none yet)"))->setEnabled(false);
    });
    file->addSeparator();
    QAction *switchUserAction = file->addAction(tr("S&witch User…"), this, &MainWindow::switchUser);
    switchUserAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+U")));
    switchUserAction->setObjectName(QStringLiteral("switchUser"));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *reload = view->addAction(tr("&Reload"), page<SecurityTestsPage>(), &SecurityTestsPage::reload);
    reload->setShortcut(QKeySequence::Refresh);
    for (int i = 0; i < m_pageKeys.size(); ++i) {
        QAction *go = view->addAction(m_navigation->item(i)->text(), this,
                                      [this, i] { m_navigation->setCurrentRow(i); });
        go->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(i + 1)));
    }
    addThemeMenu(view, [this](Theme theme) {
        if (m_remembersLayout)
            saveTheme(theme);
        // What was drawn in status colours is drawn again for the new palette.
        for (Page *shown : findChildren<Page *>())
            shown->reload();
    });
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *keys = help->addAction(tr("&Keyboard Shortcuts"), this, [this] {
        auto *box = new QMessageBox(QMessageBox::Information, tr("Keyboard Shortcuts"), keyboardShortcutsText(),
                                    QMessageBox::Close, this);
        box->setTextFormat(Qt::PlainText);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    keys->setShortcut(QKeySequence::HelpContents);
    keys->setObjectName(QStringLiteral("keyboardShortcuts"));
    help->addAction(tr("&About secreview"), this, [this] {
        QMessageBox::about(this, tr("About secreview"),
                           tr("secreview %1: a security review console for scanner results, exemptions and "
                              "pipeline gates. The user guide is docs/user-guide.md.")
                               .arg(QCoreApplication::applicationVersion()));
    });
}

void MainWindow::openTeamDatabase()
{
    OpenDatabaseDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted && dialog.database())
        switchTo(*dialog.database());
}

void MainWindow::openDatabaseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Database File"), QString(),
                                                      tr("secreview databases (*.db);;All files (*)"));
    if (!path.isEmpty())
        openLocation(path, tr("Open Database File"));
}

void MainWindow::openLocation(const QString &location, const QString &title)
{
    try {
        switchTo(Database::open(location));
    } catch (const Error &e) {
        QMessageBox box(QMessageBox::Warning, title, e.message(), QMessageBox::Ok, this);
        box.setTextFormat(Qt::PlainText);
        box.exec();
    }
}

void MainWindow::switchUser()
{
    // A file's Database is shared; a server's connection is one login: a new one signs in.
    signInAndReplace(m_db.isServer() ? Database::open(m_db.location()) : m_db, QString());
}

void MainWindow::switchTo(const Database &db)
{
    signInAndReplace(db, m_session.name());
}

void MainWindow::signInAndReplace(const Database &db, const QString &user)
{
    SignInDialog dialog(db, user, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    rememberDatabase(db.location());
    auto *next = new MainWindow(db, dialog.session());
    next->setAttribute(Qt::WA_DeleteOnClose);
    next->resize(size());
    next->show();
    emit replacedBy(next);
    close();
}

void MainWindow::showPageMessage(QWidget *page, const QString &text)
{
    m_pageMessages.insert(page, text);
    if (m_pages->currentWidget() == page)
        m_statusLabel->setText(text);
}

void MainWindow::addPage(const QString &key, const QString &title, Page *page)
{
    connect(page, &Page::settled, this, &MainWindow::checkSettled);
    // A page's message is its own: shown while the page is, kept for when it is shown again.
    connect(page, &Page::statusMessage, this, [this, page](const QString &text) {
        m_pageMessages.insert(page, text);
        if (m_pages->currentWidget() == page)
            m_statusLabel->setText(text);
    });
    m_pageKeys.append(key);
    m_pageList.append(page);
    m_pages->addWidget(page);
    m_navigation->addItem(title);
    if (m_navigation->currentRow() < 0)
        m_navigation->setCurrentRow(0);
}

bool MainWindow::showPage(const QString &key)
{
    const int index = int(m_pageKeys.indexOf(key));
    if (index < 0)
        return false;
    m_navigation->setCurrentRow(index);
    return true;
}

QString MainWindow::currentPageKey() const
{
    return m_pageKeys.value(m_pages->currentIndex());
}

bool MainWindow::isSettled() const
{
    for (const Page *p : m_pageList) {
        if (!p->isSettled())
            return false;
    }
    return !m_importing;
}

void MainWindow::checkSettled()
{
    if (isSettled())
        emit settled();
}

QString MainWindow::navigationText(const QString &key) const
{
    const int index = int(m_pageKeys.indexOf(key));
    return index < 0 ? QString() : m_navigation->item(index)->text();
}

// Kept between runs (QSettings under the organization "secreview"): the window's size and
// place, every named splitter and table header (columns, widths, sort), and per database what the
// reader chose on Security Tests.
QString MainWindow::viewKey() const
{
    return QStringLiteral("views/") +
           QString::fromLatin1(QCryptographicHash::hash(m_db.location().toUtf8(), QCryptographicHash::Sha256).toHex().left(16));
}

void MainWindow::setRemembersLayout(bool remember)
{
    m_remembersLayout = remember;
    page<ExemptionsPage>()->setKeepsLastVisit(remember);
}

void MainWindow::restoreLayout()
{
    const QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    for (QSplitter *splitter : findChildren<QSplitter *>()) {
        if (!splitter->objectName().isEmpty())
            splitter->restoreState(settings.value(QStringLiteral("splitters/") + splitter->objectName()).toByteArray());
    }
    for (QTableView *table : findChildren<QTableView *>()) {
        if (!table->objectName().isEmpty())
            table->horizontalHeader()->restoreState(
                settings.value(QStringLiteral("tables/") + table->objectName()).toByteArray());
    }
    const QVariantMap view = settings.value(viewKey() + QStringLiteral("/securityTests")).toMap();
    if (!view.isEmpty())
        page<SecurityTestsPage>()->restoreViewState(view);
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    for (const QSplitter *splitter : findChildren<QSplitter *>()) {
        if (!splitter->objectName().isEmpty())
            settings.setValue(QStringLiteral("splitters/") + splitter->objectName(), splitter->saveState());
    }
    for (const QTableView *table : findChildren<QTableView *>()) {
        if (!table->objectName().isEmpty())
            settings.setValue(QStringLiteral("tables/") + table->objectName(), table->horizontalHeader()->saveState());
    }
    settings.setValue(viewKey() + QStringLiteral("/securityTests"), page<SecurityTestsPage>()->viewState());
}

void MainWindow::showEvent(QShowEvent *event)
{
    if (m_remembersLayout && !m_layoutRestored) {
        m_layoutRestored = true;
        restoreLayout();
    }
    QMainWindow::showEvent(event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_remembersLayout && m_layoutRestored)
        saveLayout();
    m_importProgress->cancel(); // an import in flight rolls back
    importPool()->waitForDone();
    event->accept();
}

} // namespace secreview::views
