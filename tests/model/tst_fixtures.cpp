// Every fixture of every native format (tests/fixtures/MANIFEST.tsv, copied from the shared
// fixtures with their native finding counts) imports, is recognised as its format, and gives one
// occurrence per native entry. Where the peer (DefectDojo) counts otherwise, docs/formats.md says
// why; the peer's numbers are in ../shared/fixtures/EXPECTED.md.
#include "ScanImporter.h"
#include "TestSupport.h"

#include <QFile>
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
    };
    return map;
}

// Fixtures whose occurrence count is not the manifest's native count, and why.
const QHash<QString, int> &overrides()
{
    static const QHash<QString, int> map{};
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
        QFile manifest(fixture(QStringLiteral("MANIFEST.tsv")));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        int rows = 0;
        while (!manifest.atEnd()) {
            const QStringList cols = QString::fromUtf8(manifest.readLine()).split(QLatin1Char('\t'));
            if (cols.size() < 8 || !formats().contains(cols[0]))
                continue;
            const int native = overrides().value(cols[1], cols[6].toInt());
            QTest::newRow(qPrintable(cols[1])) << cols[1] << formats().value(cols[0]) << native;
            ++rows;
        }
        QVERIFY(rows > 0);
    }

    void everyFixtureImports()
    {
        QFETCH(QString, file);
        QFETCH(QString, format);
        QFETCH(int, occurrences);
        auto t = TestDatabase::create();
        ImportRequest r;
        r.path = fixture(file);
        r.displayName = file;
        r.target = QStringLiteral("app");
        r.variant = QStringLiteral("main");
        ImportResult result;
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
        // The same file again: the same issues (keys) and the same occurrence identities.
        const QString before = fingerprints(*t->db, result.scanId);
        r.variant = QStringLiteral("again");
        const ImportResult again = ScanImporter(*t->db).import(t->alice, r);
        QCOMPARE(again.issues, result.issues);
        QCOMPARE(fingerprints(*t->db, again.scanId), before);
        QVERIFY2(!before.contains(QLatin1String("(none)")), "an occurrence without an identity");
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
            const QString fingerprint = q.value(1).toString();
            out += q.value(0).toString() + QLatin1Char(' ') +
                   (fingerprint.isEmpty() ? QStringLiteral("(none)") : fingerprint) + QLatin1Char('\n');
        }
        return out;
    }
};

QTEST_GUILESS_MAIN(TestFixtures)
#include "tst_fixtures.moc"
