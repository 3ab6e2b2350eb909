// The tutorial's numbers (SPEC sections 2-3), baselines, the exemption workflow by role, expiry
// with an injected clock, scopes, and the audit chain.
#include "model/audit/AuditVerification.h"
#include "model/core/Clock.h"
#include "model/core/Error.h"
#include "model/exemptions/ExemptionPolicyStore.h"
#include "model/exemptions/ExemptionWorkflow.h"
#include "model/exemptions/GateRun.h"
#include "model/scans/Catalog.h"
#include "model/scans/Gate.h"
#include "model/scans/IssueQuery.h"
#include "model/scans/ScanHistory.h"
#include "model/scans/ScanImporter.h"
#include "model/store/AuditLog.h"
#include "model/store/Maintenance.h"
#include "model/triage/IssueTriage.h"
#include "tests/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

using namespace secreview;
using namespace secreview::test;

namespace {
QString demoFile(const QString &variant)
{
    return fixture(QStringLiteral("../../resources/demo/dvpwa-%1.bandit.json").arg(variant));
}
} // namespace

class TestWorkflow : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> t;
    qint64 dvpwa = 0;

    ImportResult import(const QString &file, const QString &target, const QString &variant,
                        const QString &project = {})
    {
        ImportRequest r;
        r.path = file;
        r.target = target;
        r.variant = variant;
        r.project = project;
        return ScanImporter(*t->db).import(t->alice, r);
    }

    GateResult gate(const QString &threshold, const QString &variant = QStringLiteral("DEMO-001"))
    {
        const IssueQuery q(*t->db);
        return Gate::evaluate(q, q.scopeForVariant(dvpwa, variant), threshold);
    }

    qint64 issueId(const QString &key, const QString &variant = QStringLiteral("DEMO-001"))
    {
        const IssueQuery q(*t->db);
        for (const IssueRow &r : q.list(q.scopeForVariant(dvpwa, variant), {}))
            if (r.key == key)
                return r.id;
        return 0;
    }

    // DEMO-001's report with B602 at another Bandit severity, written in the test's folder; empty
    // when it could not be.
    QString demoWithB602At(const QString &severity)
    {
        QFile in(demoFile(QStringLiteral("DEMO-001")));
        if (!in.open(QIODevice::ReadOnly))
            return {};
        QJsonObject report = QJsonDocument::fromJson(in.readAll()).object();
        QJsonArray results = report.value(QStringLiteral("results")).toArray();
        for (qsizetype i = 0; i < results.size(); ++i) {
            QJsonObject r = results.at(i).toObject();
            if (r.value(QStringLiteral("test_id")).toString() == QLatin1String("B602"))
                r.insert(QStringLiteral("issue_severity"), severity);
            results.replace(i, r);
        }
        report.insert(QStringLiteral("results"), results);
        QFile out(t->dir.filePath(QStringLiteral("DEMO-001-B602-%1.json").arg(severity)));
        if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(report).toJson()) <= 0)
            return {};
        return out.fileName();
    }

    qint64 requestB602(const Session &who, ExemptionScope scope = ExemptionScope::Target,
                       const QString &duration = QStringLiteral("7d"))
    {
        ExemptionRequest r;
        r.issueId = issueId(QStringLiteral("B602"));
        r.scope = scope;
        r.duration = *ExemptionDuration::parse(duration);
        r.reason = ExemptionReason::Other;
        r.description = QStringLiteral("Tutorial example pipeline, not for use in QA or Prod environments");
        return ExemptionWorkflow(*t->db).request(who, r).id;
    }

    static void countsAgreeWithRows(const IssueQuery &q, const IssueScope &scope)
    {
        const QList<IssueRow> rows = q.list(scope, {}); // every row, exempted or not
        SeverityCounts counts;
        OutputVariables vars;
        for (const IssueRow &r : rows) {
            const size_t s = size_t(r.severity);
            if (r.exemption == ExemptionStatus::Approved) {
                ++counts.exempted;
                ++vars.ignored;
                continue;
            }
            ++counts.notExempted[s];
            ++vars.bySeverity[s];
            if (r.category == IssueCategory::New)
                ++vars.newBySeverity[s];
        }
        const SeverityCounts read = q.severityCounts(scope, {});
        QCOMPARE(read.notExempted, counts.notExempted);
        QCOMPARE(read.exempted, counts.exempted);
        QCOMPARE(q.outputVariables(scope).named(), vars.named());
        const QList<QList<Severity>> severityChoices{{}, {Severity::Critical}, {Severity::Medium, Severity::Low}};
        const QList<std::optional<IssueCategory>> categories{std::nullopt, IssueCategory::New, IssueCategory::Common};
        for (ExemptedFilter exempted : {ExemptedFilter::Hide, ExemptedFilter::Show, ExemptedFilter::Only}) {
            for (const QList<Severity> &severities : severityChoices) {
                for (const std::optional<IssueCategory> &category : categories) {
                    IssueFilter f;
                    f.exempted = exempted;
                    f.severities = severities;
                    f.category = category;
                    QCOMPARE(q.count(scope, f), int(q.list(scope, f).size()));
                    if (severities.isEmpty() && !category && exempted != ExemptedFilter::Only)
                        severityOrderPagesAgree(q, scope, f);
                }
            }
        }
        IssueFilter searched; // not plain: only the first page is read a severity at a time
        searched.search = QStringLiteral("e");
        severityOrderPagesAgree(q, scope, searched);
        // Not plain either: the counts of a search (or a triage filter) come from the rows, the
        // exempted counted from the exemptions apart and taken away; the rows say the same.
        IssueFilter reviewed;
        reviewed.reviewed = false;
        for (IssueFilter f : {searched, reviewed}) {
            f.exempted = ExemptedFilter::Show;
            SeverityCounts expected;
            for (const IssueRow &r : q.list(scope, f)) {
                if (r.exemption == ExemptionStatus::Approved)
                    ++expected.exempted;
                else
                    ++expected.notExempted[size_t(r.severity)];
            }
            const SeverityCounts counted = q.severityCounts(scope, f);
            QCOMPARE(counted.notExempted, expected.notExempted);
            QCOMPARE(counted.exempted, expected.exempted);
            for (ExemptedFilter exempted :
                 {ExemptedFilter::Hide, ExemptedFilter::Show, ExemptedFilter::Only}) {
                f.exempted = exempted;
                for (const QList<Severity> &severities : severityChoices) {
                    f.severities = severities;
                    for (bool gone : {false, true}) { // the remediated rows read no exemption
                        f.withRemediated = gone;
                        QCOMPARE(q.count(scope, f), int(q.list(scope, f).size()));
                    }
                    f.withRemediated = false;
                }
            }
        }
    }

    // The (issue, scan) keys of the list read a page of pageSize rows after another.
    static QList<std::pair<qint64, qint64>> pagedKeys(const IssueQuery &q, const IssueScope &scope,
                                                      const IssueFilter &f, const IssueSort &sort, int pageSize)
    {
        QList<std::pair<qint64, qint64>> out;
        for (int offset = 0;; offset += pageSize) {
            const QList<IssueRow> rows = q.list(scope, f, sort, offset, pageSize);
            for (const IssueRow &r : rows)
                out.append({r.id, r.scanId});
            if (rows.size() < pageSize)
                return out;
        }
    }

    // A page is chosen by its sort key and then read whole (decision 77): for every column and
    // direction, the pages one after another are the whole list, which is one query.
    static void pagesAgreeWithTheWholeList(const IssueQuery &q, const IssueScope &scope, const IssueFilter &f)
    {
        for (int column = 0; column <= int(IssueSortColumn::Id); ++column) {
            for (bool descending : {true, false}) {
                const IssueSort sort{IssueSortColumn(column), descending};
                QList<std::pair<qint64, qint64>> expected;
                for (const IssueRow &r : q.list(scope, f, sort))
                    expected.append({r.id, r.scanId});
                QCOMPARE(pagedKeys(q, scope, f, sort, 3), expected);
            }
        }
    }

    // The severity order is read a severity at a time (decision 76), a page of it by walking the
    // title index when it can (decision 80): the whole list and every page of it, both
    // directions, are the order one query gives (severity, then title, id and scan ascending;
    // titles here are ASCII, so QString's order is SQL's).
    static void severityOrderPagesAgree(const IssueQuery &q, const IssueScope &scope, const IssueFilter &f)
    {
        for (bool descending : {true, false}) {
            const IssueSort sort{IssueSortColumn::Severity, descending};
            QList<IssueRow> expected = q.list(scope, f, {IssueSortColumn::Id, false});
            std::stable_sort(expected.begin(), expected.end(), [descending](const IssueRow &a, const IssueRow &b) {
                if (a.severity != b.severity)
                    return descending ? a.severity > b.severity : a.severity < b.severity;
                return a.title < b.title;
            });
            const auto keys = [](const QList<IssueRow> &rows) {
                QList<std::pair<qint64, qint64>> out;
                for (const IssueRow &r : rows)
                    out.append({r.id, r.scanId});
                return out;
            };
            QCOMPARE(keys(q.list(scope, f, sort)), keys(expected));
            for (int page : {1, 3})
                QCOMPARE(pagedKeys(q, scope, f, sort, page), keys(expected));
        }
    }

    int variable(const GateResult &g, const QString &name)
    {
        for (const auto &[n, v] : g.variables.named())
            if (n == name)
                return v;
        return -1;
    }

