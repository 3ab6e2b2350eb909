// Reports and CI hand-off (issue 17), end to end with the built binary on the demo database, each
// output read back the way its consumer reads it: SARIF through the OASIS schema (Ajv) and by
// importing it again, CSV through Python's csv module, HTML through an XML parser, PDF through
// poppler's pdftotext and pdftoppm, dotenv and $GITHUB_OUTPUT by GitLab's and GitHub's rules,
// JUnit as XML, .eml through Python's email package. On a file and on the team server.
#include "tests/TestSupport.h"
#include "tests/cli/CliHarness.h"
#include "tests/team/TeamServer.h"
#include "model/pipelines/Expressions.h"
#include "model/report/CiOutputs.h"
#include "model/report/Exports.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QXmlStreamReader>
#include <sys/stat.h>

using namespace secreview::test;

namespace {

// A tool's process: exit status, stdout (stderr is appended to the failure message).
struct Tool
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

Tool runTool(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(120000))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The hostile strings a scanner can put in a finding: markup, format placeholders, formulas.
const QString kScriptTitle = QStringLiteral("<script>alert('x')</script> %1 %2 & \"q\"");
const QStringList kFormulaTitles{QStringLiteral("=HYPERLINK(\"http://evil.invalid\",\"click\")"),
                                 QStringLiteral("+cmd|' /C calc'!A0"), QStringLiteral("-2+3"),
                                 QStringLiteral("@SUM(A1:A2)"), QStringLiteral("\t=1+1"),
                                 QStringLiteral("  =1+1")};

// A SARIF log from the tool "Hostile": one rule per title above, one result each, messages with
// quotes, commas and a line break, a file name with a space.
QByteArray hostileSarif()
{
    QJsonArray rules, results;
    QStringList titles = kFormulaTitles;
    titles.prepend(kScriptTitle);
    for (int i = 0; i < titles.size(); ++i) {
        const QString id = QStringLiteral("H%1").arg(i);
        if (i == 1) // H1 twice: two occurrences of one issue
            results.append(QJsonObject{{QStringLiteral("ruleId"), id},
                                       {QStringLiteral("message"), QJsonObject{{QStringLiteral("text"), QStringLiteral("the second place")}}},
                                       {QStringLiteral("locations"),
                                        QJsonArray{QJsonObject{{QStringLiteral("physicalLocation"),
                                                                QJsonObject{{QStringLiteral("artifactLocation"), QJsonObject{{QStringLiteral("uri"), QStringLiteral("C:\\win\\second.py")}}},
                                                                            {QStringLiteral("region"), QJsonObject{{QStringLiteral("startLine"), 99}}}}}}}}});
        rules.append(QJsonObject{{QStringLiteral("id"), id},
                                 {QStringLiteral("shortDescription"), QJsonObject{{QStringLiteral("text"), titles.at(i)}}},
                                 {QStringLiteral("properties"), QJsonObject{{QStringLiteral("security-severity"), i == 0 ? QStringLiteral("9.8") : QStringLiteral("5.0")}}}});
        results.append(QJsonObject{
            {QStringLiteral("ruleId"), id},
            {QStringLiteral("message"), QJsonObject{{QStringLiteral("text"), QStringLiteral("said \"%1\", with a comma\nand <b>a line</b>").arg(i)}}},
            {QStringLiteral("locations"),
             QJsonArray{QJsonObject{{QStringLiteral("physicalLocation"),
                                     QJsonObject{{QStringLiteral("artifactLocation"), QJsonObject{{QStringLiteral("uri"), QStringLiteral("src/my file %1.py").arg(i)}}},
                                                 {QStringLiteral("region"), QJsonObject{{QStringLiteral("startLine"), i + 3}}}}}}}}});
    }
    const QJsonObject log{{QStringLiteral("version"), QStringLiteral("2.1.0")},
                          {QStringLiteral("runs"),
                           QJsonArray{QJsonObject{{QStringLiteral("tool"),
                                                   QJsonObject{{QStringLiteral("driver"),
                                                                QJsonObject{{QStringLiteral("name"), QStringLiteral("Hostile %1")},
                                                                            {QStringLiteral("rules"), rules}}}}},
                                                  {QStringLiteral("results"), results}}}}};
    return QJsonDocument(log).toJson();
}

} // namespace

class TestExport : public QObject
{
    Q_OBJECT

    QTemporaryDir dir;
    Cli cli{QString()};
    std::optional<TeamServer> server;

    QString path(const QString &name) const { return dir.filePath(name); }

    Run as(const QString &user, const QStringList &args, const QProcessEnvironment &env = {})
    {
        return cli.run(user, args, user + QStringLiteral("-demo-pass"), env);
    }

    // Exports as bob with the format and arguments; the file's path.
    QString exported(const QString &format, const QString &name, const QStringList &more = {})
    {
        const QString file = path(name);
        const Run r = as(QStringLiteral("bob"), QStringList{QStringLiteral("export"), QStringLiteral("--format"), format,
                                                            QStringLiteral("-o"), file} + more);
        if (r.code != 0)
            qWarning("export failed (%d): %s", r.code, r.err.constData());
        return r.code == 0 ? file : QString();
    }

