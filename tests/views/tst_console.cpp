// The console, driven as a user drives it: real widgets offscreen on the demo database.
#include "model/audit/AuditVerification.h"
#include "model/demo/DemoDatabase.h"
#include "model/exemptions/ExemptionPolicyStore.h"
#include "model/exemptions/ExemptionWorkflow.h"
#include "model/pipelines/PipelineStore.h"
#include "model/scans/Catalog.h"
#include "model/store/AuditLog.h"
#include "model/scans/Gate.h"
#include "model/scans/ScanImporter.h"
#include "views/history/ScanTableModel.h"
#include "views/history/ScansPage.h"
#include "views/history/TargetsPage.h"
#include "model/users/UserDirectory.h"
#include "tests/TestSupport.h"
#include "tests/cli/CliHarness.h"
#include "tests/team/TeamServer.h"
#include "views/audit/AuditPage.h"
#include "views/audit/AuditTableModel.h"
#include "views/shell/ImportProgress.h"
#include "views/common/ChangeWatcher.h"
#include "views/exemptions/ExemptionTableModel.h"
#include "views/exemptions/ExemptionsPage.h"
#include "views/issues/IssueDetailsPane.h"
#include "views/issues/IssueTableModel.h"
#include "views/issues/RequestExemptionDialog.h"
#include "views/issues/SecurityTestsPage.h"
#include "views/pipelines/PipelinePolicyDialog.h"
#include "views/pipelines/PipelineTree.h"
#include "views/pipelines/PipelinesPage.h"
#include "views/shell/ImportDialog.h"
#include "views/shell/MainWindow.h"
#include "views/users/SignInDialog.h"
#include "views/users/UserTableModel.h"
#include "views/users/UsersPage.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QHeaderView>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>

using namespace secreview;
using namespace secreview::views;

class TestConsole : public QObject
{
    Q_OBJECT

    QTemporaryDir dir;
    std::optional<Database> db;
    std::optional<secreview::test::TeamServer> server;
    Session bob;

    QStringList visibleKeys(SecurityTestsPage *page)
    {
        QStringList keys;
        for (int row = 0; row < page->model()->rowCount(); ++row) {
            const auto r = page->model()->rowAt(row);
            keys.append(r ? r->key : QStringLiteral("?"));
        }
        return keys;
    }

    // The database as another person's console has it: on a server a connection of their own
    // (one login per Database), on a file the same file.
    Database consoleDb() const { return server ? Database::open(server->location()) : *db; }

    // As someone with the file and sqlite3 would, or the server's superuser past its triggers.
    void editBehindTheProgramsBack(const QString &sql)
    {
        if (server) {
            QVERIFY(server->cli().sql(sql));
        } else {
            Query(*db, sql).exec();
        }
    }

    void waitSettled(MainWindow &w) { QTRY_VERIFY_WITH_TIMEOUT(w.isSettled(), 20000); }
    // The console opens on the Dashboard; Ctrl+2 goes to Security Tests, as a reader would.
    SecurityTestsPage *toSecurityTests(MainWindow &w)
    {
        QTest::keyClick(&w, Qt::Key_2, Qt::ControlModifier);
        SecurityTestsPage *page = w.page<SecurityTestsPage>();
        [&] { QTRY_VERIFY(page->isVisible()); }();
        return page;
    }

    // Acts on the next modal dialog of type T once it shows: the code under test opens it with
    // exec() (or QFileDialog's static functions), so the test answers it from the event loop, as
    // a user would. A dialog that does not come within 10 s is recorded; any modal dialog left
    // open then is rejected so the test fails instead of hanging.
    template <typename T> void onNextModal(std::function<void(T *)> act)
    {
        auto *timer = new QTimer(this);
        timer->setInterval(20);
        auto tries = std::make_shared<int>(0);
        connect(timer, &QTimer::timeout, this, [this, timer, tries, act] {
            auto *dialog = qobject_cast<T *>(QApplication::activeModalWidget());
            if (dialog && dialog->isVisible()) {
                timer->stop();
                timer->deleteLater();
                act(dialog);
            } else if (++*tries > 500) {
                timer->stop();
                timer->deleteLater();
                missedDialogs.append(QLatin1String(T::staticMetaObject.className()));
                if (auto *other = qobject_cast<QDialog *>(QApplication::activeModalWidget()))
                    other->reject();
            }
        });
        timer->start();
    }

    // Types path into the next file dialog and presses Enter.
    void answerFileDialog(const QString &path)
    {
        onNextModal<QFileDialog>([path](QFileDialog *dialog) {
            auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
            QVERIFY(name);
            name->setText(path);
            QTest::keyClick(name, Qt::Key_Return);
        });
    }

    QStringList missedDialogs;
    QTemporaryDir settingsDir;

private slots:
    void initTestCase()
    {
        QVERIFY(settingsDir.isValid());
        secreview::test::isolateSettings(settingsDir.path());
    }

    // The demo on a file per test function or (SECREVIEW_TEST_ENGINE=postgresql) on a database of
    // the team server's test cluster, made by the command line as its administrator would.
    void init()
    {
        QSettings().clear(); // what an earlier test's windows remembered (layout, choices) does not carry over
        db = secreview::test::TeamServer::demo(QStringLiteral("demo"), dir.path(), server);
        bob = UserDirectory(*db).authenticate(QStringLiteral("bob"), QStringLiteral("bob-demo-pass"));
    }

    void cleanup()
    {
        db.reset();
        if (server)
            server->drop();
        server.reset();
    }

    void showsTheDemo()
    {
        MainWindow w(*db, bob);
        w.resize(1280, 800);
        w.show();
        waitSettled(w);
        SecurityTestsPage *page = toSecurityTests(w);
        QVERIFY(page->targetBox()->currentText().startsWith(QLatin1String("dvpwa")));
        QCOMPARE(page->variantBox()->currentText(),
                 QStringLiteral("DEMO-001")); // the branch, not its baseline
        QCOMPARE(page->severityToggle(Severity::Critical)->text(), QStringLiteral("Critical  1"));
        QCOMPARE(page->severityToggle(Severity::Medium)->text(), QStringLiteral("Medium  1"));
        QCOMPARE(page->severityToggle(Severity::High)->text(), QStringLiteral("High  0"));
        QCOMPARE(page->exemptedToggle()->text(), QStringLiteral("Exempted  0"));
        QCOMPARE(visibleKeys(page),
                 (QStringList{QStringLiteral("B602"), QStringLiteral("B303"), QStringLiteral("B404")}));
        // The first issue is selected and its details shown.
        QCOMPARE(page->details()->issueId(), page->model()->rowAt(0)->id);
        QVERIFY(page->details()->findChild<QTextBrowser *>()->toPlainText().contains(
            QLatin1String("HIGH / confidence HIGH")));
        // Its history on the branch: new in its first scan there, in both since.
        const QString overview = page->details()->findChild<QTextBrowser *>()->toPlainText();
        QVERIFY2(overview.contains(QStringLiteral("History")) &&
                     overview.contains(QRegularExpression(QStringLiteral("new in scan \\d+ \\(\\d{4}-\\d\\d-\\d\\d\\)"))) &&
                     !overview.contains(QLatin1String("remediated in scan")),
                 qPrintable(overview));
        QVERIFY(w.findChild<QLabel *>(QStringLiteral("signedIn"))
                    ->text()
                    .contains(QLatin1String("bob (secops)")));
    }

    void togglesFilterTheTable()
    {
        MainWindow w(*db, bob);
        w.show();
        waitSettled(w);
        SecurityTestsPage *page = toSecurityTests(w);
        QTest::mouseClick(page->severityToggle(Severity::Medium), Qt::LeftButton);
        waitSettled(w);
        QCOMPARE(visibleKeys(page), (QStringList{QStringLiteral("B602"), QStringLiteral("B404")}));
        QTest::mouseClick(page->severityToggle(Severity::Critical), Qt::LeftButton);
        waitSettled(w);
        QCOMPARE(visibleKeys(page), QStringList{QStringLiteral("B404")});
        // The counts stay what each toggle would show.
        QCOMPARE(page->severityToggle(Severity::Critical)->text(), QStringLiteral("Critical  1"));
        QTest::mouseClick(page->severityToggle(Severity::Critical), Qt::LeftButton);
        QTest::mouseClick(page->severityToggle(Severity::Medium), Qt::LeftButton);
        waitSettled(w);
        QCOMPARE(page->model()->rowCount(), 3);

        QTest::keyClicks(page->searchBox(), QStringLiteral("md5"));
        waitSettled(w); // settled includes the search's delay, the rows and the counts
        QCOMPARE(visibleKeys(page), QStringList{QStringLiteral("B303")});
        // A search counts again (a severity toggle keeps the counts: IssueQuery::countsKey).
        QCOMPARE(page->severityToggle(Severity::Critical)->text(), QStringLiteral("Critical  0"));
        QCOMPARE(page->severityToggle(Severity::Medium)->text(), QStringLiteral("Medium  1"));
        QTest::mouseClick(page->severityToggle(Severity::Medium), Qt::LeftButton);
        waitSettled(w);
        QCOMPARE(page->model()->rowCount(), 0);
        QCOMPARE(page->severityToggle(Severity::Medium)->text(), QStringLiteral("Medium  1"));
    }

