// Every fixture of every native format (tests/fixtures/MANIFEST.tsv, copied from the shared
// fixtures with their native finding counts) imports, is recognised as its format, and gives one
// occurrence per native entry. Where the peer (DefectDojo) counts otherwise, docs/formats.md says
// why; the peer's numbers are in ../shared/fixtures/EXPECTED.md.
#include "model/importers/Registry.h"
#include "model/scans/ScanImporter.h"
#include "tests/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace secreview;
using namespace secreview::test;

namespace {

// Manifest folder -> the format that reads it.
const QHash<QString, QString> &formats()
{
    static const QHash<QString, QString> map{
        {QStringLiteral("semgrep"), QStringLiteral("semgrep")},
        {QStringLiteral("gitleaks"), QStringLiteral("gitleaks")},
        {QStringLiteral("grype"), QStringLiteral("grype")},
        {QStringLiteral("gosec"), QStringLiteral("gosec")},
        {QStringLiteral("brakeman"), QStringLiteral("brakeman")},
        {QStringLiteral("checkov"), QStringLiteral("checkov")},
        {QStringLiteral("npm_audit"), QStringLiteral("npm-audit")},
        {QStringLiteral("snyk"), QStringLiteral("snyk")},
        {QStringLiteral("osv_scanner"), QStringLiteral("osv")},
        {QStringLiteral("trufflehog"), QStringLiteral("trufflehog")},
        {QStringLiteral("trufflehog3"), QStringLiteral("trufflehog")},
        {QStringLiteral("gitlab_sast"), QStringLiteral("gitlab")},
        {QStringLiteral("harness_sto"), QStringLiteral("harness-sto")},
        {QStringLiteral("zap"), QStringLiteral("zap")},
        {QStringLiteral("dependency_check"), QStringLiteral("dependency-check")},
        {QStringLiteral("cyclonedx"), QStringLiteral("cyclonedx")},
    };
    return map;
}

// Fixtures whose occurrence count is not the manifest's native count (docs/formats.md says why).
const QHash<QString, int> &overrides()
{
    static const QHash<QString, int> map{
        // npm 7+: one occurrence per advisory and package it affects directly (8 of the 15
        // packages listed; the other 7 are affected only through those).
        {QStringLiteral("npm_audit/many_vuln_npm7.json"), 8},
    };
    return map;
}

// Fixtures in a folder that are another format than the folder's.
const QHash<QString, QString> &otherFormats()
{
    static const QHash<QString, QString> map{
        {QStringLiteral("snyk/snykcode_issue_9270.json"), QStringLiteral("sarif")}, // Snyk Code writes SARIF
    };
    return map;
}

// Fixtures that are refused on purpose (exit 3), with what the message says.
const QHash<QString, QString> &refusals()
{
    static const QHash<QString, QString> map{
        {QStringLiteral("npm_audit/empty_with_error.json"),
         QStringLiteral("npm audit report contains errors: ENOAUDIT")},
        {QStringLiteral("osv_scanner/no_findings.json"), QStringLiteral("the file is empty")},
    };
    return map;
}

} // namespace