    QString issueId(const QString &rule, const QString &variant = QStringLiteral("DEMO-001"))
    {
        const Run r = as(QStringLiteral("bob"), {QStringLiteral("issues"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                                                 QStringLiteral("--variant"), variant, QStringLiteral("--format"),
                                                 QStringLiteral("json")});
        for (const QJsonValue &v : r.json().value(QStringLiteral("issues")).toArray()) {
            if (v.toObject().value(QStringLiteral("rule")).toString() == rule)
                return QString::number(v.toObject().value(QStringLiteral("id")).toInteger());
        }
        return {};
    }

    // The demo's B404 approved by bob, B602's request (alice's) left pending, a hostile scan.
    void decideAndImportHostile()
    {
        const QString b404 = issueId(QStringLiteral("B404"));
        QVERIFY(!b404.isEmpty());
        const Run asked = as(QStringLiteral("alice"), {QStringLiteral("exemption"), QStringLiteral("request"), b404,
                                                      QStringLiteral("--scope"), QStringLiteral("target"),
                                                      QStringLiteral("--duration"), QStringLiteral("30d"),
                                                      QStringLiteral("--reason"), QStringLiteral("false-positive"),
                                                      QStringLiteral("--description"), QStringLiteral("=cmd the import is a test helper"),
                                                      QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(asked.code == 0, asked.err.constData());
        const QString id = QString::number(asked.json().value(QStringLiteral("exemption")).toObject().value(QStringLiteral("id")).toInteger());
        const Run approved = as(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), id,
                                                       QStringLiteral("--comment"), QStringLiteral("ok for now")});
        QVERIFY2(approved.code == 0, approved.err.constData());
        writeFile(path(QStringLiteral("hostile.sarif")), hostileSarif());
        const Run imported = as(QStringLiteral("alice"), {QStringLiteral("import"), path(QStringLiteral("hostile.sarif")),
                                                         QStringLiteral("--target"), QStringLiteral("evil<img src=x onerror=alert(1)>"),
                                                         QStringLiteral("--variant"), QStringLiteral("v|1")});
        QVERIFY2(imported.code == 0, imported.err.constData());
    }

    static bool validSarif(const QString &file, QByteArray *why)
    {
        const Tool t = runTool(QStringLiteral("node"),
                               {QStringLiteral(SECREVIEW_SOURCE_DIR "/tests/tools/validate-json-schema.cjs"),
                                QStringLiteral(SECREVIEW_NODE_MODULES), QStringLiteral(SECREVIEW_SOURCE_DIR "/tests/tools/sarif-schema-2.1.0.json"), file});
        *why = t.out + t.err;
        return t.code == 0;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(dir.isValid());
        QVERIFY2(QFileInfo::exists(QStringLiteral(SECREVIEW_NODE_MODULES "/ajv-draft-04")),
                 "Ajv is missing: scripts/setup.sh installs it into build/node-tools (npm ci)");
    }

    void init()
    {
        cli = TeamServer::freshCli(QStringLiteral("export"), dir.path(), server);
        const Run made = cli.run({}, {QStringLiteral("demo")});
        QVERIFY2(made.code == 0, made.err.constData());
    }

    void cleanup() { TeamServer::dropFresh(server); }

    // Every SARIF the export writes is valid against the OASIS schema; the exemptions are
    // suppressions (approved: accepted, pending: underReview) with who and why; imported into a
    // new database it gives the same issues, severities and suppressions.
    void sarifIsValidAndRoundTrips()
    {
        decideAndImportHostile();
        const QString all = exported(QStringLiteral("sarif"), QStringLiteral("all.sarif"));
        QVERIFY(!all.isEmpty());
        QByteArray why;
        QVERIFY2(validSarif(all, &why), why.constData());
        // The validator does refuse: a level SARIF does not have.
        QByteArray broken = readAll(all);
        broken.replace("\"level\": \"error\"", "\"level\": \"fatal\"");
        writeFile(path(QStringLiteral("broken.sarif")), broken);
        QVERIFY(!validSarif(path(QStringLiteral("broken.sarif")), &why));
        QVERIFY(why.contains("level"));

        const QString demo = exported(QStringLiteral("sarif"), QStringLiteral("demo.sarif"),
                                      {QStringLiteral("--target"), QStringLiteral("dvpwa"), QStringLiteral("--variant"),
                                       QStringLiteral("DEMO-001")});
        QVERIFY(!demo.isEmpty());
        QVERIFY2(validSarif(demo, &why), why.constData());
        const QJsonObject log = QJsonDocument::fromJson(readAll(demo)).object();
        const QJsonArray runs = log.value(QStringLiteral("runs")).toArray();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.at(0)[QStringLiteral("tool")][QStringLiteral("driver")][QStringLiteral("name")].toString(), QStringLiteral("Bandit"));
        QHash<QString, QJsonObject> byRule;
        for (const QJsonValue &r : runs.at(0)[QStringLiteral("results")].toArray())
            byRule.insert(r[QStringLiteral("ruleId")].toString(), r.toObject());
        QCOMPARE(byRule.size(), 3);
        const QJsonObject b404 = byRule.value(QStringLiteral("B404"));
        const QJsonObject accepted = b404[QStringLiteral("suppressions")].toArray().at(0).toObject();
        QCOMPARE(accepted[QStringLiteral("kind")].toString(), QStringLiteral("external"));
        QCOMPARE(accepted[QStringLiteral("status")].toString(), QStringLiteral("accepted"));
        QVERIFY(accepted[QStringLiteral("justification")].toString().contains(QStringLiteral("the import is a test helper")));
        const QJsonObject detail = accepted[QStringLiteral("properties")][QStringLiteral("secreview")].toObject();
        QCOMPARE(detail[QStringLiteral("requestedBy")].toString(), QStringLiteral("alice"));
        QCOMPARE(detail[QStringLiteral("reviewedBy")].toString(), QStringLiteral("bob"));
        QVERIFY(!detail[QStringLiteral("expiresAt")].toString().isEmpty());
        const QJsonObject pending = byRule.value(QStringLiteral("B602"))[QStringLiteral("suppressions")].toArray().at(0).toObject();
        QCOMPARE(pending[QStringLiteral("status")].toString(), QStringLiteral("underReview"));
        QVERIFY(!byRule.value(QStringLiteral("B303")).contains(QStringLiteral("suppressions")));
        // Severity: level and security-severity say what secreview says.
        QCOMPARE(byRule.value(QStringLiteral("B602"))[QStringLiteral("level")].toString(), QStringLiteral("error"));
        QCOMPARE(byRule.value(QStringLiteral("B602"))[QStringLiteral("properties")][QStringLiteral("security-severity")].toString().toDouble() >= 9.0, true);
        QVERIFY(byRule.value(QStringLiteral("B303"))[QStringLiteral("partialFingerprints")][QStringLiteral("secreviewIssueKey/v1")].toString().contains(QStringLiteral("B303")));

        // Round trip: into a new database, the same issues with the same severities, and the
        // suppressions as the occurrences' own.
        Cli other(path(QStringLiteral("roundtrip.db")));
        QCOMPARE(other.run(QStringLiteral("admin"), {QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("admin")}).code, 0);
        const Run back = other.run(QStringLiteral("admin"), {QStringLiteral("import"), all, QStringLiteral("--target"),
                                                             QStringLiteral("again"), QStringLiteral("--variant"), QStringLiteral("x"),
                                                             QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(back.code == 0, back.err.constData());
        const Run before = as(QStringLiteral("bob"), {QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("json"),
                                                      QStringLiteral("-o"), path(QStringLiteral("before.json"))});
        QCOMPARE(before.code, 0);
        QMultiHash<QString, QString> expected; // scanner/key -> severity
        for (const QJsonValue &v : QJsonDocument::fromJson(readAll(path(QStringLiteral("before.json"))))[QStringLiteral("issues")].toArray())
            expected.insert(v[QStringLiteral("scanner")].toString() + u'/' + v[QStringLiteral("key")].toString(), v[QStringLiteral("severity")].toString());
        QMultiHash<QString, QString> found;
        int suppressedAccepted = 0, underReview = 0;
        for (const QJsonValue &s : back.json()[QStringLiteral("scans")].toArray()) {
            const Run listed = other.run(QStringLiteral("admin"), {QStringLiteral("issues"), QStringLiteral("--scan"),
                                                                   QString::number(s[QStringLiteral("id")].toInteger()),
                                                                   QStringLiteral("--format"), QStringLiteral("json")});
            for (const QJsonValue &v : listed.json()[QStringLiteral("issues")].toArray()) {
                found.insert(v[QStringLiteral("scanner")].toString() + u'/' + v[QStringLiteral("key")].toString(), v[QStringLiteral("severity")].toString());
                const Run shown = other.run(QStringLiteral("admin"), {QStringLiteral("issue"), QStringLiteral("show"),
                                                                      QString::number(v[QStringLiteral("id")].toInteger()),
                                                                      QStringLiteral("--format"), QStringLiteral("json")});
                for (const QJsonValue &o : shown.json()[QStringLiteral("occurrences")].toArray()) {
                    const QString suppression = o[QStringLiteral("suppression")].toString();
                    suppressedAccepted += suppression.startsWith(QStringLiteral("external, accepted")) && o[QStringLiteral("suppressed")].toBool();
                    underReview += suppression.startsWith(QStringLiteral("external, underReview")) && !o[QStringLiteral("suppressed")].toBool();
                }
            }
        }
        // The same issue in two scans (dvpwa main and DEMO-001) is one issue of each scan in the
        // export, and one issue of the run once imported: compare the sets.
        const auto keys = [](const QMultiHash<QString, QString> &h) {
            QStringList k = h.keys();
            k.removeDuplicates();
            k.sort();
            return k;
        };
        QCOMPARE(keys(found), keys(expected));
        for (const QString &k : keys(found))
            QVERIFY2(expected.values(k).contains(found.value(k)), qPrintable(k));
        QCOMPARE(suppressedAccepted, 1); // B404, approved
        QVERIFY(underReview >= 1);       // B602, pending

        // An occurrence-level request suppresses its occurrence only.
        const Run hostile = as(QStringLiteral("bob"), {QStringLiteral("issues"), QStringLiteral("--scanner"), QStringLiteral("Hostile %1"),
                                                       QStringLiteral("--search"), QStringLiteral("HYPERLINK"), QStringLiteral("--format"), QStringLiteral("json")});
        const QString h1 = QString::number(hostile.json()[QStringLiteral("issues")].toArray().at(0)[QStringLiteral("id")].toInteger());
        const QJsonArray places = as(QStringLiteral("bob"), {QStringLiteral("issue"), QStringLiteral("show"), h1, QStringLiteral("--format"), QStringLiteral("json")})
                                      .json()[QStringLiteral("occurrences")].toArray();
        QCOMPARE(places.size(), 2);
        QString secondPlace;
        for (const QJsonValue &o : places)
            if (o[QStringLiteral("location")].toString().contains(QStringLiteral("second.py")))
                secondPlace = o[QStringLiteral("fingerprint")].toString();
        QVERIFY(!secondPlace.isEmpty());
        const Run one = as(QStringLiteral("alice"), {QStringLiteral("exemption"), QStringLiteral("request"), h1, QStringLiteral("--scope"), QStringLiteral("target"),
                                                     QStringLiteral("--duration"), QStringLiteral("7d"), QStringLiteral("--reason"), QStringLiteral("Other"),
                                                     QStringLiteral("--description"), QStringLiteral("only the second place"),
                                                     QStringLiteral("--occurrence"), secondPlace});
        QVERIFY2(one.code == 0, one.err.constData());
        const QString partial = exported(QStringLiteral("sarif"), QStringLiteral("partial.sarif"), {QStringLiteral("--scanner"), QStringLiteral("Hostile %1")});
        QVERIFY2(validSarif(partial, &why), why.constData());
        QMap<QString, bool> suppressedAt; // uri -> suppressed
        for (const QJsonValue &r : QJsonDocument::fromJson(readAll(partial))[QStringLiteral("runs")][0][QStringLiteral("results")].toArray()) {
            if (r[QStringLiteral("ruleId")].toString() == QLatin1String("H1"))
                suppressedAt.insert(r[QStringLiteral("locations")][0][QStringLiteral("physicalLocation")][QStringLiteral("artifactLocation")][QStringLiteral("uri")].toString(),
                                    !r[QStringLiteral("suppressions")].toArray().isEmpty());
        }
        QVERIFY2(suppressedAt.size() == 2, qPrintable(QStringList(suppressedAt.keys()).join(u' ')));
        QCOMPARE(suppressedAt.value(QStringLiteral("C%3A%5Cwin%5Csecond.py")), true); // a path that is no URI, kept as one
        QCOMPARE(suppressedAt.value(QStringLiteral("src/my%20file%201.py")), false);

        // security-severity says our severity even where the scanner's CVSS says another band
        // (Trivy's vendor severity wins over its score: CVE-2023-37920 critical at 7.5).
        const Run trivy = as(QStringLiteral("alice"), {QStringLiteral("import"), fixture(QStringLiteral("trivy/severity_prio.json")),
                                                       QStringLiteral("--target"), QStringLiteral("image"), QStringLiteral("--variant"), QStringLiteral("1")});
        QVERIFY2(trivy.code == 0, trivy.err.constData());
        const QString bands = exported(QStringLiteral("sarif"), QStringLiteral("bands.sarif"), {QStringLiteral("--target"), QStringLiteral("image"),
                                                                                                QStringLiteral("--variant"), QStringLiteral("1")});
        QVERIFY2(validSarif(bands, &why), why.constData());
        const auto band = [](double score) {
            return score >= 9 ? QStringLiteral("critical") : score >= 7 ? QStringLiteral("high") : score >= 4 ? QStringLiteral("medium")
                 : score > 0 ? QStringLiteral("low") : QStringLiteral("info");
        };
        int results = 0;
        for (const QJsonValue &r : QJsonDocument::fromJson(readAll(bands))[QStringLiteral("runs")][0][QStringLiteral("results")].toArray()) {
            const QJsonObject props = r[QStringLiteral("properties")].toObject();
            QCOMPARE(band(props[QStringLiteral("security-severity")].toString().toDouble()), props[QStringLiteral("secreview")][QStringLiteral("severity")].toString());
            ++results;
        }
        QVERIFY(results > 0);
    }

    // CSV: RFC 4180 as Python's csv module reads it, a formula in any cell neutralized, one row
    // per issue or per occurrence, and Jira's columns with the preset.
    void csvReadsBackWithFormulasNeutralized()
    {
        decideAndImportHostile();
        const QString file = exported(QStringLiteral("csv"), QStringLiteral("issues.csv"));
        QVERIFY(!file.isEmpty());
        const auto readCsv = [](const QString &csvPath) {
            const Tool t = runTool(QStringLiteral("python3"),
                                   {QStringLiteral("-c"),
                                    QStringLiteral("import csv, json, sys; "
                                                   "print(json.dumps(list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))))"),
                                    csvPath});
            return QJsonDocument::fromJson(t.out).array();
        };
        const QJsonArray rows = readCsv(file);
        const Run listed = as(QStringLiteral("bob"), {QStringLiteral("issues"), QStringLiteral("--format"), QStringLiteral("json")});
        const QJsonArray issues = listed.json()[QStringLiteral("issues")].toArray();
        QCOMPARE(rows.size(), issues.size() + 1);
        const QJsonArray header = rows.at(0).toArray();
        const auto column = [&header](const QString &name) {
            for (int i = 0; i < header.size(); ++i)
                if (header.at(i).toString() == name)
                    return i;
            return -1;
        };
        QVERIFY(column(QStringLiteral("title")) >= 0 && column(QStringLiteral("severity")) >= 0);
        QStringList titles;
        for (int r = 1; r < rows.size(); ++r) {
            const QJsonArray row = rows.at(r).toArray();
            QCOMPARE(row.size(), header.size());
            QCOMPARE(row.at(0).toString(), QString::number(issues.at(r - 1)[QStringLiteral("id")].toInteger()));
            QCOMPARE(row.at(column(QStringLiteral("severity"))).toString(), issues.at(r - 1)[QStringLiteral("severity")].toString());
            for (const QJsonValue &cell : row) {
                const QString text = cell.toString();
                const QString start = text.trimmed().left(1);
                QVERIFY2(!(start == QLatin1String("=") || start == QLatin1String("+") || start == QLatin1String("-") || start == QLatin1String("@")) &&
                             !text.startsWith(u'\t') && !text.startsWith(u'\r'),
                         qPrintable(QStringLiteral("a formula cell: %1").arg(text)));
            }
            titles.append(row.at(column(QStringLiteral("title"))).toString());
        }
        for (const QString &formula : kFormulaTitles)
            QVERIFY2(titles.contains(QLatin1Char('\'') + formula), qPrintable(formula)); // kept, as text
        QVERIFY(titles.contains(kScriptTitle)); // quotes and markup as they were
        const int reason = column(QStringLiteral("exemption_reason"));
        QVERIFY(reason >= 0);

        // One row per occurrence: the locations, a line break inside a quoted field kept.
        const QString perOccurrence = exported(QStringLiteral("csv"), QStringLiteral("occ.csv"),
                                               {QStringLiteral("--rows"), QStringLiteral("occurrence"),
                                                QStringLiteral("--scanner"), QStringLiteral("Hostile %1")});
        const QJsonArray occ = readCsv(perOccurrence);
        QCOMPARE(occ.size(), 1 + 2 + kFormulaTitles.size()); // the header; H0, H1 twice, H2...
        const QJsonArray occHeader = occ.at(0).toArray();
        int message = -1, location = -1;
        for (int i = 0; i < occHeader.size(); ++i) {
            message = occHeader.at(i).toString() == QLatin1String("message") ? i : message;
            location = occHeader.at(i).toString() == QLatin1String("file") ? i : location;
        }
        QVERIFY(occ.at(1).toArray().at(message).toString().contains(QStringLiteral("comma\nand <b>")));
        QVERIFY(occ.at(1).toArray().at(location).toString().startsWith(QStringLiteral("src/my file")));

        // Jira: Summary, Description, Priority and a Labels column per label.
        const QJsonArray jira = readCsv(exported(QStringLiteral("csv"), QStringLiteral("jira.csv"),
                                                 {QStringLiteral("--preset"), QStringLiteral("jira"), QStringLiteral("--severity"),
                                                  QStringLiteral("critical")}));
        QCOMPARE(jira.at(0).toArray().at(0).toString(), QStringLiteral("Summary"));
        QCOMPARE(jira.at(0).toArray().at(2).toString(), QStringLiteral("Priority"));
        QCOMPARE(jira.at(0).toArray().at(3).toString(), QStringLiteral("Labels"));
        QVERIFY(jira.size() >= 3);
        for (int r = 1; r < jira.size(); ++r)
            QCOMPARE(jira.at(r).toArray().at(2).toString(), QStringLiteral("Highest"));
        QVERIFY(jira.at(1).toArray().at(1).toString().contains(QStringLiteral("Occurrences")));
        // Options that do not belong together are refused.
        QCOMPARE(as(QStringLiteral("bob"), {QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("sarif"),
                                            QStringLiteral("-o"), path(QStringLiteral("x")), QStringLiteral("--preset"), QStringLiteral("jira")}).code, 2);
        QCOMPARE(as(QStringLiteral("bob"), {QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("xlsx"),
                                            QStringLiteral("-o"), path(QStringLiteral("x"))}).code, 2);
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("x"))));
        // The database itself (or its journal) is never the output, through a symlink either.
        if (!cli.onServer()) {
            const QString before = cli.dump();
            QVERIFY(QFile::link(cli.db, path(QStringLiteral("link.csv"))));
            for (const QString &target : QStringList{cli.db, cli.db + QStringLiteral("-wal"), path(QStringLiteral("link.csv"))}) {
                const Run r = as(QStringLiteral("bob"), {QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("csv"),
                                                         QStringLiteral("-o"), target});
                QCOMPARE(r.code, 2);
                QVERIFY(r.err.contains("is the database itself"));
            }
            const Run gate = as(QStringLiteral("bob"), {QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                                                        QStringLiteral("--variant"), QStringLiteral("main"), QStringLiteral("--fail-on-severity"),
                                                        QStringLiteral("high"), QStringLiteral("--junit"), cli.db});
            QCOMPARE(gate.code, 2);
            QCOMPARE(cli.dump(), before);
            // A link planted where the report goes is not written through; a device is no file.
            writeFile(path(QStringLiteral("precious.txt")), "keep me");
            QVERIFY(QFile::link(path(QStringLiteral("precious.txt")), path(QStringLiteral("planted.csv"))));
            // (A FIFO stands for the device: a test run as root must not risk /dev/full.)
            QCOMPARE(::mkfifo(QFile::encodeName(path(QStringLiteral("fifo.csv"))).constData(), 0600), 0);
            for (const QString &target : {path(QStringLiteral("planted.csv")), path(QStringLiteral("fifo.csv"))}) {
                const Run r = as(QStringLiteral("bob"), {QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("csv"),
                                                         QStringLiteral("-o"), target});
                QCOMPARE(r.code, 3);
            }
            QCOMPARE(readAll(path(QStringLiteral("precious.txt"))), QByteArray("keep me"));
            // --db through a link: the real database's -wal is still the database's.
            QVERIFY(QFile::link(cli.db, path(QStringLiteral("dblink.db"))));
            const Cli viaLink(path(QStringLiteral("dblink.db")));
            QCOMPARE(viaLink.run(QStringLiteral("bob"), {QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("csv"),
                                                         QStringLiteral("-o"), cli.db + QStringLiteral("-wal")},
                                 QStringLiteral("bob-demo-pass"))
                         .code,
                     2);
            // $GITHUB_OUTPUT gets the same rules: not the database, not a FIFO (it would block), not a link.
            for (const auto &[target, code] : {std::pair{cli.db, 2}, std::pair{path(QStringLiteral("fifo.csv")), 3},
                                              std::pair{path(QStringLiteral("planted.csv")), 3}}) {
                QProcessEnvironment env;
                env.insert(QStringLiteral("GITHUB_OUTPUT"), target);
                const Run r = as(QStringLiteral("bob"), {QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                                                         QStringLiteral("--variant"), QStringLiteral("main"), QStringLiteral("--fail-on-severity"),
                                                         QStringLiteral("high"), QStringLiteral("--github")},
                                 env);
                QVERIFY2(r.code == code, qPrintable(target + QStringLiteral(": ") + QString::number(r.code)));
            }
            QCOMPARE(readAll(path(QStringLiteral("precious.txt"))), QByteArray("keep me"));
            QCOMPARE(cli.dump(), before);
        }
    }

    // JSON: what `issues --format json` lists (same ids, order, states) with occurrences,
    // exemption records and notes; the filters are those of `issues`.
    void jsonIsTheIssuesWithTheirDetails()
    {
        const QString b602 = issueId(QStringLiteral("B602"));
        // A second request (project scope), rejected: B602 still reads pending (the demo's request),
        // and that is the record the export gives, not the newer rejected one.
        const Run second = as(QStringLiteral("alice"), {QStringLiteral("exemption"), QStringLiteral("request"), b602, QStringLiteral("--scope"),
                                                        QStringLiteral("project"), QStringLiteral("--duration"), QStringLiteral("7d"),
                                                        QStringLiteral("--reason"), QStringLiteral("Other"), QStringLiteral("--description"),
                                                        QStringLiteral("second ask"), QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(second.code == 0, second.err.constData());
        const QString secondId = QString::number(second.json()[QStringLiteral("exemption")][QStringLiteral("id")].toInteger());
        QCOMPARE(as(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("reject"), secondId, QStringLiteral("--comment"), QStringLiteral("no")}).code, 0);
        const QStringList filter{QStringLiteral("--target"), QStringLiteral("dvpwa"), QStringLiteral("--variant"),
                                 QStringLiteral("DEMO-001"), QStringLiteral("--severity"), QStringLiteral("critical,medium")};
        const QString file = exported(QStringLiteral("json"), QStringLiteral("issues.json"), filter);
        const QJsonObject doc = QJsonDocument::fromJson(readAll(file)).object();
        const Run listed = as(QStringLiteral("bob"), QStringList{QStringLiteral("issues"), QStringLiteral("--format"), QStringLiteral("json")} + filter);
        const QJsonArray want = listed.json()[QStringLiteral("issues")].toArray();
        const QJsonArray got = doc[QStringLiteral("issues")].toArray();
        QCOMPARE(got.size(), want.size());
        QVERIFY(!got.isEmpty());
        for (int i = 0; i < got.size(); ++i) {
            for (const QString &key : {QStringLiteral("id"), QStringLiteral("key"), QStringLiteral("severity"),
                                       QStringLiteral("category"), QStringLiteral("exemption"), QStringLiteral("occurrences")}) {
                if (key != QLatin1String("occurrences"))
                    QCOMPARE(got.at(i)[key], want.at(i)[key]);
            }
            QCOMPARE(got.at(i)[QStringLiteral("occurrences")].toArray().size(), want.at(i)[QStringLiteral("occurrences")].toInt());
        }
        QJsonObject b602Entry;
        for (const QJsonValue &v : got)
            if (QString::number(v[QStringLiteral("id")].toInteger()) == b602)
                b602Entry = v.toObject();
        QCOMPARE(b602Entry[QStringLiteral("exemption")].toString(), QStringLiteral("pending"));
        QCOMPARE(b602Entry[QStringLiteral("exemptionRecord")][QStringLiteral("requestedBy")].toString(), QStringLiteral("alice"));
        QCOMPARE(b602Entry[QStringLiteral("exemptionRecord")][QStringLiteral("status")].toString(), QStringLiteral("pending"));
        QVERIFY(QString::number(b602Entry[QStringLiteral("exemptionRecord")][QStringLiteral("id")].toInteger()) != secondId);
        QVERIFY(!b602Entry[QStringLiteral("notes")].toArray().isEmpty()); // the demo's note
        QVERIFY(!doc[QStringLiteral("exemptionsPending")].toArray().isEmpty());
        QCOMPARE(doc[QStringLiteral("verdicts")].toArray().at(0)[QStringLiteral("status")].toString(), QStringLiteral("fail"));
    }

    // HTML: one well-formed file, no script, nothing fetched, every scanner string as text; the
    // e-mail's figures per scan and the gate verdicts.
    void htmlIsSelfContainedAndEscaped()
    {
        decideAndImportHostile();
        const QString file = exported(QStringLiteral("html"), QStringLiteral("report.html"), {QStringLiteral("--top"), QStringLiteral("100")});
        QVERIFY(!file.isEmpty());
        QByteArray html = readAll(file);
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        QXmlStreamReader xml(html);
        QStringList text;
        QStringList elements;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement()) {
                elements.append(xml.name().toString().toLower());
                for (const QXmlStreamAttribute &a : xml.attributes()) {
                    const QString name = a.name().toString().toLower();
                    QVERIFY2(!name.startsWith(QLatin1String("on")), qPrintable(name));
                    if (name == QLatin1String("src") || name == QLatin1String("href"))
                        QVERIFY2(a.value().startsWith(u'#'), qPrintable(a.value().toString())); // nothing fetched
                }
            }
            if (xml.isCharacters())
                text.append(xml.text().toString());
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString() + QStringLiteral(" at line %1").arg(xml.lineNumber())));
        for (const QString &forbidden : {QStringLiteral("script"), QStringLiteral("iframe"), QStringLiteral("object"),
                                         QStringLiteral("embed"), QStringLiteral("link"), QStringLiteral("img")})
            QVERIFY2(!elements.contains(forbidden), qPrintable(forbidden));
        QVERIFY(elements.contains(QStringLiteral("svg"))); // the charts, inline
        const QString all = text.join(QString());
        QVERIFY(all.contains(kScriptTitle));                            // the title, as text
        QVERIFY(all.contains(QStringLiteral("evil<img src=x onerror=alert(1)>"))); // the target's name, as text
        QVERIFY(all.contains(QStringLiteral("Hostile %1 scan "))); // a scanner's name, never a format
        for (const QString &heading : {QStringLiteral("Summary per scan"), QStringLiteral("Gate verdicts"),
                                       QStringLiteral("Exemptions in force"), QStringLiteral("Exemptions pending"),
                                       QStringLiteral("Top issues"), QStringLiteral("New Critical"), QStringLiteral("New Medium")})
            QVERIFY2(all.contains(heading), qPrintable(heading));
        QVERIFY(all.contains(QStringLiteral("FAIL")) && all.contains(QStringLiteral("PASS")));
        QVERIFY(html.contains("Content-Security-Policy"));
    }

    // PDF: pages with the header and "Page N of M", a table of contents whose pages are where the
    // sections are, the issues' text; its pages render.
    void pdfHasPagesContentsAndText()
    {
        decideAndImportHostile();
        const QString file = exported(QStringLiteral("pdf"), QStringLiteral("report.pdf"), {QStringLiteral("--title"), QStringLiteral("Quarterly review")});
        QVERIFY(!file.isEmpty());
        QVERIFY(readAll(file).startsWith("%PDF-"));
        const Tool info = runTool(QStringLiteral("pdfinfo"), {file});
        QCOMPARE(info.code, 0);
        const QRegularExpressionMatch pagesLine = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(QString::fromUtf8(info.out));
        QVERIFY(pagesLine.hasMatch());
        const int pages = pagesLine.captured(1).toInt();
        QVERIFY(pages >= 2);
        QStringList pageTexts;
        for (int p = 1; p <= pages; ++p) {
            // -raw: in the order drawn (the header first), not merged by position with text that
            // Qt leaves hidden under the header where a paragraph crosses a page edge.
            const Tool t = runTool(QStringLiteral("pdftotext"), {QStringLiteral("-f"), QString::number(p), QStringLiteral("-l"),
                                                                  QString::number(p), QStringLiteral("-raw"), file, QStringLiteral("-")});
            QCOMPARE(t.code, 0);
            pageTexts.append(QString::fromUtf8(t.out));
            QVERIFY2(pageTexts.last().contains(QStringLiteral("Page %1 of %2").arg(p).arg(pages)), qPrintable(pageTexts.last().right(200)));
            QVERIFY2(pageTexts.last().contains(QStringLiteral("Quarterly review")), qPrintable(pageTexts.last().left(300)));
        }
        // The contents say on which page each section starts; that page has its heading.
        const QString first = pageTexts.first();
        QVERIFY(first.contains(QStringLiteral("Contents")));
        int checked = 0;
        for (const QString &section : {QStringLiteral("Gate verdicts"), QStringLiteral("Top issues")}) {
            const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("\\d\\. %1\\s+(\\d+)").arg(section)).match(first);
            QVERIFY2(m.hasMatch(), qPrintable(section));
            const int page = m.captured(1).toInt();
            QVERIFY(page >= 1 && page <= pages);
            QVERIFY2(QRegularExpression(QStringLiteral("\\d\\. %1\\s*$").arg(section), QRegularExpression::MultilineOption)
                         .match(pageTexts.at(page - 1)).hasMatch(),
                     qPrintable(QStringLiteral("%1 is not on page %2").arg(section).arg(page)));
            ++checked;
        }
        QCOMPARE(checked, 2);
        const QString all = pageTexts.join(QStringLiteral("\n"));
        QVERIFY(all.contains(QStringLiteral("subprocess_popen_with_shell_equals_true")));
        // Every one of the top issues is there with its description and remediation.
        const QJsonArray issues = QJsonDocument::fromJson(readAll(exported(QStringLiteral("json"), QStringLiteral("all.json"))))[QStringLiteral("issues")].toArray();
        QVERIFY(!issues.isEmpty());
        // NFKC: the PDF's ligatures (U+FB01 "fi") as letters.
        const QString flat = all.normalized(QString::NormalizationForm_KC).replace(QRegularExpression(QStringLiteral("\\s+")), QStringLiteral(" "));
        for (const QJsonValue &issue : issues) {
            const QString words = issue[QStringLiteral("description")].toString().simplified().left(40);
            QVERIFY2(words.isEmpty() || flat.contains(words), qPrintable(words));
            QVERIFY2(flat.contains(QStringLiteral("Issue %1:").arg(issue[QStringLiteral("id")].toInteger())), qPrintable(issue[QStringLiteral("title")].toString()));
        }
        QVERIFY(all.contains(QStringLiteral("<script>alert('x')</script>")));
        // Rendered: the charts' page has the severity colours.
        const Tool png = runTool(QStringLiteral("pdftoppm"), {QStringLiteral("-r"), QStringLiteral("40"), QStringLiteral("-png"),
                                                              file, path(QStringLiteral("page"))});
        QCOMPARE(png.code, 0);
        const QStringList images = QDir(dir.path()).entryList({QStringLiteral("page-*.png")}, QDir::Files, QDir::Name);
        QCOMPARE(images.size(), pages);
        bool red = false;
        for (const QString &name : images) {
            const QImage image(dir.filePath(name));
            QVERIFY(!image.isNull());
            for (int y = 0; y < image.height() && !red; y += 2)
                for (int x = 0; x < image.width() && !red; x += 2) {
                    const QColor c = image.pixelColor(x, y);
                    red = c.red() > 150 && c.green() < 60 && c.blue() < 70; // Critical's colour
                }
        }
        QVERIFY(red);
    }

    // gate --dotenv, --github, --junit: what GitLab, GitHub and a JUnit reader take from them.
    void gateHandsOffToCi()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("GITHUB_OUTPUT"), path(QStringLiteral("gh-output")));
        env.insert(QStringLiteral("GITHUB_STEP_SUMMARY"), path(QStringLiteral("gh-summary.md")));
        writeFile(path(QStringLiteral("gh-output")), "earlier=kept\n");
        // A second scanner on the variant, with nothing to report: its own test case passes.
        const Run clean = as(QStringLiteral("alice"), {QStringLiteral("import"), fixture(QStringLiteral("trivy/legacy_no_vuln.json")),
                                                       QStringLiteral("--target"), QStringLiteral("dvpwa"), QStringLiteral("--variant"),
                                                       QStringLiteral("DEMO-001"), QStringLiteral("--scanner"), QStringLiteral("trivy")});
        QVERIFY2(clean.code == 0, clean.err.constData());
        const QStringList gate{QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                               QStringLiteral("--variant"), QStringLiteral("DEMO-001"), QStringLiteral("--fail-on-severity"),
                               QStringLiteral("high")};
        const Run json = as(QStringLiteral("bob"), gate + QStringList{QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(json.code, 1);
        const Run r = as(QStringLiteral("bob"), gate + QStringList{QStringLiteral("--dotenv"), path(QStringLiteral("gate.env")),
                                                                  QStringLiteral("--junit"), path(QStringLiteral("junit.xml")),
                                                                  QStringLiteral("--github")},
                         env);
        QCOMPARE(r.code, 1);
        const QJsonObject variables = json.json()[QStringLiteral("outputVariables")].toObject();

        // GitLab's dotenv: NAME=VALUE per line, names of letters, digits and underscores.
        QHash<QString, QString> dotenv;
        for (const QByteArray &line : readAll(path(QStringLiteral("gate.env"))).split('\n')) {
            if (line.isEmpty())
                continue;
            const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("^([A-Za-z_][A-Za-z0-9_]*)=(.*)$")).match(QString::fromUtf8(line));
            QVERIFY2(m.hasMatch(), line.constData());
            dotenv.insert(m.captured(1), m.captured(2));
        }
        QCOMPARE(dotenv.value(QStringLiteral("GATE_STATUS")), QStringLiteral("fail"));
        QVERIFY(!dotenv.contains(QStringLiteral("GATE_MESSAGE"))); // text from names stays out of CI variables
        for (auto it = variables.begin(); it != variables.end(); ++it)
            QCOMPARE(dotenv.value(it.key()), QString::number(it.value().toInt()));

        // GitHub's $GITHUB_OUTPUT: appended, name=value lines.
        const QByteArray outputs = readAll(path(QStringLiteral("gh-output")));
        QVERIFY(outputs.startsWith("earlier=kept\n"));
        QVERIFY(outputs.contains("\nGATE_STATUS=fail\n"));
        QVERIFY(outputs.contains(QByteArray("\nCRITICAL=" + QByteArray::number(variables[QStringLiteral("CRITICAL")].toInt()) + "\n")));
        const QString summary = QString::fromUtf8(readAll(path(QStringLiteral("gh-summary.md"))));
        QVERIFY(summary.contains(QStringLiteral("| Check | Status |")));
        QVERIFY(summary.contains(QStringLiteral("| Bandit scan ")));
        QVERIFY(summary.contains(QStringLiteral("| fail |")));
        QVERIFY(summary.contains(QStringLiteral("| pass |")));

        // JUnit: one testcase per scanner, a failure carrying the gate message.
        QXmlStreamReader xml(readAll(path(QStringLiteral("junit.xml"))));
        int cases = 0, failures = 0;
        QString failureText;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QLatin1String("testcase"))
                ++cases;
            if (xml.isStartElement() && xml.name() == QLatin1String("failure")) {
                ++failures;
                QCOMPARE(xml.attributes().value(QStringLiteral("message")).toString(), json.json()[QStringLiteral("message")].toString());
                failureText = xml.readElementText();
            }
        }
        QVERIFY(!xml.hasError());
        QCOMPARE(cases, 2);    // Bandit and Trivy, each judged on its own
        QCOMPARE(failures, 1); // Bandit's Critical; Trivy found nothing
        QVERIFY(failureText.contains(QStringLiteral("fail_on_severity")));

        // Passing: no failure element; the variables say pass.
        const Run passing = as(QStringLiteral("bob"), {QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                                                       QStringLiteral("--variant"), QStringLiteral("main"), QStringLiteral("--fail-on-severity"),
                                                       QStringLiteral("high"), QStringLiteral("--junit"), path(QStringLiteral("pass.xml")),
                                                       QStringLiteral("--dotenv"), path(QStringLiteral("pass.env"))});
        QCOMPARE(passing.code, 0);
        QVERIFY(!readAll(path(QStringLiteral("pass.xml"))).contains("<failure"));
        QVERIFY(readAll(path(QStringLiteral("pass.env"))).startsWith("GATE_STATUS=pass\n"));
        // No scan: the gate fails closed, and the files say so.
        const Run none = as(QStringLiteral("bob"), {QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                                                    QStringLiteral("--variant"), QStringLiteral("nothing"), QStringLiteral("--fail-on-severity"),
                                                    QStringLiteral("high"), QStringLiteral("--junit"), path(QStringLiteral("none.xml")),
                                                    QStringLiteral("--dotenv"), path(QStringLiteral("none.env"))});
        QCOMPARE(none.code, 5);
        QVERIFY(readAll(path(QStringLiteral("none.env"))).startsWith("GATE_STATUS=fail\n"));
        QVERIFY(readAll(path(QStringLiteral("none.xml"))).contains("<failure"));
    }

    // pipeline gate --junit, --dotenv, --email-dir: a testcase per scan step; each Email step
    // the run would send as an RFC 5322 message Python's email package reads.
    void pipelineGateHandsOffToCi()
    {
        const QStringList gate{QStringLiteral("pipeline"), QStringLiteral("gate"), QStringLiteral("tutorial4integratedstoci"),
                               QStringLiteral("--variant"), QStringLiteral("main"), QStringLiteral("--execution"), QStringLiteral("42")};
        const Run json = as(QStringLiteral("bob"), gate + QStringList{QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(json.code, 0);
        const Run r = as(QStringLiteral("bob"), gate + QStringList{QStringLiteral("--junit"), path(QStringLiteral("p.xml")),
                                                                  QStringLiteral("--dotenv"), path(QStringLiteral("p.env")),
                                                                  QStringLiteral("--email-dir"), path(QStringLiteral("mail"))});
        QCOMPARE(r.code, 0);
        int scanSteps = 0;
        for (const QJsonValue &s : json.json()[QStringLiteral("steps")].toArray())
            scanSteps += s[QStringLiteral("outputVariables")].isObject();
        QVERIFY(scanSteps >= 2);
        QXmlStreamReader xml(readAll(path(QStringLiteral("p.xml"))));
        QStringList cases;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QLatin1String("testcase"))
                cases.append(xml.attributes().value(QStringLiteral("name")).toString());
        }
        QVERIFY(!xml.hasError());
        QCOMPARE(cases.size(), scanSteps);
        QVERIFY(cases.contains(QStringLiteral("securityTestStage.Bandit_1")));
        const QByteArray env = readAll(path(QStringLiteral("p.env")));
        QVERIFY(env.startsWith("GATE_STATUS=pass\n"));
        QVERIFY(env.contains("\nBandit_1_CRITICAL="));

        const QStringList mails = QDir(path(QStringLiteral("mail"))).entryList({QStringLiteral("*.eml")});
        QCOMPARE(mails, QStringList{QStringLiteral("sendEmail.Email_1.eml")});
        const QJsonObject email = json.json()[QStringLiteral("emails")].toArray().at(0).toObject();
        const Tool parsed = runTool(
            QStringLiteral("python3"),
            {QStringLiteral("-c"),
             QStringLiteral("import email, json, sys\n"
                            "from email import policy\n"
                            "m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=policy.default)\n"
                            "parts = {p.get_content_type(): p.get_content() for p in m.walk() if p.get_content_maintype() == 'text'}\n"
                            "print(json.dumps({'to': str(m['To']), 'subject': str(m['Subject']), 'date': str(m['Date']),"
                            " 'id': str(m['Message-ID']), 'defects': len(m.defects), 'type': m.get_content_type(),"
                            " 'text': parts.get('text/plain', ''), 'html': parts.get('text/html', '')}))"),
             path(QStringLiteral("mail/sendEmail.Email_1.eml"))});
        QVERIFY2(parsed.code == 0, parsed.err.constData());
        const QJsonObject m = QJsonDocument::fromJson(parsed.out).object();
        QCOMPARE(m[QStringLiteral("to")].toString(), QStringLiteral("secops@example.com"));
        QCOMPARE(m[QStringLiteral("subject")].toString(), email[QStringLiteral("subject")].toString());
        QCOMPARE(m[QStringLiteral("defects")].toInt(), 0);
        QCOMPARE(m[QStringLiteral("type")].toString(), QStringLiteral("multipart/alternative"));
        QVERIFY(!m[QStringLiteral("date")].toString().isEmpty());
        QVERIFY(m[QStringLiteral("id")].toString().contains(u'@'));
        const QString text = m[QStringLiteral("text")].toString().replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
        QVERIFY2(text.contains(QStringLiteral("Bandit repo scan:\nCritical : ")), qPrintable(text));
        QVERIFY(!m[QStringLiteral("text")].toString().contains(QStringLiteral("<br>")));
        QVERIFY(m[QStringLiteral("html")].toString().contains(QStringLiteral("Bandit repo scan:<br>")));

        // The run that fails before the e-mail stage writes none, and says so.
        const Run failing = as(QStringLiteral("bob"), {QStringLiteral("pipeline"), QStringLiteral("gate"), QStringLiteral("tutorial4integratedstoci"),
                                                       QStringLiteral("--variant"), QStringLiteral("DEMO-001"), QStringLiteral("--email-dir"),
                                                       path(QStringLiteral("mail2"))});
        QCOMPARE(failing.code, 1);
        QVERIFY(QDir(path(QStringLiteral("mail2"))).entryList({QStringLiteral("*.eml")}).isEmpty());
        QVERIFY(failing.err.contains("would not run"));
    }
};

