// Every importer on the real scanner output in tests/fixtures, with the finding counts that
// DefectDojo's own tests assert for the same files (../shared/fixtures/EXPECTED.md), the
// severity rules of SPEC section 4, and the refusal of bad input with the database untouched.
#include "model/core/Error.h"
#include "model/exemptions/ExemptionWorkflow.h"
#include "model/importers/Formats.h"
#include "model/importers/Registry.h"
#include "model/input/InputFile.h"
#include "model/scans/IssueQuery.h"
#include "model/scans/ScanImporter.h"
#include "tests/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace secreview;
using namespace secreview::test;

class TestImporters : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> t;
    QTemporaryDir scratch;

    ImportResult importFile(const QString &path, const QString &target = QStringLiteral("app"),
                            const QString &variant = QStringLiteral("main"),
                            const QString &scanner = QStringLiteral("auto"))
    {
        ImportRequest r;
        r.path = path;
        r.target = target;
        r.variant = variant;
        r.scanner = scanner;
        return ScanImporter(*t->db).import(t->alice, r);
    }

    QString writeFile(const QString &name, const QByteArray &content)
    {
        const QString path = scratch.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
            qFatal("cannot write a scratch file");
        return path;
    }

    IssueDetails issueByKey(qint64 scanId, const QString &key)
    {
        const IssueQuery q(*t->db);
        for (const IssueRow &row : q.list(q.scopeForScan(scanId), {})) {
            if (row.key == key)
                return q.details(row.id, scanId);
        }
        qFatal("issue key not found");
    }

    // Every finding read from a SARIF file, each field of it, or the error the reading ended with.
    struct Reading
    {
        QStringList findings;
        QString error;
        QString scanner;
    };
    class RecordingSink final : public FindingSink
    {
    public:
        explicit RecordingSink(QStringList *out) : m_out(out) {}
        void add(const Finding &f) override
        {
            m_out->append(QStringList{f.scanner, f.key, f.rule, f.title, f.description, f.remediation,
                                      f.references.join(u'|'), f.cwes.join(u'|'), issueKindKey(f.kind),
                                      QString::number(int(f.severity)), f.scannerSeverity, f.confidence,
                                      f.score ? QString::number(*f.score) : QStringLiteral("-"), f.location,
                                      f.filePath, QString::number(f.line), f.package, f.installedVersion,
                                      f.fixedVersion, f.fingerprint, f.message, f.snippet,
                                      QString::number(int(f.suppressed)), f.suppression,
                                      QString::fromLatin1(f.raw.toHex())}
                              .join(u'\x1f'));
        }

    private:
        QStringList *m_out;
    };
    static Reading readWhole(const InputFile &input)
    {
        Reading r;
        RecordingSink sink(&r.findings);
        try {
            const JsonDocument json(input);
            r.scanner =
                sarifImporter().read(JsonNode(json.root(), QStringLiteral("$"), &json.displayName()), sink).scanner;
        } catch (const Error &e) {
            r.error = e.message();
        }
        return r;
    }
    // nullopt when the file does not split (it is then read whole). Any share of the file: the
    // small files here are split whatever part of them the results are.
    static std::optional<Reading> readSplit(const InputFile &input)
    {
        Reading r;
        RecordingSink sink(&r.findings);
        try {
            const std::unique_ptr<SplitJsonDocument> split = SplitJsonDocument::open(input, "runs", "results", 0);
            if (!split)
                return std::nullopt;
            r.scanner = sarifImporter().readSplit(*split, sink).scanner;
        } catch (const Error &e) {
            r.error = e.message();
        }
        return r;
    }
    static void compareReadings(const InputFile &input, bool splits)
    {
        const Reading whole = readWhole(input);
        const std::optional<Reading> split = readSplit(input);
        QCOMPARE(split.has_value(), splits);
        if (!split)
            return;
        QCOMPARE(split->error, whole.error);
        QCOMPARE(split->scanner, whole.scanner);
        QCOMPARE(split->findings, whole.findings);
    }

