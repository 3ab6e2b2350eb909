#pragma once

#include "model/scans/ScanImporter.h"
#include "model/store/Database.h"
#include "model/users/Session.h"

#include <QMainWindow>
#include <atomic>

class QLabel;
class QListWidget;
class QProgressBar;
class QStackedWidget;

namespace secreview::views {

class AuditPage;
class UsersPage;
class ExemptionsPage;
class PipelinesPage;
class SecurityTestsPage;

// The console: a header (database, who is signed in, Import), a navigation list of pages and the
// pages themselves. A page is a widget registered under its --page key with addPage().
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(Database db, Session session, QWidget *parent = nullptr);
    ~MainWindow() override;

    static QStringList pageKeys(); // every key SPEC names, built or not
    void addPage(const QString &key, const QString &title, QWidget *page);
    bool showPage(const QString &key); // false when no such page is built
    QString currentPageKey() const;
    bool isSettled() const;

    SecurityTestsPage *securityTestsPage() const { return m_securityTests; }
    ExemptionsPage *exemptionsPage() const { return m_exemptions; }
    AuditPage *auditPage() const { return m_audit; }
    UsersPage *usersPage() const { return m_users; }
    PipelinesPage *pipelinesPage() const { return m_pipelines; }
    QString navigationText(const QString &key) const;
    QProgressBar *progressBar() const { return m_progress; }

    // Imports the files off the GUI thread, one scan each, with progress in the status bar.
    void importFiles(const QStringList &files, const ImportRequest &target);
    void chooseAndImport(const QStringList &files); // asks where they go first

signals:
    void settled();
    void importsFinished(int imported, int refused);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    QWidget *buildHeader();
    void openImportDialog();
    void checkSettled();

    Database m_db;
    Session m_session;
    QListWidget *m_navigation;
    QStackedWidget *m_pages;
    QStringList m_pageKeys;
    SecurityTestsPage *m_securityTests;
    ExemptionsPage *m_exemptions;
    AuditPage *m_audit = nullptr;
    UsersPage *m_users = nullptr;
    PipelinesPage *m_pipelines = nullptr;
    QProgressBar *m_progress;
    QLabel *m_statusLabel;
    std::atomic<bool> m_cancelImport{false};
    bool m_importing = false;
};

} // namespace secreview::views