// The CI writers on hostile values, without a database: a header line break, markup in a
// value, a multi-line value for GitHub, a name dotenv cannot take.
class TestCiWriters : public QObject
{
    Q_OBJECT

private slots:
    void emailKeepsHeadersOnTheirLines()
    {
        secreview::EmailPreview mail;
        mail.stage = QStringLiteral("s");
        mail.step = QStringLiteral("Email_1");
        mail.to = QStringLiteral("a@example.com\r\nBcc: thief@evil.invalid"); // as resolved, before the check
        mail.toAddresses = {QStringLiteral("a@example.com")};
        mail.subject = QStringLiteral("Scan of br\u00e4nch\nX-Injected: yes");
        mail.htmlBody = QStringLiteral("Branch: &lt;img src=x&gt;<br>Done");
        const QByteArray eml = secreview::report::eml(mail, QStringLiteral("ci@example.com"),
                                                      QDateTime(QDate(2026, 12, 2), QTime(10, 0), Qt::UTC),
                                                      QStringLiteral("x.1@secreview.invalid"));
        const QList<QByteArray> head = eml.left(eml.indexOf("\r\n\r\n") + 1).split('\n');
        for (const QByteArray &line : head) {
            QVERIFY2(!line.startsWith("Bcc:") && !line.startsWith("X-Injected"), line.constData());
            QVERIFY(line.endsWith('\r'));
        }
        QVERIFY(eml.contains("Subject: =?UTF-8?B?"));
        QCOMPARE(secreview::report::emailText(mail.htmlBody), QStringLiteral("Branch: <img src=x>\r\nDone\r\n"));
    }

