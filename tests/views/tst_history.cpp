// The console's Dashboard (issue 16): the first page, its charts (hover, click), its lists (and
// where activating a row goes), the scope chooser from the keyboard, light and dark palettes,
// and one scan's issues on the Security Tests page. Real widgets offscreen on the demo (its
// tutorial executions ran on three days), on a file or on a team server.
#include "model/core/Clock.h"
#include "model/demo/DemoDatabase.h"
#include "model/exemptions/ExemptionWorkflow.h"
#include "model/report/Dashboard.h"
#include "model/scans/Catalog.h"
#include "model/scans/IssueQuery.h"
#include "model/store/AuditLog.h"
#include "model/users/UserDirectory.h"
#include "tests/TestSupport.h"
#include "tests/cli/CliHarness.h"
#include "tests/team/TeamServer.h"
#include "views/common/SeverityStyle.h"
#include "views/common/Theme.h"
#include "views/exemptions/ExemptionTableModel.h"
#include "views/exemptions/ExemptionsPage.h"
#include "views/history/DashboardPage.h"
#include "views/history/ScanTableModel.h"
#include "views/history/ScansPage.h"
#include "views/history/TrendCharts.h"
#include "views/issues/IssueTableModel.h"
#include "views/issues/SecurityTestsPage.h"
#include "views/shell/MainWindow.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <optional>

using namespace secreview;
using namespace secreview::views;

class TestHistory : public QObject
{
    Q_OBJECT

    QTemporaryDir dir;
    QTemporaryDir settingsDir;
    std::optional<Database> db;
    std::optional<secreview::test::TeamServer> server;
    std::optional<Session> bob;

    void waitSettled(MainWindow &w) { QTRY_VERIFY_WITH_TIMEOUT(w.isSettled(), 20000); }
    void showSettled(MainWindow &w)
    {
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        waitSettled(w);
    }
    static QList<qreal> values(const QBarSet *set)
    {
        QList<qreal> out;
        for (int i = 0; i < set->count(); ++i)
            out.append(set->at(i));
        return out;
    }
    static QString setNamed(const TrendChart *chart, const QString &label, QList<qreal> *values)
    {
        for (const QBarSet *set : chart->barSets()) {
            if (set->label() == label) {
                *values = TestHistory::values(set);
                return label;
            }
        }
        return {};
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
        bob = UserDirectory(*db).authenticate(QStringLiteral("bob"), QStringLiteral("bob-demo-pass"));
    }

    void cleanup()
    {
        applyTheme(Theme::System);
        bob.reset();
        db.reset();
        if (server)
            server->drop();
        server.reset();
    }

    // The console opens on the Dashboard: every target's main line (dvpwa's baseline main, the
    // image's latest tag 43) day by day, the riskiest target, the oldest open Critical, the
    // pending request; the numbers are the model's and the charts draw them.
    void opensOnTheDashboard()
    {
        MainWindow w(*db, *bob);
        showSettled(w);
        QCOMPARE(w.currentPageKey(), QStringLiteral("dashboard"));
        auto *page = w.page<DashboardPage>();
        QVERIFY(page->isVisible());
        QCOMPARE(page->targetBox()->currentIndex(), 0);
        QVERIFY(!page->variantBox()->isEnabled());

        // Two days with main-line scans: dvpwa main (3 days ago), and the image's tag 43 (yesterday).
        const QList<TrendPoint> &trend = page->data().trend;
        QCOMPARE(trend.size(), 2);
        QVERIFY(trend.at(0).day && trend.at(1).day);
        QCOMPARE(*trend.at(0).day, Clock::now().toUTC().date().addDays(-3));
        QCOMPARE(*trend.at(1).day, Clock::now().toUTC().date().addDays(-1));
        QList<qreal> critical, medium, added;
        QCOMPARE(setNamed(page->severityChart(), QStringLiteral("Critical"), &critical), QStringLiteral("Critical"));
        QCOMPARE(setNamed(page->severityChart(), QStringLiteral("Medium"), &medium), QStringLiteral("Medium"));
        QCOMPARE(critical, (QList<qreal>{0, 1}));
        QCOMPARE(medium, (QList<qreal>{1, 4})); // the day's end: dvpwa main's one and the image's three
        QCOMPARE(setNamed(page->flowChart(), QStringLiteral("New"), &added), QStringLiteral("New"));
        QCOMPARE(added, (QList<qreal>{1, 5}));
        QVERIFY2(page->headline()->text().startsWith(QLatin1String("Open now: 1 Critical, 1 High.")),
                 qPrintable(page->headline()->text()));
        QVERIFY(page->headline()->text().contains(QLatin1String("1 waiting for a decision, 0 running out within 7 days")));

        QCOMPARE(page->riskTable()->rowCount(), 1);
        QCOMPARE(page->riskTable()->item(0, 0)->text(), QStringLiteral("sto-tutorial-test-private  (43)"));
        QCOMPARE(page->riskTable()->item(0, 1)->text(), QStringLiteral("1"));
        QCOMPARE(page->riskTable()->item(0, 2)->text(), QStringLiteral("1"));
        QCOMPARE(page->oldestTable()->rowCount(), 1);
        QVERIFY(page->oldestTable()->item(0, 1)->text().startsWith(QLatin1String("libbz2")));
        QCOMPARE(page->oldestTable()->item(0, 4)->text(), QStringLiteral("1 d"));
        QCOMPARE(page->exemptionTree()->topLevelItemCount(), 2);
        QCOMPARE(page->exemptionTree()->topLevelItem(0)->childCount(), 1);
        QVERIFY(page->exemptionTree()->topLevelItem(0)->child(0)->text(0).contains(QLatin1String("subprocess_popen")));
        QCOMPARE(page->exemptionTree()->topLevelItem(1)->childCount(), 0);
    }