    // The shortcuts the pills' tooltips advertise (Alt+1..5, Alt+E) toggle them, also after the
    // counts were written into the pills' text; in the request form Alt+H moves to the duration.
    void advertisedShortcutsWork()
    {
        MainWindow w(*db, bob);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        waitSettled(w);
        SecurityTestsPage *page = toSecurityTests(w);
        QTRY_COMPARE(page->severityToggle(Severity::Critical)->text(), QStringLiteral("Critical  1"));
        const Qt::Key digits[] = {Qt::Key_1, Qt::Key_2, Qt::Key_3, Qt::Key_4, Qt::Key_5};
        int i = 0;
        for (Severity s : {Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info}) {
            QToolButton *pill = page->severityToggle(s);
            QVERIFY(pill->isChecked());
            QVERIFY2(pill->toolTip().contains(QStringLiteral("Alt+%1").arg(i + 1)), qPrintable(pill->toolTip()));
            QTest::keyClick(&w, digits[i], Qt::AltModifier);
            QVERIFY2(!pill->isChecked(), qPrintable(pill->text()));
            QTest::keyClick(&w, digits[i], Qt::AltModifier);
            QVERIFY(pill->isChecked());
            ++i;
        }
        waitSettled(w);
        QTRY_COMPARE(page->model()->rowCount(), 3); // every severity shown again
        const int rows = page->model()->rowCount();
        QTest::keyClick(&w, Qt::Key_1, Qt::AltModifier);
        waitSettled(w);
        QTRY_COMPARE(page->model()->rowCount(), rows - 1); // the Critical B602 left the table
        QTest::keyClick(&w, Qt::Key_1, Qt::AltModifier);
        const bool exempted = page->exemptedToggle()->isChecked();
        QTest::keyClick(&w, Qt::Key_E, Qt::AltModifier);
        QCOMPARE(page->exemptedToggle()->isChecked(), !exempted);
        waitSettled(w);

        // The request form (as alice, whose B303 has no request yet): "For how long" is the
        // duration's caption, not a label with an ampersand.
        const Database aliceDb = consoleDb();
        const Session alice = UserDirectory(aliceDb).authenticate(QStringLiteral("alice"), QStringLiteral("alice-demo-pass"));
        MainWindow a(aliceDb, alice);
        a.show();
        waitSettled(a);
        SecurityTestsPage *issues = a.page<SecurityTestsPage>();
        issues->table()->selectRow(1);
        QTRY_VERIFY(issues->details()->requestButton()->isEnabled());
        QTest::mouseClick(issues->details()->requestButton(), Qt::LeftButton);
        auto *dialog = issues->findChild<RequestExemptionDialog *>();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowActive(dialog));
        QLabel *caption = nullptr;
        for (QLabel *label : dialog->findChildren<QLabel *>())
            if (label->buddy() == dialog->durationBox())
                caption = label;
        QVERIFY(caption);
        QCOMPARE(caption->text(), QStringLiteral("For &how long"));
        dialog->reasonBox()->setFocus();
        QTRY_VERIFY(dialog->reasonBox()->hasFocus());
        QTest::keyClick(dialog->reasonBox(), Qt::Key_H, Qt::AltModifier);
        QVERIFY2(dialog->durationBox()->hasFocus(),
                 QApplication::focusWidget() ? QApplication::focusWidget()->metaObject()->className() : "none");
        dialog->reject();
    }

    // The keyboard: Esc clears the search, Tab goes from the search to the table and out of it
    // (not cell by cell), the pills show focus, and Ctrl+Enter submits a decision's comment.
    void keyboardTriage()
    {
        MainWindow w(*db, bob);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        waitSettled(w);
        SecurityTestsPage *page = toSecurityTests(w);
        QTest::keyClick(&w, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(page->searchBox()->hasFocus());
        QTest::keyClicks(page->searchBox(), QStringLiteral("md5"));
        waitSettled(w);
        QTRY_COMPARE(page->model()->rowCount(), 1);
        QTest::keyClick(page->searchBox(), Qt::Key_Escape);
        QCOMPARE(page->searchBox()->text(), QString());
        waitSettled(w);
        QTRY_COMPARE(page->model()->rowCount(), 3);
        QTest::keyClick(page->searchBox(), Qt::Key_Tab);
        QVERIFY2(page->table()->hasFocus(), QApplication::focusWidget()->metaObject()->className());
        QTest::keyClick(page->table(), Qt::Key_Tab);
        QVERIFY(!page->table()->hasFocus());
        QVERIFY(page->severityToggle(Severity::Critical)->styleSheet().contains(QLatin1String(":focus")));

        QVERIFY(w.showPage(QStringLiteral("exemptions")));
        waitSettled(w);
        ExemptionsPage *exemptions = w.page<ExemptionsPage>();
        QCOMPARE(exemptions->count(ExemptionStatus::Pending), 1);
        exemptions->table()->selectRow(0);
        QTest::mouseClick(exemptions->button(ExemptionAction::Approve), Qt::LeftButton);
        QPlainTextEdit *comment = nullptr;
        QTRY_VERIFY((comment = exemptions->findChild<QPlainTextEdit *>(QStringLiteral("decisionComment"))));
        QVERIFY(QTest::qWaitForWindowActive(comment->window()));
        comment->setFocus();
        QTest::keyClicks(comment, QStringLiteral("fine for the demo"));
        QTest::keyClick(comment, Qt::Key_Return, Qt::ControlModifier);
        waitSettled(w);
        QTRY_COMPARE(exemptions->count(ExemptionStatus::Approved), 1);
    }

    // A decision's dialog shows what is decided (the issue, the request, who asked), and a
    // rejection says why: Reject waits for a comment.
    void decisionDialogShowsTheRequest()
    {
        MainWindow w(*db, bob);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QVERIFY(w.showPage(QStringLiteral("exemptions")));
        waitSettled(w);
        ExemptionsPage *exemptions = w.page<ExemptionsPage>();
        QTRY_COMPARE(exemptions->count(ExemptionStatus::Pending), 1);
        waitSettled(w);
        // Exactly the first row (selectRow() toggles while a test before left Ctrl down).
        exemptions->table()->selectionModel()->setCurrentIndex(
            exemptions->model()->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QTRY_VERIFY2(exemptions->button(ExemptionAction::Reject)->isEnabled(),
                     qPrintable(exemptions->button(ExemptionAction::Reject)->toolTip() + QLatin1Char('|') +
                                exemptions->tabs()->tabText(exemptions->tabs()->currentIndex()) + QLatin1Char('|') +
                                bob.name()));
        QTest::mouseClick(exemptions->button(ExemptionAction::Reject), Qt::LeftButton);
        QLabel *context = nullptr;
        QTRY_VERIFY((context = exemptions->findChild<QLabel *>(QStringLiteral("decisionContext"))));
        const QString said = context->text();
        QVERIFY2(said.contains(QLatin1String("B602 subprocess_popen_with_shell_equals_true (Critical) in dvpwa")) &&
                     said.contains(QLatin1String("Requested by alice")) &&
                     said.contains(QStringLiteral("“Tutorial example pipeline")),
                 qPrintable(said));
        auto *comment = exemptions->findChild<QPlainTextEdit *>(QStringLiteral("decisionComment"));
        QVERIFY(comment);
        QPushButton *reject = comment->window()->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(!reject->isEnabled());
        QVERIFY(reject->toolTip().contains(QLatin1String("why")));
        QVERIFY(QTest::qWaitForWindowActive(comment->window()));
        comment->setFocus();
        QTest::keyClick(comment, Qt::Key_Return, Qt::ControlModifier); // nothing to submit yet
        QVERIFY(comment->isVisible());
        QTest::keyClicks(comment, QStringLiteral("a shell call with user input: fix it"));
        QVERIFY(reject->isEnabled());
        QTest::keyClick(comment, Qt::Key_Return, Qt::ControlModifier);
        waitSettled(w);
        QTRY_COMPARE(exemptions->count(ExemptionStatus::Rejected), 1);
    }

    // What the reader arranged comes back on the next start: the window's size, the splitter, the
    // table's sort, and (per database) the target, variant and pills.
    void layoutIsRemembered()
    {
        QList<int> sizes;
        {
            MainWindow w(*db, bob);
            w.show();
            QVERIFY(QTest::qWaitForWindowActive(&w));
            waitSettled(w);
            w.resize(1111, 707);
            SecurityTestsPage *page = toSecurityTests(w);
            const int trivy = page->targetBox()->findData(QStringLiteral("sto-tutorial-test-private"),
                                                          SecurityTestsPage::TargetNameRole);
            QVERIFY(trivy >= 0);
            page->targetBox()->setCurrentIndex(trivy);
            waitSettled(w);
            page->variantBox()->setCurrentIndex(page->variantBox()->findText(QStringLiteral("42")));
            waitSettled(w);
            QTest::keyClick(&w, Qt::Key_4, Qt::AltModifier); // Low off
            waitSettled(w);
            page->table()->sortByColumn(IssueTableModel::IssueColumn, Qt::AscendingOrder);
            auto *splitter = w.findChild<QSplitter *>(QStringLiteral("issueSplitter"));
            QVERIFY(splitter);
            splitter->setSizes({500, 500});
            sizes = splitter->sizes();
            w.close();
        }
        MainWindow again(*db, bob);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        waitSettled(again);
        QCOMPARE(again.size(), QSize(1111, 707));
        SecurityTestsPage *page = toSecurityTests(again); // its splitter is laid out once shown
        QTRY_COMPARE(page->targetBox()->currentData(SecurityTestsPage::TargetNameRole).toString(),
                     QStringLiteral("sto-tutorial-test-private"));
        QCOMPARE(page->variantBox()->currentText(), QStringLiteral("42"));
        QVERIFY(!page->severityToggle(Severity::Low)->isChecked());
        QVERIFY(page->severityToggle(Severity::Critical)->isChecked());
        QCOMPARE(page->table()->horizontalHeader()->sortIndicatorSection(), int(IssueTableModel::IssueColumn));
        QCOMPARE(page->table()->horizontalHeader()->sortIndicatorOrder(), Qt::AscendingOrder);
        QCOMPARE(again.findChild<QSplitter *>(QStringLiteral("issueSplitter"))->sizes(), sizes);
    }

    void selectionSurvivesFilterChanges()
    {
        MainWindow w(*db, bob);
        w.show();
        waitSettled(w);
        SecurityTestsPage *page = toSecurityTests(w);
        const int b404 = *page->model()->rowOfIssue(page->model()->rowAt(2)->id);
        QTest::mouseClick(page->table()->viewport(), Qt::LeftButton, {},
                          page->table()->visualRect(page->model()->index(b404, 1)).center());
        waitSettled(w);
        const qint64 selected = page->details()->issueId();
        QCOMPARE(page->model()->rowAt(b404)->key, QStringLiteral("B404"));
        QCOMPARE(selected, page->model()->rowAt(b404)->id);
        QTest::mouseClick(page->severityToggle(Severity::Medium), Qt::LeftButton);
        waitSettled(w);
        const QModelIndex current = page->table()->selectionModel()->currentIndex();
        QCOMPARE(current.data(IssueTableModel::IssueIdRole).toLongLong(), selected);
    }

    void exemptedToggleAfterApproval()
    {
        const ExemptionWorkflow workflow(*db);
        workflow.approve(bob, workflow.list(ExemptionStatus::Pending).first().id, QStringLiteral("ok"));
        MainWindow w(*db, bob);
        w.show();
        waitSettled(w);
        SecurityTestsPage *page = toSecurityTests(w);
        QCOMPARE(page->exemptedToggle()->text(), QStringLiteral("Exempted  1"));
        QCOMPARE(page->severityToggle(Severity::Critical)->text(), QStringLiteral("Critical  0"));
        QCOMPARE(visibleKeys(page), (QStringList{QStringLiteral("B303"), QStringLiteral("B404")}));
        QTest::mouseClick(page->exemptedToggle(), Qt::LeftButton);
        waitSettled(w);
        QCOMPARE(visibleKeys(page).size(), 3);
        QCOMPARE(page->model()->data(page->model()->index(0, IssueTableModel::ExemptionColumn)).toString(),
                 QStringLiteral("Exempted"));
    }

    void modelsPassTheTester()
    {
        MainWindow w(*db, bob);
        w.show();
        waitSettled(w);
        SecurityTestsPage *page = toSecurityTests(w);
        QAbstractItemModelTester tester(page->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTest::mouseClick(page->severityToggle(Severity::Low), Qt::LeftButton);
        waitSettled(w);
        page->model()->sort(IssueTableModel::IssueColumn, Qt::AscendingOrder);
        waitSettled(w);
        QCOMPARE(visibleKeys(page),
                 (QStringList{QStringLiteral("B303"), QStringLiteral("B602")})); // by title
        page->targetBox()->setCurrentIndex(
            page->targetBox()->findText(QStringLiteral("sto-tutorial-test-private"), Qt::MatchStartsWith));
        waitSettled(w);
        QCOMPARE(page->variantBox()->currentText(), QStringLiteral("43")); // the latest image first
        QCOMPARE(page->model()->rowCount(), 5);
        page->variantBox()->setCurrentIndex(page->variantBox()->findText(QStringLiteral("42")));
        waitSettled(w);
        QCOMPARE(page->model()->rowCount(), 4);
    }

    void pipelinesPageEvaluatesAndChecks()
    {
        MainWindow w(*db, bob);
        w.show();
        QVERIFY(w.showPage(QStringLiteral("pipelines")));
        waitSettled(w);
        PipelinesPage *page = w.page<PipelinesPage>();
        QCOMPARE(page->pipelineList()->count(), 1);
        // The tree: stages with their steps in order, scan steps with target, threshold, strategy.
        QTreeWidgetItem *stage = page->tree()->itemFor(QStringLiteral("securityTestStage"));
        QVERIFY(stage);
        QCOMPARE(stage->childCount(), 5);
        QTreeWidgetItem *bandit =
            page->tree()->itemFor(QStringLiteral("securityTestStage"), QStringLiteral("Bandit_1"));
        QVERIFY(bandit);
        QCOMPARE(bandit->text(3), QStringLiteral("high"));
        QCOMPARE(bandit->text(4), QStringLiteral("Ignore"));
        QVERIFY(!bandit->icon(0).isNull());
        // Opened on the latest execution of the latest branch: 43, whose image fails.
        QCOMPARE(page->variantBox()->currentText(), QStringLiteral("DEMO-001"));
        QCOMPARE(bandit->text(5), PipelineTree::statusText(StepStatus::Ignored));
        QTreeWidgetItem *trivy =
            page->tree()->itemFor(QStringLiteral("securityTestStage"), QStringLiteral("AquaTrivy_1"));
        QCOMPARE(trivy->text(5), PipelineTree::statusText(StepStatus::Fail));
        QCOMPARE(trivy->text(2), QStringLiteral("sto-tutorial-test-private @ 43"));
        QCOMPARE(page->tree()
                     ->itemFor(QStringLiteral("securityTestStage"), QStringLiteral("buildAndPush_PUBLIC"))
                     ->text(5),
                 PipelineTree::statusText(StepStatus::Skipped));
        QCOMPARE(page->tree()->itemFor(QStringLiteral("sendEmail"))->text(5),
                 PipelineTree::statusText(StepStatus::Skipped));
        QVERIFY(page->resultBanner()->text().contains(QStringLiteral("fails")));
        QVERIFY(page->emailView()->toPlainText().contains(
            QStringLiteral("Subject: NEW IMAGE! Scan results for 43")));
        QVERIFY(page->emailView()->toPlainText().contains(QStringLiteral("not sent")));
        // Selecting a step shows its YAML and its output variables.
        page->tree()->setCurrentItem(trivy);
        QVERIFY(page->yamlView()->toPlainText().startsWith(QStringLiteral("step:")));
        QVERIFY(page->yamlView()->toPlainText().contains(QStringLiteral("identifier: AquaTrivy_1")));
        QCOMPARE(page->outputsTable()->rowCount(), 13);
        QCOMPARE(page->outputsTable()->item(0, 0)->text(), QStringLiteral("CRITICAL"));
        QCOMPARE(page->outputsTable()->item(0, 1)->text(), QStringLiteral("1"));
        // Execution 42 passes: typed in and evaluated with the keyboard.
        page->executionEdit()->setText(QStringLiteral("42"));
        QTest::mouseClick(page->evaluateButton(), Qt::LeftButton);
        waitSettled(w);
        QCOMPARE(trivy->text(5), PipelineTree::statusText(StepStatus::Pass));
        QCOMPARE(page->tree()->itemFor(QStringLiteral("sendEmail"))->text(5),
                 PipelineTree::statusText(StepStatus::Pass));
        QVERIFY(page->emailView()->toPlainText().contains(QStringLiteral("would be sent")));
        // The default policy passes; a stricter one shows violations naming stage and step.
        QVERIFY(page->policyBanner()->text().startsWith(QStringLiteral("✔")));
        PipelinePolicyDialog dialog(PipelinePolicy::defaults(), {}, page);
        dialog.noIgnoreBox()->setChecked(true);
        dialog.atLeastBox()->setCurrentIndex(dialog.atLeastBox()->findData(QStringLiteral("medium")));
        const QString policyFile = dir.filePath(QStringLiteral("policy.yaml"));
        QVERIFY(dialog.saveTo(policyFile));
        page->setPolicy(dialog.policy(), dialog.file());
        QVERIFY(page->policyBanner()->text().startsWith(QStringLiteral("✘ 3 policy violation")));
        QVERIFY(page->policyBanner()->text().contains(
            QStringLiteral("step 'Bandit_1' (Bandit) in stage 'securityTestStage' lets a failed scan pass")));
        // What the console saved is what `pipeline check --policy` reads.
        const PipelinePolicy saved = PipelinePolicy::load(policyFile);
        QVERIFY(saved.noIgnore.enabled);
        QCOMPARE(saved.failOnSeverity.atLeast, QStringLiteral("medium"));
        // Every rule's parameters survive the form: allow_none and scan_steps_run opened from a
        // file come back as they were (the dialog once dropped allow_none on save).
        PipelinePolicy custom = PipelinePolicy::defaults();
        custom.failOnSeverity.allowNone = true;
        custom.scanStepsRun.allowConditions = false;
        PipelinePolicyDialog again(custom, {}, page);
        QVERIFY(again.allowNoneBox()->isChecked());
        QVERIFY(again.scanRunsBox()->isChecked());
        QVERIFY(!again.allowConditionsBox()->isChecked());
        QVERIFY(again.policy().failOnSeverity.allowNone);
        QVERIFY(!again.policy().scanStepsRun.allowConditions);
        again.scanRunsBox()->setChecked(false);
        QVERIFY(!again.policy().scanStepsRun.enabled);
        page->setPolicy(PipelinePolicy::defaults(), {});
    }

    // Live (issue 13): another user's decision, made in another process, shows on the open
    // console within a few seconds, every page keeping what the reader selected and typed: the
    // pipeline's output variables, the issues' exemption state and the pending count.
    void anotherUsersDecisionShowsWithoutAReload()
    {
        MainWindow w(*db, bob);
        w.show();
        QVERIFY(w.showPage(QStringLiteral("pipelines")));
        waitSettled(w);
        PipelinesPage *page = w.page<PipelinesPage>();
        QTreeWidgetItem *bandit =
            page->tree()->itemFor(QStringLiteral("securityTestStage"), QStringLiteral("Bandit_1"));
        page->tree()->setCurrentItem(bandit);
        QCOMPARE(page->variantBox()->currentText(), QStringLiteral("DEMO-001"));
        QCOMPARE(page->outputsTable()->item(0, 0)->text(), QStringLiteral("CRITICAL"));
        QCOMPARE(page->outputsTable()->item(0, 1)->text(), QStringLiteral("1"));
        // Settled means the count has reached the navigation. (It once did not, under load: a
        // page's first load could end inside its constructor, before the window listened.)
        QCOMPARE(w.navigationText(QStringLiteral("exemptions")), QStringLiteral("Exemptions  (1)"));
        SecurityTestsPage *issues = w.page<SecurityTestsPage>();
        const QString exemptedBefore = issues->exemptedToggle()->text();
        AuditPage *audit = w.page<AuditPage>();
        const int entriesBefore = audit->model()->rowCount();
        QVERIFY(entriesBefore > 2);
        audit->table()->selectRow(1);
        const qint64 selectedEntry = audit->model()->at(1).id;

        // bob approves the demo's pending request from a terminal, elsewhere.
        const qint64 pending = ExemptionWorkflow(*db).list(ExemptionStatus::Pending).first().id;
        const secreview::test::Cli terminal(db->location());
        const secreview::test::Run approved = terminal.run(QStringLiteral("bob"),
                                          {QStringLiteral("exemption"), QStringLiteral("approve"),
                                           QString::number(pending), QStringLiteral("--comment"),
                                           QStringLiteral("fine")},
                                          QStringLiteral("bob-demo-pass"));
        QCOMPARE(approved.code, 0);
        QTRY_COMPARE_WITH_TIMEOUT(w.navigationText(QStringLiteral("exemptions")), QStringLiteral("Exemptions"),
                                  10000);
        auto critical = [page] { // empty while the page reloads
            const QTableWidgetItem *item = page->outputsTable()->item(0, 1);
            return item ? item->text() : QString();
        };
        QTRY_COMPARE_WITH_TIMEOUT(critical(), QStringLiteral("0"), 10000);
        waitSettled(w);
        // Still the step and the variant the reader had chosen.
        QCOMPARE(PipelineTree::keyOf(page->tree()->currentItem()), QStringLiteral("securityTestStage/Bandit_1"));
        QCOMPARE(page->variantBox()->currentText(), QStringLiteral("DEMO-001"));
        QVERIFY(issues->exemptedToggle()->text() != exemptedBefore);
        // The Audit page has bob's decision on top, and the entry the reader had selected still is.
        QVERIFY(audit->model()->rowCount() > entriesBefore);
        QCOMPARE(audit->model()->at(0).actor, QStringLiteral("bob"));
        const int selectedRow = audit->table()->currentIndex().row();
        QVERIFY(selectedRow >= 0);
        QCOMPARE(audit->model()->at(selectedRow).id, selectedEntry);

        // alice asks again (another request, from her terminal): the pending count is live.
        page->variantBox()->setCurrentText(QStringLiteral("DEMO-001"));
        const QString issue = terminal
                                  .run(QStringLiteral("alice"),
                                       {QStringLiteral("issues"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                                        QStringLiteral("--variant"), QStringLiteral("DEMO-001"),
                                        QStringLiteral("--format"), QStringLiteral("json")},
                                       QStringLiteral("alice-demo-pass"))
                                  .json()
                                  .value(QStringLiteral("issues"))
                                  .toArray()
                                  .last()
                                  .toObject()
                                  .value(QStringLiteral("id"))
                                  .toVariant()
                                  .toString();
        const secreview::test::Run asked = terminal.run(QStringLiteral("alice"),
                                       {QStringLiteral("exemption"), QStringLiteral("request"), issue,
                                        QStringLiteral("--scope"), QStringLiteral("target"), QStringLiteral("--duration"),
                                        QStringLiteral("7d"), QStringLiteral("--reason"),
                                        QStringLiteral("false-positive"), QStringLiteral("--description"),
                                        QStringLiteral("not reachable")},
                                       QStringLiteral("alice-demo-pass"));
        QVERIFY2(asked.code == 0, asked.err.constData());
        QTRY_COMPARE_WITH_TIMEOUT(w.navigationText(QStringLiteral("exemptions")), QStringLiteral("Exemptions  (1)"),
                                  10000);
        waitSettled(w);
        // Refreshing only reads: a console left open writes nothing and settles (no reload loop).
        const QString stamp = db->changeStamp();
        QTest::qWait(3 * ChangeWatcher::kIntervalMs);
        QCOMPARE(db->changeStamp(), stamp);
        QVERIFY(w.isSettled());
    }

    // The same identifier under another project is another pipeline: listed with its project,
    // and choosing it shows that one, not whichever has the higher version.
    // Under a 'ci' gate policy the page judges what `pipeline gate` judges: not a developer's
    // newer version (it could say fail_on_severity: none) but the newest one a ci, secops or admin
    // account imported, and it says which it passed over.
    void pipelinesPageJudgesWhatTheGateJudges()
    {
        const Database adminDb = consoleDb();
        const Session admin = UserDirectory(adminDb).authenticate(QStringLiteral("admin"), QStringLiteral("admin-demo-pass"));
        const QString project = PipelineStore(*db).list().first().project;
        ExemptionPolicy policy = ExemptionPolicyStore(adminDb).get(project);
        policy.gateScans = ExemptionPolicy::GateScans::Ci;
        ExemptionPolicyStore(adminDb).set(admin, project, policy);
        auto versionWith = [&](const QByteArray &from, const QByteArray &to, const QString &name) {
            QFile in(secreview::test::fixture(QStringLiteral("tutorial4-integrated-sto-ci.yaml")));
            in.open(QIODevice::ReadOnly);
            const QString path = dir.filePath(name);
            QFile out(path);
            out.open(QIODevice::WriteOnly);
            out.write(in.readAll().replace(from, to));
            return path;
        };
        {
            // Only alice's (the demo's) version so far: nothing the gate may judge.
            MainWindow w(*db, bob);
            w.show();
            QVERIFY(w.showPage(QStringLiteral("pipelines")));
            waitSettled(w);
            QTRY_VERIFY2(w.page<PipelinesPage>()->resultBanner()->text().contains(
                             QLatin1String("no version of pipeline 'tutorial4integratedstoci' was imported by a ci")),
                         qPrintable(w.page<PipelinesPage>()->resultBanner()->text()));
        }
        PipelineStore(*db).import(bob, versionWith("Bandit repo scan", "Bandit scan of the repository", QStringLiteral("bob.yaml")));
        const Database aliceDb = consoleDb();
        const Session alice = UserDirectory(aliceDb).authenticate(QStringLiteral("alice"), QStringLiteral("alice-demo-pass"));
        PipelineStore(aliceDb).import(alice, versionWith("fail_on_severity: high", "fail_on_severity: none", QStringLiteral("alice.yaml")));

        MainWindow w(*db, bob);
        w.show();
        QVERIFY(w.showPage(QStringLiteral("pipelines")));
        waitSettled(w);
        PipelinesPage *page = w.page<PipelinesPage>();
        QTRY_VERIFY2(page->resultBanner()->text().contains(
                         QLatin1String("Note: judged version 2 by bob, the latest imported by a ci, secops or admin account")),
                     qPrintable(page->resultBanner()->text()));
        QVERIFY2(page->resultBanner()->text().contains(QLatin1String("not version 3 by alice")),
                 qPrintable(page->resultBanner()->text()));
        // The tree shows the version judged (bob's thresholds), not alice's above it.
        QTreeWidgetItem *bandit = page->tree()->itemFor(QStringLiteral("securityTestStage"), QStringLiteral("Bandit_1"));
        QVERIFY(bandit);
        QCOMPARE(bandit->text(3), QStringLiteral("high"));
        page->tree()->setCurrentItem(bandit);
        // Evaluate from the keyboard judges the same version again.
        page->evaluateButton()->setFocus();
        QTest::keyClick(page->evaluateButton(), Qt::Key_Space);
        waitSettled(w);
        QTRY_VERIFY(page->resultBanner()->text().contains(QLatin1String("judged version 2 by bob")));
        QCOMPARE(page->tree()->currentItem()->text(0), bandit->text(0)); // the reader's step stays
    }

    void pipelinesOfTheSameIdentifierInTwoProjects()
    {
        QTemporaryDir files;
        const QString copy = files.filePath(QStringLiteral("copy.yaml"));
        QFile f(copy);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("pipeline:\n  name: Impostor\n  identifier: tutorial4integratedstoci\n  projectIdentifier: other\n"
                "  stages:\n    - stage: {identifier: s, name: s, type: CI, spec: {execution: {steps: [{step: "
                "{type: Run, identifier: r, spec: {command: ls}}}]}}}\n");
        f.close();
        PipelineStore(*db).import(bob, copy);
        MainWindow w(*db, bob);
        w.show();
        QVERIFY(w.showPage(QStringLiteral("pipelines")));
        waitSettled(w);
        PipelinesPage *page = w.page<PipelinesPage>();
        QCOMPARE(page->pipelineList()->count(), 2);
        const QList<QListWidgetItem *> impostor =
            page->pipelineList()->findItems(QStringLiteral("Impostor (other)"), Qt::MatchExactly);
        QCOMPARE(impostor.size(), 1);
        const QList<QListWidgetItem *> real = page->pipelineList()->findItems(
            QStringLiteral("2023-tutorial-4-integrated-sto-ci (STO_tutorial_test_2023_09_29)"), Qt::MatchExactly);
        QCOMPARE(real.size(), 1);
        page->pipelineList()->setCurrentItem(real.first());
        waitSettled(w);
        QVERIFY2(page->subtitle()->text().contains(QStringLiteral("STO_tutorial_test_2023_09_29")),
                 qPrintable(page->subtitle()->text()));
        QVERIFY(page->tree()->itemFor(QStringLiteral("securityTestStage"), QStringLiteral("Bandit_1")));
        page->pipelineList()->setCurrentItem(impostor.first());
        waitSettled(w);
        QVERIFY2(page->subtitle()->text().contains(QStringLiteral("/other")), qPrintable(page->subtitle()->text()));
        QVERIFY(page->tree()->itemFor(QStringLiteral("s"), QStringLiteral("r")));
    }

    // A pipeline whose stage is a template (Harness's template library): shown with its ref,
    // evaluated from the keyboard as unresolved, and the policy says what it could not check.
    void pipelinesPageShowsTemplates()
    {
        PipelineStore(*db).import(bob, secreview::test::fixture(QStringLiteral(
                                           "pipelines/harness-template-library-golden-rendered.yaml")));
        MainWindow w(*db, bob);
        w.show();
        QVERIFY(w.showPage(QStringLiteral("pipelines")));
        waitSettled(w);
        PipelinesPage *page = w.page<PipelinesPage>();
        const QList<QListWidgetItem *> found =
            page->pipelineList()->findItems(QStringLiteral("CI Golden Standard"), Qt::MatchExactly);
        QCOMPARE(found.size(), 1);
        page->pipelineList()->setCurrentItem(found.first());
        waitSettled(w);
        QTreeWidgetItem *build = page->tree()->itemFor(QStringLiteral("Build"));
        QVERIFY(build);
        QCOMPARE(build->text(1), QStringLiteral("stage template ci_golden_stage@v1"));
        QVERIFY2(page->policyBanner()->text().contains(
                     QStringLiteral("not checked: stage 'Build' is template ci_golden_stage@v1")),
                 qPrintable(page->policyBanner()->text()));
        QVERIFY(build->text(5).isEmpty()); // nothing scanned under it: not evaluated yet
        page->variantBox()->setFocus();
        page->variantBox()->setEditText(QStringLiteral("main"));
        QTest::keyClick(&w, Qt::Key_E, Qt::ControlModifier);
        waitSettled(w);
        QTRY_COMPARE(build->text(5), PipelineTree::statusText(StepStatus::Unresolved));
        QVERIFY2(page->resultBanner()->text().contains(QStringLiteral("not evaluated offline")),
                 qPrintable(page->resultBanner()->text()));
    }

    // The buttons that go through a file dialog: Import YAML… on the Pipelines page, and the
    // policy dialog's Save As… and Open… (reached through Policy…).
    void pipelineFileDialogs()
    {
        missedDialogs.clear();
        MainWindow w(*db, bob);
        w.show();
        QVERIFY(w.showPage(QStringLiteral("pipelines")));
        waitSettled(w);
        PipelinesPage *page = w.page<PipelinesPage>();
        QCOMPARE(page->pipelineList()->count(), 1);

        const QString yaml = dir.filePath(QStringLiteral("semgrep-pipeline.yaml"));
        QFile f(yaml);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("pipeline:\n  name: harness_semgrep_tutorial\n  identifier: harness_semgrep_tutorial\n"
                "  projectIdentifier: default\n  orgIdentifier: default\n  stages:\n    - stage:\n"
                "        name: scan_codebase\n        identifier: scan_codebase\n"
                "        type: SecurityTests\n        spec:\n          execution:\n            steps:\n"
                "              - step:\n                  type: Semgrep\n                  name: Semgrep_1\n"
                "                  identifier: Semgrep_1\n                  spec:\n"
                "                    mode: orchestration\n                    target:\n"
                "                      type: repository\n                      detection: auto\n"
                "                    advanced:\n                      fail_on_severity: medium\n");
        f.close();
        answerFileDialog(yaml);
        QTest::mouseClick(page->importButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(page->pipelineList()->count(), 2, 20000);
        waitSettled(w);
        QVERIFY(!page->pipelineList()
                     ->findItems(QStringLiteral("harness_semgrep_tutorial"), Qt::MatchExactly)
                     .isEmpty());
        const auto tutorial = page->pipelineList()->findItems(
            QStringLiteral("2023-tutorial-4-integrated-sto-ci"), Qt::MatchExactly);
        QCOMPARE(tutorial.size(), 1);
        page->pipelineList()->setCurrentItem(tutorial.first());
        waitSettled(w);

        // Policy…: make it stricter, Save As… a file, then Open… another one and keep that.
        const QString saved = dir.filePath(QStringLiteral("saved-policy.yaml"));
        const QString other = dir.filePath(QStringLiteral("other-policy.yaml"));
        PipelinePolicy strict = PipelinePolicy::defaults();
        strict.noIgnore.enabled = true;
        strict.save(other);
        bool sawDialog = false;
        onNextModal<PipelinePolicyDialog>([&](PipelinePolicyDialog *dialog) {
            sawDialog = true;
            dialog->atLeastBox()->setCurrentIndex(dialog->atLeastBox()->findData(QStringLiteral("high")));
            answerFileDialog(saved);
            QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("savePolicyAs")),
                              Qt::LeftButton);
            QCOMPARE(dialog->file(), saved);
            answerFileDialog(other);
            QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("openPolicy")), Qt::LeftButton);
            QCOMPARE(dialog->file(), other);
            QVERIFY(dialog->noIgnoreBox()->isChecked());
            dialog->accept();
        });
        QTest::mouseClick(page->policyButton(), Qt::LeftButton);
        QTRY_VERIFY(sawDialog); // the page opens it with open(): it is answered from the event loop
        QCOMPARE(missedDialogs, QStringList());
        // What Save As… wrote is what `pipeline check --policy` reads.
        QCOMPARE(PipelinePolicy::load(saved).failOnSeverity.atLeast, QStringLiteral("high"));
        // The opened policy is the page's now: the tutorial's Bandit_1 is ignored on failure.
        QTRY_VERIFY(page->policyBanner()->text().startsWith(QStringLiteral("✘")));
        QVERIFY(page->policyBanner()->text().contains(QStringLiteral("Bandit_1")));
    }

    void scannerTextIsNeverHtml()
    {
        IssueDetails d;
        d.row.title = QStringLiteral("<img src=x onerror=alert(1)>");
        d.row.rule = QStringLiteral("<b>R</b>");
        d.row.scanner = QStringLiteral("Evil");
        d.description = QStringLiteral("<script>alert(1)</script>");
        d.references = {QStringLiteral("javascript:alert(1)"), QStringLiteral("CVE-2021-44228"),
                        QStringLiteral("https://example.org/a?b=<c>")};
        d.cwes = {QStringLiteral("CWE-79")};
        const QString html = IssueDetailsPane::overviewHtml(d, {});
        QVERIFY(!html.contains(QLatin1String("<script>")));
        QVERIFY(html.contains(QLatin1String("&lt;script&gt;")));
        QVERIFY(!html.contains(QLatin1String("<b>R</b>")));
        QVERIFY(!html.contains(QLatin1String("href=\"javascript:")));
        QVERIFY(html.contains(QLatin1String("href=\"https://nvd.nist.gov/vuln/detail/CVE-2021-44228\"")));
        QVERIFY(html.contains(QLatin1String("href=\"https://cwe.mitre.org/data/definitions/79.html\"")));
        // A package issue: package, installed and fixed versions and path, escaped as well.
        OccurrenceRow pkg;
        pkg.package = QStringLiteral("<i>lodash</i>");
        pkg.installedVersion = QStringLiteral("4.17.15");
        pkg.fixedVersion = QStringLiteral("4.17.21");
        pkg.filePath = QStringLiteral("package-lock.json");
        d.occurrences = {pkg};
        const QString withPackages = IssueDetailsPane::overviewHtml(d, {});
        QVERIFY(withPackages.contains(
            QLatin1String("<td>&lt;i&gt;lodash&lt;/i&gt;</td><td>4.17.15</td><td>4.17.21</td>"
                          "<td>package-lock.json</td>")));

        // And end to end: a hostile SARIF title reaches the table and the pane as text.
        const QString path = dir.filePath(QStringLiteral("hostile.sarif"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"Evil","rules":[{"id":"X1","shortDescription":{"text":"<h1>big</h1>"}}]}},"results":[{"ruleId":"X1","level":"error","message":{"text":"<a href='http://evil'>click</a>"}}]}]})");
        f.close();
        ImportRequest r;
        r.path = path;
        r.target = QStringLiteral("aaa-hostile");
        r.variant = QStringLiteral("main");
        ScanImporter(*db).import(bob, r);
        MainWindow w(*db, bob);
        w.show();
        waitSettled(w);
        SecurityTestsPage *page = toSecurityTests(w);
        page->targetBox()->setCurrentIndex(
            page->targetBox()->findText(QStringLiteral("aaa-hostile"), Qt::MatchStartsWith));
        waitSettled(w);
        QCOMPARE(page->model()->data(page->model()->index(0, IssueTableModel::IssueColumn)).toString(),
                 QStringLiteral("<h1>big</h1>"));
        QVERIFY(page->details()->findChild<QTextBrowser *>()->toPlainText().contains(
            QLatin1String("<a href='http://evil'>click</a>")));
        // The Raw tab: the result as the scanner wrote it, as plain text.
        QTRY_VERIFY(page->details()->rawView()->toPlainText().contains(
            QLatin1String("\"text\": \"<a href='http://evil'>click</a>\"")));
        // And so do the tooltips: the issue's title in the table, the occurrence's message.
        const QString titleTip =
            page->model()
                ->data(page->model()->index(0, IssueTableModel::IssueColumn), Qt::ToolTipRole)
                .toString();
        QVERIFY2(titleTip.contains(QLatin1String("&lt;h1&gt;big&lt;/h1&gt;")), qPrintable(titleTip));
        QTRY_COMPARE(page->details()->occurrencesTree()->topLevelItemCount(), 1);
        const QString messageTip = page->details()->occurrencesTree()->topLevelItem(0)->toolTip(2);
        QVERIFY2(messageTip.contains(QLatin1String("&lt;a href='http://evil'&gt;click&lt;/a&gt;")),
                 qPrintable(messageTip));
        // Pipeline YAML too: a condition that looks like HTML reaches the result's tooltip as text.
        const QString yaml = dir.filePath(QStringLiteral("hostile.yaml"));
        QFile y(yaml);
        QVERIFY(y.open(QIODevice::WriteOnly));
        y.write("pipeline:\n  identifier: aaa_hostile\n  name: \"<b>bold</b>\"\n  stages:\n    - stage:\n"
                "        identifier: s\n        type: Custom\n        spec:\n          execution:\n"
                "            steps:\n              - step:\n                  type: Run\n"
                "                  identifier: r\n"
                "                  when: {stageStatus: Success, condition: \"<img src=x> == 1\"}\n");
        y.close();
        PipelineStore(*db).import(bob, yaml);
        QVERIFY(w.showPage(QStringLiteral("pipelines")));
        PipelinesPage *pipelines = w.page<PipelinesPage>();
        pipelines->reload();
        waitSettled(w);
        const auto hostile =
            pipelines->pipelineList()->findItems(QStringLiteral("<b>bold</b>"), Qt::MatchExactly);
        QCOMPARE(hostile.size(), 1);
        pipelines->pipelineList()->setCurrentItem(hostile.first());
        waitSettled(w);
        pipelines->variantBox()->setCurrentText(QStringLiteral("main"));
        QTest::mouseClick(pipelines->evaluateButton(), Qt::LeftButton);
        waitSettled(w);
        QTreeWidgetItem *run = pipelines->tree()->itemFor(QStringLiteral("s"), QStringLiteral("r"));
        QVERIFY(run);
        const QString tip = run->toolTip(5);
        QVERIFY2(tip.contains(QLatin1String("&lt;img src=x&gt;")),
                 qPrintable(tip + QLatin1Char('|') + run->text(5)));
        QVERIFY(!tip.contains(QLatin1String("<img")));
    }

    // Cancel in the status bar: the results read so far count up while a large file imports;
    // Cancel (from the keyboard) stops it, nothing of it is kept, and it is said in the status
    // bar without a warning dialog.
    void importCancelRollsBack()
    {
        const QString big = dir.filePath(QStringLiteral("big.sarif"));
        QFile f(big);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"Big\"}},\"results\":[");
        for (int i = 0; i < 150000; ++i)
            f.write(QStringLiteral("%1{\"ruleId\":\"r%2\",\"message\":{\"text\":\"m%3\"},\"locations\":[{\"physicalLocation\":"
                                   "{\"artifactLocation\":{\"uri\":\"f%3.py\"}}}]}")
                        .arg(i ? QStringLiteral(",") : QString())
                        .arg(i % 500)
                        .arg(i)
                        .toUtf8());
        f.write("]}]}");
        f.close();
        const int scansBefore = int(Catalog(*db).scans().size());
        const QString headBefore = auditReport(*db).head;
        MainWindow w(*db, bob);
        w.show();
        waitSettled(w);
        QSignalSpy finished(&w, &MainWindow::importsFinished);
        ImportRequest target;
        target.target = QStringLiteral("cancelled");
        target.variant = QStringLiteral("main");
        w.importFiles({big, secreview::test::fixture(QStringLiteral("sarif/flawfinder.sarif"))}, target);
        ImportProgress *progress = w.importProgress();
        QVERIFY(progress->isVisible());
        QCOMPARE(progress->bar()->text(), QStringLiteral("File 1 of 2"));
        // The count moves while the rows are written.
        QTRY_VERIFY_WITH_TIMEOUT(progress->resultsText().contains(QRegularExpression(QStringLiteral("^[1-9][0-9,]* results read"))),
                                 20000);
        QVERIFY(finished.isEmpty());
        progress->cancelButton()->setFocus();
        QTest::keyClick(progress->cancelButton(), Qt::Key_Space);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QCOMPARE(finished.first().at(0).toInt(), 0);
        QVERIFY(!progress->isVisible());
        const QString said = w.statusLabel()->text();
        QVERIFY2(said.startsWith(QLatin1String("Import cancelled: 0 of 2 files imported")), qPrintable(said));
        QVERIFY(!QApplication::activeModalWidget());
        // Nothing of the cancelled file, and the file after it was not imported either.
        QCOMPARE(int(Catalog(*db).scans().size()), scansBefore);
        QCOMPARE(auditReport(*db).head, headBefore);
        QVERIFY(verifyAudit(*db).isEmpty());
    }

    void importsOffTheGuiThread()
    {
        MainWindow w(*db, bob);
        w.show();
        waitSettled(w);
        QSignalSpy finished(&w, &MainWindow::importsFinished);
        ImportRequest target;
        target.target = QStringLiteral("dropped");
        target.variant = QStringLiteral("main");
        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{ nope");
        f.close();
        const QString unknown = dir.filePath(QStringLiteral("unknown.json"));
        QFile u(unknown);
        QVERIFY(u.open(QIODevice::WriteOnly));
        u.write(R"({"findings": 1})");
        u.close();
        QVERIFY(w.page<SecurityTestsPage>()->targetBox()->currentText().startsWith(QLatin1String("dvpwa")));
        w.importFiles({secreview::test::fixture(QStringLiteral("sarif/flawfinder.sarif")), bad, unknown}, target);
        QVERIFY(w.progressBar()->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QCOMPARE(finished.first().at(0).toInt(), 1);
        QCOMPARE(finished.first().at(1).toInt(), 2);
        waitSettled(w);
        // What did import is said first, in the console's words (no JSON path at the root, no
        // command-line option), and the page moved to it.
        const QString said = w.statusLabel()->text();
        QVERIFY2(said.startsWith(QLatin1String("1 of 3 files imported, 2 refused: flawfinder.sarif: ")), qPrintable(said));
        QVERIFY2(said.contains(QLatin1String("unknown.json: not a known result format")), qPrintable(said));
        QVERIFY2(!said.contains(QLatin1String("--scanner")) && !said.contains(QLatin1String("at $")), qPrintable(said));
        QTRY_COMPARE(w.page<SecurityTestsPage>()->targetBox()->currentData(SecurityTestsPage::TargetNameRole).toString(),
                     QStringLiteral("dropped"));
        QCOMPARE(w.page<SecurityTestsPage>()->variantBox()->currentText(), QStringLiteral("main"));
        QTRY_VERIFY(qobject_cast<QMessageBox *>(QApplication::activeModalWidget()));
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        QVERIFY2(box->text().startsWith(QLatin1String("1 of 3 files imported, 2 refused. Security Tests shows dropped, "
                                                      "variant main.")),
                 qPrintable(box->text()));
        box->close();
        // The refusal is the Security Tests page's message: it does not follow the reader to
        // another page, and is there again on the way back.
        QTRY_VERIFY(w.statusLabel()->text().contains(QLatin1String("bad.json")));
        QVERIFY(w.showPage(QStringLiteral("audit")));
        QVERIFY(!w.statusLabel()->text().contains(QLatin1String("bad.json")));
        QVERIFY(w.showPage(QStringLiteral("security-tests")));
        QVERIFY(w.statusLabel()->text().contains(QLatin1String("bad.json")));
        QVERIFY(w.page<SecurityTestsPage>()->targetBox()->findText(QStringLiteral("dropped"),
                                                                   Qt::MatchStartsWith) >= 0);

        // The header's Import… button: a file dialog, then the import dialog for the target.
        missedDialogs.clear();
        answerFileDialog(secreview::test::fixture(QStringLiteral("semgrep/high-medium-low-severities.json")));
        onNextModal<ImportDialog>([](ImportDialog *dialog) {
            // Nothing pre-filled from the page being viewed (it shows "dropped" now); Import
            // waits for both fields, which the keyboard fills.
            auto *targetBox = dialog->findChild<QComboBox *>(QStringLiteral("target"));
            auto *variantEdit = dialog->findChild<QLineEdit *>(QStringLiteral("variant"));
            QVERIFY(targetBox && variantEdit);
            QCOMPARE(targetBox->currentText(), QString());
            QCOMPARE(variantEdit->text(), QString());
            QPushButton *import = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
            QVERIFY(!import->isEnabled());
            QTest::keyClicks(targetBox->lineEdit(), QStringLiteral("picked"));
            QVERIFY(!import->isEnabled());
            QTest::keyClicks(variantEdit, QStringLiteral("main"));
            QVERIFY(import->isEnabled());
            QTest::keyClick(variantEdit, Qt::Key_Return);
        });
        QTest::mouseClick(w.findChild<QPushButton *>(QStringLiteral("importButton")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 30000);
        QCOMPARE(missedDialogs, QStringList());
        QCOMPARE(finished.last().at(0).toInt(), 1);
        QCOMPARE(finished.last().at(1).toInt(), 0);
        waitSettled(w);
        QVERIFY(w.page<SecurityTestsPage>()->targetBox()->findText(QStringLiteral("picked"),
                                                                   Qt::MatchStartsWith) >= 0);
    }

    // The tutorial's exemption steps with two users signed in one after the other: alice requests
    // in the console, bob approves on the Exemptions page, the gate passes; bob deletes, it fails.
    void exemptionRoundTrip()
    {
        // Start from no request: the demo's pending one is cancelled by its requester.
        const Database aliceDb = consoleDb();
        const Session alice =
            UserDirectory(aliceDb).authenticate(QStringLiteral("alice"), QStringLiteral("alice-demo-pass"));
        const ExemptionWorkflow workflow(aliceDb);
        workflow.cancel(alice, workflow.list(ExemptionStatus::Pending).first().id, {});
        const qint64 target = Catalog(*db).target(QStringLiteral("dvpwa")).id;
        auto gatePasses = [&] {
            const IssueQuery q(*db);
            return Gate::evaluate(q, q.scopeForVariant(target, QStringLiteral("DEMO-001")),
                                  QStringLiteral("critical"))
                .passed;
        };
        QVERIFY(!gatePasses());

        {
            MainWindow w(aliceDb, alice);
            w.show();
            waitSettled(w);
            SecurityTestsPage *page = toSecurityTests(w);
            QCOMPARE(page->model()->rowAt(0)->key, QStringLiteral("B602"));
            QVERIFY(page->details()->requestButton()->isEnabled());
            QTest::mouseClick(page->details()->requestButton(), Qt::LeftButton);
            auto *dialog = page->findChild<RequestExemptionDialog *>();
            QVERIFY(dialog);
            QVERIFY(!dialog->buttons()->button(QDialogButtonBox::Ok)->isEnabled()); // no description yet
            dialog->reasonBox()->setCurrentText(QStringLiteral("Other"));
            QTest::keyClicks(
                dialog->descriptionEdit(),
                QStringLiteral("Tutorial example pipeline, not for use in QA or Prod environments"));
            QVERIFY(dialog->buttons()->button(QDialogButtonBox::Ok)->isEnabled());
            QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(w.navigationText(QStringLiteral("exemptions")),
                                      QStringLiteral("Exemptions  (1)"), 10000);
            waitSettled(w);
            QTRY_COMPARE(
                page->model()->data(page->model()->index(0, IssueTableModel::ExemptionColumn)).toString(),
                QStringLiteral("Pending"));
            // alice may not decide: the buttons say why.
            QVERIFY(w.showPage(QStringLiteral("exemptions")));
            ExemptionsPage *exemptions = w.page<ExemptionsPage>();
            QVERIFY(!exemptions->button(ExemptionAction::Approve)->isEnabled());
            QVERIFY(exemptions->button(ExemptionAction::Approve)
                        ->toolTip()
                        .contains(QLatin1String("Only SecOps")));
            QVERIFY(exemptions->button(ExemptionAction::Cancel)->isEnabled());
        }
        QVERIFY(!gatePasses());

        MainWindow w(*db, bob);
        w.show();
        waitSettled(w);
        ExemptionsPage *exemptions = w.page<ExemptionsPage>();
        QAbstractItemModelTester tester(exemptions->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(exemptions->count(ExemptionStatus::Pending), 1);
        QVERIFY(w.showPage(QStringLiteral("exemptions")));
        QVERIFY(exemptions->button(ExemptionAction::Approve)->isEnabled());
        exemptions->decide(ExemptionAction::Approve, QStringLiteral("ok for the tutorial"));
        waitSettled(w);
        QTRY_COMPARE(exemptions->count(ExemptionStatus::Approved), 1);
        QCOMPARE(w.navigationText(QStringLiteral("exemptions")), QStringLiteral("Exemptions"));
        QVERIFY(gatePasses());
        QTRY_COMPARE(w.page<SecurityTestsPage>()->exemptedToggle()->text(), QStringLiteral("Exempted  1"));

        exemptions->tabs()->setCurrentIndex(1); // Approved: Reject, Delete
        QVERIFY(exemptions->button(ExemptionAction::Delete)->isVisible());
        QVERIFY(!exemptions->button(ExemptionAction::Approve)->isVisible());
        exemptions->decide(ExemptionAction::Delete, QStringLiteral("tutorial over"));
        waitSettled(w);
        QTRY_COMPARE(exemptions->count(ExemptionStatus::Approved), 0);
        QVERIFY(!gatePasses());
        QVERIFY(verifyAudit(*db).isEmpty());
    }

    // Approve is disabled, with the reason, on a request of one's own where the project does not
    // allow self-approval, as the workflow would refuse it; allowed, it is enabled.
    void selfApprovalIsSaidBeforeTheClick()
    {
        MainWindow w(*db, bob);
        w.show();
        waitSettled(w);
        const auto issue = w.page<SecurityTestsPage>()->model()->rowAt(1); // B303: no request yet
        QVERIFY(issue);
        ExemptionRequest r;
        r.issueId = issue->id;
        r.scope = ExemptionScope::Target;
        r.duration = *ExemptionDuration::parse(QStringLiteral("7d"));
        r.reason = ExemptionReason::FalsePositive;
        r.description = QStringLiteral("bob's own");
        const qint64 own = ExemptionWorkflow(*db).request(bob, r).id;
        QVERIFY(w.showPage(QStringLiteral("exemptions")));
        w.page<ExemptionsPage>()->reload();
        waitSettled(w);
        ExemptionsPage *page = w.page<ExemptionsPage>();
        page->showExemption(own);
        waitSettled(w);
        QTRY_COMPARE(page->table()->selectionModel()->selectedRows().size(), 1);
        QCOMPARE(page->model()->at(page->table()->selectionModel()->selectedRows().first().row()).id, own);
        QPushButton *approve = page->button(ExemptionAction::Approve);
        QVERIFY(!approve->isEnabled());
        QVERIFY2(approve->toolTip().contains(QStringLiteral("You requested exemption #%1").arg(own)) &&
                     approve->toolTip().contains(QLatin1String("self-approval")),
                 qPrintable(approve->toolTip()));
        QVERIFY(page->button(ExemptionAction::Reject)->isEnabled()); // a decision he may take

        const Database adminDb = consoleDb();
        const Session admin = UserDirectory(adminDb).authenticate(QStringLiteral("admin"), QStringLiteral("admin-demo-pass"));
        const QString project = Catalog(*db).target(QStringLiteral("dvpwa")).project;
        ExemptionPolicy policy = ExemptionPolicyStore(adminDb).get(project);
        policy.allowSelfApproval = true;
        ExemptionPolicyStore(adminDb).set(admin, project, policy);
        page->reload();
        waitSettled(w);
        page->showExemption(own);
        QTRY_VERIFY(page->button(ExemptionAction::Approve)->isEnabled());
    }

    void bulkRequestFromTheTable()
    {
        const Database aliceDb = consoleDb();
        const Session alice =
            UserDirectory(aliceDb).authenticate(QStringLiteral("alice"), QStringLiteral("alice-demo-pass"));
        MainWindow w(aliceDb, alice);
        w.show();
        waitSettled(w);
        SecurityTestsPage *page = toSecurityTests(w);
        QTableView *table = page->table();
        // B303 and B404 (rows 1 and 2), picked with Ctrl+click as a user would.
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                          table->visualRect(page->model()->index(1, 1)).center());
        QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::ControlModifier,
                          table->visualRect(page->model()->index(2, 1)).center());
        waitSettled(w);
        QCOMPARE(page->selectedIssueIds().size(), 2);
        QTest::mouseClick(page->details()->requestButton(), Qt::LeftButton);
        auto *dialog = page->findChild<RequestExemptionDialog *>();
        QVERIFY(dialog);
        // The header says how many issues and what happens, not "issue key one exemption ...".
        QCOMPARE(dialog->headerLabel()->text(),
                 QStringLiteral("2 selected issues: one exemption request each, all or none"));
        QTest::keyClicks(dialog->descriptionEdit(), QStringLiteral("accepted for the demo"));
        QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(w.navigationText(QStringLiteral("exemptions")),
                                  QStringLiteral("Exemptions  (3)"), 10000);
        QStringList keys;
        for (const ExemptionInfo &e : ExemptionWorkflow(*db).list(ExemptionStatus::Pending))
            keys.append(e.issueKey);
        keys.sort();
        QCOMPARE(keys, (QStringList{QStringLiteral("B303"), QStringLiteral("B404"), QStringLiteral("B602")}));
    }

    // A URL that is none is said under its field as it is typed (Request waits); a refusal by
    // the project's policy keeps the form open with everything typed and moves to the field.
    void requestFormKeepsWhatWasTyped()
    {
        const Database adminDb = consoleDb();
        const Session admin =
            UserDirectory(adminDb).authenticate(QStringLiteral("admin"), QStringLiteral("admin-demo-pass"));
        const QString project = Catalog(*db).target(QStringLiteral("dvpwa")).project;
        ExemptionPolicy policy = ExemptionPolicyStore(adminDb).get(project);
        policy.urlRequiredReasons = {ExemptionReason::Other};
        ExemptionPolicyStore(adminDb).set(admin, project, policy);

        const Database aliceDb = consoleDb();
        const Session alice =
            UserDirectory(aliceDb).authenticate(QStringLiteral("alice"), QStringLiteral("alice-demo-pass"));
        MainWindow w(aliceDb, alice);
        w.show();
        waitSettled(w);
        SecurityTestsPage *page = toSecurityTests(w);
        // B303: no request yet. The selection model, not selectRow(): a Ctrl left down by an
        // earlier test's Ctrl+Enter would make a click toggle the row instead.
        page->table()->selectionModel()->setCurrentIndex(page->model()->index(1, 0), QItemSelectionModel::ClearAndSelect |
                                                                                          QItemSelectionModel::Rows);
        waitSettled(w);
        QTRY_COMPARE(page->details()->currentKey(), QStringLiteral("B303"));
        QTRY_VERIFY(page->details()->requestButton()->isEnabled());
        QTest::mouseClick(page->details()->requestButton(), Qt::LeftButton);
        auto *dialog = page->findChild<RequestExemptionDialog *>();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowActive(dialog));
        QPushButton *request = dialog->buttons()->button(QDialogButtonBox::Ok);
        QTest::keyClicks(dialog->descriptionEdit(), QStringLiteral("md5 of a cache key, not a password"));
        QTest::keyClicks(dialog->urlEdit(), QStringLiteral("not-a-url"));
        QVERIFY(!request->isEnabled());
        QLabel *urlError = nullptr;
        for (QLabel *label : dialog->findChildren<QLabel *>())
            if (label->isVisible() && label->text().contains(QLatin1String("'not-a-url' is not an http(s) URL")))
                urlError = label;
        QVERIFY(urlError);
        QCOMPARE(request->toolTip(), QStringLiteral("The URL is not an http(s) address"));
        dialog->urlEdit()->clear();
        QVERIFY(!urlError->isVisible());
        QVERIFY(request->isEnabled());

        // Other needs a URL in this project: refused by the workflow, said in the form.
        dialog->reasonBox()->setCurrentIndex(dialog->reasonBox()->findData(int(ExemptionReason::Other)));
        QTest::mouseClick(request, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->errorLabel()->isVisible(), 10000);
        QVERIFY2(dialog->errorLabel()->text().contains(QLatin1String("URL")), qPrintable(dialog->errorLabel()->text()));
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->isEnabled());
        QCOMPARE(dialog->descriptionEdit()->toPlainText(), QStringLiteral("md5 of a cache key, not a password"));
        // The form's own focus, not the application's: under load the dialog may not be the
        // active window at this instant, and keyboard focus follows it back.
        QTRY_COMPARE(dialog->focusWidget(), static_cast<QWidget *>(dialog->urlEdit()));
        QTest::keyClicks(dialog->urlEdit(), QStringLiteral("https://tickets.example.com/SEC-42"));
        QTest::mouseClick(request, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!page->findChild<RequestExemptionDialog *>(), 10000); // taken, closed
        QTRY_COMPARE_WITH_TIMEOUT(w.navigationText(QStringLiteral("exemptions")), QStringLiteral("Exemptions  (2)"), 10000);
    }

    void occurrenceRequest()
    {
        const Database aliceDb = consoleDb();
        const Session alice =
            UserDirectory(aliceDb).authenticate(QStringLiteral("alice"), QStringLiteral("alice-demo-pass"));
        // One open request per issue and scope: the demo's request for B602 is cancelled first.
        const ExemptionWorkflow workflow(aliceDb);
        workflow.cancel(alice, workflow.list(ExemptionStatus::Pending).first().id, {});
        MainWindow w(aliceDb, alice);
        w.show();
        waitSettled(w);
        IssueDetailsPane *details = w.page<SecurityTestsPage>()->details();
        QTreeWidget *tree = details->occurrencesTree();
        QCOMPARE(tree->topLevelItemCount(), 1);
        QVERIFY(!details->occurrenceRequestButton()->isEnabled()); // nothing selected yet
        tree->topLevelItem(0)->setSelected(true);
        QVERIFY(details->occurrenceRequestButton()->isEnabled());
        QTest::mouseClick(details->occurrenceRequestButton(), Qt::LeftButton);
        auto *dialog = w.page<SecurityTestsPage>()->findChild<RequestExemptionDialog *>();
        QVERIFY(dialog);
        QVERIFY(!dialog->scopeBox()->isEnabled()); // selected occurrences: this target
        QVERIFY(dialog->coverFutureBox()->isVisible());
        QTest::keyClicks(dialog->descriptionEdit(), QStringLiteral("only this call site"));
        QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(w.navigationText(QStringLiteral("exemptions")),
                                  QStringLiteral("Exemptions  (1)"), 10000);
        const QList<ExemptionInfo> pending = ExemptionWorkflow(*db).list(ExemptionStatus::Pending);
        QCOMPARE(pending.last().occurrences, QStringList{QStringLiteral("sqli/services/ping.py:7")});
        QCOMPARE(pending.last().scope, ExemptionScope::Target);
    }

    // One open request per issue and scope: an issue waiting for a decision offers its request,
    // not a second form; the occurrence form does not offer the scope that is taken.
    void openRequestShownInsteadOfANewForm()
    {
        const Database aliceDb = consoleDb();
        const Session alice =
            UserDirectory(aliceDb).authenticate(QStringLiteral("alice"), QStringLiteral("alice-demo-pass"));
        const QList<ExemptionInfo> pending = ExemptionWorkflow(*db).list(ExemptionStatus::Pending);
        QCOMPARE(pending.size(), 1);
        const ExemptionInfo open = pending.first();
        QCOMPARE(open.issueKey, QStringLiteral("B602"));
        QCOMPARE(open.scope, ExemptionScope::Target);

        MainWindow w(aliceDb, alice);
        w.show();
        waitSettled(w);
        SecurityTestsPage *page = toSecurityTests(w);
        IssueDetailsPane *details = page->details();
        QCOMPARE(page->model()->rowAt(0)->key, QStringLiteral("B602"));
        QCOMPARE(details->openRequests().size(), 1);
        QCOMPARE(details->requestButton()->text(), QStringLiteral("Show Open Request #%1…").arg(open.id));
        QCOMPARE(details->requestButton()->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+E")));
        QVERIFY(details->requestButton()->isEnabled());

        // The advertised shortcut, from the keyboard: the Exemptions page, on that request.
        QTest::keyClick(&w, Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE(w.currentPageKey(), QStringLiteral("exemptions"));
        waitSettled(w);
        ExemptionsPage *exemptions = w.page<ExemptionsPage>();
        const QModelIndexList chosen = exemptions->table()->selectionModel()->selectedRows();
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(exemptions->model()->at(chosen.first().row()).id, open.id);
        QVERIFY(!page->findChild<RequestExemptionDialog *>());             // no second form
        QVERIFY(exemptions->button(ExemptionAction::Cancel)->isEnabled()); // hers to cancel

        // Selected occurrences are exempted in the target, where the open request is.
        QVERIFY(w.showPage(QStringLiteral("security-tests")));
        QTreeWidget *tree = details->occurrencesTree();
        tree->topLevelItem(0)->setSelected(true);
        QTest::mouseClick(details->occurrenceRequestButton(), Qt::LeftButton);
        auto *dialog = page->findChild<RequestExemptionDialog *>();
        QVERIFY(dialog);
        QTest::keyClicks(dialog->descriptionEdit(), QStringLiteral("kept while the form changes"));
        QVERIFY(dialog->openNote()->isVisible());
        QVERIFY(dialog->openNote()->text().contains(QStringLiteral("#%1").arg(open.id)));
        QVERIFY(!dialog->buttons()->button(QDialogButtonBox::Ok)->isEnabled());
        // The whole issue at project scope is free: the form keeps what was typed.
        dialog->coverFutureBox()->setChecked(true);
        dialog->scopeBox()->setCurrentIndex(dialog->scopeBox()->findData(int(ExemptionScope::Project)));
        QVERIFY(!dialog->openNote()->isVisible());
        QCOMPARE(dialog->descriptionEdit()->toPlainText(), QStringLiteral("kept while the form changes"));
        QVERIFY(dialog->buttons()->button(QDialogButtonBox::Ok)->isEnabled());
        QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(w.navigationText(QStringLiteral("exemptions")),
                                  QStringLiteral("Exemptions  (2)"), 10000);
        QCOMPARE(ExemptionWorkflow(*db).list(ExemptionStatus::Pending).last().scope, ExemptionScope::Project);
        waitSettled(w);
        // Both requests now show on the issue.
        QTRY_COMPARE(details->openRequests().size(), 2);
        QVERIFY(details->findChild<QTextBrowser *>()->toPlainText().contains(QStringLiteral("Open request")));
    }

    // Issue 16: the Targets page shows each target's baseline (or none) and its variants' latest
    // counts; SecOps set a baseline from the keyboard (Ctrl+B), a bad pattern is said as typed
    // and keeps the form; the change is audited and shows at once. A developer cannot.
    void targetsPageSetsABaseline()
    {
        MainWindow w(*db, bob);
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        waitSettled(w);
        QTest::keyClick(&w, Qt::Key_6, Qt::ControlModifier); // the sixth page: Targets
        TargetsPage *page = w.page<TargetsPage>();
        QVERIFY(page->isVisible());
        waitSettled(w);
        QTreeWidget *tree = page->tree();
        QTreeWidgetItem *dvpwa = nullptr, *sto = nullptr;
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            QTreeWidgetItem *item = tree->topLevelItem(i);
            if (item->text(0) == QLatin1String("dvpwa"))
                dvpwa = item;
            else if (item->text(0).startsWith(QLatin1String("sto-tutorial")))
                sto = item;
        }
        QVERIFY(dvpwa && sto);
        QCOMPARE(dvpwa->text(3), QStringLiteral("main"));
        QCOMPARE(sto->text(3), QStringLiteral("none"));
        QVERIFY(sto->toolTip(3).contains(QLatin1String("Ctrl+B")));
        // dvpwa's variants: DEMO-001 first (scanned last), its latest scan's counts; main the baseline.
        QCOMPARE(dvpwa->childCount(), 2);
        QCOMPARE(dvpwa->child(0)->text(0), QStringLiteral("DEMO-001"));
        QCOMPARE(dvpwa->child(0)->text(4), QStringLiteral("1")); // Critical: B602
        QCOMPARE(dvpwa->child(1)->text(3), QStringLiteral("the baseline"));

        const QString stoName = sto->text(0); // the items are made again on each reload
        tree->setFocus();
        tree->setCurrentItem(sto);
        QVERIFY(page->setBaselineButton()->isEnabled());
        QTest::keyClick(&w, Qt::Key_B, Qt::ControlModifier);
        QTRY_VERIFY(page->dialog() && page->dialog()->isVisible());
        BaselineDialog *dialog = page->dialog();
        QTest::keyClicks(dialog->patternEdit(), QStringLiteral("^4[0-9"));
        QVERIFY(dialog->patternChoice()->isChecked());
        QVERIFY(!dialog->setButton()->isEnabled());
        QVERIFY2(dialog->errorLabel()->text().startsWith(QLatin1String("Not a regular expression")),
                 qPrintable(dialog->errorLabel()->text()));
        QTest::keyClicks(dialog->patternEdit(), QStringLiteral("]$"));
        QVERIFY(dialog->setButton()->isEnabled());
        QTest::keyClick(dialog->patternEdit(), Qt::Key_Return);
        waitSettled(w);
        QTRY_VERIFY(!dialog->isVisible());
        QTRY_COMPARE(Catalog(*db).baseline(Catalog(*db).target(stoName).id)->pattern, QStringLiteral("^4[0-9]$"));
        QTRY_VERIFY(tree->topLevelItemCount() > 0 && [&] {
            for (int i = 0; i < tree->topLevelItemCount(); ++i)
                if (tree->topLevelItem(i)->text(3) == QLatin1String("/^4[0-9]$/"))
                    return tree->topLevelItem(i)->child(0)->text(3) == QLatin1String("the baseline");
            return false;
        }());
        AuditFilter filter;
        filter.limit = 1;
        const AuditEntry last = AuditLog(*db).find(filter).first();
        QCOMPARE(last.action, QStringLiteral("baseline.set"));
        QCOMPARE(last.actor, QStringLiteral("bob"));

        // alice (a developer) sees why she cannot.
        const Session alice = UserDirectory(*db).authenticate(QStringLiteral("alice"), QStringLiteral("alice-demo-pass"));
        TargetsPage asAlice(*db, alice);
        QSignalSpy settled(&asAlice, &Page::settled);
        asAlice.reload();
        QTRY_VERIFY(asAlice.isSettled() && settled.count() > 0);
        QVERIFY(!asAlice.setBaselineButton()->isEnabled());
        QVERIFY(asAlice.setBaselineButton()->toolTip().contains(QLatin1String("SecOps")));
    }

    // Issue 16: the Remediated toggle (Alt+M, off by default) adds the issues the comparison scan
    // had and the latest one no longer has, with their count; the severity pills do not count
    // them, and the details say where the issue was last seen.
    void remediatedToggle()
    {
        for (const char *name : {"0_zap_sample.xml", "1_zap_sample_0_and_new_absent.xml"}) {
            ImportRequest r;
            r.path = secreview::test::fixture(QStringLiteral("zap/%1").arg(QLatin1String(name)));
            r.target = QStringLiteral("web");
            r.variant = QStringLiteral("main");
            ScanImporter(*db).import(bob, r);
        }
        MainWindow w(*db, bob);
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        waitSettled(w);
        SecurityTestsPage *page = toSecurityTests(w);
        page->targetBox()->setCurrentIndex(page->targetBox()->findData(QStringLiteral("web"), SecurityTestsPage::TargetNameRole));
        waitSettled(w);
        QTRY_COMPARE(page->model()->rowCount(), 4);
        QVERIFY(!page->remediatedToggle()->isChecked());
        QTRY_COMPARE(page->remediatedToggle()->text(), QStringLiteral("Remediated  1"));
        const QString low = page->severityToggle(Severity::Low)->text();
        QTest::keyClick(&w, Qt::Key_M, Qt::AltModifier);
        QVERIFY(page->remediatedToggle()->isChecked());
        waitSettled(w);
        QTRY_COMPARE(page->model()->rowCount(), 5);
        QCOMPARE(page->severityToggle(Severity::Low)->text(), low); // the pills count what is there
        int gone = -1;
        for (int row = 0; row < page->model()->rowCount(); ++row) {
            if (page->model()->index(row, IssueTableModel::CategoryColumn).data().toString() == QLatin1String("Remediated"))
                gone = row;
        }
        QVERIFY(gone >= 0);
        QCOMPARE(page->model()->rowAt(gone)->rule, QStringLiteral("10011")); // Zap1, gone in the second scan
        page->table()->selectRow(gone);
        QTRY_VERIFY(page->details()->findChild<QTextBrowser *>()->toPlainText().contains(QLatin1String("Remediated: gone")));
        // Low off hides the remediated Low issue too; Alt+M again: as before.
        QTest::keyClick(&w, Qt::Key_4, Qt::AltModifier);
        waitSettled(w);
        QTRY_VERIFY(page->model()->rowCount() < 5);
        for (int row = 0; row < page->model()->rowCount(); ++row)
            QVERIFY(page->model()->index(row, IssueTableModel::CategoryColumn).data().toString() != QLatin1String("Remediated"));
        QTest::keyClick(&w, Qt::Key_4, Qt::AltModifier);
        QTest::keyClick(&w, Qt::Key_M, Qt::AltModifier);
        waitSettled(w);
        QTRY_COMPARE(page->model()->rowCount(), 4);
    }

    // Issue 16: the Scans page lists every scan with its counts, new and remediated issues;
    // filtered by target, two scans chosen with the keyboard are compared (Ctrl+Shift+C).
    void scansPageComparesTwoScans()
    {
        const auto zap = [](const char *name) {
            ImportRequest r;
            r.path = secreview::test::fixture(QStringLiteral("zap/%1").arg(QLatin1String(name)));
            r.target = QStringLiteral("web");
            r.variant = QStringLiteral("main");
            return r;
        };
        const ImportResult first = ScanImporter(*db).import(bob, zap("0_zap_sample.xml"));
        const ImportResult second = ScanImporter(*db).import(bob, zap("1_zap_sample_0_and_new_absent.xml"));
        MainWindow w(*db, bob);
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        waitSettled(w);
        QTest::keyClick(&w, Qt::Key_5, Qt::ControlModifier); // the fifth page: Scans
        ScansPage *page = w.page<ScansPage>();
        QVERIFY(page->isVisible());
        waitSettled(w);
        const int all = page->model()->rowCount();
        QVERIFY(all >= 3);
        QCOMPARE(page->model()->at(0).scan.id, second.scanId); // newest first
        QCOMPARE(page->model()->data(page->model()->index(0, ScanTableModel::NewColumn)).toInt(), 1);
        QCOMPARE(page->model()->data(page->model()->index(0, ScanTableModel::RemediatedColumn)).toInt(), 1);
        QCOMPARE(page->model()->data(page->model()->index(1, ScanTableModel::RemediatedColumn)).toString(),
                 QStringLiteral("–")); // the first scan of web main: nothing to compare with
        QCOMPARE(page->model()->data(page->model()->index(0, ScanTableModel::LowColumn)).toInt(), 3);

        // Two scans of different targets cannot be compared.
        page->table()->setFocus();
        QTest::keyClick(page->table(), Qt::Key_Home, Qt::ControlModifier);
        int other = 0;
        while (other < all && page->model()->at(other).scan.target == QLatin1String("web"))
            ++other;
        QVERIFY(other < all);
        page->table()->selectionModel()->select(page->model()->index(other, 0),
                                                QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QVERIFY(!page->compareButton()->isEnabled());

        // The target chosen from the keyboard (Alt+T), then the two scans (Shift+Down).
        QTest::keyClick(&w, Qt::Key_T, Qt::AltModifier);
        QCOMPARE(QApplication::focusWidget(), page->targetBox());
        page->targetBox()->setCurrentIndex(page->targetBox()->findText(QStringLiteral("web")));
        QCOMPARE(page->model()->rowCount(), 2);
        QCOMPARE(page->variantBox()->count(), 2); // all, and main
        page->table()->setFocus();
        QTest::keyClick(page->table(), Qt::Key_Home, Qt::ControlModifier);
        QTest::keyClick(page->table(), Qt::Key_Down, Qt::ShiftModifier);
        QCOMPARE(page->table()->selectionModel()->selectedRows().size(), 2);
        QVERIFY(page->compareButton()->isEnabled());
        QTest::keyClick(&w, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        waitSettled(w);
        QTreeWidget *tree = page->comparison();
        QTRY_COMPARE(tree->topLevelItemCount(), 3);
        QCOMPARE(tree->topLevelItem(0)->text(0), QStringLiteral("Added (1)"));
        QCOMPARE(tree->topLevelItem(0)->child(0)->text(1), QStringLiteral("10010"));
        QCOMPARE(tree->topLevelItem(1)->text(0), QStringLiteral("Removed (1)"));
        QCOMPARE(tree->topLevelItem(1)->child(0)->text(1), QStringLiteral("10011"));
        QCOMPARE(tree->topLevelItem(2)->text(0), QStringLiteral("Changed (0)"));
        QVERIFY2(page->comparisonSummary()->text().contains(
                     QStringLiteral("Scan %1").arg(second.scanId) + QStringLiteral(" (")),
                 qPrintable(page->comparisonSummary()->text()));
        QVERIFY(page->comparisonSummary()->text().contains(QLatin1String("1 added, 1 removed, 0 changed, 3 unchanged")));

        // A new scan shows up without losing the filter or the selection.
        ScanImporter(*db).import(bob, zap("3_zap_sampl_0_and_different_severities.xml"));
        page->databaseChanged();
        waitSettled(w);
        QTRY_COMPARE(page->model()->rowCount(), 3);
        QCOMPARE(page->targetBox()->currentText(), QStringLiteral("web"));
        QCOMPARE(page->table()->selectionModel()->selectedRows().size(), 2);
        QVERIFY(first.scanId < second.scanId);
    }

    void auditPage()
    {
        MainWindow w(*db, bob);
        w.show();
        QVERIFY(w.showPage(QStringLiteral("audit")));
        waitSettled(w);
        AuditPage *page = w.page<AuditPage>();
        QAbstractItemModelTester tester(page->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const int all = page->model()->rowCount();
        QVERIFY(all >= 8); // init, users, pipeline, imports, baseline, the request
        // "What changed" as a reviewer reads it: the transition, who and when, no epoch
        // milliseconds, user ids or JSON braces; the JSON as hashed is in the tooltip.
        int request = -1;
        for (int row = 0; row < all; ++row)
            if (page->model()->at(row).action == QLatin1String("exemption.request"))
                request = row;
        QVERIFY(request >= 0);
        const QModelIndex details = page->model()->index(request, AuditTableModel::DetailsColumn);
        const QString said = details.data().toString();
        QVERIFY2(said.startsWith(QStringLiteral("→ pending · “")) && said.contains(QLatin1String("B602, target scope")) &&
                     said.contains(QLatin1String("requested by alice on 20")),
                 qPrintable(said));
        QVERIFY2(!said.contains(QLatin1Char('{')) && !said.contains(QRegularExpression(QStringLiteral("\\d{13}"))),
                 qPrintable(said));
        QVERIFY(details.data(Qt::ToolTipRole).toString().contains(QLatin1String("&quot;requestedBy&quot;")));
        page->actorBox()->setCurrentIndex(page->actorBox()->findData(QStringLiteral("bob")));
        waitSettled(w);
        QCOMPARE(page->model()->rowCount(), 3); // the baseline, then the demo's owner and review mark
        const auto actionAt = [&](int row) {
            return page->model()->data(page->model()->index(row, AuditTableModel::ActionColumn)).toString();
        };
        QCOMPARE(actionAt(2), QStringLiteral("baseline.set"));
        QCOMPARE(actionAt(1), QStringLiteral("issue.assign"));
        QCOMPARE(actionAt(0), QStringLiteral("issue.review"));
        // Triage entries read as sentences too.
        const QString assigned = page->model()->index(1, AuditTableModel::DetailsColumn).data().toString();
        QVERIFY2(assigned.contains(QLatin1String("B602")) && assigned.contains(QLatin1String("alice")) &&
                     !assigned.contains(QLatin1Char('{')),
                 qPrintable(assigned));
        page->actorBox()->setCurrentIndex(0);
        page->objectBox()->setCurrentIndex(page->objectBox()->findData(QStringLiteral("exemption")));
        waitSettled(w);
        QCOMPARE(page->model()->rowCount(), 1);
        page->objectBox()->setCurrentIndex(0);
        waitSettled(w);

        page->verify();
        waitSettled(w);
        QVERIFY2(page->verdict()->text().startsWith(QStringLiteral("✔")),
                 qPrintable(page->verdict()->text()));
        // The verdict says when and up to which entry; one written since (bob sets a baseline from
        // a terminal) is said to be unverified once the page shows it, not covered by the ✔.
        const qint64 newest = page->model()->at(0).id;
        QVERIFY2(page->verdict()->text().contains(QStringLiteral("verified at")) &&
                     page->verdict()->text().contains(QStringLiteral("up to entry #%1").arg(newest)),
                 qPrintable(page->verdict()->text()));
        page->actorBox()->setCurrentIndex(0);
        page->objectBox()->setCurrentIndex(0);
        waitSettled(w);
        const secreview::test::Cli terminal(db->location());
        QCOMPARE(terminal
                     .run(QStringLiteral("bob"),
                          {QStringLiteral("baseline"), QStringLiteral("set"), QStringLiteral("--target"),
                           QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("DEMO-001")},
                          QStringLiteral("bob-demo-pass"))
                     .code,
                 0);
        QTRY_VERIFY_WITH_TIMEOUT(page->verdict()->text().contains(
                                     QStringLiteral("Entries after #%1 are not verified yet").arg(newest)),
                                 10000);
        editBehindTheProgramsBack(QStringLiteral("UPDATE exemption SET status = 'approved'"));
        page->verify();
        waitSettled(w);
        QVERIFY2(page->verdict()->text().contains(QLatin1String("status is 'approved' in the table")),
                 qPrintable(page->verdict()->text()));
    }

    void usersPage()
    {
        const Database adminDb = consoleDb();
        const Session admin =
            UserDirectory(adminDb).authenticate(QStringLiteral("admin"), QStringLiteral("admin-demo-pass"));
        MainWindow w(adminDb, admin);
        w.show();
        QVERIFY(w.showPage(QStringLiteral("users")));
        waitSettled(w);
        UsersPage *page = w.page<UsersPage>();
        QAbstractItemModelTester tester(page->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(page->model()->rowCount(), 3);
        page->addUser(QStringLiteral("dave"), QStringLiteral("dave-Secret-1"), {Role::Developer});
        waitSettled(w);
        QTRY_COMPARE(page->model()->rowCount(), 4);
        page->setRoles(QStringLiteral("dave"), {Role::Secops, Role::Viewer});
        waitSettled(w);
        QTRY_COMPARE(page->model()->data(page->model()->index(3, UserTableModel::RolesColumn)).toString(),
                     QStringLiteral("viewer, secops"));
        page->setDisabled(QStringLiteral("dave"), true);
        waitSettled(w);
        QTRY_COMPARE(page->model()->data(page->model()->index(3, UserTableModel::StatusColumn)).toString(),
                     QStringLiteral("disabled"));
        secreview::test::expectError(ErrorKind::NotAllowed, [&] {
            UserDirectory(consoleDb()).authenticate(QStringLiteral("dave"), QStringLiteral("dave-Secret-1"));
        });
        page->setDisabled(QStringLiteral("dave"), false);
        page->resetPassword(QStringLiteral("dave"), QStringLiteral("dave-Secret-2"));
        waitSettled(w);
        QTRY_VERIFY(UserDirectory(consoleDb())
                        .authenticate(QStringLiteral("dave"), QStringLiteral("dave-Secret-2"))
                        .has(Role::Secops));

        MainWindow other(*db, bob); // not an admin: sees why not
        other.show();
        QVERIFY(other.showPage(QStringLiteral("users")));
        waitSettled(other);
        QVERIFY(!other.page<UsersPage>()->addButton()->isEnabled());
        QVERIFY(other.page<UsersPage>()->addButton()->toolTip().contains(QLatin1String("admin role")));
        QCOMPARE(other.page<UsersPage>()->model()->rowCount(), 0);
        QVERIFY(!other.page<UsersPage>()->table()->isVisible()); // a note, not an empty table
        bool said = false;
        for (const QLabel *label : other.page<UsersPage>()->findChildren<QLabel *>())
            said = said || (label->isVisible() && label->text().startsWith(QLatin1String("Only admins see and manage users")));
        QVERIFY(said);
    }

    // File > Switch User… (Ctrl+Shift+U) asks who signs in, nobody's name filled in, and the
    // window becomes theirs; Help > Keyboard Shortcuts (F1) lists what the pills advertise.
    void switchUserAndHelp()
    {
        MainWindow w(*db, bob);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        waitSettled(w);
        MainWindow *next = nullptr;
        connect(&w, &MainWindow::replacedBy, this, [&](MainWindow *opened) { next = opened; });
        bool asked = false;
        QTimer::singleShot(0, this, [&] {
            auto *dialog = qobject_cast<SignInDialog *>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            asked = true;
            QCOMPARE(dialog->userEdit()->text(), QString());
            QTest::keyClicks(dialog->userEdit(), QStringLiteral("alice"));
            QTest::keyClicks(dialog->passwordEdit(), QStringLiteral("alice-demo-pass"));
            QTest::keyClick(dialog->passwordEdit(), Qt::Key_Return);
        });
        QTest::keyClick(&w, Qt::Key_U, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(asked);
        QTRY_VERIFY(next);
        QTRY_VERIFY(next->windowTitle().size() > 0);
        QVERIFY(next->findChild<QAction *>(QStringLiteral("switchUser")));
        QVERIFY(!w.isVisible());
        bool listed = false;
        QTimer::singleShot(0, this, [&] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            listed = box->text().contains(QLatin1String("Alt+1")) && box->text().contains(QLatin1String("Ctrl+Enter"));
            box->close();
        });
        next->findChild<QAction *>(QStringLiteral("keyboardShortcuts"))->trigger();
        QTRY_VERIFY(listed);
        // The new window is alice's: she may request, not decide.
        bool aliceSignedIn = false;
        for (const QLabel *label : next->findChildren<QLabel *>())
            aliceSignedIn = aliceSignedIn || label->text().contains(QLatin1String("signed in: alice"));
        QVERIFY(aliceSignedIn);
        next->close();
    }

    void signIn()
    {
        SignInDialog dialog(*db, QStringLiteral("alice"));
        dialog.show();
        dialog.passwordEdit()->setText(QStringLiteral("wrong-password"));
        dialog.accept();
        QVERIFY(dialog.isVisible());
        QVERIFY(dialog.errorLabel()->isVisible());
        QVERIFY(!dialog.session().isValid());
        dialog.passwordEdit()->setText(QStringLiteral("alice-demo-pass"));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.session().name(), QStringLiteral("alice"));
        QVERIFY(dialog.session().has(Role::Developer));
    }

    void screenshotFromTheCommandLine()
    {
        const QString png = dir.filePath(QStringLiteral("shot.png"));
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("SECREVIEW_USER"), QStringLiteral("bob"));
        env.insert(QStringLiteral("SECREVIEW_PASSWORD"), QStringLiteral("bob-demo-pass"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(SECREVIEW_BINARY),
                {QStringLiteral("--db"), db->location(), QStringLiteral("--page"),
                 QStringLiteral("security-tests"), QStringLiteral("--screenshot"), png});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QImage image(png);
        QVERIFY(image.width() >= 1280);
        QVERIFY(image.height() >= 800);
        p.start(QStringLiteral(SECREVIEW_BINARY),
                {QStringLiteral("--db"), db->location(), QStringLiteral("--page"), QStringLiteral("nowhere"),
                 QStringLiteral("--screenshot"), png});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
    }
};

QTEST_MAIN(TestConsole)
#include "tst_console.moc"
