// The console's triage (issue 14): review marks, owners and notes from the keyboard, the Show and
// Category filters, the column chooser, a layout that holds for long titles and from 1024x640 up,
// and the light and dark themes. Real widgets offscreen on the demo, on a file or a team server.
#include "model/demo/DemoDatabase.h"
#include "model/store/AuditLog.h"
#include "model/triage/IssueTriage.h"
#include "model/users/UserDirectory.h"
#include "tests/TestSupport.h"
#include "tests/cli/CliHarness.h"
#include "tests/team/TeamServer.h"
#include "model/exemptions/ExemptionWorkflow.h"
#include "model/scans/IssueQuery.h"
#include "views/common/SeverityStyle.h"
#include "views/common/Theme.h"
#include "views/exemptions/ExemptionTableModel.h"
#include "views/exemptions/ExemptionsPage.h"
#include "views/issues/IssueDetailsPane.h"
#include "views/issues/IssueTableModel.h"
#include "views/issues/SecurityTestsPage.h"
#include "views/issues/TriagePanel.h"
#include "views/shell/KeyboardShortcuts.h"
#include "views/shell/MainWindow.h"
#include "views/users/UsersPage.h"
#include "views/audit/AuditPage.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QShortcut>
#include <QAbstractButton>
#include <QFile>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTabBar>

#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>
#include <QTreeWidget>
#include <QTimer>
#include <QRegularExpression>
#include <optional>

using namespace secreview;
using namespace secreview::views;

class TestTriage : public QObject
{
    Q_OBJECT

    QTemporaryDir dir;
    QTemporaryDir settingsDir;
    std::optional<Database> db;
    std::optional<secreview::test::TeamServer> server;