    // An expression value stands for one address at most: what is not one is refused.
    void addressesAreOneEach()
    {
        QVERIFY(secreview::Expressions::isAddress(QStringLiteral("secops@example.com")));
        QVERIFY(secreview::Expressions::isAddress(QStringLiteral("secreview@localhost")));
        for (const QString &bad : {QStringLiteral("attacker@evil.example,dev@example.com"), QStringLiteral("a@example.com\r\nBcc: x@evil"),
                                   QStringLiteral("Name <a@example.com>"), QStringLiteral("a b@example.com"), QStringLiteral("@example.com"),
                                   QStringLiteral("a@")})
            QVERIFY2(!secreview::Expressions::isAddress(bad), qPrintable(bad));
    }

    // Two outputs that CI would read under one name: refused, not silently overwritten.
    void outputNamesNeverCollide()
    {
        const auto collide = [](const QList<std::pair<QString, QString>> &vars) {
            try {
                secreview::report::ciVariables(vars);
            } catch (const secreview::Error &e) {
                return e.kind() == secreview::ErrorKind::BadInput;
            }
            return false;
        };
        QVERIFY(collide({{QStringLiteral("GATE_STATUS"), QStringLiteral("fail")}, {QStringLiteral("GATE_STATUS"), QStringLiteral("pass")}}));
        QVERIFY(collide({{QStringLiteral("a$b_CRITICAL"), QStringLiteral("1")}, {QStringLiteral("a_b_CRITICAL"), QStringLiteral("0")}}));
        QVERIFY(collide({{QStringLiteral("GATE_STATUS"), QStringLiteral("fail")}, {QStringLiteral("Gate_STATUS"), QStringLiteral("pass")}})); // GitHub ignores case
        QVERIFY(!collide({{QStringLiteral("GATE_STATUS"), QStringLiteral("fail")}, {QStringLiteral("Bandit_1_STATUS"), QStringLiteral("pass")}}));
    }