private slots:
    void init() { t = TestDatabase::create(); }

    // Decision 81: a SARIF log is read split (the results one at a time), and that reading meets
    // exactly what the whole document's does: the same findings, field by field, and the same
    // error where the file is wrong, on every SARIF file the suite has.
    void splitReadingIsTheWholeReading_data()
    {
        QTest::addColumn<QString>("file");
        int files = 0;
        for (const QString &folder : {QStringLiteral("sarif"), QStringLiteral("sarif-spec")}) {
            const QDir dir(fixture(folder));
            for (const QString &name : dir.entryList(QDir::Files, QDir::Name)) {
                QTest::newRow(qPrintable(folder + QLatin1Char('/') + name)) << dir.filePath(name);
                ++files;
            }
        }
        QVERIFY(files > 80);
    }
    void splitReadingIsTheWholeReading()
    {
        QFETCH(QString, file);
        const InputFile input(file, QFileInfo(file).fileName());
        const Reading whole = readWhole(input);
        const std::optional<Reading> split = readSplit(input);
        if (!split) {
            // Read whole only when the whole parse refuses the file, or it has no results to split.
            QVERIFY2(!whole.error.isEmpty() || whole.findings.isEmpty(), qPrintable(file));
            return;
        }
        QCOMPARE(split->error, whole.error);
        QCOMPARE(split->scanner, whole.scanner);
        QCOMPARE(split->findings, whole.findings);
    }

    // Only the format that reads split is handed a split document: a Bandit report that happens to
    // hold runs[].results[] too is parsed whole and read as Bandit's.
    void anotherFormatWithRunsIsReadWhole()
    {
        QFile f(fixture(QStringLiteral("bandit/many_vulns.json")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonObject report = QJsonDocument::fromJson(f.readAll()).object();
        QJsonArray results; // most of the file, so that it is worth splitting
        const QJsonObject entry{{QStringLiteral("text"), QStringLiteral("an entry of a run's results")}};
        const qsizetype entryBytes = QJsonDocument(QJsonArray{entry}).toJson().size();
        for (qsizetype bytes = 0, wanted = QJsonDocument(report).toJson().size(); bytes < wanted; bytes += entryBytes)
            results.append(entry);
        report.insert(QStringLiteral("runs"), QJsonArray{QJsonObject{{QStringLiteral("results"), results}}});
        const QString path = writeFile(QStringLiteral("bandit-with-runs.json"), QJsonDocument(report).toJson());
        const InputFile input(path, QStringLiteral("bandit-with-runs.json"));
        QVERIFY(SplitJsonDocument::open(input, "runs", "results")); // the shape splits
        const JsonScan scan(input, QStringLiteral("auto"), QStringLiteral("bandit-with-runs.json"));
        QVERIFY(!scan.isSplit());
        QCOMPARE(scan.importer().format(), QStringLiteral("bandit"));
        const ImportResult withRuns = importFile(path);
        const ImportResult plain = importFile(fixture(QStringLiteral("bandit/many_vulns.json")), QStringLiteral("other"));
        QCOMPARE(withRuns.occurrences, plain.occurrences);
        QVERIFY(withRuns.occurrences > 1);
    }

    // Splitting pays when the results are most of the file: a log of many runs of a result each
    // (its skeleton nearly the whole file) is parsed whole, a log of many results split.
    void splitOnlyWhenTheResultsAreMostOfTheFile()
    {
        const QByteArray run = R"({"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"a","message":{"text":"m"}}]})";
        QByteArray manyRuns = R"({"version":"2.1.0","runs":[)" + run;
        QByteArray manyResults = R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[)";
        for (int i = 0; i < 1000; ++i) {
            manyRuns += "," + run;
            manyResults += QByteArray(i ? "," : "") + R"({"ruleId":"a","message":{"text":"m"}})";
        }
        manyRuns += "]}";
        manyResults += "]}]}";
        const InputFile runs(manyRuns, QStringLiteral("runs.sarif")), results(manyResults, QStringLiteral("results.sarif"));
        QVERIFY(!SplitJsonDocument::open(runs, "runs", "results"));
        QVERIFY(SplitJsonDocument::open(runs, "runs", "results", 0));
        QVERIFY(SplitJsonDocument::open(results, "runs", "results"));
        QVERIFY(!JsonScan(runs, QStringLiteral("auto"), QStringLiteral("runs.sarif")).isSplit());
        QVERIFY(JsonScan(results, QStringLiteral("auto"), QStringLiteral("results.sarif")).isSplit());
        compareReadings(runs, true);
        compareReadings(results, true);
    }

    // The shapes a hostile or broken log may take around the split arrays.
    void splitReadingOfOddShapes_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("splits");
        const QByteArray tool = R"("tool":{"driver":{"name":"x","rules":[{"id":"a"},{"id":"b"}]}})";
        auto log = [](const QByteArray &runs) -> QByteArray { return R"({"version":"2.1.0","runs":[)" + runs + "]}"; };
        auto run = [&tool](const QByteArray &results) -> QByteArray { return "{" + tool + R"(,"results":)" + results + "}"; };
        const QByteArray a = R"({"ruleId":"a","message":{"text":"one"}})";
        const QByteArray b = R"({"ruleId":"b","message":{"text":"two \u0000 \ud83d\ude00 \u00e9"}})";
        QTest::newRow("plain") << log(run("[" + a + "," + b + "]")) << true;
        QTest::newRow("results before the tool") << log(R"({"results":[)" + a + "]," + tool + "}") << true;
        QTest::newRow("two runs") << log(run("[" + a + "]") + "," + run("[" + b + "]")) << true;
        QTest::newRow("duplicate results: the first counts")
            << log("{" + tool + R"(,"results":[)" + a + R"(],"results":[)" + b + "]}") << true;
        QTest::newRow("an escaped key first")
            << log("{" + tool + R"(,"r\u0065sults":[)" + a + R"(],"results":[)" + b + "]}") << true;
        QTest::newRow("duplicate runs: the first counts")
            << QByteArray(R"({"version":"2.1.0","runs":[)" + run("[" + a + "]") + R"(],"runs":[)" + run("[" + b + "]") +
                          "]}")
            << true;
        {
            QByteArray first, second; // a longer second runs member: none of its runs may be read
            for (int i = 0; i < 6; ++i)
                first += (i ? "," : "") + run("[" + a + "]");
            for (int i = 0; i < 10; ++i)
                second += (i ? "," : "") + run("[" + b + "," + b + "]");
            QTest::newRow("duplicate runs, the second longer")
                << QByteArray(R"({"version":"2.1.0","runs":[)" + first + R"(],"runs":[)" + second + "]}") << true;
        }
        QTest::newRow("a run that is not an object") << log("42," + run("[" + a + "]")) << true;
        QTest::newRow("results null") << log(run("null")) << true;
        QTest::newRow("a run without results, then one with")
            << log("{" + tool + "}," + run("null") + "," + run("[" + a + "]")) << true;
        QTest::newRow("results an object") << log(run(R"({"x":1})")) << true;
        QTest::newRow("results empty") << log(run("[]")) << true;
        QTest::newRow("results in the tool are not split")
            << log(R"({"tool":{"driver":{"name":"x"},"results":[42]},"results":[)" + a + "]}") << true;
        QTest::newRow("a shape error in the second result")
            << log(run("[" + a + R"(,{"ruleIndex":9,"message":{"text":"m"}}])")) << true;
        QTest::newRow("a result that is not an object") << log(run("[" + a + ",7]")) << false;
        QTest::newRow("a result that does not parse") << log(run("[" + a + R"(,{"ruleId":tru}])")) << false;
        QTest::newRow("a missing comma") << log(run("[" + a + " " + b + "]")) << false;
        QTest::newRow("a trailing comma") << log(run("[" + a + ",]")) << false;
        QTest::newRow("truncated in the results") << log(run("[" + a + "," + b + "]")).left(110) << false;
        QTest::newRow("json lines") << log(run("[" + a + "]")) + "\n" + log(run("[" + b + "]")) << false;
        QTest::newRow("an error after the results") << log("{" + tool + R"(,"results":[)" + a + R"(],"x":})") << false;
        QTest::newRow("runs not an array") << QByteArray(R"({"version":"2.1.0","runs":{"results":[]}})") << false;
        QTest::newRow("the root an array") << QByteArray("[" + a + "]") << false;
        // The whole document may nest 1,024 levels: the result's properties at depth 6, then [...].
        auto nested = [&](int depth) {
            return log(run(R"([{"ruleId":"a","message":{"text":"m"},"properties":{"x":)" + QByteArray(depth, '[') +
                           QByteArray(depth, ']') + "}}]"));
        };
        QTest::newRow("a result nested to the limit") << nested(1018) << true;
        QTest::newRow("a result nested past the limit") << nested(1019) << false;
    }
    void splitReadingOfOddShapes()
    {
        QFETCH(QByteArray, content);
        QFETCH(bool, splits);
        // From a file (read with the parser's padding) and from memory (a padded copy).
        compareReadings(InputFile(writeFile(QStringLiteral("odd.sarif"), content), QStringLiteral("odd.sarif")), splits);
        compareReadings(InputFile(content, QStringLiteral("odd.sarif")), splits);
    }


    // Occurrences are findings as the peer counts them (one per result/entry); issues group them.
    void counts_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("occurrences");
        QTest::addColumn<int>("issues");
        // Bandit (DefectDojo: test_bandit_parser.py)
        QTest::newRow("bandit no_vuln") << "bandit/no_vuln.json"
                                        << "bandit" << 0 << 0;
        QTest::newRow("bandit one_vuln") << "bandit/one_vuln.json"
                                         << "bandit" << 1 << 1;
        QTest::newRow("bandit dd") << "bandit/dd.json"
                                   << "bandit" << 47 << 8;
        QTest::newRow("bandit many_vulns") << "bandit/many_vulns.json"
                                           << "bandit" << 214 << 16;
        // Trivy (test_trivy_parser.py): all schema versions, vulnerabilities, misconfigurations,
        // secrets, licences, Kubernetes reports
        QTest::newRow("trivy scheme_2_no_vuln") << "trivy/scheme_2_no_vuln.json"
                                                << "trivy" << 0 << 0;
        QTest::newRow("trivy legacy_many_vulns") << "trivy/legacy_many_vulns.json"
                                                 << "trivy" << 93 << 93;
        QTest::newRow("trivy scheme_2_many_vulns") << "trivy/scheme_2_many_vulns.json"
                                                   << "trivy" << 5 << 5;
        QTest::newRow("trivy misconfigurations_and_secrets") << "trivy/misconfigurations_and_secrets.json"
                                                             << "trivy" << 5 << 5;
        QTest::newRow("trivy license_scheme") << "trivy/license_scheme.json"
                                              << "trivy" << 19 << 18;
        QTest::newRow("trivy issue_9092") << "trivy/issue_9092.json"
                                          << "trivy" << 1 << 1;
        QTest::newRow("trivy issue_9170 (k8s Resources)") << "trivy/issue_9170.json"
                                                          << "trivy" << 37 << 16;
        QTest::newRow("trivy issue_9263") << "trivy/issue_9263.json"
                                          << "trivy" << 1 << 1;
        QTest::newRow("trivy issue_9333") << "trivy/issue_9333.json"
                                          << "trivy" << 13 << 13;
        QTest::newRow("trivy issue_10991") << "trivy/issue_10991.json"
                                           << "trivy" << 37 << 16;
        QTest::newRow("trivy issue_14136") << "trivy/issue_14136.json"
                                           << "trivy" << 1 << 1;
        QTest::newRow("trivy cvss_severity_source") << "trivy/cvss_severity_source.json"
                                                    << "trivy" << 2 << 2;
        QTest::newRow("trivy cvssv4_severity_source") << "trivy/cvssv4_severity_source.json"
                                                      << "trivy" << 3 << 3;
        QTest::newRow("trivy severity_prio") << "trivy/severity_prio.json"
                                             << "trivy" << 2 << 2;
        QTest::newRow("trivy k8s subset") << "trivy/kubernetes_fabricated_subset.json"
                                          << "trivy" << 13 << 9;
        // SARIF (test_sarif_parser.py and the tool-specific SARIF tests)
        QTest::newRow("sarif DefectDojo export")
            << "sarif/DefectDojo_django-DefectDojo__2020-12-11_13_42_10__export.sarif"
            << "sarif" << 510 << 27;
        QTest::newRow("sarif appendix_k") << "sarif/appendix_k.sarif"
                                          << "sarif" << 1 << 1;
        QTest::newRow("sarif appendix_k1") << "sarif/appendix_k1.sarif"
                                           << "sarif" << 0 << 0;
        QTest::newRow("sarif appendix_k1_double") << "sarif/appendix_k1_double.sarif"
                                                  << "sarif" << 0 << 0;
        QTest::newRow("sarif appendix_k4") << "sarif/appendix_k4.sarif"
                                           << "sarif" << 1 << 1;
        QTest::newRow("sarif SuppressionTestCurrent (BOM)") << "sarif/SuppressionTestCurrent.sarif"
                                                            << "sarif" << 4 << 4;
        QTest::newRow("sarif dependency_check") << "sarif/dependency_check.sarif"
                                                << "sarif" << 13 << 9;
        QTest::newRow("sarif bash-report") << "sarif/bash-report.sarif"
                                           << "sarif" << 27 << 5;
        QTest::newRow("sarif flawfinder (kind pass skipped)") << "sarif/flawfinder.sarif"
                                                              << "sarif" << 53 << 9;
        QTest::newRow("sarif codeQL-output") << "sarif/codeQL-output.sarif"
                                             << "sarif" << 72 << 13;
        QTest::newRow("sarif blackduck fingerprints") << "sarif/blackduck_nested_fingerprints.sarif"
                                                      << "sarif" << 5 << 5;
        QTest::newRow("sarif issue_10191") << "sarif/issue_10191.json"
                                           << "sarif" << 77 << 17;
        QTest::newRow("sarif flawfinder many") << "sarif/flawfinder__flawfinder_many_vuln.sarif"
                                               << "sarif" << 4 << 4;
        QTest::newRow("sarif devskim many") << "sarif/devskim__devskim_many_vuln.sarif"
                                            << "sarif" << 7 << 6;
        QTest::newRow("sarif mayhem code many") << "sarif/mayhem__mayhem_code_many_vulns.sarif"
                                                << "sarif" << 8 << 4;
        QTest::newRow("sarif mayhem api many") << "sarif/mayhem__mayhem_api_many_vulns.sarif"
                                               << "sarif" << 20 << 10;
        QTest::newRow("sarif no runs") << "sarif/no_runs.sarif"
                                       << "sarif" << 0 << 0;
        QTest::newRow("sarif rules in extensions") << "sarif-spec/vscode__rulesExtensions.sarif"
                                                   << "sarif" << 5 << 2;
        QTest::newRow("sarif several runs") << "sarif-spec/codeql-action__valid-sarif.sarif"
                                            << "sarif" << 3 << -1;
        QTest::newRow("sarif utf8 bom") << "sarif-spec/sarif-sdk__elfie-arriba-utf8-bom.sarif"
                                        << "sarif" << 5 << 2;
    }
    void counts()
    {
        QFETCH(QString, file);
        QFETCH(QString, format);
        QFETCH(int, occurrences);
        QFETCH(int, issues);
        const ImportResult r = importFile(fixture(file));
        QCOMPARE(r.format, format);
        QCOMPARE(r.occurrences, occurrences);
        if (issues >= 0)
            QCOMPARE(r.issues, issues);
        // Stored as reported: the rows agree with the summary.
        const IssueQuery q(*t->db);
        QCOMPARE(q.count(q.scopeForScan(r.scanId), {}), r.issues);
        QCOMPARE(Query(*t->db, QStringLiteral("SELECT count(*) FROM occurrence WHERE scan_id = :s"))
                     .bind(QStringLiteral(":s"), r.scanId)
                     .scalar()
                     .toInt(),
                 occurrences);
    }

    void banditFields()
    {
        const ImportResult one = importFile(fixture(QStringLiteral("bandit/one_vuln.json")));
        const IssueDetails b101 = issueByKey(one.scanId, QStringLiteral("B101"));
        QCOMPARE(b101.row.severity, Severity::Low);
        QCOMPARE(b101.row.scanner, QStringLiteral("Bandit"));
        QCOMPARE(b101.occurrences.size(), 1);
        QCOMPARE(b101.occurrences.first().filePath, QStringLiteral("one/one.py"));

        const ImportResult demo =
            importFile(fixture(QStringLiteral("../../resources/demo/dvpwa-DEMO-001.bandit.json")));
        const IssueDetails b602 = issueByKey(demo.scanId, QStringLiteral("B602"));
        QCOMPARE(b602.row.severity, Severity::Critical); // HIGH with HIGH confidence
        QCOMPARE(b602.row.scannerSeverity, QStringLiteral("HIGH"));
        QCOMPARE(b602.confidence, QStringLiteral("HIGH"));
        QCOMPARE(b602.occurrences.first().location, QStringLiteral("sqli/services/ping.py:7"));
        QCOMPARE(demo.counts.count(Severity::Critical), 1);
        QCOMPARE(demo.counts.count(Severity::Medium), 1);
        QCOMPARE(demo.counts.count(Severity::Low), 1);
    }

    // An empty subproduct (found by fuzzing) names no scanner: the findings are "Custom"'s, as when
    // it is left out, never a scanner with no name.
    void stoEmptySubproductIsCustom()
    {
        const QString path = writeFile(
            QStringLiteral("sto.json"),
            R"({"meta":{"key":["issueName"],"subproduct":"  "},"issues":[{"issueName":"XSS","issueDescription":"d","severity":6}]})");
        const ImportResult r = importFile(path);
        const IssueDetails xss = issueByKey(r.scanId, QStringLiteral("XSS"));
        QCOMPARE(xss.row.scanner, QStringLiteral("Custom"));
        QCOMPARE(xss.row.severity, Severity::Medium);
    }

    void trivyFields()
    {
        const ImportResult s2 = importFile(fixture(QStringLiteral("trivy/scheme_2_many_vulns.json")));
        const IssueDetails freetype = issueByKey(s2.scanId, QStringLiteral("CVE-2020-15999|freetype"));
        QCOMPARE(freetype.row.severity, Severity::Medium);
        QCOMPARE(freetype.row.rule, QStringLiteral("CVE-2020-15999"));
        QCOMPARE(freetype.occurrences.first().fixedVersion, QStringLiteral("2.9.1-r3"));
        QCOMPARE(freetype.occurrences.first().installedVersion, QStringLiteral("2.9.1-r2"));
        QVERIFY(freetype.cwes.contains(QStringLiteral("CWE-787")));

        const ImportResult mixed = importFile(
            fixture(QStringLiteral("trivy/misconfigurations_and_secrets.json")), QStringLiteral("img"));
        const IssueDetails ds002 = issueByKey(mixed.scanId, QStringLiteral("DS002"));
        QCOMPARE(ds002.row.title, QStringLiteral("DS002 - Image user should not be 'root'"));
        QCOMPARE(ds002.row.severity, Severity::High);
        QCOMPARE(ds002.remediation, QStringLiteral("Add 'USER <non root user name>' line to the Dockerfile"));
        const IssueDetails secret = issueByKey(mixed.scanId, QStringLiteral("github-pat|Dockerfile"));
        QCOMPARE(secret.row.severity, Severity::Critical);
        QCOMPARE(secret.row.title,
                 QStringLiteral("Secret detected in Dockerfile - GitHub Personal Access Token"));
        QCOMPARE(secret.occurrences.first().line, 24);

        // Trivy's own severity wins over the CVSS score (EXPECTED.md: severity_prio.json).
        const ImportResult prio =
            importFile(fixture(QStringLiteral("trivy/severity_prio.json")), QStringLiteral("prio"));
        const IssueQuery q(*t->db);
        QList<Severity> severities;
        QList<double> scores;
        for (const IssueRow &row :
             q.list(q.scopeForScan(prio.scanId), {}, {IssueSortColumn::Severity, false})) {
            severities.append(row.severity);
            scores.append(row.score.value_or(-1));
        }
        QCOMPARE(severities, (QList<Severity>{Severity::Low, Severity::Critical}));
        QCOMPARE(scores, (QList<double>{6.5, 7.5}));
    }

    void trivyNullNeedsTheScannerNamed()
    {
        try {
            importFile(fixture(QStringLiteral("trivy/legacy_no_vuln.json")));
            QFAIL("JSON null was imported without --scanner");
        } catch (const Error &e) {
            QCOMPARE(e.kind(), ErrorKind::BadInput);
            QVERIFY(e.message().contains(QLatin1String("--scanner trivy")));
        }
        const ImportResult r =
            importFile(fixture(QStringLiteral("trivy/legacy_no_vuln.json")), QStringLiteral("app"),
                       QStringLiteral("main"), QStringLiteral("trivy"));
        QCOMPARE(r.occurrences, 0);
    }

    void sarifFields()
    {
        const ImportResult k = importFile(fixture(QStringLiteral("sarif/appendix_k.sarif")));
        const IssueDetails c2001 = issueByKey(k.scanId, QStringLiteral("C2001"));
        QCOMPARE(c2001.row.severity, Severity::High); // level error
        QCOMPARE(c2001.occurrences.first().location, QStringLiteral("collections/list.h:15"));

        // security-severity on the rule (5.3) beats the level (warning would be Medium too,
        // so look at the score kept with it).
        const ImportResult trivy = importFile(
            fixture(QStringLiteral("sarif/trivy-upstream__alpine-310.sarif")), QStringLiteral("img"));
        const IssueDetails cve = issueByKey(trivy.scanId, QStringLiteral("CVE-2019-1549"));
        QCOMPARE(cve.row.score, std::optional<double>(5.3));
        QCOMPARE(cve.row.severity, Severity::Medium);
        QCOMPARE(cve.occurrences.size(), 2);

        // flawfinder: CWE from the rule's tags, fingerprints kept as the occurrence identity.
        const ImportResult ff =
            importFile(fixture(QStringLiteral("sarif/flawfinder.sarif")), QStringLiteral("ff"));
        const IssueDetails ff1048 = issueByKey(ff.scanId, QStringLiteral("FF1048"));
        QVERIFY(ff1048.cwes.contains(QStringLiteral("CWE-327")));
        bool found = false;
        for (const OccurrenceRow &o : ff1048.occurrences)
            found |= o.fingerprint.endsWith(
                QLatin1String("e6c1ad2b1d96ffc4035ed8df070600566ad240b8ded025dac30620f3fd4aa9fd"));
        QVERIFY(found);
    }

    void sarifSeverityRules()
    {
        // Result security-severity, rule security-severity, result level, rule default level,
        // SARIF default, and the issue's severity = the highest of its occurrences.
        const QByteArray log = R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"Probe","rules":[
            {"id":"R1","properties":{"security-severity":"9.1"}},
            {"id":"R2","defaultConfiguration":{"level":"error"}},
            {"id":"R3"},
            {"id":"R4","properties":{"security-severity":"2.0"}}]}},
          "results":[
            {"ruleIndex":0,"message":{"text":"a"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a.c"},"region":{"startLine":1}}}]},
            {"ruleId":"R2","message":{"text":"b"}},
            {"ruleId":"R3","message":{"text":"c"}},
            {"ruleId":"R3","level":"note","message":{"text":"d"}},
            {"ruleId":"R4","message":{"text":"e"},"properties":{"security-severity":"7.2"}},
            {"ruleId":"R3","kind":"pass","message":{"text":"not a finding"}}]}]})";
        const ImportResult r = importFile(writeFile(QStringLiteral("probe.sarif"), log));
        QCOMPARE(r.occurrences, 5);
        QCOMPARE(issueByKey(r.scanId, QStringLiteral("R1")).row.severity, Severity::Critical);
        QCOMPARE(issueByKey(r.scanId, QStringLiteral("R2")).row.severity, Severity::High);
        const IssueDetails r3 = issueByKey(r.scanId, QStringLiteral("R3"));
        QCOMPARE(r3.row.severity, Severity::Medium); // warning (default) and note: the highest
        QCOMPARE(r3.occurrences.size(), 2);
        QCOMPARE(issueByKey(r.scanId, QStringLiteral("R4")).row.severity,
                 Severity::High); // the result's own 7.2
    }

    void reimportKeepsIssueIdentity()
    {
        const ImportResult first = importFile(fixture(QStringLiteral("bandit/dd.json")));
        const ImportResult second = importFile(fixture(QStringLiteral("bandit/dd.json")));
        const IssueQuery q(*t->db);
        QList<qint64> a, b;
        for (const IssueRow &row : q.list(q.scopeForScan(first.scanId), {}, {IssueSortColumn::Id, false}))
            a.append(row.id);
        for (const IssueRow &row : q.list(q.scopeForScan(second.scanId), {}, {IssueSortColumn::Id, false})) {
            b.append(row.id);
            QCOMPARE(row.category, IssueCategory::Common); // compared with the previous scan
        }
        QCOMPARE(a, b);
        QCOMPARE(first.newIssues, first.issues); // the first scan: everything is new
        QCOMPARE(second.newIssues, 0);
    }

    // SARIF, completely: baseline states (an absent result is not a finding of this scan),
    // taxa, related locations and code flows kept in the occurrence's message and raw view.
    void sarifBaselineStatesAndFlows()
    {
        const ImportResult r =
            importFile(fixture(QStringLiteral("sarif-spec/sarif-sdk__NewAndOldResults.sarif")));
        QCOMPARE(r.occurrences, 4); // new, unchanged, updated, new; not the absent one
        const IssueQuery q(*t->db);
        QStringList states;
        for (const IssueRow &row : q.list(q.scopeForScan(r.scanId), {})) {
            for (const OccurrenceRow &o : q.details(row.id, r.scanId).occurrences) {
                states.append(o.message.section(QStringLiteral("Baseline state: "), 1, 1)
                                  .section(QLatin1Char('\n'), 0, 0));
                QVERIFY(o.raw.contains(QLatin1String("baselineState")));
            }
        }
        states.sort();
        QCOMPARE(states, QStringList({QStringLiteral("new"), QStringLiteral("new"),
                                      QStringLiteral("unchanged"), QStringLiteral("updated")}));
        // Appendix K of the SARIF specification: a result with a code flow.
        const ImportResult flows =
            importFile(fixture(QStringLiteral("sarif/appendix_k.sarif")), QStringLiteral("flows"));
        bool sawFlow = false;
        for (const IssueRow &row : q.list(q.scopeForScan(flows.scanId), {})) {
            for (const OccurrenceRow &o : q.details(row.id, flows.scanId).occurrences)
                sawFlow = sawFlow || o.message.contains(QLatin1String("Code flow: ")) ||
                          o.message.contains(QLatin1String("Related: "));
        }
        QVERIFY(sawFlow);
    }

    // A result's identity does not depend on its baseline state or the notes shown under it.
    void sarifIdentityIgnoresBaselineState()
    {
        auto sarif = [](const char *state) -> QByteArray {
            return QByteArray("{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"T\"}},"
                              "\"results\":[{"
                              "\"ruleId\":\"R1\",\"message\":{\"text\":\"m\"},\"baselineState\":\"") +
                   state +
                   "\",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"a.c\"},"
                   "\"region\":{\"startLine\":3}}}]}]}]}";
        };
        const ImportResult first = importFile(writeFile(QStringLiteral("new.sarif"), sarif("new")),
                                              QStringLiteral("id"), QStringLiteral("a"));
        const ImportResult second =
            importFile(writeFile(QStringLiteral("unchanged.sarif"), sarif("unchanged")), QStringLiteral("id"),
                       QStringLiteral("b"));
        const IssueQuery q(*t->db);
        const qint64 issue = q.list(q.scopeForScan(first.scanId), {}).first().id;
        QCOMPARE(q.details(issue, second.scanId).occurrences.first().fingerprint,
                 q.details(issue, first.scanId).occurrences.first().fingerprint);
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("place"); // what the message must point at
        const QByteArray demo = [] {
            QFile f(fixture(QStringLiteral("../../resources/demo/dvpwa-DEMO-001.bandit.json")));
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }();
        QTest::newRow("empty") << QByteArray() << "empty";
        QTest::newRow("truncated") << demo.left(demo.size() / 2) << "line ";
        QTest::newRow("not json") << QByteArray("hello, world") << "line 1, column";
        QTest::newRow("unknown xml") << QByteArray("<html>hello</html>")
                                     << "line 1, column 6 (/html): <html> is not a known";
        QTest::newRow("xml with a DTD")
            << QByteArray("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                          "<!ENTITY lol2 \"&lol;&lol;&lol;\">]>\n<OWASPZAPReport>&lol2;</OWASPZAPReport>")
            << "line 2, column";
        QTest::newRow("truncated xml") << QByteArray("<OWASPZAPReport><site name=\"x\">") << "truncated XML";
        QTest::newRow("deep xml") << (QByteArray("<a>").repeated(300) + QByteArray("</a>").repeated(300))
                                  << "nested deeper";
        QTest::newRow("not utf-8") << QByteArray("{\"results\": [{\"test_id\": \"B1\xff\xfe\"}]}")
                                   << "byte 28";
        QTest::newRow("wrong shape") << QByteArray(R"({"generated_at":"x","results":{"test_id":"B1"}})")
                                     << "$.results";
        QTest::newRow("wrong type") << QByteArray(R"({"generated_at":"x","results":[{"test_id":42}]})")
                                    << "$.results[0].test_id";
        QTest::newRow("missing key") << QByteArray(R"({"generated_at":"x","results":[{"issue_text":"x"}]})")
                                     << "test_id";
        QTest::newRow("unknown format") << QByteArray(R"({"hello":"world"})") << "not a known result format";
        QTest::newRow("json null") << QByteArray("null") << "JSON null";
        QTest::newRow("deep nesting") << QByteArray(5000, '[') << "nested";
        QTest::newRow("huge number")
            << QByteArray(
                   R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"a","message":{"text":"m"},"locations":[{"id":123456789012345678901234567890}]}]}]})")
            << "$.runs[0].results[0].locations[0].id";
        // A line written as a double far past 64 bits (found by fuzzing Gitleaks): refused, not cast.
        QTest::newRow("huge double line")
            << QByteArray(R"([{"RuleID":"r","File":"a.go","StartLine":3.3e97,"Secret":"s","Match":"m"}])")
            << "$[0].StartLine";
        QTest::newRow("sarif 1.0") << QByteArray(R"({"version":"1.0.0","runs":[]})") << "older than 2.1.0";
        QTest::newRow("sarif results not array")
            << QByteArray(R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":42}]})")
            << "$.runs[0].results";
        QTest::newRow("sarif rule index")
            << QByteArray(
                   R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","rules":[]}},"results":[{"ruleIndex":3,"message":{"text":"m"}}]}]})")
            << "ruleIndex 3";
        // An issue whose key fields are all empty has no identity (found by fuzzing Harness STO).
        QTest::newRow("sto empty key")
            << QByteArray(
                   R"({"meta":{"key":["issueName"],"subproduct":"T"},"issues":[{"issueName":"","issueDescription":"d","severity":5}]})")
            << "$.issues[0]";
        QTest::newRow("trivy wrong type")
            << QByteArray(
                   R"({"SchemaVersion":2,"Results":[{"Target":"t","Vulnerabilities":[{"VulnerabilityID":"CVE-1","Severity":5}]}]})")
            << "Severity";
    }
    void badInput()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, place);
        importFile(fixture(QStringLiteral("bandit/one_vuln.json"))); // something to keep
        const QString before = dumpDatabase(*t->db);
        const QString path = writeFile(QStringLiteral("bad-input.json"), content);
        try {
            importFile(path);
            QFAIL("bad input was imported");
        } catch (const Error &e) {
            QCOMPARE(e.kind(), ErrorKind::BadInput);
            QVERIFY2(e.message().contains(QLatin1String("bad-input.json")), qPrintable(e.message()));
            QVERIFY2(e.message().contains(place), qPrintable(e.message()));
        }
        QCOMPARE(dumpDatabase(*t->db), before);
    }

    void fixturesMeantToBeRefused_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("syntax error") << "sarif-spec/sarif-sdk__JSON1001.SyntaxError.sarif";
        QTest::newRow("results: 42") << "sarif-spec/codeql-action__invalid-sarif.sarif";
        QTest::newRow("not sarif") << "sarif-spec/sarif-sdk__Invalid.sarif";
        QTest::newRow("index out of range")
            << "sarif-spec/sarif-sdk__SARIF1009.IndexPropertiesMustBeConsistentWithArrays_Invalid.sarif";
        QTest::newRow("sarif 1.0.0") << "sarif-spec/sarif-sdk__BasicResult.sarif";
        QTest::newRow("sarif 2.0.0") << "sarif-spec/sarif-sdk__WithSuppressions.prerelease-2.0.0-input.sarif";
        QTest::newRow("sarif 2.2") << "sarif-spec/oasis__v2.2_comprehensive.json";
        QTest::newRow("big integer") << "sarif-spec/sarif-sdk__LocationId_BigInteger.sarif";
    }
    void fixturesMeantToBeRefused()
    {
        QFETCH(QString, file);
        const QString before = dumpDatabase(*t->db);
        try {
            importFile(fixture(file));
            QFAIL("imported");
        } catch (const Error &e) {
            QCOMPARE(e.kind(), ErrorKind::BadInput);
        }
        QCOMPARE(dumpDatabase(*t->db), before);
    }

    void namedScannerMustMatch()
    {
        // --scanner bandit on a SARIF file: the shape is wrong, so it is refused, not misread.
        try {
            importFile(fixture(QStringLiteral("sarif/appendix_k.sarif")), QStringLiteral("app"),
                       QStringLiteral("main"), QStringLiteral("bandit"));
            QFAIL("imported");
        } catch (const Error &e) {
            QCOMPARE(e.kind(), ErrorKind::BadInput);
            QVERIFY2(
                e.message().contains(QLatin1String("at $: not Bandit JSON, which --scanner bandit names")),
                qPrintable(e.message()));
        }
    }

    void viewersCannotImport()
    {
        ImportRequest r;
        r.path = fixture(QStringLiteral("bandit/one_vuln.json"));
        r.target = QStringLiteral("app");
        r.variant = QStringLiteral("main");
        try {
            ScanImporter(*t->db).import(t->vera, r);
            QFAIL("a viewer imported");
        } catch (const Error &e) {
            QCOMPARE(e.kind(), ErrorKind::NotAllowed);
        }
    }
};

QTEST_GUILESS_MAIN(TestImporters)
#include "tst_importers.moc"