    // Alt+T and Alt+R choose a target and variant from the keyboard: dvpwa's branch DEMO-001,
    // its two scans one bar each; hovering a bar says its numbers, clicking it shows that scan's
    // issues on the Security Tests page until "Latest scans" (Alt+L).
    void oneVariantScanByScan()
    {
        MainWindow w(*db, *bob);
        showSettled(w);
        auto *page = w.page<DashboardPage>();
        QTest::keyClick(&w, Qt::Key_T, Qt::AltModifier);
        QTRY_VERIFY(page->targetBox()->hasFocus());
        QTest::keyClick(page->targetBox(), Qt::Key_Down);
        QCOMPARE(page->targetBox()->currentText(), QStringLiteral("dvpwa"));
        waitSettled(w);
        QVERIFY(page->variantBox()->isEnabled());
        QCOMPARE(page->variantBox()->itemText(0), QStringLiteral("main")); // its main line first
        QCOMPARE(page->data().trend.size(), 1);
        QTest::keyClick(&w, Qt::Key_R, Qt::AltModifier);
        QTRY_VERIFY(page->variantBox()->hasFocus());
        QTest::keyClick(page->variantBox(), Qt::Key_Down);
        QCOMPARE(page->variantBox()->currentText(), QStringLiteral("DEMO-001"));
        waitSettled(w);
        const QList<TrendPoint> trend = page->data().trend;
        QCOMPARE(trend.size(), 2);
        QVERIFY(!trend.at(0).day); // one point per scan
        QCOMPARE(page->headline()->text().left(30), QStringLiteral("Open now: 1 Critical, 0 High. "));
        QList<qreal> critical;
        setNamed(page->severityChart(), QStringLiteral("Critical"), &critical);
        QCOMPARE(critical, (QList<qreal>{1, 1}));
        QCOMPARE(page->oldestTable()->rowCount(), 1);
        QCOMPARE(page->oldestTable()->item(0, 4)->text(), QStringLiteral("2 d")); // since the branch's first scan

        // Hovering the second bar: its numbers.
        TrendChart *chart = page->severityChart();
        QTest::mouseMove(chart->viewport(), chart->barCentre(1));
        QTRY_VERIFY2(chart->hoverText().startsWith(QStringLiteral("Scan #%1, Bandit, dvpwa DEMO-001").arg(trend.at(1).scan)),
                     qPrintable(chart->hoverText()));
        QVERIFY(chart->hoverText().contains(QLatin1String("Critical 1, High 0, Medium 1, Low 1, Info 0")));
        // Clicking the first: the Security Tests page on that scan alone.
        QTest::mouseClick(chart->viewport(), Qt::LeftButton, {}, chart->barCentre(0));
        QTRY_COMPARE(w.currentPageKey(), QStringLiteral("security-tests"));
        waitSettled(w);
        auto *issues = w.page<SecurityTestsPage>();
        QCOMPARE(issues->shownScan(), std::optional<qint64>(trend.at(0).scan));
        QCOMPARE(issues->variantBox()->currentText(), QStringLiteral("DEMO-001"));
        QVERIFY(issues->latestScansButton()->isVisible());
        QTRY_COMPARE(issues->model()->rowCount(), 3);
        QCOMPARE(issues->model()->rowAt(0)->scanId, trend.at(0).scan);
        // A refresh (someone else's change) keeps that scan shown.
        issues->databaseChanged();
        waitSettled(w);
        QCOMPARE(issues->shownScan(), std::optional<qint64>(trend.at(0).scan));
        QCOMPARE(issues->model()->rowAt(0)->scanId, trend.at(0).scan);
        // Alt+L: the variant's latest scans again.
        QTest::keyClick(&w, Qt::Key_L, Qt::AltModifier); // a button's mnemonic clicks it a moment later
        QTRY_VERIFY(!issues->shownScan());
        waitSettled(w);
        QVERIFY(!issues->latestScansButton()->isVisible());
        QTRY_COMPARE(issues->model()->rowAt(0)->scanId, trend.at(1).scan);
    }

