// The console on a team server (the pg fixture's cluster): signed in as bob on one "machine",
// it shows what alice and other SecOps do from theirs (terminals here) within seconds, with no
// reload and without losing the reader's selection: the server notifies (LISTEN/NOTIFY).
#include "model/exemptions/ExemptionWorkflow.h"
#include "model/users/UserDirectory.h"
#include "tests/TestSupport.h"
#include "tests/team/TeamServer.h"
#include "views/issues/IssueTableModel.h"
#include "views/issues/SecurityTestsPage.h"
#include "views/shell/MainWindow.h"
#include "views/shell/OpenDatabaseDialog.h"
#include "views/users/SignInDialog.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace secreview;
using namespace secreview::views;
using namespace secreview::test;

class TstTeamConsole : public QObject
{
    Q_OBJECT

    QTemporaryDir settingsDir;

private slots:
    void initTestCase()
    {
        QVERIFY(settingsDir.isValid());
        isolateSettings(settingsDir.path());
        QString why;
        QVERIFY2(TeamServer::available(&why), qPrintable(why));
    }

    // File > Open Team Database… from a console on a laptop file, by the keyboard: a location
    // that is none is said under the field and what was typed stays; the right one asks for the
    // server login and opens a console on the server, which the recent list keeps.
    void openTeamDatabaseFromTheMenu()
    {
        const TeamServer server = TeamServer::fresh(QStringLiteral("team_open"));
        QCOMPARE(server.cli().run({}, {QStringLiteral("demo")}).code, 0);
        QTemporaryDir dir;
        Cli laptop(dir.filePath(QStringLiteral("laptop.db")));
        QCOMPARE(laptop.run({}, {QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("bob")}).code, 0);
        const Database file = Database::open(laptop.db);
        const Session bobHere = UserDirectory(file).authenticate(QStringLiteral("bob"), Cli::password());
        MainWindow w(file, bobHere);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        MainWindow *opened = nullptr;
        connect(&w, &MainWindow::replacedBy, this, [&](MainWindow *next) { opened = next; });

        bool typed = false;
        QTimer::singleShot(0, this, [&] {
            auto *dialog = qobject_cast<OpenDatabaseDialog *>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            dialog->locationBox()->lineEdit()->clear();
            QTest::keyClicks(dialog->locationBox()->lineEdit(), QStringLiteral("team_open on the server"));
            QTest::keyClick(dialog->locationBox()->lineEdit(), Qt::Key_Return);
            QVERIFY(dialog->isVisible());
            QVERIFY(dialog->errorLabel()->isVisible());
            QVERIFY(dialog->errorLabel()->text().contains(QLatin1String("postgresql://")));
            QCOMPARE(dialog->locationBox()->currentText(), QStringLiteral("team_open on the server"));
            dialog->locationBox()->lineEdit()->clear();
            QTest::keyClicks(dialog->locationBox()->lineEdit(), server.location());
            QTimer::singleShot(0, this, [&] {
                auto *signIn = qobject_cast<SignInDialog *>(QApplication::activeModalWidget());
                QVERIFY(signIn);
                QTest::keyClicks(signIn->passwordEdit(), QStringLiteral("not-it"));
                QTest::keyClick(signIn->passwordEdit(), Qt::Key_Return);
                QVERIFY(signIn->isVisible());
                QVERIFY(signIn->errorLabel()->text().contains(QLatin1String("refused")));
                signIn->passwordEdit()->clear();
                QTest::keyClicks(signIn->passwordEdit(), QStringLiteral("bob-demo-pass"));
                QTest::keyClick(signIn->passwordEdit(), Qt::Key_Return);
                typed = true;
            });
            QTest::keyClick(dialog->locationBox()->lineEdit(), Qt::Key_Return);
        });
        QTest::keyClick(&w, Qt::Key_O, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY_WITH_TIMEOUT(typed, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(opened, 10000);
        QVERIFY(!w.isVisible());
        QVERIFY(opened->windowTitle().contains(QLatin1String("team_open")));
        QTRY_VERIFY_WITH_TIMEOUT(opened->isSettled(), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(opened->page<SecurityTestsPage>()->severityToggle(Severity::Critical)->text(),
                                  QStringLiteral("Critical  1"), 10000);
        QCOMPARE(recentDatabases().value(0), server.location());
        opened->close();
    }

    // The server's notification itself, without the console's poll behind it: a change committed
    // by another client calls the listener.
    void theServerNotifiesListeners()
    {
        const TeamServer server = TeamServer::fresh(QStringLiteral("team_notify"));
        Cli terminal = server.cli();
        QCOMPARE(terminal.run({}, {QStringLiteral("demo")}).code, 0);
        const Database db = Database::open(server.location());
        UserDirectory(db).authenticate(QStringLiteral("bob"), QStringLiteral("bob-demo-pass"));
        int heard = 0;
        QObject context;
        QVERIFY(db.notifyOnChange(&context, [&heard] { ++heard; }));
        QCOMPARE(terminal.run(QStringLiteral("bob"), {QStringLiteral("baseline"), QStringLiteral("set"), QStringLiteral("--target"),
                                                      QStringLiteral("dvpwa"), QStringLiteral("--regex"), QStringLiteral("^main$")},
                              QStringLiteral("bob-demo-pass"))
                     .code,
                 0);
        QTRY_COMPARE_WITH_TIMEOUT(heard, 1, 5000);
        // Reading changes nothing and says nothing.
        QCOMPARE(terminal.run(QStringLiteral("bob"), {QStringLiteral("issues")}, QStringLiteral("bob-demo-pass")).code, 0);
        QTest::qWait(500);
        QCOMPARE(heard, 1);
        // A file has no such signal: the console polls it.
        QTemporaryDir dir;
        Cli laptop(dir.filePath(QStringLiteral("laptop.db")));
        QCOMPARE(laptop.run({}, {QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("bob")}).code, 0);
        QVERIFY(!Database::open(laptop.db).notifyOnChange(&context, [] {}));
    }

    void anotherUsersApprovalShowsWithoutAReload()
    {
        const TeamServer server = TeamServer::fresh(QStringLiteral("team_console"));
        Cli terminal = server.cli();
        const Run made = terminal.run({}, {QStringLiteral("demo")});
        QVERIFY2(made.code == 0, made.err.constData());

        // The console signs in as bob, as its sign-in dialog does.
        const Database db = Database::open(server.location());
        const Session bob = UserDirectory(db).authenticate(QStringLiteral("bob"), QStringLiteral("bob-demo-pass"));
        QVERIFY(bob.has(Role::Secops));
        MainWindow w(db, bob);
        w.show();
        QVERIFY(w.showPage(QStringLiteral("security-tests")));
        QTRY_VERIFY_WITH_TIMEOUT(w.isSettled(), 20000);
        SecurityTestsPage *page = w.page<SecurityTestsPage>();
        QTRY_COMPARE_WITH_TIMEOUT(page->severityToggle(Severity::Critical)->text(), QStringLiteral("Critical  1"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(w.navigationText(QStringLiteral("exemptions")), QStringLiteral("Exemptions  (1)"), 10000);
        const QString exemptedBefore = page->exemptedToggle()->text();
        page->table()->selectRow(1);
        const QString selected = page->model()->rowAt(1)->key;

        // Another SecOps (dave, on another machine) approves alice's pending request.
        const Run added = terminal.run(QStringLiteral("admin"), {QStringLiteral("user"), QStringLiteral("add"),
                                                                 QStringLiteral("dave"), QStringLiteral("--role"),
                                                                 QStringLiteral("secops")},
                                       QStringLiteral("admin-demo-pass"));
        QCOMPARE(added.code, 0);
        const QJsonArray pending = terminal.run(QStringLiteral("dave"), {QStringLiteral("exemption"), QStringLiteral("list"),
                                                                         QStringLiteral("--status"), QStringLiteral("pending"),
                                                                         QStringLiteral("--format"), QStringLiteral("json")})
                                       .json()
                                       .value(QStringLiteral("exemptions"))
                                       .toArray();
        QCOMPARE(pending.size(), 1);
        QElapsedTimer shown;
        const Run approved = terminal.run(QStringLiteral("dave"),
                                          {QStringLiteral("exemption"), QStringLiteral("approve"),
                                           QString::number(pending.first().toObject().value(QStringLiteral("id")).toInteger())});
        QVERIFY2(approved.code == 0, approved.err.constData());
        shown.start();
        QTRY_COMPARE_WITH_TIMEOUT(page->severityToggle(Severity::Critical)->text(), QStringLiteral("Critical  0"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(w.navigationText(QStringLiteral("exemptions")), QStringLiteral("Exemptions"), 5000);
        qInfo("another user's approval showed after %lld ms", shown.elapsed());
        QVERIFY(page->exemptedToggle()->text() != exemptedBefore);
        QTRY_VERIFY_WITH_TIMEOUT(w.isSettled(), 20000);
        // The reader's selection stays where it was.
        const QModelIndex current = page->table()->currentIndex();
        QVERIFY(current.isValid());
        QCOMPARE(page->model()->rowAt(current.row())->key, selected);
    }
};

QTEST_MAIN(TstTeamConsole)
#include "tst_team_console.moc"