class TestFixtures : public QObject
{
    Q_OBJECT

private slots:
    void everyFixtureImports_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("occurrences");
        QTest::addColumn<int>("issues"); // alert items (ZAP); -1: not checked
        QFile manifest(fixture(QStringLiteral("MANIFEST.tsv")));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        int rows = 0;
        while (!manifest.atEnd()) {
            const QStringList cols = QString::fromUtf8(manifest.readLine()).split(QLatin1Char('\t'));
            if (cols.size() < 8 || !formats().contains(cols[0]))
                continue;
            int native = cols[6].toInt();
            // ZAP: the manifest counts alerts (our issues); occurrences are their instances.
            static const QRegularExpression instances(QStringLiteral(R"(<instance> total=(\d+))"));
            int issues = -1;
            if (const auto m = instances.match(cols[7]); m.hasMatch()) {
                issues = native;
                native = m.captured(1).toInt();
            }
            // Dependency-Check: suppressed vulnerabilities are imported too (suppressed at source).
            static const QRegularExpression suppressed(QStringLiteral(R"(suppressedVulnerability=(\d+))"));
            if (const auto m = suppressed.match(cols[7]); m.hasMatch())
                native += m.captured(1).toInt();
            native = overrides().value(cols[1], native);
            QTest::newRow(qPrintable(cols[1]))
                << cols[1] << otherFormats().value(cols[1], formats().value(cols[0])) << native << issues;
            ++rows;
        }
        QVERIFY(rows > 0);
    }

    void everyFixtureImports()
    {
        QFETCH(QString, file);
        QFETCH(QString, format);
        QFETCH(int, occurrences);
        QFETCH(int, issues);
        auto t = TestDatabase::create();
        ImportRequest r;
        r.path = fixture(file);
        r.displayName = file;
        r.target = QStringLiteral("app");
        r.variant = QStringLiteral("main");
        ImportResult result;
        if (refusals().contains(file)) {
            const QString before = dumpDatabase(*t->db);
            try {
                ScanImporter(*t->db).import(t->alice, r);
                QFAIL("imported a file that must be refused");
            } catch (const Error &e) {
                QCOMPARE(e.kind(), ErrorKind::BadInput);
                QVERIFY2(e.message().contains(refusals().value(file)), qPrintable(e.message()));
            }
            QCOMPARE(dumpDatabase(*t->db), before);
            return;
        }
        try {
            result = ScanImporter(*t->db).import(t->alice, r);
        } catch (const Error &e) {
            // "Nothing found" written as [] or null cannot be told apart by content: named, it imports.
            QVERIFY2(e.message().contains(QLatin1String("empty list")) ||
                         e.message().contains(QLatin1String("JSON null")),
                     qPrintable(e.message()));
            QCOMPARE(occurrences, 0);
            r.scanner = format;
            result = ScanImporter(*t->db).import(t->alice, r);
        }
        QCOMPARE(result.format, format);
        QCOMPARE(result.occurrences, occurrences);
        // ZAP: one issue per plugin; a report listing one plugin in two alert items (the
        // fabricated duplicates) has fewer issues than items, never more.
        if (issues >= 0)
            QVERIFY2(result.issues <= issues && (issues == 0) == (result.issues == 0),
                     qPrintable(QString::number(result.issues)));
        // The same file again: the same issues (keys) and the same occurrence identities.
        const QString before = fingerprints(*t->db, result.scanId);
        r.variant = QStringLiteral("again");
        const ImportResult again = ScanImporter(*t->db).import(t->alice, r);
        QCOMPARE(again.issues, result.issues);
        QCOMPARE(fingerprints(*t->db, again.scanId), before);
        QVERIFY2(!before.contains(QLatin1String("(none)")), "an occurrence without an identity");
    }

    // Re-scans whose findings moved by some lines keep their issue keys and occurrence
    // identities (the fixtures hold such sequences); a finding that really changed does not.
    void identitiesSurviveLineMoves_data()
    {
        QTest::addColumn<QString>("first");
        QTest::addColumn<QString>("second");
        QTest::addColumn<bool>("same");
        // (semgrep_version_1_30_0_line_26/27.json, named for such a move, hold the same lines.)
        QTest::newRow("semgrep, line 31 -> 24")
            << "semgrep/close_old_findings_report_line31.json"
            << "semgrep/close_old_findings_report_second_run_line24.json" << true;
        QTest::newRow("semgrep, another finding")
            << "semgrep/close_old_findings_report_line31.json"
            << "semgrep/close_old_findings_report_third_run_different_unique_id.json" << false;
    }

    void identitiesSurviveLineMoves()
    {
        QFETCH(QString, first);
        QFETCH(QString, second);
        QFETCH(bool, same);
        auto t = TestDatabase::create();
        ImportRequest r;
        r.target = QStringLiteral("app");
        r.variant = QStringLiteral("main");
        r.path = fixture(first);
        const ImportResult a = ScanImporter(*t->db).import(t->alice, r);
        r.path = fixture(second);
        const ImportResult b = ScanImporter(*t->db).import(t->alice, r);
        QVERIFY(a.occurrences > 0);
        QCOMPARE(fingerprints(*t->db, a.scanId) == fingerprints(*t->db, b.scanId), same);
        // And the lines did move (or the test would prove nothing).
        Query lines(
            *t->db,
            QStringLiteral("SELECT group_concat(line) FROM (SELECT line FROM occurrence WHERE scan_id = :s"
                           " ORDER BY fingerprint)"));
        const QString linesA = lines.bind(QStringLiteral(":s"), a.scanId).scalar().toString();
        const QString linesB = lines.bind(QStringLiteral(":s"), b.scanId).scalar().toString();
        QVERIFY2(linesA != linesB, qPrintable(linesA));
    }

    // The JSON and XML reports of one tool give the same issues and occurrences.
    void jsonAndXmlAgree_data()
    {
        QTest::addColumn<QString>("xml");
        QTest::addColumn<QString>("json");
        QTest::newRow("ZAP") << "zap/5_zap_sample_one.xml"
                             << "converted/zap-5_zap_sample_one.json";
        QTest::newRow("Dependency-Check")
            << "dependency_check/multiple_vulnerabilities_has_multiple_findings.xml"
            << "converted/dependency-check-multiple_vulnerabilities.json";
        QTest::newRow("CycloneDX") << "cyclonedx/log4j.xml"
                                   << "cyclonedx/log4j.json";
    }

    void jsonAndXmlAgree()
    {
        QFETCH(QString, xml);
        QFETCH(QString, json);
        auto t = TestDatabase::create();
        ImportRequest r;
        r.target = QStringLiteral("app");
        r.variant = QStringLiteral("xml");
        r.path = fixture(xml);
        const ImportResult a = ScanImporter(*t->db).import(t->alice, r);
        r.variant = QStringLiteral("json");
        r.path = fixture(json);
        const ImportResult b = ScanImporter(*t->db).import(t->alice, r);
        QCOMPARE(b.format, a.format);
        QVERIFY(a.occurrences > 0);
        QCOMPARE(b.occurrences, a.occurrences);
        QCOMPARE(b.issues, a.issues);
        QCOMPARE(fingerprints(*t->db, b.scanId), fingerprints(*t->db, a.scanId));
        QCOMPARE(b.counts.notExempted, a.counts.notExempted);
    }

    void gitlabDependencyScanning()
    {
        auto t = TestDatabase::create();
        ImportRequest r;
        r.target = QStringLiteral("app");
        r.variant = QStringLiteral("main");
        r.path = fixture(QStringLiteral("converted/gl-dependency-scanning-report.json"));
        const ImportResult result = ScanImporter(*t->db).import(t->alice, r);
        QCOMPARE(result.format, QStringLiteral("gitlab"));
        QCOMPARE(result.scanner, QStringLiteral("Gemnasium"));
        QCOMPARE(result.occurrences, 2);
        QCOMPARE(result.counts.count(Severity::High), 1);
        Query q(*t->db, QStringLiteral("SELECT i.issue_key || ' ' || o.location AS place FROM occurrence o "
                                       "JOIN issue i ON i.id = o.issue_id"
                                       " WHERE o.scan_id = :s ORDER BY 1"));
        q.bind(QStringLiteral(":s"), result.scanId).exec();
        QStringList rows;
        while (q.next())
            rows.append(q.text(u"place"));
        QCOMPARE(rows, QStringList(
                           {QStringLiteral("gemnasium:0d2a6b1c|minimist minimist@1.2.5 (package-lock.json)"),
                            QStringLiteral("gemnasium:fb7d6a53|lodash lodash@4.17.15 (package-lock.json)")}));
    }

    // Every format, named with --scanner, refuses content of another shape (exit 3, the database
    // as it was), and reads "nothing found" (null, an empty list) as an empty scan.
    void everyFormatRefusesTheWrongShape_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QByteArray>("content");
        for (const Importer *importer : importers()) {
            for (const QByteArray &content : {QByteArray("{\"x\": 1}"), QByteArray("[1, 2, 3]"),
                                              QByteArray("\"text\""), QByteArray("<other><x/></other>")})
                QTest::newRow(qPrintable(importer->format() + QLatin1Char(' ') + QString::fromUtf8(content)))
                    << importer->format() << content;
        }
    }

    void everyFormatRefusesTheWrongShape()
    {
        QFETCH(QString, format);
        QFETCH(QByteArray, content);
        auto t = TestDatabase::create();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("wrong"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        ImportRequest r;
        r.path = path;
        r.target = QStringLiteral("app");
        r.variant = QStringLiteral("main");
        r.scanner = format;
        const QString before = dumpDatabase(*t->db);
        expectError(ErrorKind::BadInput, [&] { ScanImporter(*t->db).import(t->alice, r); });
        QCOMPARE(dumpDatabase(*t->db), before);
    }

    void fuzzRegressionsAreRefused()
    {
        // What the fuzzers found, kept (tests/fuzz/regressions): refused cleanly, not crashed on; a
        // *.accepted input is a valid file a fuzzer crashed on, imported with every issue named.
        QDir root(QStringLiteral(SECREVIEW_FIXTURES "/../fuzz/regressions"));
        int seen = 0;
        for (const QString &target : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            for (const QFileInfo &input : QDir(root.filePath(target)).entryInfoList(QDir::Files)) {
                auto t = TestDatabase::create();
                ImportRequest r;
                r.path = input.filePath();
                r.target = QStringLiteral("app");
                r.variant = QStringLiteral("main");
                if (target == QLatin1String("yaml"))
                    continue; // pipelines: tst_pipelines
                if (target != QLatin1String("detect"))
                    r.scanner = target; // the format the fuzzer read it as
                if (input.suffix() == QLatin1String("accepted")) {
                    // A valid file a fuzzer crashed on: imported, every issue naming its scanner.
                    const ImportResult imported = ScanImporter(*t->db).import(t->alice, r);
                    QVERIFY(imported.issues > 0);
                    QCOMPARE(Query(*t->db, QStringLiteral("SELECT count(*) FROM issue WHERE scanner = ''"))
                                 .scalar()
                                 .toInt(),
                             0);
                    ++seen;
                    continue;
                }
                const QString before = dumpDatabase(*t->db);
                try {
                    ScanImporter(*t->db).import(t->alice, r);
                    QFAIL(qPrintable(
                        QStringLiteral("%1/%2 was imported, not refused").arg(target, input.fileName())));
                } catch (const Error &e) {
                    QVERIFY2(
                        e.kind() == ErrorKind::BadInput,
                        qPrintable(QStringLiteral("%1/%2: %3").arg(target, input.fileName(), e.message())));
                }
                QCOMPARE(dumpDatabase(*t->db), before);
                ++seen;
            }
        }
        QVERIFY(seen > 0);
    }

private:
    static QString fingerprints(const Database &db, qint64 scanId)
    {
        Query q(db,
                QStringLiteral(
                    "SELECT i.issue_key, o.fingerprint FROM occurrence o JOIN issue i ON i.id = o.issue_id"
                    " WHERE o.scan_id = :s ORDER BY 1, 2"));
        q.bind(QStringLiteral(":s"), scanId).exec();
        QString out;
        while (q.next()) {
            // An empty identity shows as "(none)" and fails the comparison with the expectation.
            const QString fingerprint = q.text(u"fingerprint");
            out += q.text(u"issue_key") + QLatin1Char(' ') +
                   (fingerprint.isEmpty() ? QStringLiteral("(none)") : fingerprint) + QLatin1Char('\n');
        }
        return out;
    }
};

QTEST_GUILESS_MAIN(TestFixtures)
#include "tst_fixtures.moc"