    // Enter on a row goes where it is worked on: the riskiest target's issues, the request.
    void rowsOpenWhereTheyAreWorkedOn()
    {
        MainWindow w(*db, *bob);
        showSettled(w);
        auto *page = w.page<DashboardPage>();
        page->riskTable()->setFocus();
        page->riskTable()->setCurrentCell(0, 0);
        QTest::keyClick(page->riskTable(), Qt::Key_Return);
        QTRY_COMPARE(w.currentPageKey(), QStringLiteral("security-tests"));
        waitSettled(w);
        auto *issues = w.page<SecurityTestsPage>();
        QCOMPARE(issues->targetBox()->currentData(SecurityTestsPage::TargetNameRole).toString(),
                 QStringLiteral("sto-tutorial-test-private"));
        QCOMPARE(issues->variantBox()->currentText(), QStringLiteral("43"));
        QVERIFY(!issues->shownScan());

        QTest::keyClick(&w, Qt::Key_1, Qt::ControlModifier);
        QTRY_COMPARE(w.currentPageKey(), QStringLiteral("dashboard"));
        QTreeWidget *tree = page->exemptionTree();
        tree->setFocus();
        tree->setCurrentItem(tree->topLevelItem(0)->child(0));
        QTest::keyClick(tree, Qt::Key_Return);
        QTRY_COMPARE(w.currentPageKey(), QStringLiteral("exemptions"));
        waitSettled(w);
        ExemptionsPage *exemptions = w.page<ExemptionsPage>();
        const QModelIndexList chosen = exemptions->table()->selectionModel()->selectedRows();
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(exemptions->model()->at(chosen.first().row()).id, page->data().pending.first().id);
    }

    // The charts take the palette's colours (readable on dark and on light) and keep the
    // severities' own.
    void chartsFollowThePalette()
    {
        MainWindow w(*db, *bob);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        waitSettled(w);
        TrendChart *chart = w.page<DashboardPage>()->severityChart();
        for (Theme theme : {Theme::Dark, Theme::Light}) {
            applyTheme(theme);
            QTRY_COMPARE(chart->chart()->backgroundBrush().color(), chart->palette().base().color());
            const QColor text = chart->chart()->titleBrush().color();
            const QColor background = chart->chart()->backgroundBrush().color();
            QVERIFY2(qAbs(text.lightness() - background.lightness()) > 120,
                     qPrintable(QStringLiteral("%1 on %2").arg(text.name(), background.name())));
            for (QAbstractAxis *axis : chart->chart()->axes())
                QCOMPARE(axis->labelsBrush().color(), text);
            QCOMPARE(chart->barSets().first()->color(), SeverityStyle::fill(Severity::Critical));
        }
    }