    // Jira's cells: the summary one line, the description a {noformat} block nothing in it can
    // end, under Jira's 32,767 characters whatever the text.
    void jiraCellsStayInTheirBounds()
    {
        secreview::ReportContents contents;
        secreview::ReportIssue issue;
        issue.details.row.id = 7;
        issue.details.row.title = QStringLiteral("a\u0085b\u000bc\u2028d\u2029e\u001ff\ng");
        issue.details.description = QStringLiteral("{noformat}").repeated(5000) + QStringLiteral("{noformat:title=x}");
        contents.issues.append(issue);
        secreview::report::CsvOptions jira;
        jira.jira = true;
        const QString csv = QString::fromUtf8(secreview::report::csv(contents, jira));
        const QString dataRow = csv.section(QStringLiteral("\r\n"), 1); // after the header
        const QString summary = dataRow.section(QStringLiteral("\",\""), 0, 0);
        for (QChar c : summary)
            QVERIFY2(c.category() != QChar::Other_Control && c.category() != QChar::Separator_Line &&
                         c.category() != QChar::Separator_Paragraph,
                     qPrintable(QString::number(c.unicode(), 16)));
        const QString description = dataRow.section(QStringLiteral("\",\""), 1, 1);
        QVERIFY2(description.size() < 30000, qPrintable(QString::number(description.size())));
        QVERIFY(description.startsWith(QStringLiteral("{noformat}\n")));
        QVERIFY(description.endsWith(QStringLiteral("\n{noformat}")));
        QCOMPARE(description.count(QStringLiteral("{noformat")), 2); // only the block's own tags
    }