    Database consoleDb() const { return server ? Database::open(server->location()) : *db; }
    Session signIn(const Database &on, const QString &name)
    {
        return UserDirectory(on).authenticate(name, name + QStringLiteral("-demo-pass"));
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

    // The row of the issue with this rule (the demo's DEMO-001: B602, B303, B404), or -1.
    int rowOf(SecurityTestsPage *page, const QString &rule)
    {
        for (int row = 0; row < page->model()->rowCount(); ++row) {
            if (const auto r = page->model()->rowAt(row); r && r->rule == rule)
                return row;
        }
        return -1;
    }
    QString cell(SecurityTestsPage *page, const QString &rule, int column)
    {
        const int row = rowOf(page, rule);
        return row < 0 ? QStringLiteral("(no row)") : page->model()->index(row, column).data().toString();
    }
    void select(SecurityTestsPage *page, const QList<int> &rows)
    {
        // The selection model directly: a Ctrl held by an earlier key click would toggle a click.
        QItemSelection selection;
        for (int row : rows)
            selection.select(page->model()->index(row, 0), page->model()->index(row, IssueTableModel::ColumnCount - 1));
        page->table()->selectionModel()->setCurrentIndex(page->model()->index(rows.first(), 0), QItemSelectionModel::NoUpdate);
        page->table()->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(settingsDir.isValid());
        secreview::test::isolateSettings(settingsDir.path());
    }

    void init()
    {
        QSettings().clear();
        db = secreview::test::TeamServer::demo(QStringLiteral("demo"), dir.path(), server);
    }

    void cleanup()
    {
        applyTheme(Theme::System);
        db.reset();
        if (server)
            server->drop();
        server.reset();
    }

    // SecOps marks reviewed and assigns from the keyboard (Ctrl+R, Ctrl+Shift+A), for one issue
    // or the selection; a note is added with Ctrl+Enter and shown as text; the table's columns,
    // the Show filter and the audit log follow.
    void secopsTriagesFromTheKeyboard()
    {
        const Database bobDb = consoleDb();
        const Session bob = signIn(bobDb, QStringLiteral("bob"));
        MainWindow w(bobDb, bob);
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        waitSettled(w);
        SecurityTestsPage *page = toSecurityTests(w);
        TriagePanel *triage = page->triage();
        // The demo: B404 reviewed by bob, B602 alice's with one note.
        QCOMPARE(cell(page, QStringLiteral("B404"), IssueTableModel::ReviewedColumn), QStringLiteral("✓"));
        QCOMPARE(cell(page, QStringLiteral("B602"), IssueTableModel::OwnerColumn), QStringLiteral("alice"));
        QCOMPARE(cell(page, QStringLiteral("B602"), IssueTableModel::NotesColumn), QStringLiteral("1"));
        QCOMPARE(cell(page, QStringLiteral("B303"), IssueTableModel::ReviewedColumn), QString());

        select(page, {rowOf(page, QStringLiteral("B303"))});
        waitSettled(w);
        QTRY_VERIFY(triage->reviewButton()->isEnabled());
        QCOMPARE(triage->reviewButton()->text(), QStringLiteral("Mark Reviewed"));
        QVERIFY(triage->stateLabel()->text().startsWith(QStringLiteral("Not reviewed yet")));
        page->table()->setFocus();
        QTest::keyClick(&w, Qt::Key_R, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(cell(page, QStringLiteral("B303"), IssueTableModel::ReviewedColumn), QStringLiteral("✓"), 10000);
        waitSettled(w);
        QTRY_VERIFY(triage->stateLabel()->text().startsWith(QStringLiteral("Reviewed by bob on ")));
        QCOMPARE(triage->reviewButton()->text(), QStringLiteral("Take Back Review Mark"));

        // Show: not reviewed hides both marked issues; reviewed shows them.
        QComboBox *show = page->showBox();
        show->setCurrentIndex(show->findText(QStringLiteral("Not reviewed")));
        waitSettled(w);
        QTRY_COMPARE(page->model()->rowCount(), 1);
        QCOMPARE(page->model()->rowAt(0)->rule, QStringLiteral("B602"));
        show->setCurrentIndex(show->findText(QStringLiteral("Reviewed")));
        waitSettled(w);
        QTRY_COMPARE(page->model()->rowCount(), 2);
        show->setCurrentIndex(0);
        waitSettled(w);
        QTRY_COMPARE(page->model()->rowCount(), 3);

        // Both reviewed issues selected: one change takes back both marks.
        select(page, {rowOf(page, QStringLiteral("B303")), rowOf(page, QStringLiteral("B404"))});
        waitSettled(w);
        QTRY_COMPARE(triage->reviewButton()->text(), QStringLiteral("Take Back 2 Review Marks"));
        QTest::keyClick(&w, Qt::Key_R, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(cell(page, QStringLiteral("B404"), IssueTableModel::ReviewedColumn), QString(), 10000);
        QTRY_COMPARE(cell(page, QStringLiteral("B303"), IssueTableModel::ReviewedColumn), QString());

        // Assign from the keyboard: the dialog offers the active users and "(no one)".
        select(page, {rowOf(page, QStringLiteral("B303"))});
        waitSettled(w);
        QTRY_VERIFY(triage->assignButton()->isEnabled());
        QTest::keyClick(&w, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
        QInputDialog *assign = nullptr;
        QTRY_VERIFY((assign = w.findChild<QInputDialog *>(QStringLiteral("assignDialog"))));
        QCOMPARE(assign->comboBoxItems(),
                 (QStringList{QStringLiteral("(no one)"), QStringLiteral("admin"), QStringLiteral("alice"), QStringLiteral("bob")}));
        assign->setTextValue(QStringLiteral("bob"));
        assign->accept();
        QTRY_COMPARE_WITH_TIMEOUT(cell(page, QStringLiteral("B303"), IssueTableModel::OwnerColumn), QStringLiteral("bob"), 10000);
        show->setCurrentIndex(show->findText(QStringLiteral("Assigned to me")));
        waitSettled(w);
        QTRY_COMPARE(page->model()->rowCount(), 1);
        show->setCurrentIndex(0);
        waitSettled(w);

        // A note: typed, Ctrl+Enter; shown as text (never HTML); the field empties.
        select(page, {rowOf(page, QStringLiteral("B303"))});
        waitSettled(w);
        page->details()->tabs()->setCurrentWidget(triage);
        triage->noteEdit()->setFocus();
        QVERIFY(!triage->addNoteButton()->isEnabled()); // nothing typed yet
        QTest::keyClicks(triage->noteEdit(), QStringLiteral("<b>md5</b> of a cache key"));
        QTest::keyClick(triage->noteEdit(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(triage->notesView()->toPlainText().contains(QLatin1String("<b>md5</b> of a cache key")), 10000);
        QCOMPARE(triage->noteEdit()->toPlainText(), QString());
        QTRY_COMPARE(cell(page, QStringLiteral("B303"), IssueTableModel::NotesColumn), QStringLiteral("1"));
        QTRY_COMPARE(page->details()->tabs()->tabText(page->details()->tabs()->indexOf(triage)), QStringLiteral("Review && Notes (1)"));

        QStringList actions;
        for (const AuditEntry &e : AuditLog(bobDb).entries())
            if (e.actor == QLatin1String("bob") && e.objectType == QLatin1String("issue"))
                actions.append(e.action);
        QCOMPARE(actions, (QStringList{QStringLiteral("issue.assign"), QStringLiteral("issue.review"), QStringLiteral("issue.review"),
                                       QStringLiteral("issue.unreview"), QStringLiteral("issue.unreview"),
                                       QStringLiteral("issue.assign"), QStringLiteral("issue.note")}));
    }

    // A developer may add notes but not mark or assign: the buttons say why, the keys do nothing,
    // and a refused note keeps what was typed.
    void developerNotesOnly()
    {
        const Database aliceDb = consoleDb();
        const Session alice = signIn(aliceDb, QStringLiteral("alice"));
        MainWindow w(aliceDb, alice);
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        waitSettled(w);
        SecurityTestsPage *page = toSecurityTests(w);
        TriagePanel *triage = page->triage();
        select(page, {rowOf(page, QStringLiteral("B303"))});
        waitSettled(w);
        QTRY_VERIFY(!triage->isLoading());
        QVERIFY(!triage->reviewButton()->isEnabled());
        QVERIFY(triage->reviewButton()->toolTip().contains(QLatin1String("need the secops or admin role")));
        QVERIFY(!triage->assignButton()->isEnabled());
        QTest::keyClick(&w, Qt::Key_R, Qt::ControlModifier);
        QTest::qWait(300);
        waitSettled(w);
        QCOMPARE(cell(page, QStringLiteral("B303"), IssueTableModel::ReviewedColumn), QString());
        QVERIFY(!w.findChild<QInputDialog *>(QStringLiteral("assignDialog")));

        // "Assigned to me": the demo gave alice B602.
        page->showBox()->setCurrentIndex(page->showBox()->findText(QStringLiteral("Assigned to me")));
        waitSettled(w);
        QTRY_COMPARE(page->model()->rowCount(), 1);
        QCOMPARE(page->model()->rowAt(0)->rule, QStringLiteral("B602"));
        page->showBox()->setCurrentIndex(page->showBox()->findText(QStringLiteral("With notes")));
        waitSettled(w);
        QTRY_COMPARE(page->model()->rowCount(), 1);

        // Her note is taken; one too long is said before the click, and what she typed stays.
        select(page, {0});
        waitSettled(w);
        QTRY_VERIFY(!triage->isLoading());
        QTest::keyClicks(triage->noteEdit(), QStringLiteral("fixed in the next sprint"));
        QVERIFY(triage->addNoteButton()->isEnabled());
        QTest::mouseClick(triage->addNoteButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(triage->notesView()->toPlainText().contains(QLatin1String("fixed in the next sprint")), 10000);
        QCOMPARE(triage->state().notes.last().author, QStringLiteral("alice"));
        const QString tooLong(IssueTriage::kMaxNoteLength + 1, QLatin1Char('y'));
        triage->noteEdit()->setPlainText(tooLong);
        QVERIFY(!triage->addNoteButton()->isEnabled());
        QVERIFY(triage->addNoteButton()->toolTip().contains(QLatin1String("at most 4000")));
        QTest::keyClick(triage->noteEdit(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(triage->noteEdit()->toPlainText().size(), tooLong.size() + 0);
    }

    // Bug 9: a title without spaces neither widens the details pane nor moves its tabs.
    void layoutHoldsForLongTitles()
    {
        const QString longTitle = QStringLiteral("com.example.security.very.long.package.name.") + QString(120, QLatin1Char('X'));
        const QString edit = QStringLiteral("UPDATE issue SET title = '%1' WHERE rule = 'B303'").arg(longTitle);
        if (server)
            QVERIFY(server->cli().sql(edit));
        else
            Query(*db, edit).exec();
        const Database bobDb = consoleDb();
        MainWindow w(bobDb, signIn(bobDb, QStringLiteral("bob")));
        w.resize(1280, 800);
        w.show();
        waitSettled(w);
        SecurityTestsPage *page = toSecurityTests(w);
        IssueDetailsPane *details = page->details();
        select(page, {rowOf(page, QStringLiteral("B602"))});
        waitSettled(w);
        QTRY_COMPARE(details->currentTitle(), QStringLiteral("subprocess_popen_with_shell_equals_true"));
        const int width = details->width();
        const QPoint tabs = details->tabs()->mapTo(&w, QPoint(0, 0));
        select(page, {rowOf(page, QStringLiteral("B303"))});
        waitSettled(w);
        QTRY_COMPARE(details->currentTitle(), longTitle);
        QCOMPARE(details->width(), width);
        QCOMPARE(details->tabs()->mapTo(&w, QPoint(0, 0)), tabs);
        QCOMPARE(details->titleLabel()->toolTip().contains(longTitle), true);
        select(page, {rowOf(page, QStringLiteral("B404"))});
        waitSettled(w);
        QCOMPARE(details->tabs()->mapTo(&w, QPoint(0, 0)), tabs);
    }

    // Bug 10: at 1024x640 the search box, the target's name, the issue titles and a CVE id are
    // all readable; the column chooser hides and shows columns.
    void worksFrom1024x640()
    {
        const Database bobDb = consoleDb();
        MainWindow w(bobDb, signIn(bobDb, QStringLiteral("bob")));
        w.resize(1024, 640);
        w.show();
        waitSettled(w);
        QCOMPARE(w.size(), QSize(1024, 640));
        SecurityTestsPage *page = toSecurityTests(w);
        // Nothing on the page needs more than the window gives it (a long summary line did).
        QVERIFY2(page->minimumSizeHint().width() <= page->width(),
                 qPrintable(QStringLiteral("%1 > %2").arg(page->minimumSizeHint().width()).arg(page->width())));
        const QRect search(page->searchBox()->mapTo(&w, QPoint(0, 0)), page->searchBox()->size());
        QVERIFY2(w.rect().contains(search) && search.width() >= 180, qPrintable(QStringLiteral("%1").arg(search.width())));
        page->targetBox()->setCurrentIndex(page->targetBox()->findData(QStringLiteral("sto-tutorial-test-private"), SecurityTestsPage::TargetNameRole));
        waitSettled(w);
        const QComboBox *target = page->targetBox();
        QVERIFY2(target->width() >= target->fontMetrics().horizontalAdvance(target->currentText()) + 20,
                 qPrintable(QStringLiteral("%1: %2 < %3 + 20").arg(target->currentText()).arg(target->width())
                            .arg(target->fontMetrics().horizontalAdvance(target->currentText()))));
        QHeaderView *header = page->table()->horizontalHeader();
        QVERIFY(header->sectionSize(IssueTableModel::IssueColumn) >= 200);
        QVERIFY(header->sectionSize(IssueTableModel::RuleColumn) >=
                page->table()->fontMetrics().horizontalAdvance(QStringLiteral("CVE-2019-12900")) + 8);

        // The chooser: the header's context menu lists the columns in words; Issue stays.
        QVERIFY(!header->isSectionHidden(IssueTableModel::OwnerColumn));
        QStringList offered;
        QTimer::singleShot(100, this, [&offered] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            if (!menu)
                return;
            for (QAction *a : menu->actions()) {
                offered.append(a->text() + (a->isEnabled() ? QString() : QStringLiteral(" (kept)")));
                if (a->text() == QLatin1String("Owner"))
                    a->trigger();
            }
            menu->close();
        });
        emit header->customContextMenuRequested(QPoint(10, 5));
        QVERIFY2(offered.contains(QStringLiteral("Issue (kept)")) && offered.contains(QStringLiteral("Reviewed")) &&
                     offered.contains(QStringLiteral("Notes")),
                 qPrintable(offered.join(QStringLiteral(", "))));
        QVERIFY(header->isSectionHidden(IssueTableModel::OwnerColumn));
    }

    // The Exemptions page: a developer sees her own requests first and, at her next sign-in,
    // what was decided on them since; durations read in words; SecOps filters by target,
    // requester, search and "expiring within N days"; the decision's comment is shown.
    void exemptionsPageFiltersAndNotice()
    {
        const Database aliceDb = consoleDb();
        const Session alice = signIn(aliceDb, QStringLiteral("alice"));
        qint64 b303 = 0;
        {
            MainWindow first(aliceDb, alice);
            first.show();
            waitSettled(first);
            auto *page = first.page<ExemptionsPage>();
            QCOMPARE(page->requesterFilter()->currentText(), QStringLiteral("My requests"));
            QVERIFY(page->decisionsNotice()->isHidden()); // a first visit has nothing to report
            QCOMPARE(page->model()->rowCount(), 1);
            QCOMPARE(page->model()->index(0, ExemptionTableModel::DurationColumn).data().toString(), QStringLiteral("7 days"));
            const IssueQuery issues(aliceDb);
            IssueFilter filter;
            filter.search = QStringLiteral("B303");
            b303 = issues.list(issues.scopeForAll(), filter).first().id;
        }
        // Meanwhile: alice asks for B303 (permanent); bob approves both, with comments.
        ExemptionRequest permanent;
        permanent.issueId = b303;
        permanent.duration = *ExemptionDuration::parse(QStringLiteral("permanent"));
        permanent.reason = ExemptionReason::AcceptableRisk;
        permanent.description = QStringLiteral("a cache key");
        ExemptionWorkflow(aliceDb).request(alice, permanent);
        const Database bobDb = consoleDb();
        const Session bob = signIn(bobDb, QStringLiteral("bob"));
        const ExemptionWorkflow workflow(bobDb);
        QTest::qWait(5); // decided after the visit, to the millisecond
        for (const ExemptionInfo &e : workflow.list(ExemptionStatus::Pending))
            workflow.act(bob, ExemptionAction::Approve, e.id, QStringLiteral("fine for the demo"));

        MainWindow again(aliceDb, alice);
        again.show();
        waitSettled(again);
        auto *mine = again.page<ExemptionsPage>();
        QTRY_VERIFY(mine->decisionsNotice()->isVisible() || !mine->decisionsNotice()->isHidden());
        const QString notice = mine->decisionsNotice()->text();
        QVERIFY2(notice.startsWith(QStringLiteral("Since your last visit")) && notice.contains(QStringLiteral("B602 approved by bob: “fine for the demo”")) &&
                     notice.contains(QLatin1String("B303 approved by bob")),
                 qPrintable(notice));

        MainWindow w(bobDb, bob);
        w.show();
        waitSettled(w);
        QVERIFY(w.showPage(QStringLiteral("exemptions")));
        auto *page = w.page<ExemptionsPage>();
        QCOMPARE(page->requesterFilter()->currentText(), QStringLiteral("Anyone"));
        QVERIFY(page->decisionsNotice()->isHidden()); // bob asked for nothing
        page->tabs()->setCurrentIndex(1); // Approved
        QCOMPARE(page->model()->rowCount(), 2);
        QCOMPARE(page->tabs()->tabText(1), QStringLiteral("Approved  2"));
        QStringList durations;
        for (int row = 0; row < 2; ++row)
            durations.append(page->model()->index(row, ExemptionTableModel::DurationColumn).data().toString());
        durations.sort();
        QCOMPARE(durations.first(), QStringLiteral("permanent"));
        QVERIFY2(durations.last().startsWith(QStringLiteral("until ")) && durations.last().endsWith(QStringLiteral("days left)")),
                 qPrintable(durations.last()));
        page->expiringFilter()->setCurrentIndex(page->expiringFilter()->findData(7));
        QCOMPARE(page->model()->rowCount(), 1);
        QCOMPARE(page->tabs()->tabText(1), QStringLiteral("Approved  1 of 2"));
        page->expiringFilter()->setCurrentIndex(0);
        QTest::keyClick(&w, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(page->searchBox()->hasFocus());
        QTest::keyClicks(page->searchBox(), QStringLiteral("cache key"));
        QCOMPARE(page->model()->rowCount(), 1);
        QCOMPARE(page->model()->at(0).issueKey, QStringLiteral("B303"));
        QTest::keyClick(page->searchBox(), Qt::Key_Escape);
        QCOMPARE(page->model()->rowCount(), 2);
        QCOMPARE(page->targetFilter()->findData(QStringLiteral("sto-tutorial-test-private")), -1); // no exemption there
        page->targetFilter()->setCurrentIndex(page->targetFilter()->findData(QStringLiteral("dvpwa")));
        QCOMPARE(page->model()->rowCount(), 2);
        page->requesterFilter()->setCurrentIndex(page->requesterFilter()->findData(QStringLiteral("alice")));
        QCOMPARE(page->model()->rowCount(), 2);
        page->requesterFilter()->setCurrentIndex(1); // bob's own: none
        QCOMPARE(page->model()->rowCount(), 0);
        page->requesterFilter()->setCurrentIndex(0);
        page->table()->selectionModel()->setCurrentIndex(page->model()->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        bool commentShown = false;
        for (QLabel *label : page->findChildren<QLabel *>())
            commentShown = commentShown || (label->text().contains(QLatin1String("Decided by bob on ")) &&
                                            label->text().contains(QStringLiteral("“fine for the demo”")));
        QVERIFY(commentShown);
    }

    // Grouping: by package on the container's Trivy scan, the groups come with their counts,
    // worst first; choosing one narrows the table and the pills to it; by rule, one per rule.
    void groupsWithCounts()
    {
        const Database bobDb = consoleDb();
        MainWindow w(bobDb, signIn(bobDb, QStringLiteral("bob")));
        w.resize(1280, 800);
        w.show();
        waitSettled(w);
        SecurityTestsPage *page = toSecurityTests(w);
        QVERIFY(page->groupList()->isHidden());
        page->targetBox()->setCurrentIndex(page->targetBox()->findData(QStringLiteral("sto-tutorial-test-private"), SecurityTestsPage::TargetNameRole));
        waitSettled(w);
        const int all = page->model()->rowCount();
        QVERIFY(all > 3);
        page->groupByBox()->setCurrentIndex(page->groupByBox()->findText(QStringLiteral("Package")));
        waitSettled(w);
        QTreeWidget *groups = page->groupList();
        QVERIFY(groups->isVisible());
        QTRY_VERIFY(groups->topLevelItemCount() > 2);
        QCOMPARE(groups->topLevelItem(0)->text(0), QStringLiteral("All groups"));
        // Worst first: the first group holds the scan's Critical.
        QTreeWidgetItem *first = groups->topLevelItem(1);
        const QString firstName = first->text(0); // the list is made again on every filter change
        const int inFirst = first->text(1).toInt();
        QVERIFY(inFirst >= 1);
        groups->setCurrentItem(first);
        waitSettled(w);
        QTRY_COMPARE(page->model()->rowCount(), inFirst);
        QCOMPARE(page->severityToggle(Severity::Critical)->text().section(QLatin1Char(' '), -1).toInt() >= 1, true);
        int sum = 0;
        for (int i = 1; i < groups->topLevelItemCount(); ++i)
            sum += groups->topLevelItem(i)->text(1).toInt();
        QVERIFY(sum >= all); // an issue is in every package one of its occurrences is in
        // The chosen group stays chosen while other filters change.
        page->showBox()->setCurrentIndex(page->showBox()->findText(QStringLiteral("Not reviewed")));
        waitSettled(w);
        QCOMPARE(groups->currentItem()->text(0), firstName);
        QTRY_COMPARE(page->model()->rowCount(), inFirst);
        page->showBox()->setCurrentIndex(0);
        // By rule on the repository: the demo's three rules, one issue each.
        page->targetBox()->setCurrentIndex(page->targetBox()->findData(QStringLiteral("dvpwa"), SecurityTestsPage::TargetNameRole));
        page->groupByBox()->setCurrentIndex(page->groupByBox()->findText(QStringLiteral("Rule")));
        waitSettled(w);
        QTRY_COMPARE(groups->topLevelItemCount(), 4);
        QStringList rules;
        for (int i = 1; i < 4; ++i)
            rules.append(groups->topLevelItem(i)->text(0) + QLatin1Char('=') + groups->topLevelItem(i)->text(1));
        QCOMPARE(rules, (QStringList{QStringLiteral("B602=1"), QStringLiteral("B303=1"), QStringLiteral("B404=1")}));
        page->groupByBox()->setCurrentIndex(0);
        waitSettled(w);
        QVERIFY(groups->isHidden());
        QTRY_COMPARE(page->model()->rowCount(), 3);
    }

    // Every key that works on a page is taken once (two owners of one key make Qt ignore both),
    // and Help > Keyboard Shortcuts and the user guide list it.
    void everyShortcutOnceAndListed()
    {
        const Database adminDb = consoleDb();
        MainWindow w(adminDb, signIn(adminDb, QStringLiteral("admin")));
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        waitSettled(w);
        QFile guideFile(QStringLiteral(SECREVIEW_FIXTURES "/../../docs/user-guide.md"));
        QVERIFY(guideFile.open(QIODevice::ReadOnly));
        const QString guide = QString::fromUtf8(guideFile.readAll());
        const QString help = keyboardShortcutsText();
        QStringList problems;
        const auto check = [&](const QString &where) {
            QHash<QString, QStringList> owners;
            const auto own = [&](const QKeySequence &keys, const QString &what) {
                if (!keys.isEmpty())
                    owners[keys.toString(QKeySequence::PortableText)].append(what);
            };
            for (QAction *a : w.menuBar()->actions())
                own(QKeySequence::mnemonic(a->text()), QStringLiteral("menu ") + a->text());
            for (QAction *a : w.findChildren<QAction *>())
                if (a->isEnabled())
                    for (const QKeySequence &k : a->shortcuts())
                        own(k, QStringLiteral("action ") + a->text());
            for (QShortcut *sc : w.findChildren<QShortcut *>()) {
                const auto *parent = qobject_cast<QWidget *>(sc->parent());
                if (sc->isEnabled() && sc->context() != Qt::WidgetShortcut && parent && parent->isVisible())
                    own(sc->key(), QStringLiteral("shortcut of ") + QLatin1String(parent->metaObject()->className()));
            }
            for (QAbstractButton *b : w.findChildren<QAbstractButton *>())
                if (b->isVisible())
                    own(b->shortcut(), QStringLiteral("button ") + b->text());
            for (QLabel *l : w.findChildren<QLabel *>())
                if (l->isVisible() && l->buddy())
                    own(QKeySequence::mnemonic(l->text()), QStringLiteral("label ") + l->text());
            for (auto it = owners.cbegin(); it != owners.cend(); ++it) {
                if (it.value().size() > 1)
                    problems.append(QStringLiteral("%1: %2 is taken by %3").arg(where, it.key(), it.value().join(QStringLiteral(", "))));
                // Menus' own letters and Ctrl+1...8 are said as ranges or by the menus themselves.
                const QString key = it.key();
                if (it.value().first().startsWith(QLatin1String("menu ")) || it.value().first().startsWith(QLatin1String("action &")))
                    continue;
                static const QRegularExpression range(QStringLiteral("^(Ctrl|Alt)\\+[1-8]$"));
                if (range.match(key).hasMatch())
                    continue;
                const QString last = key.section(QLatin1Char('+'), -1);
                const bool listed = help.contains(key) ||
                                    help.contains(QRegularExpression(QStringLiteral("%1\\+[A-Z, ]*\\b%2\\b")
                                                                         .arg(QRegularExpression::escape(key.section(QLatin1Char('+'), 0, -2)), last)));
                if (!listed)
                    problems.append(QStringLiteral("%1: %2 (%3) is not in Help > Keyboard Shortcuts").arg(where, key, it.value().join(QStringLiteral(", "))));
                if (!guide.contains(key) && !guide.contains(QRegularExpression(QStringLiteral("%1\\+[A-Z, ]*\\b%2\\b")
                                                                                     .arg(QRegularExpression::escape(key.section(QLatin1Char('+'), 0, -2)), last))))
                    problems.append(QStringLiteral("%1: %2 is not in docs/user-guide.md").arg(where, key));
            }
        };
        check(QStringLiteral("Dashboard"));
        SecurityTestsPage *tests = toSecurityTests(w);
        waitSettled(w);
        check(QStringLiteral("Security Tests"));
        tests->details()->tabs()->setCurrentWidget(tests->triage());
        check(QStringLiteral("Security Tests, Review & Notes tab"));
        for (const QString &page : {QStringLiteral("exemptions"), QStringLiteral("pipelines"), QStringLiteral("scans"),
                                    QStringLiteral("targets"), QStringLiteral("users"), QStringLiteral("audit")}) {
            QVERIFY(w.showPage(page));
            waitSettled(w);
            if (page == QLatin1String("exemptions")) {
                auto *exemptions = w.page<ExemptionsPage>();
                for (int tab = 0; tab < exemptions->tabs()->count(); ++tab) {
                    exemptions->tabs()->setCurrentIndex(tab);
                    check(QStringLiteral("Exemptions tab %1").arg(tab));
                }
            } else {
                check(page);
            }
        }
        for (const QString &p : std::as_const(problems))
            qWarning("%s", qPrintable(p));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.value(0)));
    }

    // Looks: View > Theme switches the palette (and is kept); a severity chip keeps its colours.
    void themeFromTheViewMenu()
    {
        const Database bobDb = consoleDb();
        MainWindow w(bobDb, signIn(bobDb, QStringLiteral("bob")));
        w.show();
        waitSettled(w);
        auto *dark = w.findChild<QAction *>(QStringLiteral("theme-dark"));
        QVERIFY(dark);
        dark->trigger();
        QVERIFY(isDarkPalette());
        QCOMPARE(QSettings().value(QStringLiteral("view/theme")).toString(), QStringLiteral("dark"));
        waitSettled(w);
        // Status colours are lifted to read on the dark window.
        QVERIFY(readable(QColor(0xb0, 0x1e, 0x2d)).lightness() >= 170);
        w.findChild<QAction *>(QStringLiteral("theme-light"))->trigger();
        QVERIFY(!isDarkPalette());
        QCOMPARE(readable(QColor(0xb0, 0x1e, 0x2d)), QColor(0xb0, 0x1e, 0x2d));
        QCOMPARE(savedTheme(), Theme::Light);
    }

    // High-DPI: the console's icons are drawn for the device pixel ratio they are shown at, so
    // a severity dot at 2x or 3x is rendered at 32 or 48 device pixels, sharp, not a 24-pixel
    // drawing blown up.
    void iconsSharpAtHighDpi()
    {
        const Database bobDb = consoleDb();
        MainWindow w(bobDb, signIn(bobDb, QStringLiteral("bob")));
        w.show();
        waitSettled(w);
        auto *critical = w.findChild<QToolButton *>(QStringLiteral("toggle-critical"));
        QVERIFY(critical);
        const QIcon icon = critical->icon();
        for (const qreal ratio : {1.0, 2.0, 3.0}) {
            const QPixmap pm = icon.pixmap(QSize(16, 16), ratio);
            const int side = qRound(16 * ratio);
            QCOMPARE(pm.size(), QSize(side, side));
            QCOMPARE(pm.devicePixelRatio(), ratio);
            const QImage image = pm.toImage();
            QCOMPARE(image.pixelColor(side / 2, side / 2).rgb(), SeverityStyle::fill(Severity::Critical).rgb());
            QCOMPARE(image.pixelColor(0, 0).alpha(), 0);
            // The disc's edge is drawn at this resolution: at most a 2-device-pixel soft ring.
            int partial = 0;
            for (int x = 0; x < side; ++x) {
                const int a = image.pixelColor(x, side / 2).alpha();
                partial += a > 0 && a < 255;
            }
            QVERIFY2(partial <= 4, qPrintable(QStringLiteral("%1 soft pixels at %2x").arg(partial).arg(ratio)));
        }
    }
};

QTEST_MAIN(TestTriage)

#include "tst_triage.moc"