    // SecOps delete a scan on the Scans page (Ctrl+5): Ctrl+Shift+D asks first (Esc keeps it),
    // Yes deletes it, audited, and the page and the status bar say so; a developer's button is
    // disabled and says why.
    void scansPageDeletesAScan()
    {
        MainWindow w(*db, *bob);
        showSettled(w);
        QTest::keyClick(&w, Qt::Key_5, Qt::ControlModifier);
        QTRY_COMPARE(w.currentPageKey(), QStringLiteral("scans"));
        auto *page = w.page<ScansPage>();
        waitSettled(w);
        const int before = page->model()->rowCount();
        QCOMPARE(before, 5);
        // The DEMO-001 branch's second Bandit scan (execution 43).
        int row = -1;
        for (int r = 0; r < page->model()->rowCount(); ++r) {
            const ScanSummary &s = page->model()->at(r);
            if (s.scan.variant == QLatin1String("DEMO-001") && s.scan.execution == 43)
                row = r;
        }
        QVERIFY(row >= 0);
        const qint64 id = page->model()->at(row).scan.id;
        QVERIFY(!page->deleteButton()->isEnabled()); // nothing selected yet
        page->table()->setFocus();
        page->table()->selectRow(row);
        QVERIFY(page->deleteButton()->isEnabled());
        const auto shown = [&w]() -> QMessageBox * {
            for (QMessageBox *box : w.findChildren<QMessageBox *>()) {
                if (box->isVisible())
                    return box;
            }
            return nullptr;
        };
        const auto confirmation = [&shown]() -> QMessageBox * {
            [&] { QTRY_VERIFY(shown()); }();
            return shown();
        };
        QTest::keyClick(&w, Qt::Key_D, Qt::ControlModifier | Qt::ShiftModifier);
        QMessageBox *ask = confirmation();
        QVERIFY(ask);
        QVERIFY2(ask->text().contains(QStringLiteral("scan %1").arg(id)), qPrintable(ask->text()));
        QTest::keyClick(ask, Qt::Key_Escape); // kept
        QTRY_VERIFY(!shown());
        waitSettled(w);
        QCOMPARE(page->model()->rowCount(), before);
        QCOMPARE(int(Catalog(*db).scans().size()), before);
        w.activateWindow(); // the offscreen platform gives the window back no activation of its own
        QVERIFY(QTest::qWaitForWindowActive(&w));

        QTest::keyClick(&w, Qt::Key_D, Qt::ControlModifier | Qt::ShiftModifier);
        ask = confirmation();
        QVERIFY(ask);
        QTest::mouseClick(ask->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_COMPARE(page->model()->rowCount(), before - 1);
        waitSettled(w);
        for (int r = 0; r < page->model()->rowCount(); ++r)
            QVERIFY(page->model()->at(r).scan.id != id);
        AuditFilter last;
        last.limit = 1;
        const AuditEntry entry = AuditLog(*db).find(last).first();
        QCOMPARE(entry.action, QStringLiteral("scan.delete"));
        QCOMPARE(entry.objectId, QString::number(id));
        QVERIFY2(w.statusLabel()->text().startsWith(QStringLiteral("Deleted scan %1").arg(id)), qPrintable(w.statusLabel()->text()));

        // alice may not.
        const Database aliceDb = server ? Database::open(server->location()) : *db;
        const Session alice = UserDirectory(aliceDb).authenticate(QStringLiteral("alice"), QStringLiteral("alice-demo-pass"));
        ScansPage asAlice(aliceDb, alice);
        QSignalSpy settled(&asAlice, &Page::settled);
        asAlice.reload();
        QTRY_VERIFY(asAlice.isSettled() && settled.count() > 0);
        asAlice.table()->selectRow(0);
        QVERIFY(!asAlice.deleteButton()->isEnabled());
        QVERIFY(asAlice.deleteButton()->toolTip().contains(QLatin1String("SecOps")));
    }

    // The figures themselves, from the model, as time goes by: an approval running out within
    // a week is listed, then not once it has run out.
    void expiringExemptions()
    {
        const Dashboard dashboard(*db);
        const DashboardData before = dashboard.read({});
        QCOMPARE(before.pending.size(), 1);
        QCOMPARE(before.expiring.size(), 0);
        const qint64 id = before.pending.first().id;
        ExemptionWorkflow(*db).approve(*bob, id, QStringLiteral("for the tutorial"));
        // A month's approval is not running out this week.
        // alice on a connection of her own (on a team server, her login).
        const Database aliceDb = server ? Database::open(server->location()) : *db;
        const Session alice = UserDirectory(aliceDb).authenticate(QStringLiteral("alice"), QStringLiteral("alice-demo-pass"));
        IssueFilter b303;
        b303.search = QStringLiteral("B303");
        const IssueQuery query(*db);
        const QList<IssueRow> rows = query.list(query.scopeForVariant(Catalog(*db).target(QStringLiteral("dvpwa")).id,
                                                                      QStringLiteral("DEMO-001")), b303);
        QCOMPARE(rows.size(), 1);
        ExemptionRequest month;
        month.issueId = rows.first().id;
        month.duration = *ExemptionDuration::parse(QStringLiteral("30d"));
        month.description = QStringLiteral("a month");
        const qint64 monthId = ExemptionWorkflow(aliceDb).request(alice, month).id;
        ExemptionWorkflow(*db).approve(*bob, monthId, QStringLiteral("ok"));
        const DashboardData approved = dashboard.read({});
        QCOMPARE(approved.pending.size(), 0);
        QCOMPARE(approved.expiring.size(), 1); // 7 days from now: within the week; 30 days: not
        QCOMPARE(approved.expiring.first().id, id);
        Clock::setOverride(Clock::now().addDays(8));
        const DashboardData later = dashboard.read({});
        Clock::setOverride({});
        QCOMPARE(later.expiring.size(), 0); // ran out: expired, no longer "running out"
    }
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    TestHistory suite;
    return QTest::qExec(&suite, argc, argv);
}

#include "tst_history.moc"