    void variablesStayOneEach()
    {
        const QList<std::pair<QString, QString>> vars{{QStringLiteral("GATE_MESSAGE"), QStringLiteral("two\nlines")},
                                                      {QStringLiteral("1bad name"), QStringLiteral("v")}};
        QCOMPARE(secreview::report::dotenv(vars), QByteArray("GATE_MESSAGE=two lines\n_1bad_name=v\n"));
        const QByteArray gh = secreview::report::githubOutput(vars);
        QVERIFY(gh.startsWith("GATE_MESSAGE<<SECREVIEW_EOF\ntwo\nlines\nSECREVIEW_EOF\n"));
        // A value holding the delimiter gets another.
        const QByteArray tricky = secreview::report::githubOutput({{QStringLiteral("M"), QStringLiteral("a\nSECREVIEW_EOF\nINJECTED=1")}});
        QVERIFY(tricky.startsWith("M<<SECREVIEW_EOF_0\n"));
        QVERIFY(tricky.endsWith("\nSECREVIEW_EOF_0\n"));
        // Markdown: a pipe or markup in a name does not make a column or an element.
        const QByteArray md = secreview::report::githubSummary(QStringLiteral("t|<b>x</b>"), false, QStringLiteral("m"), {});
        QVERIFY(md.contains("t\\|&lt;b&gt;x&lt;/b&gt;"));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    TestExport either;
    TestCiWriters file;
    return TeamServer::runSuites(argc, argv, &either, &file);
}

#include "tst_export.moc"