private slots:
    void init()
    {
        Clock::setOverride({});
        t = TestDatabase::create();
        import(demoFile(QStringLiteral("main")), QStringLiteral("dvpwa"), QStringLiteral("main"));
        dvpwa = Catalog(*t->db).target(QStringLiteral("dvpwa")).id;
        Catalog(*t->db).setBaseline(t->bob, dvpwa, {QStringLiteral("main"), {}});
        import(demoFile(QStringLiteral("DEMO-001")), QStringLiteral("dvpwa"), QStringLiteral("DEMO-001"));
    }
    // Whatever a test left (exemptions of every scope and state, expired at the test's clock,
    // occurrence-level ones, baselines): the counts read without building rows (the gate, the
    // toggles, a toggle's count) agree with the rows themselves, for every scope the test made;
    // and over all of them, the pages of every sort are the whole list.
    void cleanup()
    {
        if (!QTest::currentTestFailed() && t) {
            const IssueQuery q(*t->db);
            QList<IssueScope> scopes{q.scopeForAll()};
            for (const QString &variant : Catalog(*t->db).variants(dvpwa))
                scopes.append(q.scopeForVariant(dvpwa, variant));
            IssueFilter searched;
            searched.search = QStringLiteral("e");
            pagesAgreeWithTheWholeList(q, scopes.first(), {});
            pagesAgreeWithTheWholeList(q, scopes.first(), searched);
            for (IssueScope scope : std::as_const(scopes)) {
                countsAgreeWithRows(q, scope);
                scope.pipeline = QStringLiteral("tutorial"); // pipeline-scoped exemptions apply too
                countsAgreeWithRows(q, scope);
            }
        }
        Clock::setOverride({});
    }

    // A search's first page in the order of a column of few values is read a value at a time
    // (decision 95); the remediated issues listed with it are no such value's and are sorted with
    // the rest. Here the branch lacks issues of the baseline's (B602 among them).
    void pagesOfASearchWithRemediatedIssues()
    {
        import(demoFile(QStringLiteral("DEMO-001")), QStringLiteral("other"), QStringLiteral("main"));
        const qint64 other = Catalog(*t->db).target(QStringLiteral("other")).id;
        Catalog(*t->db).setBaseline(t->bob, other, {QStringLiteral("main"), {}});
        import(demoFile(QStringLiteral("main")), QStringLiteral("other"), QStringLiteral("feature"));
        const IssueQuery q(*t->db);
        const IssueScope scope = q.scopeForVariant(other, QStringLiteral("feature"));
        IssueFilter gone;
        gone.search = QStringLiteral("e");
        gone.category = IssueCategory::Remediated;
        QVERIFY(q.count(scope, gone) > 0);
        IssueFilter searched;
        searched.search = QStringLiteral("e");
        searched.withRemediated = true;
        pagesAgreeWithTheWholeList(q, scope, searched);
    }

    void tutorialGate()
    {
        const GateResult g = gate(QStringLiteral("critical"));
        QVERIFY(!g.passed);
        QCOMPARE(
            g.message,
            QStringLiteral(
                "Exited with message: fail_on_severity is set to critical and that threshold was reached."));
        QCOMPARE(variable(g, QStringLiteral("CRITICAL")), 1);
        QCOMPARE(variable(g, QStringLiteral("HIGH")), 0);
        QCOMPARE(variable(g, QStringLiteral("MEDIUM")), 1);
        QCOMPARE(variable(g, QStringLiteral("LOW")), 1);
        QCOMPARE(variable(g, QStringLiteral("INFO")), 0);
        QCOMPARE(variable(g, QStringLiteral("TOTAL")), 3);
        QCOMPARE(variable(g, QStringLiteral("IGNORED")), 0);
        QCOMPARE(variable(g, QStringLiteral("NEW_CRITICAL")), 1);
        QCOMPARE(variable(g, QStringLiteral("NEW_MEDIUM")), 0); // B303 is in main too: common
        QCOMPARE(variable(g, QStringLiteral("NEW_LOW")), 1);
        QCOMPARE(variable(g, QStringLiteral("NEW_TOTAL")), 2);
    }

    void thresholds_data()
    {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<QString>("threshold");
        QTest::addColumn<bool>("passes");
        QTest::newRow("branch critical") << "DEMO-001"
                                         << "critical" << false;
        QTest::newRow("branch high") << "DEMO-001"
                                     << "high" << false;
        QTest::newRow("branch low") << "DEMO-001"
                                    << "low" << false;
        QTest::newRow("branch none") << "DEMO-001"
                                     << "none" << true;
        QTest::newRow("main critical") << "main"
                                       << "critical" << true;
        QTest::newRow("main high") << "main"
                                   << "high" << true;
        QTest::newRow("main medium") << "main"
                                     << "medium" << false;
        QTest::newRow("main info") << "main"
                                   << "info" << false;
    }
    void thresholds()
    {
        QFETCH(QString, variant);
        QFETCH(QString, threshold);
        QFETCH(bool, passes);
        QCOMPARE(gate(threshold, variant).passed, passes);
    }

    void gateFailsClosed()
    {
        const IssueQuery q(*t->db);
        expectError(ErrorKind::NotFound, [&] {
            Gate::evaluate(q, q.scopeForVariant(dvpwa, QStringLiteral("typo")), QStringLiteral("critical"));
        });
        expectError(ErrorKind::Usage, [&] { gate(QStringLiteral("severe")); });
    }

    void firstScanIsAllNew()
    {
        // main is the baseline and has no earlier scan: its issue is new.
        const GateResult g = gate(QStringLiteral("none"), QStringLiteral("main"));
        QCOMPARE(variable(g, QStringLiteral("NEW_TOTAL")), 1);
        // A second scan of main compares with the previous one: nothing new.
        import(demoFile(QStringLiteral("main")), QStringLiteral("dvpwa"), QStringLiteral("main"));
        QCOMPARE(variable(gate(QStringLiteral("none"), QStringLiteral("main")), QStringLiteral("NEW_TOTAL")),
                 0);
    }

    // A trend per day (issue 16): each day's end holds the latest scan of every target, variant
    // and scanner so far (a scanner that did not run that day still counts); new and remediated
    // add up over the day's scans. More than kTrendPerDayAbove scans make days by themselves.
    void trendPerDay()
    {
        const auto scan = [](qint64 id, qint64 target, const QString &scanner, const QString &at,
                             std::array<int, 5> counts, int added, int fixed) {
            ScanSummary s;
            s.scan.id = id;
            s.scan.targetId = target;
            s.scan.target = QStringLiteral("t%1").arg(target);
            s.scan.variant = QStringLiteral("main");
            s.scan.scanner = scanner;
            s.scan.importedAt = QDateTime::fromString(at, Qt::ISODate);
            s.counts = counts;
            s.open = counts;
            s.newIssues = added;
            s.remediated = fixed;
            return s;
        };
        using A = std::array<int, 5>; // by int(Severity): info, low, medium, high, critical
        const QList<ScanSummary> scans{
            scan(4, 1, QStringLiteral("Bandit"), QStringLiteral("2026-11-03T09:00:00Z"), A{0, 0, 1, 0, 0}, 0, 2),
            scan(1, 1, QStringLiteral("Bandit"), QStringLiteral("2026-11-01T09:00:00Z"), A{0, 0, 3, 0, 0}, 3, 0),
            scan(2, 1, QStringLiteral("Trivy"), QStringLiteral("2026-11-01T23:59:59Z"), A{0, 0, 0, 1, 1}, 2, 0),
            scan(3, 1, QStringLiteral("Bandit"), QStringLiteral("2026-11-02T00:00:00Z"), A{0, 0, 2, 0, 0}, 0, 1),
        };
        const QList<TrendPoint> perScan = ScanHistory::trendOf(scans, TrendGrouping::Automatic);
        QCOMPARE(perScan.size(), 4);
        QCOMPARE(perScan.at(0).scan, 1); // oldest first, whatever the order given
        QCOMPARE(perScan.at(3).scan, 4);
        QVERIFY(!perScan.at(0).day);
        QCOMPARE(perScan.at(2).counts, (A{0, 0, 2, 0, 0})); // per scan: the scan's own issues
        const QList<TrendPoint> days = ScanHistory::trendOf(scans, TrendGrouping::PerDay);
        QCOMPARE(days.size(), 3);
        QCOMPARE(*days.at(0).day, QDate(2026, 11, 1));
        QCOMPARE(days.at(0).scans, 2);
        QCOMPARE(days.at(0).scan, 2);
        QCOMPARE(days.at(0).counts, (A{0, 0, 3, 1, 1})); // Bandit's 3 Medium and Trivy's High and Critical
        QCOMPARE(days.at(0).newIssues, 5);
        QCOMPARE(days.at(0).scanner, QStringLiteral("Bandit, Trivy"));
        QCOMPARE(*days.at(1).day, QDate(2026, 11, 2)); // midnight UTC is the next day
        QCOMPARE(days.at(1).counts, (A{0, 0, 2, 1, 1})); // Trivy did not run: its scan still counts
        QCOMPARE(days.at(1).remediated, 1);
        QCOMPARE(days.at(2).counts, (A{0, 0, 1, 1, 1}));
        QCOMPARE(days.at(2).remediated, 2);

        // Many scans: a point per day without asking.
        QList<ScanSummary> many;
        for (int i = 0; i <= ScanHistory::kTrendPerDayAbove; ++i)
            many.append(scan(100 + i, 1, QStringLiteral("Bandit"),
                             QDateTime(QDate(2026, 10, 1).addDays(i / 10), QTime(i % 10, 0), QTimeZone::utc()).toString(Qt::ISODate),
                             A{0, 0, i, 0, 0}, 1, 0));
        const QList<TrendPoint> auto100 = ScanHistory::trendOf(many.mid(0, ScanHistory::kTrendPerDayAbove), TrendGrouping::Automatic);
        QCOMPARE(auto100.size(), ScanHistory::kTrendPerDayAbove);
        const QList<TrendPoint> auto101 = ScanHistory::trendOf(many, TrendGrouping::Automatic);
        QCOMPARE(auto101.size(), ScanHistory::kTrendPerDayAbove / 10 + 1);
        QCOMPARE(auto101.first().scans, 10);
        QCOMPARE(auto101.first().counts[size_t(Severity::Medium)], 9); // the day's last scan
        QCOMPARE(auto101.first().newIssues, 10);
    }

    // The baseline variant's own scans are compared with its previous scan (SPEC section 2), for a
    // fixed baseline and a pattern: its first scan after the baseline was set is all new, not
    // compared with itself (the latest scan of the baseline is that scan).
    void baselineVariantComparesWithItsOwnPrevious()
    {
        for (const BaselineInfo &baseline : {BaselineInfo{QStringLiteral("main"), {}}, BaselineInfo{{}, QStringLiteral("^ma")}}) {
            const QString target = baseline.isPattern() ? QStringLiteral("own-pattern") : QStringLiteral("own-fixed");
            import(demoFile(QStringLiteral("DEMO-001")), target, QStringLiteral("DEMO-001")); // the target exists
            Catalog(*t->db).setBaseline(t->bob, Catalog(*t->db).target(target).id, baseline);
            const ImportResult first = import(demoFile(QStringLiteral("main")), target, QStringLiteral("main"));
            QCOMPARE(first.newIssues, first.issues);
            QVERIFY(!Catalog(*t->db).comparisonScan(first.scanId));
            const ImportResult second = import(demoFile(QStringLiteral("main")), target, QStringLiteral("main"));
            QCOMPARE(second.newIssues, 0);
            QCOMPARE(Catalog(*t->db).comparisonScan(second.scanId), std::optional<qint64>(first.scanId));
        }
    }

    void regexBaseline()
    {
        // A scan is judged against the baseline in force when it was imported (decision 85).
        Catalog(*t->db).setBaseline(t->bob, dvpwa, {{}, QStringLiteral("^(main|master)$")});
        import(demoFile(QStringLiteral("DEMO-001")), QStringLiteral("dvpwa"), QStringLiteral("DEMO-001"));
        QCOMPARE(variable(gate(QStringLiteral("none")), QStringLiteral("NEW_MEDIUM")), 0); // main matches
        Catalog(*t->db).setBaseline(t->bob, dvpwa, {{}, QStringLiteral("^release-")});
        QCOMPARE(variable(gate(QStringLiteral("none")), QStringLiteral("NEW_MEDIUM")), 0); // as imported
        import(demoFile(QStringLiteral("DEMO-001")), QStringLiteral("dvpwa"), QStringLiteral("DEMO-001"));
        QCOMPARE(variable(gate(QStringLiteral("none")), QStringLiteral("NEW_MEDIUM")),
                 1); // nothing matches: all new
        expectError(ErrorKind::Usage, [&] {
            Catalog(*t->db).setBaseline(t->bob, dvpwa, {{}, QStringLiteral("([")});
        });
        expectError(ErrorKind::NotAllowed, [&] {
            Catalog(*t->db).setBaseline(t->alice, dvpwa, {QStringLiteral("main"), {}});
        });
    }

    void exemptionByRole()
    {
        const ExemptionWorkflow w(*t->db);
        const qint64 id = requestB602(t->alice);
        QCOMPARE(w.get(id).status, ExemptionStatus::Pending);
        QCOMPARE(variable(gate(QStringLiteral("critical")), QStringLiteral("IGNORED")),
                 0); // pending exempts nothing

        expectError(ErrorKind::NotAllowed, [&] { w.approve(t->carol, id, {}); }); // a developer
        expectError(ErrorKind::NotAllowed, [&] { w.approve(t->alice, id, {}); }); // the requester
        expectError(ErrorKind::NotAllowed, [&] { w.approve(t->vera, id, {}); });  // a viewer
        expectError(ErrorKind::NotAllowed, [&] { w.approve(t->admin, id, {}); }); // admin is not secops
        expectError(ErrorKind::NotAllowed, [&] { requestB602(t->vera); });

        const ExemptionInfo approved = w.approve(t->bob, id, QStringLiteral("ok for the tutorial"));
        QCOMPARE(approved.status, ExemptionStatus::Approved);
        QCOMPARE(approved.reviewedBy, QStringLiteral("bob"));
        QVERIFY(approved.expiresAt);
        const GateResult passed = gate(QStringLiteral("critical"));
        QVERIFY(passed.passed);
        QCOMPARE(variable(passed, QStringLiteral("CRITICAL")), 0);
        QCOMPARE(variable(passed, QStringLiteral("IGNORED")), 1);
        QCOMPARE(variable(passed, QStringLiteral("NEW_CRITICAL")), 0);

        const IssueQuery q(*t->db);
        IssueFilter hide;
        hide.exempted = ExemptedFilter::Hide;
        IssueFilter only;
        only.exempted = ExemptedFilter::Only;
        const IssueScope scope = q.scopeForVariant(dvpwa, QStringLiteral("DEMO-001"));
        QCOMPARE(q.count(scope, hide), 2);
        QCOMPARE(q.count(scope, only), 1);
        QCOMPARE(q.severityCounts(scope, {}).exempted, 1);

        expectError(ErrorKind::NotAllowed, [&] { w.remove(t->alice, id, {}); });
        QCOMPARE(w.remove(t->bob, id, {}).status, ExemptionStatus::Deleted);
        QVERIFY(!gate(QStringLiteral("critical")).passed);
        QCOMPARE(w.history(approved.issueId).size(), 3); // request, approve, delete
    }

    void selfApprovalSetting()
    {
        // A secops user who requested may approve only when the project allows it.
        const qint64 id = requestB602(t->bob);
        const ExemptionWorkflow w(*t->db);
        expectError(ErrorKind::NotAllowed, [&] { w.approve(t->bob, id, {}); });
        expectError(ErrorKind::NotAllowed,
                    [&] { w.setSelfApprovalAllowed(t->bob, QStringLiteral("default"), true); });
        w.setSelfApprovalAllowed(t->admin, QStringLiteral("default"), true);
        QCOMPARE(w.approve(t->bob, id, {}).status, ExemptionStatus::Approved);
    }

    void transitions()
    {
        const ExemptionWorkflow w(*t->db);
        const qint64 id = requestB602(t->alice);
        expectError(ErrorKind::Usage, [&] { w.remove(t->bob, id, {}); });   // delete applies to approved
        expectError(ErrorKind::Usage, [&] { w.reopen(t->alice, id, {}); }); // pending is open already
        QCOMPARE(w.reject(t->bob, id, QStringLiteral("needs a fix date")).status, ExemptionStatus::Rejected);
        expectError(ErrorKind::NotAllowed, [&] { w.reopen(t->carol, id, {}); }); // not hers
        QCOMPARE(w.reopen(t->alice, id, {}).status, ExemptionStatus::Pending);
        QCOMPARE(w.cancel(t->alice, id, {}).status, ExemptionStatus::Cancelled);
        expectError(ErrorKind::Usage, [&] { w.approve(t->bob, id, {}); });
        QVERIFY(w.list().isEmpty());
        QCOMPARE(w.list(ExemptionStatus::Cancelled).size(), 1);
    }

    void requestValidation()
    {
        const ExemptionWorkflow w(*t->db);
        ExemptionRequest r;
        r.issueId = issueId(QStringLiteral("B602"));
        r.reason = ExemptionReason::FalsePositive;
        r.description = QString(1025, QLatin1Char('x'));
        expectError(ErrorKind::Usage, [&] { w.request(t->alice, r); });
        r.description = QStringLiteral("   ");
        expectError(ErrorKind::Usage, [&] { w.request(t->alice, r); });
        r.description = QStringLiteral("ok");
        expectError(ErrorKind::Usage, [&] { parseExemptionReason(QStringLiteral("Because")); });
        r.reason = parseExemptionReason(QStringLiteral("false-positive"));
        r.url = QStringLiteral("javascript:alert(1)");
        expectError(ErrorKind::Usage, [&] { w.request(t->alice, r); });
        // A link that reads otherwise than it leads: invisible or look-alike characters in any
        // plane (a tag character, a bidi override, a Cyrillic a), a user@ before the real host.
        for (const QString &hidden :
             QStringList{QStringLiteral("https://x.example/a") + QString::fromUcs4(U"\U000E0041\U000E0042"),
                         QStringLiteral("https://x.example/") + QChar(0x202E) + QStringLiteral("gpj.exe"),
                         QStringLiteral("https://") + QChar(0x0430) + QStringLiteral("pple.com/"),
                         QStringLiteral("https://x.example/a b"), QStringLiteral("https://jira.example.com@evil.example/SEC-1")}) {
            r.url = hidden;
            expectError(ErrorKind::Usage, [&] { w.request(t->alice, r); });
        }
        r.url = QStringLiteral("https://tickets.example/SEC-1?view=%E2%9C%93#c1");
        r.issueId = 999999;
        expectError(ErrorKind::NotFound, [&] { w.request(t->alice, r); });
        r.issueId = issueId(QStringLiteral("B602"));
        r.scope = ExemptionScope::Pipeline; // no scan of it is linked to a pipeline
        expectError(ErrorKind::Usage, [&] { w.request(t->alice, r); });
        r.scope = ExemptionScope::Target;
        QCOMPARE(w.request(t->alice, r).reason, ExemptionReason::FalsePositive);
        QVERIFY(!ExemptionDuration::parse(QStringLiteral("14d")));
    }

    void bulkRequestIsAllOrNone()
    {
        const ExemptionWorkflow w(*t->db);
        ExemptionRequest shared;
        shared.duration = *ExemptionDuration::parse(QStringLiteral("30d"));
        shared.reason = ExemptionReason::FixUnavailable;
        shared.description = QStringLiteral("waiting for the vendor");
        const QList<qint64> ids{issueId(QStringLiteral("B303")), issueId(QStringLiteral("B404"))};
        const QString before = dumpDatabase(*t->db);
        expectError(ErrorKind::NotFound, [&] { w.requestMany(t->alice, {ids.first(), 424242}, shared); });
        QCOMPARE(dumpDatabase(*t->db), before); // nothing of it landed
        QList<qint64> tooMany;
        for (int i = 0; i <= ExemptionWorkflow::kMaxBulk; ++i)
            tooMany.append(ids.first());
        expectError(ErrorKind::Usage, [&] { w.requestMany(t->alice, tooMany, shared); });
        const QList<ExemptionInfo> made = w.requestMany(t->alice, ids, shared);
        QCOMPARE(made.size(), 2);
        QCOMPARE(made.at(0).issueKey, QStringLiteral("B303"));
        QCOMPARE(made.at(1).issueKey, QStringLiteral("B404"));
        QCOMPARE(w.list(ExemptionStatus::Pending).size(), 2);
        QVERIFY(verifyAudit(*t->db).isEmpty()); // each has its own audit entry
    }

    void occurrenceExemptions()
    {
        const ImportResult dd =
            import(fixture(QStringLiteral("bandit/dd.json")), QStringLiteral("dd"), QStringLiteral("main"));
        const IssueQuery q(*t->db);
        const IssueScope scope = q.scopeForScan(dd.scanId);
        IssueRow many;
        for (const IssueRow &row : q.list(scope, {}))
            if (row.occurrences > many.occurrences)
                many = row;
        QVERIFY(many.occurrences >= 3);
        QStringList fingerprints;
        for (const OccurrenceRow &o : q.details(many.id, dd.scanId).occurrences)
            fingerprints.append(o.fingerprint);
        fingerprints.removeDuplicates();
        QVERIFY(fingerprints.size() >= 2);
        auto stateOf = [&](qint64 scan) {
            for (const IssueRow &row : q.list(q.scopeForScan(scan), {}))
                if (row.id == many.id)
                    return row.exemption;
            return std::optional<ExemptionStatus>();
        };
        const ExemptionWorkflow w(*t->db);
        ExemptionRequest r;
        r.issueId = many.id;
        r.duration = *ExemptionDuration::parse(QStringLiteral("30d"));
        r.reason = ExemptionReason::FalsePositive;
        r.description = QStringLiteral("test code only");
        r.occurrences = fingerprints.mid(1); // all but one place
        r.scope = ExemptionScope::Project;
        expectError(ErrorKind::Usage, [&] { w.request(t->alice, r); }); // target scope only
        r.scope = ExemptionScope::Target;
        const ExemptionInfo partial = w.request(t->alice, r);
        QCOMPARE(partial.occurrences.size(), fingerprints.size() - 1);
        expectError(ErrorKind::Usage, [&] { w.approve(t->bob, partial.id, {}, ExemptionScope::Project); });
        w.approve(t->bob, partial.id, {});
        QCOMPARE(stateOf(dd.scanId),
                 std::optional<ExemptionStatus>()); // one place is not covered: it still counts

        r.occurrences = fingerprints;
        w.approve(t->bob, w.request(t->alice, r).id, {});
        QCOMPARE(stateOf(dd.scanId), std::optional(ExemptionStatus::Approved));
        // A re-scan with the same places stays exempted.
        const ImportResult again =
            import(fixture(QStringLiteral("bandit/dd.json")), QStringLiteral("dd"), QStringLiteral("main"));
        QCOMPARE(stateOf(again.scanId), std::optional(ExemptionStatus::Approved));
        r.occurrences = {QStringLiteral("no-such-fingerprint")};
        expectError(ErrorKind::NotFound, [&] { w.request(t->alice, r); });

        QVERIFY(verifyAudit(*t->db).isEmpty());
        Query(*t->db, QStringLiteral("INSERT INTO exemption_occurrence(exemption_id, fingerprint, location)"
                                     " VALUES (:e, :f, 'x')"))
            .bind(QStringLiteral(":e"), partial.id)
            .bind(QStringLiteral(":f"), fingerprints.first())
            .exec();
        QCOMPARE(stateOf(again.scanId), std::optional(ExemptionStatus::Approved));
        const QStringList problems = verifyAudit(*t->db);
        QCOMPARE(problems.size(), 1);
        QVERIFY(problems.first().contains(QStringLiteral("exemption %1: occurrences").arg(partial.id)));
    }

    void policyLimits()
    {
        ExemptionPolicy policy;
        policy.maxDays[size_t(Severity::Critical)] = 30;
        policy.urlRequiredReasons = {ExemptionReason::FalsePositive};
        expectError(ErrorKind::NotAllowed,
                    [&] { ExemptionPolicyStore(*t->db).set(t->bob, QStringLiteral("default"), policy); });
        ExemptionPolicyStore(*t->db).set(t->admin, QStringLiteral("default"), policy);
        QCOMPARE(
            ExemptionPolicyStore(*t->db).get(QStringLiteral("default")).maxDays[size_t(Severity::Critical)],
            std::optional<int>(30));

        // B602 is Critical: at most 30 days.
        expectError(ErrorKind::NotAllowed,
                    [&] { requestB602(t->alice, ExemptionScope::Target, QStringLiteral("permanent")); });
        expectError(ErrorKind::NotAllowed,
                    [&] { requestB602(t->alice, ExemptionScope::Target, QStringLiteral("90d")); });
        expectError(ErrorKind::NotAllowed, [&] {
            requestB602(t->alice, ExemptionScope::Target,
                        Clock::now().date().addDays(45).toString(Qt::ISODate));
        });
        QVERIFY(requestB602(t->alice, ExemptionScope::Target, QStringLiteral("30d")) > 0);
        // An end date's days counted from a given day (an approval's, at the gate: decision 94),
        // not from today: 60 days asked stay 60 days however late the gate looks.
        const ExemptionDuration until = *ExemptionDuration::parse(Clock::now().date().addDays(59).toString(Qt::ISODate));
        const QDate today = Clock::now().date();
        QVERIFY(!policy.violation(Severity::Critical, until, ExemptionReason::Other, {}).isEmpty());
        QVERIFY(!policy.violation(Severity::Critical, until, ExemptionReason::Other, {}, today).isEmpty());
        QVERIFY(policy.violation(Severity::Critical, until, ExemptionReason::Other, {}, today.addDays(45)).isEmpty());
        QVERIFY(policy.violation(Severity::Critical, until, ExemptionReason::Other, {}, today.addDays(30)).isEmpty());
        QVERIFY(!policy.violation(Severity::Critical, until, ExemptionReason::Other, {}, today.addDays(29)).isEmpty());
        // B303 is Medium: no limit; but False Positive needs a URL.
        ExemptionRequest r;
        r.issueId = issueId(QStringLiteral("B303"));
        r.duration = *ExemptionDuration::parse(QStringLiteral("permanent"));
        r.reason = ExemptionReason::FalsePositive;
        r.description = QStringLiteral("md5 is used for a cache key, not for security");
        expectError(ErrorKind::NotAllowed, [&] { ExemptionWorkflow(*t->db).request(t->alice, r); });
        r.url = QStringLiteral("https://tickets.example/SEC-7");
        QCOMPARE(ExemptionWorkflow(*t->db).request(t->alice, r).status, ExemptionStatus::Pending);
        // The change is audited with before and after.
        QCOMPARE(AuditLog(*t->db).find({{}, QStringLiteral("project"), 0, 0, 10}).first().action,
                 QStringLiteral("project.policy"));
    }

    void endDateLimitCountsTheLastDay()
    {
        // Until a date runs to the end of that day (UTC), so today+29 is 30 days (decisions 8, 17).
        Clock::setOverride(QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC));
        ExemptionPolicy policy;
        policy.maxDays[size_t(Severity::Critical)] = 30;
        ExemptionPolicyStore(*t->db).set(t->admin, QStringLiteral("default"), policy);
        const qint64 lastDay = requestB602(t->alice, ExemptionScope::Target, QStringLiteral("2026-03-30"));
        QVERIFY(lastDay > 0);
        // One open request per issue and scope: the next one is asked once this one is withdrawn.
        ExemptionWorkflow(*t->db).cancel(t->alice, lastDay, {});
        expectError(ErrorKind::NotAllowed,
                    [&] { requestB602(t->alice, ExemptionScope::Target, QStringLiteral("2026-03-31")); });
    }

    void limitHoldsAtTheHighestSeverityInScope()
    {
        // A later scan reports B602 at MEDIUM: the Critical limit still applies, since the
        // exemption would cover the issue where it was Critical (issue 11, decisions 42).
        ExemptionPolicy policy;
        policy.maxDays[size_t(Severity::Critical)] = 30;
        ExemptionPolicyStore(*t->db).set(t->admin, QStringLiteral("default"), policy);
        const QString lowered = demoWithB602At(QStringLiteral("MEDIUM"));
        QVERIFY(!lowered.isEmpty());
        expectError(ErrorKind::NotAllowed,
                    [&] { requestB602(t->alice, ExemptionScope::Target, QStringLiteral("permanent")); });
        import(lowered, QStringLiteral("dvpwa"), QStringLiteral("DEMO-001"));
        expectError(ErrorKind::NotAllowed,
                    [&] { requestB602(t->alice, ExemptionScope::Target, QStringLiteral("permanent")); });
        QVERIFY(requestB602(t->alice, ExemptionScope::Target, QStringLiteral("30d")) > 0); // within the limit
    }

    // Decision 94: an approved exemption whose issue's severity rose past what the limits allow
    // for what was approved fails the gate closed, and an end date's days are counted from the
    // approval's day: the failure does not lapse as the date comes nearer.
    void outgrownEndDateCountsFromTheApproval()
    {
        const QDateTime start = QDateTime::currentDateTimeUtc();
        Clock::setOverride(start);
        ExemptionPolicy policy;
        policy.maxDays[size_t(Severity::Critical)] = 30;
        ExemptionPolicyStore(*t->db).set(t->admin, QStringLiteral("default"), policy);
        // A copy of DEMO-001 with B602 at LOW, as a target of its own.
        const QString low = demoWithB602At(QStringLiteral("LOW"));
        QVERIFY(!low.isEmpty());
        import(low, QStringLiteral("lowt"), QStringLiteral("main"));
        const qint64 lowt = Catalog(*t->db).target(QStringLiteral("lowt")).id;
        const IssueQuery q(*t->db);
        ExemptionRequest r;
        for (const IssueRow &row : q.list(q.scopeForVariant(lowt, QStringLiteral("main")), {}))
            if (row.key == QLatin1String("B602"))
                r.issueId = row.id;
        QVERIFY(r.issueId > 0);
        // Low has no limit: until a date 60 days ahead is approved.
        r.duration = *ExemptionDuration::parse(start.date().addDays(59).toString(Qt::ISODate));
        r.reason = ExemptionReason::Other;
        r.description = QStringLiteral("a Low finding");
        const ExemptionWorkflow w(*t->db);
        const qint64 id = w.request(t->alice, r).id;
        QCOMPARE(w.approve(t->bob, id, {}).status, ExemptionStatus::Approved);
        import(demoFile(QStringLiteral("DEMO-001")), QStringLiteral("lowt"),
               QStringLiteral("main")); // B602 Critical
        const QString outgrown =
            QStringLiteral("exemption %1 was approved when Bandit B602 was at most Low there").arg(id);
        const auto judged = [&] {
            return runGate(*t->db, gateScope(*t->db, lowt, QStringLiteral("main")),
                           QStringLiteral("critical"));
        };
        for (int days : {0, 45}) { // 14 days left on day 45: within 30, counted from today
            Clock::setOverride(start.addDays(days));
            QCOMPARE(w.get(id).status, ExemptionStatus::Approved);
            const GateResult g = judged();
            QVERIFY2(!g.passed && g.message.contains(outgrown),
                     qPrintable(QStringLiteral("day %1: %2").arg(days).arg(g.message)));
        }
    }

    void expiryFromApproval()
    {
        const QDateTime start = QDateTime::currentDateTimeUtc();
        Clock::setOverride(start);
        const ExemptionWorkflow w(*t->db);
        const qint64 id = requestB602(t->alice, ExemptionScope::Target, QStringLiteral("1d"));
        Clock::setOverride(start.addDays(3)); // the day runs from approval, not from the request
        w.approve(t->bob, id, {});
        QVERIFY(gate(QStringLiteral("critical")).passed);
        Clock::setOverride(start.addDays(3).addSecs(23 * 3600));
        QVERIFY(gate(QStringLiteral("critical")).passed);
        Clock::setOverride(start.addDays(4).addSecs(1));
        QCOMPARE(w.get(id).status, ExemptionStatus::Expired);
        const GateResult g = gate(QStringLiteral("critical"));
        QVERIFY(!g.passed); // stops exempting at once
        QCOMPARE(variable(g, QStringLiteral("IGNORED")), 0);
        QCOMPARE(w.list(ExemptionStatus::Expired).size(), 1);
        QCOMPARE(w.reopen(t->alice, id, {}).status, ExemptionStatus::Pending);
    }

    void untilDateAndPermanent()
    {
        const QDateTime start(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
        Clock::setOverride(start);
        const ExemptionWorkflow w(*t->db);
        const qint64 id = requestB602(t->alice, ExemptionScope::Target, QStringLiteral("2026-03-10"));
        const ExemptionInfo e = w.approve(t->bob, id, {});
        QCOMPARE(*e.expiresAt, QDateTime(QDate(2026, 3, 11), QTime(0, 0), Qt::UTC));
        Clock::setOverride(QDateTime(QDate(2026, 3, 10), QTime(23, 59), Qt::UTC));
        QVERIFY(gate(QStringLiteral("critical")).passed);
        Clock::setOverride(QDateTime(QDate(2026, 3, 11), QTime(0, 0), Qt::UTC));
        QVERIFY(!gate(QStringLiteral("critical")).passed);
        // Approving it again would give a rule that ended before it started: refused.
        expectError(ErrorKind::Usage, [&] { w.approve(t->bob, id, {}); });
        QVERIFY(!gate(QStringLiteral("critical")).passed);
        Clock::setOverride(start);
        const qint64 permanentId = requestB602(t->carol, ExemptionScope::Target, QStringLiteral("permanent"));
        QVERIFY(!w.approve(t->bob, permanentId, {}).expiresAt);
        Clock::setOverride(start.addYears(20));
        QVERIFY(gate(QStringLiteral("critical")).passed);
    }

    void statusReadsExpiredAtTheInstant()
    {
        Clock::setOverride(QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC));
        const ExemptionWorkflow w(*t->db);
        const qint64 id = requestB602(t->alice, ExemptionScope::Target, QStringLiteral("2026-03-10"));
        w.approve(t->bob, id, {});
        const QDateTime end(QDate(2026, 3, 11), QTime(0, 0), Qt::UTC);
        Clock::setOverride(end.addMSecs(-1));
        QCOMPARE(w.get(id).status, ExemptionStatus::Approved);
        QCOMPARE(variable(gate(QStringLiteral("critical")), QStringLiteral("IGNORED")), 1);
        Clock::setOverride(end); // the rule's last millisecond has passed
        QCOMPARE(w.get(id).status, ExemptionStatus::Expired);
        QCOMPARE(variable(gate(QStringLiteral("critical")), QStringLiteral("IGNORED")), 0);
    }

    void onlySecopsRejects()
    {
        const ExemptionWorkflow w(*t->db);
        const qint64 id = requestB602(t->alice);
        expectError(ErrorKind::NotAllowed, [&] { w.reject(t->alice, id, {}); }); // the requester
        expectError(ErrorKind::NotAllowed, [&] { w.reject(t->carol, id, {}); }); // a developer
        expectError(ErrorKind::NotAllowed, [&] { w.reject(t->admin, id, {}); }); // admin is not secops
        QCOMPARE(w.get(id).status, ExemptionStatus::Pending);
        QCOMPARE(w.reject(t->bob, id, {}).status, ExemptionStatus::Rejected);
    }

    void organizationScopeStaysInItsOrganization()
    {
        // A project of another organization (as a pipeline's orgIdentifier would make it).
        Catalog(*t->db).ensureProject(QStringLiteral("faraway"), QStringLiteral("other-org"));
        import(demoFile(QStringLiteral("DEMO-001")), QStringLiteral("far"), QStringLiteral("DEMO-001"),
               QStringLiteral("faraway"));
        import(demoFile(QStringLiteral("DEMO-001")), QStringLiteral("near"), QStringLiteral("DEMO-001"),
               QStringLiteral("second"));
        const ExemptionWorkflow w(*t->db);
        w.approve(t->bob, requestB602(t->alice), {}, ExemptionScope::Organization);
        const IssueQuery q(*t->db);
        auto ignored = [&](const QString &target) {
            const qint64 id = Catalog(*t->db).target(target).id;
            return q.outputVariables(q.scopeForVariant(id, QStringLiteral("DEMO-001"))).ignored;
        };
        QCOMPARE(ignored(QStringLiteral("near")), 1); // another project, the same organization
        QCOMPARE(ignored(QStringLiteral("far")), 0);
    }

    // Decision 80: a page in title (or rule) order walks the target's index of it, which holds the
    // issues of every variant. Here the branch's issues sort after most of main's, so the first walk meets
    // too few of them and must walk further: each page, in every order, is still the list's.
    // Decision 82: a page in the order of a column of few values (scanner, occurrences, category,
    // exemption, review, assignee, notes) is read one value at a time. Over two scanners, a
    // comparison scan, every exemption state, triage and notes, each filter, direction and page
    // size, the pages one after another are the whole list, and the whole list is the order the
    // decision states: the value, then severity (highest first), title, id and scan ascending.
    void valuePagesAgree()
    {
        struct Result
        {
            QString rule;
            QString title;
            QString level;
            int places;
        };
        const auto sarif = [&](const QString &name, const QString &tool, const QList<Result> &results) {
            QStringList rules, entries;
            for (const Result &r : results) {
                rules.append(QStringLiteral("{\"id\":\"%1\",\"shortDescription\":{\"text\":\"%2\"}}").arg(r.rule, r.title));
                for (int place = 1; place <= r.places; ++place)
                    entries.append(QStringLiteral("{\"ruleId\":\"%1\",\"level\":\"%2\",\"message\":{\"text\":\"m\"},"
                                                  "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
                                                  "{\"uri\":\"%1.c\"},\"region\":{\"startLine\":%3}}}]}")
                                       .arg(r.rule, r.level)
                                       .arg(place));
            }
            const QString path = t->dir.filePath(name);
            writeFile(path, QStringLiteral("{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"%1\","
                                           "\"rules\":[%2]}},\"results\":[%3]}]}")
                                .arg(tool, rules.join(QLatin1Char(',')), entries.join(QLatin1Char(',')))
                                .toUtf8());
            return path;
        };
        const QString e = QStringLiteral("error"), w = QStringLiteral("warning"), n = QStringLiteral("note");
        import(sarif(QStringLiteral("a1.sarif"), QStringLiteral("Alpha"),
                     {{QStringLiteral("r1"), QStringLiteral("t1"), e, 1}, {QStringLiteral("r2"), QStringLiteral("t2"), w, 1},
                      {QStringLiteral("r3"), QStringLiteral("same"), e, 1}, {QStringLiteral("r4"), QStringLiteral("same"), e, 1},
                      {QStringLiteral("r5"), QStringLiteral("t5"), n, 1}}),
               QStringLiteral("grp"), QStringLiteral("main"));
        import(sarif(QStringLiteral("a2.sarif"), QStringLiteral("Alpha"),
                     {{QStringLiteral("r1"), QStringLiteral("t1"), e, 3}, {QStringLiteral("r2"), QStringLiteral("t2"), w, 2},
                      {QStringLiteral("r3"), QStringLiteral("same"), e, 1}, {QStringLiteral("r4"), QStringLiteral("same"), e, 2},
                      {QStringLiteral("r7"), QStringLiteral("same"), w, 1}, {QStringLiteral("r8"), QStringLiteral("t8"), e, 3},
                      {QStringLiteral("r9"), QStringLiteral("a9"), n, 1}}),
               QStringLiteral("grp"), QStringLiteral("main"));
        import(sarif(QStringLiteral("b.sarif"), QStringLiteral("Beta"),
                     {{QStringLiteral("s1"), QStringLiteral("same"), e, 2}, {QStringLiteral("s2"), QStringLiteral("u2"), w, 1},
                      {QStringLiteral("s3"), QStringLiteral("u3"), n, 1}, {QStringLiteral("s4"), QStringLiteral("t1"), e, 1}}),
               QStringLiteral("grp"), QStringLiteral("main"));
        const qint64 target = Catalog(*t->db).target(QStringLiteral("grp")).id;
        const IssueQuery q(*t->db);
        const IssueScope scope = q.scopeForVariant(target, QStringLiteral("main"));
        QCOMPARE(scope.scans.size(), 2);
        QHash<QString, qint64> ids;
        for (const IssueRow &r : q.list(scope, {}))
            ids.insert(r.key, r.id);
        QCOMPARE(ids.size(), 11);

        // Triage and notes on a few; every exemption state on others (one runs out).
        const IssueTriage triage(*t->db);
        triage.setReviewed(t->bob, {ids[QStringLiteral("r1")], ids[QStringLiteral("s2")]}, true);
        triage.assign(t->bob, {ids[QStringLiteral("r2")]}, QStringLiteral("bob"));
        triage.assign(t->bob, {ids[QStringLiteral("s1")]}, QStringLiteral("alice"));
        triage.addNote(t->bob, ids[QStringLiteral("r7")], QStringLiteral("one"));
        triage.addNote(t->bob, ids[QStringLiteral("r7")], QStringLiteral("two"));
        triage.addNote(t->bob, ids[QStringLiteral("s3")], QStringLiteral("one"));
        const ExemptionWorkflow workflow(*t->db);
        const auto request = [&](const QString &key) {
            ExemptionRequest r;
            r.issueId = ids[key];
            r.duration = *ExemptionDuration::parse(QStringLiteral("7d"));
            r.reason = ExemptionReason::Other;
            r.description = QStringLiteral("grouped pages");
            return workflow.request(t->alice, r).id;
        };
        workflow.approve(t->bob, request(QStringLiteral("r3")), {});
        request(QStringLiteral("r4"));
        workflow.reject(t->bob, request(QStringLiteral("r8")), QStringLiteral("no"));
        workflow.approve(t->bob, request(QStringLiteral("s4")), {});
        Clock::setOverride(QDateTime::currentDateTimeUtc().addDays(3));
        workflow.approve(t->bob, request(QStringLiteral("r9")), {});
        Clock::setOverride(QDateTime::currentDateTimeUtc().addDays(9)); // s4's ran out, r9's holds

        const auto value = [](const IssueRow &r, IssueSortColumn column) -> QVariant {
            switch (column) {
            case IssueSortColumn::Scanner:
                return r.scanner;
            case IssueSortColumn::Occurrences:
                return r.occurrences;
            case IssueSortColumn::Category:
                return issueCategoryKey(r.category);
            case IssueSortColumn::Exemption:
                return r.exemption ? exemptionStatusKey(*r.exemption) : QStringLiteral("none");
            case IssueSortColumn::Reviewed:
                return int(r.reviewed);
            case IssueSortColumn::Assignee:
                return r.assignee; // no one: NULL, first in ascending order
            default:
                return r.notes;
            }
        };
        IssueFilter high, highAndLow, hidden, only, fresh, common, withGone, gone, goneHigh;
        high.severities = {Severity::High};
        withGone.withRemediated = true; // the issues remediated since the comparison scan too
        gone.category = IssueCategory::Remediated;
        goneHigh = gone;
        goneHigh.severities = {Severity::High, Severity::Info};
        highAndLow.severities = {Severity::High, Severity::Low};
        hidden.exempted = ExemptedFilter::Hide;
        only.exempted = ExemptedFilter::Only;
        fresh.category = IssueCategory::New;
        common.category = IssueCategory::Common;
        QSet<QString> seen;
        const auto check = [&](const IssueScope &listed) {
            // The remediated rows are the scope's rows' complement in the comparison scans, whatever
            // the sort and page.
            QCOMPARE(q.count(listed, withGone), q.count(listed, {}) + q.count(listed, gone));
            QCOMPARE(q.list(listed, withGone).size(), q.count(listed, withGone));
            QCOMPARE(q.severityCounts(listed, withGone).total(), q.severityCounts(listed, {}).total());
            for (const IssueScope::Entry &entry : listed.scans) { // the history's counts, from the scans' counts
                const ScanSummary summary = ScanHistory(*t->db).summary(entry.scanId);
                QCOMPARE(summary.remediated, q.count(q.scopeForScan(entry.scanId), gone));
                QCOMPARE(summary.newIssues, q.count(q.scopeForScan(entry.scanId), fresh));
            }
            for (const IssueRow &r : q.list(listed, gone)) {
                QCOMPARE(r.category, IssueCategory::Remediated);
                bool inScope = false, inComparison = false;
                for (const IssueScope::Entry &entry : listed.scans) {
                    const QList<IssueRow> rows = q.list(q.scopeForScan(entry.scanId), {});
                    inScope = inScope || std::any_of(rows.cbegin(), rows.cend(), [&](const IssueRow &x) { return x.id == r.id; });
                    inComparison = inComparison || entry.comparisonScanId == r.scanId;
                }
                QVERIFY(!inScope && inComparison);
            }
            for (IssueSortColumn column : {IssueSortColumn::Severity, IssueSortColumn::Title, IssueSortColumn::Rule}) {
                for (bool descending : {false, true}) {
                    for (const IssueFilter &filter : {withGone, gone, goneHigh}) {
                        QList<std::pair<qint64, qint64>> whole;
                        for (const IssueRow &r : q.list(listed, filter, {column, descending}))
                            whole.append({r.id, r.scanId});
                        for (int page : {1, 2, 5})
                            QCOMPARE(pagedKeys(q, listed, filter, {column, descending}, page), whole);
                    }
                }
            }
            for (const IssueFilter &filter : {IssueFilter{}, high, highAndLow, hidden, only, fresh, common, withGone, gone}) {
                for (IssueSortColumn column :
                     {IssueSortColumn::Scanner, IssueSortColumn::Occurrences, IssueSortColumn::Category,
                      IssueSortColumn::Exemption, IssueSortColumn::Reviewed, IssueSortColumn::Assignee,
                      IssueSortColumn::Notes}) {
                    for (bool descending : {false, true}) {
                        QList<IssueRow> expected = q.list(listed, filter, {IssueSortColumn::Id, false});
                        std::stable_sort(expected.begin(), expected.end(),
                                         [&](const IssueRow &a, const IssueRow &b) {
                                             const QVariant va = value(a, column), vb = value(b, column);
                                             if (va != vb) {
                                                 const bool less = va.typeId() == QMetaType::QString
                                                                       ? va.toString() < vb.toString()
                                                                       : va.toInt() < vb.toInt();
                                                 return descending ? !less : less;
                                             }
                                             if (a.severity != b.severity)
                                                 return a.severity > b.severity;
                                             if (a.title != b.title)
                                                 return a.title < b.title;
                                             return a.id != b.id ? a.id < b.id : a.scanId < b.scanId;
                                         });
                        QList<std::pair<qint64, qint64>> keys;
                        for (const IssueRow &r : std::as_const(expected)) {
                            keys.append({r.id, r.scanId});
                            seen.insert(value(r, column).toString());
                        }
                        QList<std::pair<qint64, qint64>> whole;
                        for (const IssueRow &r : q.list(listed, filter, {column, descending}))
                            whole.append({r.id, r.scanId});
                        QCOMPARE(whole, keys);
                        for (int page : {1, 2, 5})
                            QCOMPARE(pagedKeys(q, listed, filter, {column, descending}, page), keys);
                    }
                }
            }
        };
        check(scope);
        if (QTest::currentTestFailed())
            return;
        // Every value the columns can take was listed.
        for (const QString &v : {QStringLiteral("Alpha"), QStringLiteral("Beta"), QStringLiteral("3"), QStringLiteral("common"),
                                 QStringLiteral("new"), QStringLiteral("remediated"), QStringLiteral("approved"), QStringLiteral("pending"),
                                 QStringLiteral("rejected"), QStringLiteral("expired"), QStringLiteral("none"),
                                 QStringLiteral("bob"), QStringLiteral("alice"), QStringLiteral("2")})
            QVERIFY2(seen.contains(v), qPrintable(v));
        // A target of one scanner (its pages in scanner order skip by the scan's counts), with a
        // comparison scan; then without the list's indexes, sorted, the same.
        import(QDir(t->dir.path()).filePath(QStringLiteral("a1.sarif")), QStringLiteral("solo"), QStringLiteral("main"));
        import(QDir(t->dir.path()).filePath(QStringLiteral("a2.sarif")), QStringLiteral("solo"), QStringLiteral("main"));
        check(q.scopeForVariant(Catalog(*t->db).target(QStringLiteral("solo")).id, QStringLiteral("main")));
        if (QTest::currentTestFailed())
            return;
        // A log of two tools' runs: a scan of two scanners' issues is sorted by scanner as before.
        const QString twoRuns = t->dir.filePath(QStringLiteral("two-runs.sarif"));
        {
            QFile a2(t->dir.filePath(QStringLiteral("a2.sarif"))), b(t->dir.filePath(QStringLiteral("b.sarif")));
            QVERIFY(a2.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
            QJsonObject log = QJsonDocument::fromJson(a2.readAll()).object();
            QJsonArray runs = log.value(QStringLiteral("runs")).toArray();
            runs.append(QJsonDocument::fromJson(b.readAll()).object().value(QStringLiteral("runs")).toArray().first());
            log.insert(QStringLiteral("runs"), runs);
            writeFile(twoRuns, QJsonDocument(log).toJson());
        }
        import(twoRuns, QStringLiteral("duo"), QStringLiteral("main"));
        const IssueScope duo = q.scopeForVariant(Catalog(*t->db).target(QStringLiteral("duo")).id, QStringLiteral("main"));
        QCOMPARE(q.scanners(duo), (QStringList{QStringLiteral("Alpha"), QStringLiteral("Beta")}));
        check(duo);
        if (QTest::currentTestFailed())
            return;
        for (const QString &index : {QStringLiteral("issue_by_scanner"), QStringLiteral("scan_issue_by_occurrences")})
            Query(*t->db, QStringLiteral("DROP INDEX %1").arg(index)).exec();
        check(scope);
        if (QTest::currentTestFailed())
            return;
        Query(*t->db, QStringLiteral("DROP INDEX issue_by_title")).exec();
        for (IssueSortColumn column : {IssueSortColumn::Occurrences, IssueSortColumn::Exemption})
            for (bool descending : {false, true}) {
                QList<std::pair<qint64, qint64>> whole;
                for (const IssueRow &r : q.list(scope, {}, {column, descending}))
                    whole.append({r.id, r.scanId});
                QCOMPARE(pagedKeys(q, scope, {}, {column, descending}, 2), whole);
            }
    }

    void titlePagesWalkPastTheTargetsOtherIssues()
    {
        const auto sarif = [&](const QString &name, const QStringList &titles) {
            QStringList rules, results;
            for (const QString &title : titles) {
                rules.append(QStringLiteral("{\"id\":\"rule-%1\",\"shortDescription\":{\"text\":\"%1\"}}").arg(title));
                results.append(QStringLiteral("{\"ruleId\":\"rule-%1\",\"level\":\"%2\",\"message\":{\"text\":\"m\"},"
                                              "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"%1.c\"},"
                                              "\"region\":{\"startLine\":1}}}]}")
                                   .arg(title, title.endsWith(QLatin1Char('1')) ? QStringLiteral("warning")
                                                                                 : QStringLiteral("error")));
            }
            const QString path = t->dir.filePath(name);
            writeFile(path, QStringLiteral("{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"Walker\","
                                           "\"rules\":[%1]}},\"results\":[%2]}]}")
                                .arg(rules.join(QLatin1Char(',')), results.join(QLatin1Char(',')))
                                .toUtf8());
            return path;
        };
        QStringList mainTitles, branchTitles{QStringLiteral("a05")};
        for (int i = 0; i < 12; ++i)
            mainTitles.append(QStringLiteral("a%1").arg(i, 2, 10, QLatin1Char('0')));
        for (int i = 0; i < 8; ++i)
            branchTitles.append(QStringLiteral("b%1").arg(i, 2, 10, QLatin1Char('0')));
        import(sarif(QStringLiteral("main.sarif"), mainTitles), QStringLiteral("walk"), QStringLiteral("main"));
        import(sarif(QStringLiteral("branch.sarif"), branchTitles), QStringLiteral("walk"), QStringLiteral("branch"));
        const IssueQuery q(*t->db);
        const IssueScope branch = q.scopeForVariant(Catalog(*t->db).target(QStringLiteral("walk")).id,
                                                    QStringLiteral("branch"));
        QStringList titles;
        for (const IssueRow &r : q.list(branch, {}, {IssueSortColumn::Title, false}))
            titles.append(r.title);
        QCOMPARE(titles, branchTitles);
        // Other filters walk too, unless the search index narrows the search (here: two letters,
        // no trigram; the reviewed and scanner filters).
        IssueFilter searched, unreviewed, scanner, rare;
        searched.search = QStringLiteral("b0");
        unreviewed.reviewed = false;
        scanner.scanner = QStringLiteral("Walker");
        rare.search = QStringLiteral("a0"); // only a05 is in the branch
        for (const IssueFilter &filter : {IssueFilter{}, searched, unreviewed, scanner, rare})
            for (int page : {1, 2, 3, 4})
                for (bool descending : {false, true})
                    for (IssueSortColumn column : {IssueSortColumn::Title, IssueSortColumn::Rule, IssueSortColumn::Severity}) {
                        QList<std::pair<qint64, qint64>> expected;
                        for (const IssueRow &r : q.list(branch, filter, {column, descending}))
                            expected.append({r.id, r.scanId});
                        QVERIFY(!expected.isEmpty());
                        QCOMPARE(pagedKeys(q, branch, filter, {column, descending}, page), expected);
                    }
        QCOMPARE(q.list(branch, searched).size(), 8);
        QCOMPARE(q.list(branch, rare).size(), 1);
        pagesAgreeWithTheWholeList(q, branch, {});
        severityOrderPagesAgree(q, branch, {});
        // Without the index (a hostile DROP INDEX) the pages are sorted as before; `db check`
        // names it.
        QVERIFY(storageProblems(*t->db).isEmpty());
        Query(*t->db, QStringLiteral("DROP INDEX issue_by_title")).exec();
        pagesAgreeWithTheWholeList(q, branch, {});
        QCOMPARE(storageProblems(*t->db),
                 QStringList{QStringLiteral("list index: issue_by_title is missing (pages in its order are "
                                            "read by sorting)")});
    }

    void comparisonIsPerScanner()
    {
        // No baseline: each scanner's scan compares with the previous scan of the same scanner.
        auto importAs = [&](const QString &file, const QString &scanner) {
            ImportRequest r;
            r.path = fixture(file);
            r.target = QStringLiteral("multi");
            r.variant = QStringLiteral("main");
            r.scanner = scanner;
            return ScanImporter(*t->db).import(t->alice, r);
        };
        const ImportResult first =
            importAs(QStringLiteral("bandit/many_vulns.json"), QStringLiteral("bandit"));
        QVERIFY(first.newIssues > 0);
        const ImportResult semgrep =
            importAs(QStringLiteral("semgrep/many_findings.json"), QStringLiteral("semgrep"));
        QCOMPARE(semgrep.newIssues, semgrep.issues);
        QCOMPARE(importAs(QStringLiteral("bandit/many_vulns.json"), QStringLiteral("bandit")).newIssues, 0);
        // The issues of a target and variant: the latest scan of each scanner.
        const IssueQuery q(*t->db);
        const qint64 multi = Catalog(*t->db).target(QStringLiteral("multi")).id;
        QCOMPARE(q.outputVariables(q.scopeForVariant(multi, QStringLiteral("main"))).total(),
                 first.issues + semgrep.issues);

        // With a baseline: the baseline's latest scan of the same scanner, not the latest of any.
        ImportRequest r;
        r.path = fixture(QStringLiteral("semgrep/many_findings.json"));
        r.target = QStringLiteral("dvpwa");
        r.variant = QStringLiteral("main");
        ScanImporter(*t->db).import(t->alice, r);
        const ImportResult branch =
            import(demoFile(QStringLiteral("DEMO-001")), QStringLiteral("dvpwa"), QStringLiteral("DEMO-001"));
        QCOMPARE(branch.newIssues, 2); // B303 is in main's Bandit scan
    }

    void comparesWithTheBaselinesLatestScan()
    {
        // main is scanned again and now has DEMO-001's issues too: nothing of DEMO-001 is new.
        import(demoFile(QStringLiteral("DEMO-001")), QStringLiteral("dvpwa"), QStringLiteral("main"));
        QCOMPARE(
            import(demoFile(QStringLiteral("DEMO-001")), QStringLiteral("dvpwa"), QStringLiteral("DEMO-001"))
                .newIssues,
            0);
    }

    void regexBaselineMatchingItselfComparesWithItsPreviousScan()
    {
        Catalog(*t->db).setBaseline(t->bob, dvpwa, {{}, QStringLiteral("^(main|master)$")});
        // main's only scan: nothing before it, so its issue is new (not common with itself).
        QCOMPARE(variable(gate(QStringLiteral("none"), QStringLiteral("main")), QStringLiteral("NEW_TOTAL")),
                 1);
        import(demoFile(QStringLiteral("main")), QStringLiteral("dvpwa"), QStringLiteral("main"));
        QCOMPARE(variable(gate(QStringLiteral("none"), QStringLiteral("main")), QStringLiteral("NEW_TOTAL")),
                 0);
    }

    void scopes()
    {
        // The same Bandit rule in another target of the same project, and in another project.
        import(demoFile(QStringLiteral("DEMO-001")), QStringLiteral("other"), QStringLiteral("DEMO-001"));
        import(demoFile(QStringLiteral("DEMO-001")), QStringLiteral("elsewhere"), QStringLiteral("DEMO-001"),
               QStringLiteral("second"));
        const ExemptionWorkflow w(*t->db);
        const IssueQuery q(*t->db);
        auto ignored = [&](const QString &target) {
            const qint64 id = Catalog(*t->db).target(target).id;
            return q.outputVariables(q.scopeForVariant(id, QStringLiteral("DEMO-001"))).ignored;
        };
        const qint64 targetScoped = requestB602(t->alice, ExemptionScope::Target);
        w.approve(t->bob, targetScoped, {});
        QCOMPARE(ignored(QStringLiteral("dvpwa")), 1);
        QCOMPARE(ignored(QStringLiteral("other")), 0);
        w.remove(t->bob, targetScoped, {});

        const qint64 projectScoped = requestB602(t->alice, ExemptionScope::Project);
        w.approve(t->bob, projectScoped, {});
        QCOMPARE(ignored(QStringLiteral("other")), 1);
        QCOMPARE(ignored(QStringLiteral("elsewhere")), 0);
        w.remove(t->bob, projectScoped, {});

        const qint64 widened = requestB602(t->alice, ExemptionScope::Target);
        expectError(ErrorKind::Usage, [&] { w.approve(t->bob, widened, {}, ExemptionScope::Pipeline); });
        QCOMPARE(w.approve(t->bob, widened, {}, ExemptionScope::Organization).scope,
                 ExemptionScope::Organization);
        QCOMPARE(ignored(QStringLiteral("elsewhere")), 1);
    }

    void auditChain()
    {
        const ExemptionWorkflow w(*t->db);
        w.approve(t->bob, requestB602(t->alice), QStringLiteral("ok"));
        const AuditLog log(*t->db);
        QVERIFY(!log.firstBrokenEntry());
        QStringList actions;
        for (const AuditEntry &e : log.entries())
            actions.append(e.action);
        QVERIFY(actions.contains(QStringLiteral("scan.import")));
        QVERIFY(actions.contains(QStringLiteral("baseline.set")));
        QVERIFY(actions.contains(QStringLiteral("exemption.request")));
        QVERIFY(actions.contains(QStringLiteral("exemption.approve")));
        // An edit behind the program's back breaks the chain at that entry.
        const qint64 victim = log.entries().at(3).id;
        Query(*t->db, QStringLiteral("UPDATE audit_entry SET actor = 'mallory' WHERE id = :id"))
            .bind(QStringLiteral(":id"), victim)
            .exec();
        QCOMPARE(log.firstBrokenEntry(), std::optional<qint64>(victim));
    }

    void replayCatchesTableEdits()
    {
        const ExemptionWorkflow w(*t->db);
        // One open request per issue and scope: the pending one asks for the project.
        const qint64 pending = requestB602(t->alice, ExemptionScope::Project);
        const qint64 approved = requestB602(t->carol);
        w.approve(t->bob, approved, QStringLiteral("ok"));
        QVERIFY(verifyAudit(*t->db).isEmpty());
        // Approved by SQL, behind the program's back: the gate would pass, the replay says why not.
        Query(*t->db, QStringLiteral("UPDATE exemption SET status = 'approved' WHERE id = :id"))
            .bind(QStringLiteral(":id"), pending)
            .exec();
        // Widened by SQL.
        Query(*t->db, QStringLiteral("UPDATE exemption SET scope = 'organization' WHERE id = :id"))
            .bind(QStringLiteral(":id"), approved)
            .exec();
        const QStringList problems = verifyAudit(*t->db);
        QCOMPARE(problems.size(), 2);
        QVERIFY(problems.at(0).contains(QStringLiteral("exemption %1: status").arg(pending)));
        QVERIFY(problems.at(1).contains(QStringLiteral("exemption %1: scope").arg(approved)));
        QVERIFY(!AuditLog(*t->db).firstBrokenEntry()); // the chain itself was not touched
    }

    void replayCatchesRowsAddedOrDeleted()
    {
        const ExemptionWorkflow w(*t->db);
        const qint64 kept = requestB602(t->alice);
        const qint64 gone = requestB602(t->carol, ExemptionScope::Project); // one open request per scope
        w.approve(t->bob, gone, QStringLiteral("ok"));
        QVERIFY(verifyAudit(*t->db).isEmpty());
        // One row deleted by SQL (its events first), one copied in without the program.
        for (const char *sql : {"DELETE FROM exemption_event WHERE exemption_id = :id",
                                "DELETE FROM exemption_occurrence WHERE exemption_id = :id",
                                "DELETE FROM exemption WHERE id = :id"})
            Query(*t->db, QString::fromLatin1(sql)).bind(QStringLiteral(":id"), gone).exec();
        Query(*t->db, QStringLiteral("CREATE TEMP TABLE copied AS SELECT * FROM exemption WHERE id = :id"))
            .bind(QStringLiteral(":id"), kept)
            .exec();
        Query(*t->db, QStringLiteral("UPDATE copied SET id = 4242")).exec();
        Query(*t->db, QStringLiteral("INSERT INTO exemption SELECT * FROM copied")).exec();
        const QStringList problems = verifyAudit(*t->db);
        QCOMPARE(problems.size(), 2);
        QVERIFY2(
            problems.contains(QStringLiteral("exemption 4242 exists but the audit log never recorded it")),
            qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY2(problems.contains(
                     QStringLiteral("exemption %1 is in the audit log but missing from the table").arg(gone)),
                 qPrintable(problems.join(QLatin1Char('\n'))));
    }

    // Decision 76 at a size where pages span severities: 60 issues, 20 each of High, Medium and
    // Low; pages of 1 and 3 rows cross from one severity to the next, the whole list and every
    // page in either direction are one query's order (cleanup() checks this scope again).
    void severityOrderIsPagedAcrossSeverities()
    {
        // (Plain string literals: moc does not read raw ones with quotes inside.)
        QByteArray sarif = "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"Paged\"}},\"results\":[";
        static const char *const levels[] = {"error", "warning", "note"};
        for (int i = 0; i < 60; ++i)
            sarif += (i ? "," : "") + QByteArray("{\"ruleId\":\"R") + QByteArray::number(i) + "\",\"level\":\"" +
                     levels[i % 3] + "\",\"message\":{\"text\":\"finding " + QByteArray::number(59 - i) + "\"}}";
        sarif += "]}]}";
        QFile f(t->dir.filePath(QStringLiteral("paged.sarif")));
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(sarif) == sarif.size());
        f.close();
        const ImportResult imported = import(f.fileName(), QStringLiteral("paged"), QStringLiteral("main"));
        QCOMPARE(imported.issues, 60);
        const IssueQuery q(*t->db);
        const IssueScope scope = q.scopeForScan(imported.scanId);
        const QList<IssueRow> spanning = q.list(scope, {}, {}, 18, 5);
        QCOMPARE(spanning.size(), 5);
        QVERIFY(spanning.first().severity != spanning.last().severity);
        severityOrderPagesAgree(q, scope, {});
        IssueFilter high;
        high.severities = {Severity::High};
        QCOMPARE(q.list(scope, high).size(), 20);
    }

    void issueListing()
    {
        const IssueQuery q(*t->db);
        const IssueScope scope = q.scopeForVariant(dvpwa, QStringLiteral("DEMO-001"));
        IssueFilter f;
        f.severities = {Severity::Critical, Severity::Low};
        QCOMPARE(q.count(scope, f), 2);
        f = {};
        f.search = QStringLiteral("md5");
        const QList<IssueRow> md5 = q.list(scope, f);
        QCOMPARE(md5.size(), 1);
        QCOMPARE(md5.first().key, QStringLiteral("B303"));
        QCOMPARE(md5.first().category, IssueCategory::Common);
        f.search = QStringLiteral("100%_"); // LIKE wildcards are matched literally
        QCOMPARE(q.count(scope, f), 0);
        const QList<IssueRow> bySeverity = q.list(scope, {}, {IssueSortColumn::Severity, true});
        QCOMPARE(bySeverity.first().key, QStringLiteral("B602"));
        QCOMPARE(bySeverity.last().key, QStringLiteral("B404"));
        QCOMPARE(q.list(scope, {}, {IssueSortColumn::Severity, true}, 1, 1).first().key,
                 QStringLiteral("B303"));
        const SeverityCounts c = q.severityCounts(scope, {});
        QCOMPARE(c.count(Severity::Critical), 1);
        QCOMPARE(c.total(), 3);
    }

    // Decision 78: a search is narrowed through the trigram index and still finds exactly the
    // issues whose title, rule, key or description holds the text, ASCII letters in either case
    // (LIKE's rule: other letters as written), whatever the text: short, quoted, accented.
    void searchOverThousandsFindsWhatTheTextsHold()
    {
        // Enough issues that the search index is sampled to choose the trigram that narrows
        // (decision 78): whichever it picks, the matches are exactly the texts that hold the term.
        QByteArray sarif =
            "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"Many\"}},\"results\":[";
        constexpr int kIssues = 6600;
        for (int i = 0; i < kIssues; ++i)
            sarif += (i ? "," : "") + QByteArray("{\"ruleId\":\"many-") + QByteArray::number(i) +
                     "\",\"level\":\"warning\",\"message\":{\"text\":\"Finding " + QByteArray::number(i) +
                     (i % 997 == 5 ? " Qzx marker" : "") + " from a request into a sink\"}}";
        sarif += "]}]}";
        QFile f(t->dir.filePath(QStringLiteral("many.sarif")));
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(sarif) == sarif.size());
        f.close();
        import(f.fileName(), QStringLiteral("many"), QStringLiteral("main"));
        const IssueQuery q(*t->db);
        const IssueScope scope =
            q.scopeForVariant(Catalog(*t->db).target(QStringLiteral("many")).id, QStringLiteral("main"));
        QCOMPARE(q.count(scope, {}), kIssues);
        for (const QString &term :
             {QStringLiteral("finding 12"), QStringLiteral("FINDING 6599 "), QStringLiteral("qzx MARKER"),
              QStringLiteral("g 4"), QStringLiteral("into a sink"), QStringLiteral("many-33"),
              QStringLiteral("no such text")}) {
            IssueFilter filter;
            filter.search = term;
            QSet<QString> found;
            for (const IssueRow &r : q.list(scope, filter))
                found.insert(r.rule);
            QSet<QString> expected;
            for (int i = 0; i < kIssues; ++i) {
                const QString text = QStringLiteral("finding %1%2 from a request into a sink\nmany-%1")
                                         .arg(i)
                                         .arg(i % 997 == 5 ? QStringLiteral(" qzx marker") : QString());
                if (text.contains(term.trimmed().toLower()))
                    expected.insert(QStringLiteral("many-%1").arg(i));
            }
            QCOMPARE(found, expected);
            QCOMPARE(q.count(scope, filter), int(expected.size()));
        }
        t.reset(); // cleanup's oracle pages through every issue three at a time: minutes here
    }

    void searchFindsExactlyWhatTheTextsHold()
    {
        // (Plain string literals: moc does not read raw ones with quotes inside.)
        const QByteArray sarif =
            "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"Texts\"}},\"results\":["
            "{\"ruleId\":\"STRASSE-1\",\"level\":\"error\",\"message\":{\"text\":\"Stra\u00dfe \\\"quoted\\\" "
            "\u00c4rger r\u00e9sum\u00e9\"}},"
            "{\"ruleId\":\"mixed-Case\",\"level\":\"note\",\"message\":{\"text\":\"MiXeD ab 100%_ done\"}}]}]}";
        QFile f(t->dir.filePath(QStringLiteral("texts.sarif")));
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(sarif) == sarif.size());
        f.close();
        import(f.fileName(), QStringLiteral("texts"), QStringLiteral("main"));

        const auto fold = [](QString s) { // LIKE's case rule: ASCII letters only
            for (QChar &c : s)
                if (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
                    c = QChar(c.unicode() + 32);
            return s;
        };
        QList<std::pair<qint64, QString>> texts; // every issue's four texts, folded
        Query all(*t->db, QStringLiteral("SELECT id, title, rule, issue_key, coalesce(description, '') AS d FROM issue"));
        all.exec();
        QStringList terms{QStringLiteral("ab"),         QStringLiteral("\"quoted\""), QStringLiteral("STRAßE"),
                          QStringLiteral("straße"),     QStringLiteral("ärger"),      QStringLiteral("Ärger"),
                          QStringLiteral("RÉSUMÉ"),     QStringLiteral("résumé"),     QStringLiteral("mixed ab"),
                          QStringLiteral("100%_"),      QStringLiteral("no such text"), QStringLiteral("b30")};
        while (all.next()) {
            const QString title = all.text(u"title");
            texts.append({all.integer(u"id"), fold(title + QLatin1Char('\n') + all.text(u"rule") + QLatin1Char('\n') +
                                                  all.text(u"issue_key") + QLatin1Char('\n') + all.text(u"d"))});
            for (int at = 0; at + 3 <= title.size(); at += 7) // pieces of every title, upper-cased
                terms.append(title.mid(at, 3 + at % 5).toUpper());
        }
        const IssueQuery q(*t->db);
        const IssueScope everything = q.scopeForAll();
        const auto found = [&](const QString &term) {
            IssueFilter filter;
            filter.search = term;
            QSet<qint64> ids;
            for (const IssueRow &r : q.list(everything, filter))
                ids.insert(r.id);
            return ids;
        };
        int matched = 0;
        for (const QString &term : std::as_const(terms)) {
            QSet<qint64> expected;
            for (const auto &[id, text] : std::as_const(texts))
                if (text.contains(fold(term.trimmed())))
                    expected.insert(id);
            matched += expected.isEmpty() ? 0 : 1;
            QCOMPARE(found(term), expected);
        }
        QVERIFY(matched > 10); // the terms are not all misses

        // The index narrows (a text it never saw is not found) and `db check` says when it is
        // stale; an issue's later texts are indexed by its triggers.
        QVERIFY(storageProblems(*t->db).isEmpty());
        Query(*t->db, QStringLiteral("UPDATE issue SET title = 'renamed zqxj' WHERE rule = 'mixed-Case'")).exec();
        QCOMPARE(found(QStringLiteral("ZQXJ")).size(), 1);
        Query(*t->db, QStringLiteral("DROP TRIGGER issue_search_update")).exec();
        Query(*t->db, QStringLiteral("UPDATE issue SET title = 'again wvkp' WHERE rule = 'mixed-Case'")).exec();
        QCOMPARE(found(QStringLiteral("wvkp")).size(), 0);
        const QStringList problems = storageProblems(*t->db);
        QVERIFY2(problems.contains(QStringLiteral("search index: the trigger issue_search_update is missing")),
                 qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY2(problems.filter(QStringLiteral("search index: it does not match the issues")).size() == 1,
                 qPrintable(problems.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestWorkflow)
#include "tst_workflow.moc"
