#pragma once

#include "model/scans/ScanImporter.h"
#include "model/store/Database.h"
#include "model/users/Session.h"
#include "views/common/Page.h"

#include <QHash>
#include <QMainWindow>
#include <atomic>
#include <functional>

class QLabel;
class QListWidget;
class QProgressBar;
class QStackedWidget;

namespace secreview::views {

class ImportProgress;
class SecurityTestsPage;

// The console: a header (database, who is signed in, Import), a navigation list of pages and the
// pages themselves, each registered once in pageSpecs().
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // A page of the console: its --page key, its title in the navigation, and how it is made
    // (null: a page SPEC names that this version does not build yet, decision 13).
    struct PageSpec
    {
        QString key;
        QString title;
        std::function<Page *(const Database &, const Session &, QWidget *)> make;
    };
    static QList<PageSpec> pageSpecs(); // in navigation order
    static QStringList pageKeys();      // every key --page takes, built or not

    MainWindow(Database db, Session session, QWidget *parent = nullptr);
    ~MainWindow() override;

    bool showPage(const QString &key); // false when no such page is built
    QString currentPageKey() const;
    bool isSettled() const;

    // The built page of type T (tests, and the wiring between pages).
    template <typename T> T *page() const
    {
        for (Page *p : m_pageList) {
            if (auto *t = qobject_cast<T *>(p))
                return t;
        }
        return nullptr;
    }
    QString navigationText(const QString &key) const;
    QProgressBar *progressBar() const;
    ImportProgress *importProgress() const { return m_importProgress; }
    QLabel *statusLabel() const { return m_statusLabel; }
    // Whether the window restores its layout when first shown and keeps it when closed (on by default).
    void setRemembersLayout(bool remember); // also when the user last looked (Exemptions' notice)

    // Imports the files off the GUI thread, one scan each, with progress in the status bar.
    void importFiles(const QStringList &files, const ImportRequest &target);
    void chooseAndImport(const QStringList &files); // asks where they go first

    // File > Open Team Database…, Open Database File… and Open Recent: signs in to db (the
    // same dialog as at start) and replaces this window by one on it; nothing changes when
    // the sign-in is cancelled.
    void openTeamDatabase();
    void openDatabaseFile();
    void switchTo(const Database &db);
    // File > Switch User…: the sign-in on this database with no name filled in, then a window of
    // the one who signed in (this one stays if nobody does).
    void switchUser();

signals:
    void settled();
    void replacedBy(secreview::views::MainWindow *next);
    void importsFinished(int imported, int refused);
    void exported(const QString &path); // File > Export… wrote it

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void showPageMessage(QWidget *page, const QString &text);
    // The sign-in on db (user filled in, or nobody), then a window of the one who signed in in
    // place of this one; nothing changes when it is cancelled.
    void signInAndReplace(const Database &db, const QString &user);
    QString viewKey() const;
    void restoreLayout();
    void saveLayout() const;
    void addPage(const QString &key, const QString &title, Page *page);
    void connectPages();
    void buildMenus();
    QWidget *buildHeader();
    void openImportDialog();
    void openExportDialog(); // MainWindowExport.cpp: File > Export… of what Security Tests shows
    void openLocation(const QString &location, const QString &title); // says why it cannot
    void checkSettled();

    Database m_db;
    Session m_session;
    QListWidget *m_navigation;
    QStackedWidget *m_pages;
    QStringList m_pageKeys;
    QList<Page *> m_pageList;
    ImportProgress *m_importProgress;
    QLabel *m_statusLabel;
    QHash<QWidget *, QString> m_pageMessages; // each page's last status message
    bool m_remembersLayout = true; // off for --screenshot: pictures do not depend on a past session
    bool m_layoutRestored = false;
    bool m_importing = false;
};

} // namespace secreview::views
