// The built secreview binary, end to end on real files: SPEC section 5's command line, exit
// statuses and JSON documents, and the whole tutorial scenario.
#include "tests/TestSupport.h"
#include "tests/cli/CliHarness.h"
#include "tests/team/TeamServer.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace secreview::test;

namespace {
const QString kPassword = Cli::password();
} // namespace

// What both suites share: the command line on a fresh database per test function, a file or (with
// SECREVIEW_TEST_ENGINE=postgresql) a database of the team server's test cluster.
class CliSuite : public QObject
{
    Q_OBJECT

protected:
    QTemporaryDir dir;
    Cli cli{QString()};
    std::optional<TeamServer> server;

    void freshDatabase() { cli = TeamServer::freshCli(QStringLiteral("cli"), dir.path(), server); }
    void dropDatabase() { TeamServer::dropFresh(server); }

    Run run(const QString &user, const QStringList &args, const QString &password = kPassword)
    {
        return cli.run(user, args, password);
    }

    QString demo(const QString &variant)
    {
        return fixture(QStringLiteral("../../resources/demo/dvpwa-%1.bandit.json").arg(variant));
    }

    void setUpTutorial()
    {
        QCOMPARE(run(QStringLiteral("admin"),
                     {QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("admin")})
                     .code,
                 0);
        for (const auto &[name, role] :
             {std::pair{"alice", "developer"}, {"carol", "developer"}, {"bob", "secops"}}) {
            QCOMPARE(run(QStringLiteral("admin"),
                         {QStringLiteral("user"), QStringLiteral("add"), QString::fromLatin1(name),
                          QStringLiteral("--role"), QString::fromLatin1(role)})
                         .code,
                     0);
        }
        QCOMPARE(run(QStringLiteral("alice"),
                     {QStringLiteral("import"), demo(QStringLiteral("main")), QStringLiteral("--target"),
                      QStringLiteral("dvpwa"), QStringLiteral("--target-type"), QStringLiteral("repository"),
                      QStringLiteral("--variant"), QStringLiteral("main")})
                     .code,
                 0);
        QCOMPARE(run(QStringLiteral("bob"),
                     {QStringLiteral("baseline"), QStringLiteral("set"), QStringLiteral("--target"),
                      QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("main")})
                     .code,
                 0);
        const Run imported =
            run(QStringLiteral("alice"),
                {QStringLiteral("import"), demo(QStringLiteral("DEMO-001")), QStringLiteral("--target"),
                 QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("DEMO-001"),
                 QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(imported.code, 0);
        const QJsonObject scan = imported.json().value(QStringLiteral("scans")).toArray().first().toObject();
        for (const char *key : {"id", "file", "format", "scanner", "target", "variant", "issues",
                                "occurrences", "counts", "new"})
            QVERIFY2(scan.contains(QLatin1String(key)), key);
        QCOMPARE(scan.value(QStringLiteral("issues")).toInt(), 3);
        QCOMPARE(scan.value(QStringLiteral("new")).toInt(), 2);
        QCOMPARE(scan.value(QStringLiteral("counts")).toObject().value(QStringLiteral("critical")).toInt(),
                 1);
    }

    // The id of the issue with this rule, as alice lists it.
    QString issueIdOf(const QString &rule)
    {
        for (const QJsonValue &v :
             run(QStringLiteral("alice"), {QStringLiteral("issues"), QStringLiteral("--search"), rule,
                                           QStringLiteral("--format"), QStringLiteral("json")})
                 .json()
                 .value(QStringLiteral("issues"))
                 .toArray()) {
            if (v.toObject().value(QStringLiteral("rule")).toString() == rule)
                return QString::number(v.toObject().value(QStringLiteral("id")).toInteger());
        }
        return {};
    }

    QJsonObject gateJson()
    {
        return run(QStringLiteral("alice"),
                   {QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                    QStringLiteral("--variant"), QStringLiteral("DEMO-001"),
                    QStringLiteral("--fail-on-severity"), QStringLiteral("critical"),
                    QStringLiteral("--format"), QStringLiteral("json")})
            .json();
    }

    // The tutorial and alice's pending request for B602 (target scope, permanent).
    void setUpTutorialWithARequest()
    {
        setUpTutorial();
        const QString issue = issueIdOf(QStringLiteral("B602"));
        QCOMPARE(run(QStringLiteral("alice"), {QStringLiteral("exemption"), QStringLiteral("request"), issue,
                                               QStringLiteral("--scope"), QStringLiteral("target"),
                                               QStringLiteral("--duration"), QStringLiteral("permanent"),
                                               QStringLiteral("--reason"), QStringLiteral("Acceptable Risk"),
                                               QStringLiteral("--description"), QStringLiteral("please")})
                     .code,
                 0);
    }

    QVariant sqlValue(const QString &sql) { return cli.sqlValue(sql); }
    bool editBehindTheProgramsBack(const QString &sql) { return cli.sql(sql); }
};

// The command line on either engine.
class TestCli : public CliSuite
{
    Q_OBJECT

private slots:
    void init() { freshDatabase(); }
    void cleanup() { dropDatabase(); }

    void versionAndHelp()
    {
        const Run v = run({}, {QStringLiteral("--version")});
        QCOMPARE(v.code, 0);
        QVERIFY(v.out.startsWith("secreview "));
        const Run h = run({}, {QStringLiteral("--help")});
        QCOMPARE(h.code, 0);
        QVERIFY(h.out.contains("exemption request"));
        QCOMPARE(run({}, {QStringLiteral("frobnicate")}).code, 2);
    }

    void tutorialScenario()
    {
        setUpTutorial();
        const Run failing = run(QStringLiteral("alice"),
                                {QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                                 QStringLiteral("--variant"), QStringLiteral("DEMO-001"),
                                 QStringLiteral("--fail-on-severity"), QStringLiteral("critical")});
        QCOMPARE(failing.code, 1);
        QVERIFY(failing.out.contains(
            "Exited with message: fail_on_severity is set to critical and that threshold was reached."));
        QJsonObject g = gateJson();
        QCOMPARE(g.value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
        QJsonObject vars = g.value(QStringLiteral("outputVariables")).toObject();
        const QList<std::pair<QString, int>> expected{
            {QStringLiteral("CRITICAL"), 1}, {QStringLiteral("HIGH"), 0},
            {QStringLiteral("MEDIUM"), 1},   {QStringLiteral("LOW"), 1},
            {QStringLiteral("INFO"), 0},     {QStringLiteral("TOTAL"), 3},
            {QStringLiteral("IGNORED"), 0},  {QStringLiteral("NEW_CRITICAL"), 1},
            {QStringLiteral("NEW_HIGH"), 0}, {QStringLiteral("NEW_MEDIUM"), 0},
            {QStringLiteral("NEW_LOW"), 1},  {QStringLiteral("NEW_INFO"), 0},
            {QStringLiteral("NEW_TOTAL"), 2}};
        for (const auto &[name, value] : expected)
            QCOMPARE(vars.value(name).toInt(-1), value);

        const QJsonArray issues =
            run(QStringLiteral("alice"),
                {QStringLiteral("issues"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                 QStringLiteral("--variant"), QStringLiteral("DEMO-001"), QStringLiteral("--format"),
                 QStringLiteral("json")})
                .json()
                .value(QStringLiteral("issues"))
                .toArray();
        QCOMPARE(issues.size(), 3);
        qint64 b602 = 0;
        for (const QJsonValue &v : issues) {
            const QJsonObject o = v.toObject();
            for (const char *key : {"id", "key", "scanner", "rule", "title", "severity", "score",
                                    "occurrences", "category", "exemption"})
                QVERIFY2(o.contains(QLatin1String(key)), key);
            if (o.value(QStringLiteral("rule")).toString() == QLatin1String("B602")) {
                b602 = o.value(QStringLiteral("id")).toInteger();
                QCOMPARE(o.value(QStringLiteral("severity")).toString(), QStringLiteral("critical"));
                QCOMPARE(o.value(QStringLiteral("category")).toString(), QStringLiteral("new"));
            }
        }
        QVERIFY(b602 > 0);

        const Run requested =
            run(QStringLiteral("alice"),
                {QStringLiteral("exemption"), QStringLiteral("request"), QString::number(b602),
                 QStringLiteral("--scope"), QStringLiteral("target"), QStringLiteral("--duration"),
                 QStringLiteral("7d"), QStringLiteral("--reason"), QStringLiteral("Other"),
                 QStringLiteral("--description"), QStringLiteral("Tutorial example pipeline"),
                 QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(requested.code, 0);
        const QJsonObject e = requested.json().value(QStringLiteral("exemption")).toObject();
        for (const char *key : {"id", "issue", "scope", "status", "reason", "expiresAt"})
            QVERIFY2(e.contains(QLatin1String(key)), key);
        QCOMPARE(e.value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
        const QString id = QString::number(e.value(QStringLiteral("id")).toInteger());

        QCOMPARE(
            run(QStringLiteral("carol"), {QStringLiteral("exemption"), QStringLiteral("approve"), id}).code,
            4);
        QCOMPARE(
            run(QStringLiteral("alice"), {QStringLiteral("exemption"), QStringLiteral("approve"), id}).code,
            4);
        QCOMPARE(run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), id},
                     QStringLiteral("wrong"))
                     .code,
                 4);
        QCOMPARE(
            run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), id,
                                        QStringLiteral("--comment"), QStringLiteral("ok for the tutorial")})
                .code,
            0);
        g = gateJson();
        QCOMPARE(g.value(QStringLiteral("status")).toString(), QStringLiteral("pass"));
        vars = g.value(QStringLiteral("outputVariables")).toObject();
        QCOMPARE(vars.value(QStringLiteral("CRITICAL")).toInt(), 0);
        QCOMPARE(vars.value(QStringLiteral("IGNORED")).toInt(), 1);

        const QJsonArray list =
            run(QStringLiteral("alice"), {QStringLiteral("exemption"), QStringLiteral("list"),
                                          QStringLiteral("--format"), QStringLiteral("json")})
                .json()
                .value(QStringLiteral("exemptions"))
                .toArray();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.first().toObject().value(QStringLiteral("requestedBy")).toString(),
                 QStringLiteral("alice"));
        QCOMPARE(list.first().toObject().value(QStringLiteral("reviewedBy")).toString(),
                 QStringLiteral("bob"));

        const Run shown = run(QStringLiteral("alice"),
                              {QStringLiteral("issue"), QStringLiteral("show"), QString::number(b602)});
        QCOMPARE(shown.code, 0);
        QVERIFY(shown.out.contains("sqli/services/ping.py:7"));
        QVERIFY(shown.out.contains("ok for the tutorial"));

        QCOMPARE(run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("delete"), id}).code,
                 0);
        QCOMPARE(gateJson().value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
        QCOMPARE(run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")}).code, 0);
        // The trail, narrowed: bob's decisions on exemptions.
        const QJsonArray entries =
            run(QStringLiteral("admin"),
                {QStringLiteral("audit"), QStringLiteral("log"), QStringLiteral("--actor"),
                 QStringLiteral("bob"), QStringLiteral("--object"), QStringLiteral("exemption"),
                 QStringLiteral("--format"), QStringLiteral("json")})
                .json()
                .value(QStringLiteral("entries"))
                .toArray();
        QCOMPARE(entries.size(), 2); // approve, delete
        QCOMPARE(entries.at(0).toObject().value(QStringLiteral("action")).toString(),
                 QStringLiteral("exemption.delete"));
        QCOMPARE(entries.at(1).toObject().value(QStringLiteral("action")).toString(),
                 QStringLiteral("exemption.approve"));
        QCOMPARE(run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("log"),
                                               QStringLiteral("--since"), QStringLiteral("yesterday")})
                     .code,
                 2);
    }

    void exitStatuses()
    {
        setUpTutorial();
        // 2: usage
        QCOMPARE(run(QStringLiteral("alice"),
                     {QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("dvpwa")})
                     .code,
                 2);
        QCOMPARE(run(QStringLiteral("alice"),
                     {QStringLiteral("issues"), QStringLiteral("--targte"), QStringLiteral("dvpwa")})
                     .code,
                 2);
        // 5: no such object; the gate fails closed on a variant never scanned
        const Run noScan = run(QStringLiteral("alice"),
                               {QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                                QStringLiteral("--variant"), QStringLiteral("typo"),
                                QStringLiteral("--fail-on-severity"), QStringLiteral("critical")});
        QCOMPARE(noScan.code, 5);
        QVERIFY(noScan.err.contains("no scan of dvpwa variant typo"));
        QCOMPARE(run(QStringLiteral("alice"),
                     {QStringLiteral("issue"), QStringLiteral("show"), QStringLiteral("9999")})
                     .code,
                 5);
        // 4: wrong password, unknown user, a developer setting a baseline
        QCOMPARE(run(QStringLiteral("alice"), {QStringLiteral("issues")}, QStringLiteral("nope")).code, 4);
        QCOMPARE(run(QStringLiteral("mallory"), {QStringLiteral("issues")}).code, 4);
        QCOMPARE(run(QStringLiteral("alice"),
                     {QStringLiteral("baseline"), QStringLiteral("set"), QStringLiteral("--target"),
                      QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("main")})
                     .code,
                 4);
        // 6: no database
        const QString real = cli.db;
        cli.db = server ? QString(real).replace(server->database, QStringLiteral("no_such_database"))
                        : dir.filePath(QStringLiteral("does-not-exist.db"));
        QCOMPARE(run(QStringLiteral("alice"), {QStringLiteral("issues")}).code, 6);
        // reading never creates a database
        if (server)
            QCOMPARE(server->scalar(QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = 'no_such_database'")),
                     QStringLiteral("0"));
        else
            QVERIFY(!QFile::exists(cli.db));
        cli.db = real;
        // Errors in JSON mode: {"error": ...} on stdout as well.
        const Run jsonError = run(QStringLiteral("alice"),
                                  {QStringLiteral("issue"), QStringLiteral("show"), QStringLiteral("9999"),
                                   QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY(jsonError.json().value(QStringLiteral("error")).toString().contains(QLatin1String("9999")));
    }

    // audit log's filters, dates too (on a server a date once reached it as an integer too small).
    void auditLogFilters()
    {
        setUpTutorial();
        auto entries = [&](const QStringList &filter) {
            const Run r = run(QStringLiteral("admin"), QStringList{QStringLiteral("audit"), QStringLiteral("log"),
                                                                   QStringLiteral("--format"), QStringLiteral("json")} +
                                                           filter);
            if (r.code != 0)
                qWarning("%s", r.err.constData());
            return r.code == 0 ? int(r.json().value(QStringLiteral("entries")).toArray().size()) : -1;
        };
        const int all = entries({});
        QVERIFY(all >= 6); // init, three users, two imports, the baseline
        const QString today = QDate::currentDate().toString(Qt::ISODate);
        QCOMPARE(entries({QStringLiteral("--since"), today, QStringLiteral("--until"), today}), all);
        QCOMPARE(entries({QStringLiteral("--since"), QDate::currentDate().addDays(2).toString(Qt::ISODate)}), 0);
        QCOMPARE(entries({QStringLiteral("--until"), QDate::currentDate().addDays(-2).toString(Qt::ISODate)}), 0);
        QCOMPARE(entries({QStringLiteral("--actor"), QStringLiteral("bob")}), 1);
        QCOMPARE(entries({QStringLiteral("--object"), QStringLiteral("scan"), QStringLiteral("--limit"), QStringLiteral("1")}), 1);
    }

    void badInputLeavesDatabaseAsItWas()
    {
        setUpTutorial();
        const QString before = cli.dump();
        QVERIFY(before.contains(QLatin1String("scan_issue|"))); // the dump does read the rows
        const QString truncated = dir.filePath(QStringLiteral("truncated.json"));
        {
            QFile in(demo(QStringLiteral("DEMO-001")));
            QVERIFY(in.open(QIODevice::ReadOnly));
            QFile out(truncated);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(in.readAll().left(700));
        }
        const Run r = run(QStringLiteral("alice"),
                          {QStringLiteral("import"), truncated, QStringLiteral("--target"),
                           QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("DEMO-002")});
        QCOMPARE(r.code, 3);
        QVERIFY(r.err.contains("truncated.json"));
        QVERIFY(r.err.contains("line "));
        const Run listed = run(QStringLiteral("alice"),
                               {QStringLiteral("issues"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                                QStringLiteral("--variant"), QStringLiteral("DEMO-002")});
        QCOMPARE(listed.code, 5); // nothing of DEMO-002 landed

        // A report that goes wrong midway: its last result has no test_id, so the scan row, the
        // issues and the occurrences before it are written when the importer refuses it.
        const QString midway = dir.filePath(QStringLiteral("midway.json"));
        {
            QFile in(demo(QStringLiteral("DEMO-001")));
            QVERIFY(in.open(QIODevice::ReadOnly));
            QJsonObject report = QJsonDocument::fromJson(in.readAll()).object();
            QJsonArray results = report.value(QStringLiteral("results")).toArray();
            QVERIFY(results.size() >= 3);
            QJsonObject last = results.last().toObject();
            QVERIFY(last.contains(QStringLiteral("test_id")));
            last.remove(QStringLiteral("test_id"));
            results.replace(results.size() - 1, last);
            report.insert(QStringLiteral("results"), results);
            QFile out(midway);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(QJsonDocument(report).toJson());
        }
        const Run failedMidway =
            run(QStringLiteral("alice"),
                {QStringLiteral("import"), midway, QStringLiteral("--target"), QStringLiteral("dvpwa"),
                 QStringLiteral("--variant"), QStringLiteral("DEMO-002"), QStringLiteral("--scanner"),
                 QStringLiteral("bandit")});
        QCOMPARE(failedMidway.code, 3);
        QVERIFY2(failedMidway.err.contains("test_id"), failedMidway.err.constData());
        QCOMPARE(cli.dump(), before); // every table exactly as it was

        // Several files: the good ones land, the bad one is named, the exit status says so.
        const Run several = run(QStringLiteral("alice"),
                                {QStringLiteral("import"), demo(QStringLiteral("main")), truncated,
                                 fixture(QStringLiteral("bandit/one_vuln.json")), QStringLiteral("--target"),
                                 QStringLiteral("many"), QStringLiteral("--variant"), QStringLiteral("v1"),
                                 QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(several.code, 3);
        QCOMPARE(several.json().value(QStringLiteral("scans")).toArray().size(), 2);
        QCOMPARE(several.json().value(QStringLiteral("errors")).toArray().size(), 1);
    }

    void usersAndRoles()
    {
        QCOMPARE(run(QStringLiteral("admin"),
                     {QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("admin")})
                     .code,
                 0);
        QCOMPARE(run(QStringLiteral("admin"),
                     {QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("admin")})
                     .code,
                 2);
        QCOMPARE(run(QStringLiteral("admin"),
                     {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("dana"),
                      QStringLiteral("--role"), QStringLiteral("viewer,developer")})
                     .code,
                 0);
        QCOMPARE(run(QStringLiteral("admin"),
                     {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("erin"),
                      QStringLiteral("--role"), QStringLiteral("wizard")})
                     .code,
                 2);
        QCOMPARE(run(QStringLiteral("dana"), {QStringLiteral("user"), QStringLiteral("list")}).code, 4);
        QCOMPARE(run(QStringLiteral("admin"), {QStringLiteral("user"), QStringLiteral("grant"),
                                               QStringLiteral("dana"), QStringLiteral("secops")})
                     .code,
                 0);
        const QJsonArray users =
            run(QStringLiteral("admin"), {QStringLiteral("user"), QStringLiteral("list"),
                                          QStringLiteral("--format"), QStringLiteral("json")})
                .json()
                .value(QStringLiteral("users"))
                .toArray();
        QCOMPARE(users.size(), 2);
        QVERIFY(users.at(1)
                    .toObject()
                    .value(QStringLiteral("roles"))
                    .toArray()
                    .contains(QStringLiteral("secops")));
        QCOMPARE(run(QStringLiteral("admin"), {QStringLiteral("user"), QStringLiteral("revoke"),
                                               QStringLiteral("dana"), QStringLiteral("secops")})
                     .code,
                 0);
        QCOMPARE(run(QStringLiteral("admin"),
                     {QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("dana")})
                     .code,
                 0);
        QCOMPARE(run(QStringLiteral("admin"),
                     {QStringLiteral("user"), QStringLiteral("disable"), QStringLiteral("dana")})
                     .code,
                 0);
        QCOMPARE(run(QStringLiteral("dana"), {QStringLiteral("issues")}).code,
                 4); // a disabled account cannot sign in
        QCOMPARE(run(QStringLiteral("admin"),
                     {QStringLiteral("user"), QStringLiteral("disable"), QStringLiteral("admin")})
                     .code,
                 2);
        QCOMPARE(run(QStringLiteral("admin"),
                     {QStringLiteral("user"), QStringLiteral("enable"), QStringLiteral("dana")})
                     .code,
                 0);
        QCOMPARE(run(QStringLiteral("dana"), {QStringLiteral("issues")}).code, 0);
    }

    void demoDatabase()
    {
        const Run created = run({}, {QStringLiteral("demo")});
        QCOMPARE(created.code, 0);
        QVERIFY(created.out.contains("alice"));
        QVERIFY(created.out.contains("bob"));
        auto as = [&](const QString &user, const QStringList &args) {
            return run(user, args + QStringList{QStringLiteral("--format"), QStringLiteral("json")},
                       user + QStringLiteral("-demo-pass"))
                .json();
        };
        const QJsonArray pending =
            as(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("list"),
                                       QStringLiteral("--status"), QStringLiteral("pending")})
                .value(QStringLiteral("exemptions"))
                .toArray();
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending.first().toObject().value(QStringLiteral("key")).toString(), QStringLiteral("B602"));
        const QJsonArray trivy =
            as(QStringLiteral("alice"), {QStringLiteral("issues"), QStringLiteral("--target"),
                                         QStringLiteral("sto-tutorial-test-private"),
                                         QStringLiteral("--variant"), QStringLiteral("42")})
                .value(QStringLiteral("issues"))
                .toArray();
        QCOMPARE(trivy.size(), 4);
        QCOMPARE(as(QStringLiteral("alice"), {QStringLiteral("pipeline"), QStringLiteral("list")})
                     .value(QStringLiteral("pipelines"))
                     .toArray()
                     .size(),
                 1);
        QCOMPARE(as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")})
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("ok"));
    }

    void pipelineGateCheckAndHistory()
    {
        QCOMPARE(run({}, {QStringLiteral("demo")}).code, 0);
        auto bob = [&](const QStringList &args) {
            return run(QStringLiteral("bob"), args, QStringLiteral("bob-demo-pass"));
        };
        const QString id = QStringLiteral("tutorial4integratedstoci");
        // The demo's execution 42: Bandit_1 fails on high and is ignored, the rest passes.
        Run gate = bob({QStringLiteral("pipeline"), QStringLiteral("gate"), id, QStringLiteral("--variant"),
                        QStringLiteral("DEMO-001"), QStringLiteral("--execution"), QStringLiteral("42"),
                        QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(gate.code, 0);
        QJsonObject doc = gate.json();
        QCOMPARE(doc.value(QStringLiteral("status")).toString(), QStringLiteral("pass"));
        const QJsonArray steps = doc.value(QStringLiteral("steps")).toArray();
        QCOMPARE(steps.size(), 6);
        QJsonObject bandit;
        for (const QJsonValue &v : steps) {
            for (const char *key : {"stage", "step", "type", "target", "variant", "failOnSeverity", "status",
                                    "message", "outputVariables"})
                QVERIFY2(v.toObject().contains(QLatin1String(key)), key);
            if (v.toObject().value(QStringLiteral("step")).toString() == QLatin1String("Bandit_1"))
                bandit = v.toObject();
        }
        QCOMPARE(bandit.value(QStringLiteral("status")).toString(), QStringLiteral("ignored"));
        QCOMPARE(bandit.value(QStringLiteral("stage")).toString(), QStringLiteral("securityTestStage"));
        QCOMPARE(bandit.value(QStringLiteral("failOnSeverity")).toString(), QStringLiteral("high"));
        QCOMPARE(bandit.value(QStringLiteral("outputVariables"))
                     .toObject()
                     .value(QStringLiteral("CRITICAL"))
                     .toInt(),
                 1);
        const QJsonObject email = doc.value(QStringLiteral("emails")).toArray().first().toObject();
        QCOMPARE(email.value(QStringLiteral("step")).toString(), QStringLiteral("Email_1"));
        QCOMPARE(email.value(QStringLiteral("subject")).toString(),
                 QStringLiteral("NEW IMAGE! Scan results for 42"));
        QVERIFY(email.value(QStringLiteral("body"))
                    .toString()
                    .contains(QStringLiteral("Critical : 1 <br> New Critical : 1")));

        // Execution 43 (the latest of DEMO-001) built an image with High and Critical
        // vulnerabilities: the image step fails, the public push and the email stage are skipped,
        // the job fails with the gate's message.
        gate = bob({
            QStringLiteral("pipeline"),
            QStringLiteral("gate"),
            id,
            QStringLiteral("--variant"),
            QStringLiteral("DEMO-001"),
        });
        QCOMPARE(gate.code, 1);
        QVERIFY2(gate.out.contains("fail       AquaTrivy_1"), gate.out.constData());
        QVERIFY(gate.out.contains(
            "Exited with message: fail_on_severity is set to high and that threshold was reached."));
        QVERIFY(gate.out.contains("skipped    buildAndPush_PUBLIC"));
        QVERIFY(gate.out.contains("Subject: NEW IMAGE! Scan results for 43"));
        // A branch with no scans at all: fail closed, exit 5 like the plain gate.
        QCOMPARE(bob({QStringLiteral("pipeline"), QStringLiteral("gate"), id, QStringLiteral("--variant"),
                      QStringLiteral("no-such-branch")})
                     .code,
                 5);
        QCOMPARE(bob({QStringLiteral("pipeline"), QStringLiteral("gate"), id}).code,
                 2); // --variant is required

        // Governance: the tutorial passes the default policy; a CI stage without a scan step is denied.
        QCOMPARE(bob({QStringLiteral("pipeline"), QStringLiteral("check"), id}).code, 0);
        QFile original(fixture(QStringLiteral("tutorial4-integrated-sto-ci.yaml")));
        QVERIFY(original.open(QIODevice::ReadOnly));
        QByteArray noScan = original.readAll();
        noScan.replace("type: Bandit", "type: Run").replace("type: AquaTrivy", "type: Run");
        const QString noScanPath = dir.filePath(QStringLiteral("noscan.yaml"));
        QFile out(noScanPath);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(noScan);
        out.close();
        const Run second = bob({QStringLiteral("pipeline"), QStringLiteral("import"), noScanPath});
        QCOMPARE(second.code, 0);
        QVERIFY(second.out.contains("version 2"));
        const Run denied = bob({QStringLiteral("pipeline"), QStringLiteral("check"), id,
                                QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(denied.code, 1);
        const QJsonObject violation =
            denied.json().value(QStringLiteral("violations")).toArray().first().toObject();
        QCOMPARE(violation.value(QStringLiteral("stage")).toString(), QStringLiteral("securityTestStage"));
        QVERIFY(violation.value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("has no security scan step")));
        // The earlier version still passes; the diff shows what changed.
        QCOMPARE(bob({QStringLiteral("pipeline"), QStringLiteral("check"), id, QStringLiteral("--version"),
                      QStringLiteral("1")})
                     .code,
                 0);
        const Run diff = bob({QStringLiteral("pipeline"), QStringLiteral("diff"), id});
        QCOMPARE(diff.code, 0);
        QVERIFY2(diff.out.contains("-                  type: Bandit\n+                  type: Run\n"),
                 diff.out.constData());
        QCOMPARE(bob({QStringLiteral("pipeline"), QStringLiteral("history"), id, QStringLiteral("--format"),
                      QStringLiteral("json")})
                     .json()
                     .value(QStringLiteral("versions"))
                     .toArray()
                     .size(),
                 2);

        // Bad input: a policy file with a misspelt rule, malformed YAML: exit 3, located.
        const QString badPolicy = dir.filePath(QStringLiteral("policy.yaml"));
        QFile policy(badPolicy);
        QVERIFY(policy.open(QIODevice::WriteOnly));
        policy.write("rules:\n  scan_step_in_stag: {}\n");
        policy.close();
        const Run refused = bob(
            {QStringLiteral("pipeline"), QStringLiteral("check"), id, QStringLiteral("--policy"), badPolicy});
        QCOMPARE(refused.code, 3);
        QVERIFY2(refused.err.contains("policy.yaml: at line 2, column 3"), refused.err.constData());
        const QString broken = dir.filePath(QStringLiteral("broken.yaml"));
        QFile b(broken);
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write("pipeline:\n  identifier: x\n  stages: [\n");
        b.close();
        const Run malformed = bob({QStringLiteral("pipeline"), QStringLiteral("import"), broken});
        QCOMPARE(malformed.code, 3);
        QVERIFY2(malformed.err.contains("broken.yaml: at line 4, column 1"), malformed.err.constData());
    }

    void importsAFolder()
    {
        setUpTutorial();
        // Every ZAP report of the fixtures: one scan each, a summary line, exit 0.
        const Run zap = run(QStringLiteral("alice"),
                            {QStringLiteral("import"), fixture(QStringLiteral("zap")),
                             QStringLiteral("--target"), QStringLiteral("web"), QStringLiteral("--variant"),
                             QStringLiteral("1"), QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(zap.code, 0);
        const QJsonArray scans = zap.json().value(QStringLiteral("scans")).toArray();
        QCOMPARE(scans.size(), QDir(fixture(QStringLiteral("zap"))).entryList(QDir::Files).size());
        for (const QJsonValue &scan : scans)
            QCOMPARE(scan.toObject().value(QStringLiteral("format")).toString(), QStringLiteral("zap"));
        // A folder with a file that is not a result: the others import, the refusal is listed, exit 3.
        QTemporaryDir mixed;
        QVERIFY(QFile::copy(fixture(QStringLiteral("gosec/many_vulns.json")),
                            mixed.filePath(QStringLiteral("a.json"))));
        QFile notes(mixed.filePath(QStringLiteral("b.txt")));
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("not a scan");
        notes.close();
        const Run partly = run(QStringLiteral("alice"),
                               {QStringLiteral("import"), mixed.path(), QStringLiteral("--target"),
                                QStringLiteral("go"), QStringLiteral("--variant"), QStringLiteral("1")});
        QCOMPARE(partly.code, 3);
        QVERIFY2(partly.out.contains("1 of 2 files imported, 1 refused"), partly.out.constData());
        QVERIFY(partly.err.contains("b.txt"));
    }

    // The whole fixtures folder in one command: every result file of a format we read imports;
    // what is refused is exactly the files that are not, each for its own reason.
    void importsEveryFixtureInOneCommand()
    {
        setUpTutorial();
        const QString folder = QFileInfo(fixture(QStringLiteral("MANIFEST.tsv"))).absolutePath();
        const QHash<QString, QString> refused{
            // Not scanner results.
            {QStringLiteral("MANIFEST.tsv"), QStringLiteral("not valid JSON")},
            {QStringLiteral("SOURCES.md"), QStringLiteral("not valid JSON")},
            {QStringLiteral("tutorial4-integrated-sto-ci.yaml"), QStringLiteral("not valid JSON")},
            // Pipelines (tst_published_pipelines reads them): not result files.
            {QStringLiteral("pipelines/SOURCES.md"), QStringLiteral("not valid JSON")},
            {QStringLiteral("pipelines/harness-docs-build-scan-push-sto-only.yaml"), QStringLiteral("not valid JSON")},
            {QStringLiteral("pipelines/harness-docs-custom-scan-xray.yaml"), QStringLiteral("not valid JSON")},
            {QStringLiteral("pipelines/harness-docs-private-registry-bandit.yaml"), QStringLiteral("not valid JSON")},
            {QStringLiteral("pipelines/harness-template-library-golden-instance.tftpl"), QStringLiteral("not valid JSON")},
            {QStringLiteral("pipelines/harness-template-library-golden-rendered.yaml"), QStringLiteral("not valid JSON")},
            // "Nothing found" written as [] or null: imported with --scanner NAME, not guessed.
            {QStringLiteral("eslint/empty.json"), QStringLiteral("empty list")},
            {QStringLiteral("gitleaks/gitleaks-upstream__empty.json"), QStringLiteral("empty list")},
            {QStringLiteral("trufflehog3/zero_vulns.json"), QStringLiteral("empty list")},
            {QStringLiteral("gitleaks/no_findings.json"), QStringLiteral("JSON null")},
            {QStringLiteral("trivy/legacy_no_vuln.json"), QStringLiteral("JSON null")},
            // Formats not read (docs/formats.md): ESLint's own JSON, Semgrep Pro; and non-results.
            {QStringLiteral("eslint/no_finding.json"), QStringLiteral("not a known result format")},
            {QStringLiteral("eslint/scan.json"), QStringLiteral("not a known result format")},
            {QStringLiteral("semgrep_pro/multiple_cwes_fabricated.json"),
             QStringLiteral("not a known result format")},
            {QStringLiteral("semgrep_pro/no_vuln.json"), QStringLiteral("not a known result format")},
            {QStringLiteral("semgrep_pro/one_vuln.json"), QStringLiteral("not a known result format")},
            {QStringLiteral("sarif-spec/oasis__sarif-schema-2.1.0.json"),
             QStringLiteral("not a known result format")},
            {QStringLiteral("sarif-spec/sarif-sdk__Invalid.sarif"),
             QStringLiteral("not a known result format")},
            // Broken on purpose, or a report of a failed scan.
            {QStringLiteral("npm_audit/empty_with_error.json"), QStringLiteral("ENOAUDIT")},
            {QStringLiteral("osv_scanner/no_findings.json"), QStringLiteral("the file is empty")},
            {QStringLiteral("sarif-spec/codeql-action__invalid-sarif.sarif"),
             QStringLiteral("expected an array")},
            {QStringLiteral("sarif-spec/sarif-sdk__JSON1001.SyntaxError.sarif"),
             QStringLiteral("truncated JSON")},
            {QStringLiteral("sarif-spec/sarif-sdk__LocationId_BigInteger.sarif"),
             QStringLiteral("too large")},
            {QStringLiteral(
                 "sarif-spec/sarif-sdk__SARIF1009.IndexPropertiesMustBeConsistentWithArrays_Invalid.sarif"),
             QStringLiteral("out of range")},
            // Other SARIF versions.
            {QStringLiteral("sarif-spec/oasis__v2.2_comprehensive.json"), QStringLiteral("2.2 is newer")},
            {QStringLiteral("sarif-spec/oasis__v2.2_example-3-13-5-01.json"), QStringLiteral("2.2 is newer")},
            {QStringLiteral("sarif-spec/oasis__v2.2_minimal-recommended-with-source-info.json"),
             QStringLiteral("2.2 is newer")},
            {QStringLiteral("sarif-spec/oasis__v2.2_minimal-valid.json"), QStringLiteral("2.2 is newer")},
            {QStringLiteral("sarif-spec/sarif-sdk__BasicResult.sarif"), QStringLiteral("1.0.0 is older")},
            {QStringLiteral("sarif-spec/sarif-sdk__WithSuppressions.prerelease-2.0.0-input.sarif"),
             QStringLiteral("2.0.0 is older")},
        };
        int files = 0;
        for (QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories); it.hasNext(); it.next())
            ++files;
        const Run all = run(QStringLiteral("alice"),
                            {QStringLiteral("import"), folder, QStringLiteral("--target"),
                             QStringLiteral("all"), QStringLiteral("--variant"), QStringLiteral("1"),
                             QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(all.code == 3, all.err.right(1500).constData());
        const QJsonArray errors = all.json().value(QStringLiteral("errors")).toArray();
        QSet<QString> seen;
        for (const QJsonValue &e : errors) {
            const QString file =
                QDir(folder).relativeFilePath(e.toObject().value(QStringLiteral("file")).toString());
            const QString error = e.toObject().value(QStringLiteral("error")).toString();
            QVERIFY2(refused.contains(file), qPrintable(QStringLiteral("refused: ") + error));
            QVERIFY2(error.contains(refused.value(file)), qPrintable(error));
            seen.insert(file);
        }
        QCOMPARE(seen.size(), refused.size());
        QCOMPARE(all.json().value(QStringLiteral("scans")).toArray().size(), files - refused.size());
    }

    void occurrenceExemption()
    {
        setUpTutorial();
        const QString id = issueIdOf(QStringLiteral("B602"));
        const QString fingerprint =
            run(QStringLiteral("alice"), {QStringLiteral("issue"), QStringLiteral("show"), id,
                                          QStringLiteral("--format"), QStringLiteral("json")})
                .json()
                .value(QStringLiteral("occurrences"))
                .toArray()
                .first()
                .toObject()
                .value(QStringLiteral("fingerprint"))
                .toString();
        QVERIFY(!fingerprint.isEmpty());
        const QStringList request{QStringLiteral("exemption"),
                                  QStringLiteral("request"),
                                  id,
                                  QStringLiteral("--duration"),
                                  QStringLiteral("7d"),
                                  QStringLiteral("--reason"),
                                  QStringLiteral("Other"),
                                  QStringLiteral("--description"),
                                  QStringLiteral("this call only"),
                                  QStringLiteral("--occurrence"),
                                  fingerprint,
                                  QStringLiteral("--format"),
                                  QStringLiteral("json")};
        QCOMPARE(run(QStringLiteral("alice"),
                     request + QStringList{QStringLiteral("--scope"), QStringLiteral("project")})
                     .code,
                 2);
        const Run r = run(QStringLiteral("alice"),
                          request + QStringList{QStringLiteral("--scope"), QStringLiteral("target")});
        QCOMPARE(r.code, 0);
        const QString eid = QString::number(
            r.json().value(QStringLiteral("exemption")).toObject().value(QStringLiteral("id")).toInteger());
        QCOMPARE(
            run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), eid}).code,
            0);
        QCOMPARE(gateJson().value(QStringLiteral("status")).toString(),
                 QStringLiteral("pass")); // its only place is covered
        // Every transition on the command line, and the refusals.
        QCOMPARE(
            run(QStringLiteral("alice"), {QStringLiteral("exemption"), QStringLiteral("reject"), eid}).code,
            4);
        QCOMPARE(run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("reject"), eid,
                                             QStringLiteral("--comment"), QStringLiteral("needs a ticket")})
                     .code,
                 0);
        QCOMPARE(gateJson().value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
        QCOMPARE(
            run(QStringLiteral("carol"), {QStringLiteral("exemption"), QStringLiteral("reopen"), eid}).code,
            4);
        QCOMPARE(
            run(QStringLiteral("alice"), {QStringLiteral("exemption"), QStringLiteral("reopen"), eid}).code,
            0);
        QCOMPARE(
            run(QStringLiteral("alice"), {QStringLiteral("exemption"), QStringLiteral("delete"), eid}).code,
            4);
        QCOMPARE(
            run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("delete"), eid}).code,
            2); // pending: cancel it
        QCOMPARE(
            run(QStringLiteral("alice"), {QStringLiteral("exemption"), QStringLiteral("cancel"), eid}).code,
            0);
        QCOMPARE(
            run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), eid}).code,
            2); // cancelled
        QCOMPARE(run(QStringLiteral("bob"),
                     {QStringLiteral("exemption"), QStringLiteral("approve"), QStringLiteral("999")})
                     .code,
                 5);
        QCOMPARE(run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")}).code, 0);
    }

    void policyLimits()
    {
        setUpTutorial();
        QCOMPARE(run(QStringLiteral("bob"), {QStringLiteral("policy"), QStringLiteral("set"),
                                             QStringLiteral("--max-duration"), QStringLiteral("critical=30")})
                     .code,
                 4); // admin only
        const Run set =
            run(QStringLiteral("admin"),
                {QStringLiteral("policy"), QStringLiteral("set"), QStringLiteral("--max-duration"),
                 QStringLiteral("critical=30d,high=90"), QStringLiteral("--require-url"),
                 QStringLiteral("false-positive"), QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(set.code, 0);
        QCOMPARE(set.json()
                     .value(QStringLiteral("policy"))
                     .toObject()
                     .value(QStringLiteral("maxDays"))
                     .toObject()
                     .value(QStringLiteral("critical"))
                     .toInt(),
                 30);
        QCOMPARE(run(QStringLiteral("admin"), {QStringLiteral("policy"), QStringLiteral("set"),
                                               QStringLiteral("--max-duration"), QStringLiteral("severe=3")})
                     .code,
                 2);
        const QString b602 = issueIdOf(QStringLiteral("B602"));
        auto request = [&](const QString &duration) {
            return run(QStringLiteral("alice"),
                       {QStringLiteral("exemption"), QStringLiteral("request"), b602,
                        QStringLiteral("--scope"), QStringLiteral("target"), QStringLiteral("--duration"),
                        duration, QStringLiteral("--reason"), QStringLiteral("Other"),
                        QStringLiteral("--description"), QStringLiteral("x")});
        };
        const Run refused = request(QStringLiteral("permanent"));
        QCOMPARE(refused.code, 4);
        QVERIFY2(refused.err.contains("at most 30 days"), refused.err.constData());
        QCOMPARE(request(QStringLiteral("30d")).code, 0);
        // Several issues in one command: one request each.
        QStringList all;
        for (const QJsonValue &v :
             run(QStringLiteral("alice"),
                 {QStringLiteral("issues"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                  QStringLiteral("--variant"), QStringLiteral("main"), QStringLiteral("--format"),
                  QStringLiteral("json")})
                 .json()
                 .value(QStringLiteral("issues"))
                 .toArray())
            all.append(QString::number(v.toObject().value(QStringLiteral("id")).toInteger()));
        all.append(b602);
        const Run bulk = run(QStringLiteral("alice"),
                             QStringList{QStringLiteral("exemption"), QStringLiteral("request")} + all +
                                 QStringList{QStringLiteral("--scope"), QStringLiteral("project"),
                                             QStringLiteral("--duration"), QStringLiteral("7d"),
                                             QStringLiteral("--reason"), QStringLiteral("Other"),
                                             QStringLiteral("--description"), QStringLiteral("bulk"),
                                             QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(bulk.code, 0);
        QCOMPARE(bulk.json().value(QStringLiteral("exemptions")).toArray().size(), all.size());
        QVERIFY(run(QStringLiteral("bob"), {QStringLiteral("policy"), QStringLiteral("show")})
                    .out.contains("critical at most 30 days"));
    }

    // Issue 16: the baseline in force when a scan was imported decides its categories for good
    // (decision 85); `issue show` says what they were computed against; an edit of the recorded
    // comparison is caught by `audit verify`.
    void baselineAtScanTime()
    {
        setUpTutorial(); // dvpwa main, baseline main, then DEMO-001 (B303 common, B602 and B404 new)
        const auto categories = [&] {
            QStringList out;
            for (const QJsonValue &v : run(QStringLiteral("alice"), {QStringLiteral("issues"), QStringLiteral("--target"),
                                                                     QStringLiteral("dvpwa"), QStringLiteral("--variant"),
                                                                     QStringLiteral("DEMO-001"), QStringLiteral("--format"),
                                                                     QStringLiteral("json")})
                                           .json().value(QStringLiteral("issues")).toArray())
                out.append(v[QStringLiteral("rule")].toString() + QLatin1Char('=') + v[QStringLiteral("category")].toString());
            out.sort();
            return out;
        };
        const QStringList before{QStringLiteral("B303=common"), QStringLiteral("B404=new"), QStringLiteral("B602=new")};
        QCOMPARE(categories(), before);
        const QString b303 = issueIdOf(QStringLiteral("B303"));
        const auto comparedWith = [&] {
            return run(QStringLiteral("alice"), {QStringLiteral("issue"), QStringLiteral("show"), b303, QStringLiteral("--format"),
                                                 QStringLiteral("json")})
                .json().value(QStringLiteral("comparedWith")).toObject();
        };
        QCOMPARE(comparedWith().value(QStringLiteral("baseline")).toString(), QStringLiteral("main"));
        QVERIFY(comparedWith().value(QStringLiteral("recordedAtImport")).toBool());
        const qint64 mainScan = comparedWith().value(QStringLiteral("scan")).toInteger();
        QVERIFY(mainScan > 0);
        QVERIFY(run(QStringLiteral("alice"), {QStringLiteral("issue"), QStringLiteral("show"), b303})
                    .out.contains(QStringLiteral("against scan %1 of baseline main").arg(mainScan).toUtf8()));

        // The baseline changes to one that names no scanned variant: the scan keeps its categories.
        QCOMPARE(run(QStringLiteral("bob"), {QStringLiteral("baseline"), QStringLiteral("set"), QStringLiteral("--target"),
                                             QStringLiteral("dvpwa"), QStringLiteral("--regex"), QStringLiteral("^release/")})
                     .code, 0);
        QCOMPARE(categories(), before);
        QCOMPARE(comparedWith().value(QStringLiteral("scan")).toInteger(), mainScan);
        // A scan imported now is judged against the new baseline: nothing to compare with, all new.
        QCOMPARE(run(QStringLiteral("alice"), {QStringLiteral("import"), demo(QStringLiteral("DEMO-001")), QStringLiteral("--target"),
                                               QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("DEMO-001")})
                     .code, 0);
        QCOMPARE(categories(), (QStringList{QStringLiteral("B303=new"), QStringLiteral("B404=new"), QStringLiteral("B602=new")}));
        QCOMPARE(comparedWith().value(QStringLiteral("baseline")).toString(), QStringLiteral("/^release//"));
        QVERIFY(comparedWith().value(QStringLiteral("scan")).isNull());
        QCOMPARE(run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")}).code, 0);

        // Someone with the database points the scan at another comparison: audit verify names it.
        const QString latest = sqlValue(QStringLiteral("SELECT max(id) FROM scan")).toString();
        QVERIFY(editBehindTheProgramsBack(
            QStringLiteral("UPDATE scan SET comparison_scan_id = %1 WHERE id = %2").arg(mainScan).arg(latest)));
        QCOMPARE(categories(), before); // the edit does change what the list shows...
        const Run verify = run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(verify.code, 1); // ...and is caught
        QVERIFY2(verify.out.contains(QStringLiteral("scan %1 (dvpwa-DEMO-001.bandit.json) was changed after its import: it is "
                                                    "compared with scan %2, its import compared it with no scan")
                                         .arg(latest)
                                         .arg(mainScan)
                                         .toUtf8()),
                 verify.out.constData());
        // A comparison with a scan of another target is no comparison at all: computed as for a
        // scan imported before schema 12 (here: the baseline names nothing scanned, all new).
        QCOMPARE(run(QStringLiteral("alice"), {QStringLiteral("import"), fixture(QStringLiteral("zap/0_zap_sample.xml")),
                                               QStringLiteral("--target"), QStringLiteral("web"), QStringLiteral("--variant"),
                                               QStringLiteral("main")})
                     .code, 0);
        QVERIFY(editBehindTheProgramsBack(QStringLiteral("UPDATE scan SET comparison_scan_id = (SELECT max(id) FROM scan)"
                                                         " WHERE id = %1").arg(latest)));
        QCOMPARE(categories(), (QStringList{QStringLiteral("B303=new"), QStringLiteral("B404=new"), QStringLiteral("B602=new")}));
    }

    void auditVerifyCatchesEdits()
    {
        setUpTutorial();
        QVERIFY(
            editBehindTheProgramsBack(QStringLiteral("UPDATE audit_entry SET details = '{}' WHERE id = 2")));
        const Run r = run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.out.contains("broken at entry 2"));
    }

    void auditVerifyCatchesADeletedEntry()
    {
        setUpTutorial();
        QCOMPARE(run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")}).code, 0);
        // Entry 3 (carol added) is nobody's exemption: only the next entry's link can tell it is gone.
        QVERIFY(editBehindTheProgramsBack(
            QStringLiteral("DELETE FROM audit_entry WHERE id = 3 AND action = 'user.add'")));
        const Run r = run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains("broken at entry 4\n"), r.out.constData());
    }

    void auditVerifyCatchesExemptionsApprovedBySql()
    {
        setUpTutorialWithARequest();
        QCOMPARE(run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")}).code, 0);
        QVERIFY(editBehindTheProgramsBack(QStringLiteral("UPDATE exemption SET status = 'approved'")));
        // The gate checks the exemptions it applies: it fails closed and names the tampering...
        const QJsonObject gate = gateJson();
        QCOMPARE(gate.value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
        QVERIFY2(gate.value(QStringLiteral("message")).toString().contains(QLatin1String("exemption 1 was changed")),
                 qPrintable(gate.value(QStringLiteral("message")).toString()));
        const Run r = run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(r.code, 1); // ...and audit verify says what changed
        QVERIFY2(r.out.contains("status is 'approved' in the table but 'pending' in the audit log"),
                 r.out.constData());
    }

    // SecOps' working state: review marks and owners (secops, admin), notes (anyone who reads);
    // each audited, none a gate's input; the filters of `issues` find them.
    void triageVerbs()
    {
        setUpTutorial();
        QCOMPARE(run(QStringLiteral("admin"), {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("victor"),
                                               QStringLiteral("--role"), QStringLiteral("viewer")})
                     .code,
                 0);
        const QString b303 = issueIdOf(QStringLiteral("B303"));
        const QString b602 = issueIdOf(QStringLiteral("B602"));
        const QJsonObject gateBefore = gateJson();
        const auto issue = [&](const QString &user, const QStringList &args) {
            return run(user, QStringList{QStringLiteral("issue")} + args);
        };
        const auto listed = [&](const QStringList &filter) {
            QStringList ids;
            const Run r = run(QStringLiteral("alice"), QStringList{QStringLiteral("issues"), QStringLiteral("--target"),
                                                                   QStringLiteral("dvpwa"), QStringLiteral("--variant"),
                                                                   QStringLiteral("DEMO-001"), QStringLiteral("--format"),
                                                                   QStringLiteral("json")} + filter);
            if (r.code != 0)
                return QStringList{QStringLiteral("exit %1: %2").arg(r.code).arg(QString::fromUtf8(r.err))};
            for (const QJsonValue &v : r.json().value(QStringLiteral("issues")).toArray())
                ids.append(QString::number(v.toObject().value(QStringLiteral("id")).toInteger()));
            ids.sort();
            return ids;
        };
        const QString rev = QStringLiteral("review");
        QCOMPARE(issue(QStringLiteral("alice"), {rev, b303}).code, 4); // a developer
        QCOMPARE(issue(QStringLiteral("victor"), {rev, b303}).code, 4);
        QCOMPARE(listed({QStringLiteral("--reviewed"), QStringLiteral("yes")}), QStringList());
        const Run marked = issue(QStringLiteral("bob"), {rev, b303, QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(marked.code == 0, marked.err.constData());
        QCOMPARE(marked.json().value(QStringLiteral("changed")).toInt(), 1);
        QCOMPARE(listed({QStringLiteral("--reviewed"), QStringLiteral("yes")}), QStringList{b303});
        QVERIFY(!listed({QStringLiteral("--reviewed"), QStringLiteral("no")}).contains(b303));
        QVERIFY(listed({QStringLiteral("--reviewed"), QStringLiteral("no")}).contains(b602));
        // Marked already: kept as it was. All or none: an unknown id refuses the whole list.
        QCOMPARE(issue(QStringLiteral("bob"), {rev, b303, QStringLiteral("--format"), QStringLiteral("json")})
                     .json().value(QStringLiteral("changed")).toInt(), 0);
        QCOMPARE(issue(QStringLiteral("bob"), {rev, b303, QStringLiteral("999999"), QStringLiteral("--undo")}).code, 5);
        QCOMPARE(listed({QStringLiteral("--reviewed"), QStringLiteral("yes")}), QStringList{b303});
        QCOMPARE(issue(QStringLiteral("bob"), {rev, b602, QStringLiteral("--none")}).code, 2);
        QCOMPARE(listed({QStringLiteral("--reviewed"), QStringLiteral("maybe")}).value(0).left(6), QStringLiteral("exit 2"));

        // Owners.
        const QString assign = QStringLiteral("assign");
        QCOMPARE(issue(QStringLiteral("alice"), {assign, b602, QStringLiteral("alice")}).code, 4);
        QCOMPARE(issue(QStringLiteral("bob"), {assign, b602, QStringLiteral("mallory")}).code, 5);
        QCOMPARE(issue(QStringLiteral("bob"), {assign, b602}).code, 2);
        QCOMPARE(issue(QStringLiteral("bob"), {assign, b602, QStringLiteral("ALICE")}).code, 0);
        QCOMPARE(listed({QStringLiteral("--assignee"), QStringLiteral("alice")}), QStringList{b602});
        QCOMPARE(listed({QStringLiteral("--assignee"), QStringLiteral("carol")}), QStringList());
        QCOMPARE(issue(QStringLiteral("bob"), {assign, b602, QStringLiteral("carol")}).code, 0);
        QCOMPARE(listed({QStringLiteral("--assignee"), QStringLiteral("Carol")}), QStringList{b602});

        // Notes: anyone who reads, a viewer too; never empty, never longer than 4000 characters.
        const QString note = QStringLiteral("note");
        const QString text = QStringLiteral("md5 of a cache key; <b>not</b> a password\n=1+1");
        QCOMPARE(issue(QStringLiteral("victor"), {note, b303, QStringLiteral("--text"), text}).code, 0);
        QCOMPARE(issue(QStringLiteral("alice"), {note, b303, QStringLiteral("--text"), QStringLiteral("agreed")}).code, 0);
        QCOMPARE(issue(QStringLiteral("alice"), {note, b303, QStringLiteral("--text"), QStringLiteral("   ")}).code, 2);
        QCOMPARE(issue(QStringLiteral("alice"), {note, b303, QStringLiteral("--text"), QString(4001, QLatin1Char('x'))}).code, 2);
        QCOMPARE(issue(QStringLiteral("alice"), {note, QStringLiteral("999999"), QStringLiteral("--text"), QStringLiteral("x")}).code, 5);
        QCOMPARE(listed({QStringLiteral("--notes"), QStringLiteral("yes")}), QStringList{b303});
        QVERIFY(!listed({QStringLiteral("--notes"), QStringLiteral("no")}).contains(b303));

        const Run shown = issue(QStringLiteral("alice"), {QStringLiteral("show"), b303, QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(shown.code, 0);
        const QJsonObject details = shown.json();
        QCOMPARE(details.value(QStringLiteral("reviewed")).toBool(), true);
        QCOMPARE(details.value(QStringLiteral("reviewedBy")).toString(), QStringLiteral("bob"));
        QVERIFY(details.value(QStringLiteral("reviewedAt")).toString().endsWith(QLatin1Char('Z')));
        const QJsonArray notes = details.value(QStringLiteral("notes")).toArray();
        QCOMPARE(notes.size(), 2);
        QCOMPARE(notes.at(0).toObject().value(QStringLiteral("text")).toString(), text);
        QCOMPARE(notes.at(0).toObject().value(QStringLiteral("author")).toString(), QStringLiteral("victor"));
        QVERIFY(QDateTime::fromString(notes.at(0).toObject().value(QStringLiteral("at")).toString(), Qt::ISODate).isValid());
        QCOMPARE(notes.at(1).toObject().value(QStringLiteral("author")).toString(), QStringLiteral("alice"));
        const Run shownText = issue(QStringLiteral("alice"), {QStringLiteral("show"), b602});
        QVERIFY2(shownText.out.contains("Assigned to carol by bob"), shownText.out.constData());

        // Take the mark back; never a gate's input; every change audited and the replay agrees.
        QCOMPARE(issue(QStringLiteral("bob"), {rev, b303, QStringLiteral("--undo")}).code, 0);
        QCOMPARE(listed({QStringLiteral("--reviewed"), QStringLiteral("yes")}), QStringList());
        QCOMPARE(issue(QStringLiteral("bob"), {assign, b602, QStringLiteral("--none")}).code, 0);
        QCOMPARE(listed({QStringLiteral("--assignee"), QStringLiteral("carol")}), QStringList());
        QCOMPARE(gateJson(), gateBefore);
        const Run log = run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("log"), QStringLiteral("--object"),
                                                      QStringLiteral("issue"), QStringLiteral("--format"), QStringLiteral("json")});
        QStringList actions;
        for (const QJsonValue &e : log.json().value(QStringLiteral("entries")).toArray())
            actions.prepend(e.toObject().value(QStringLiteral("action")).toString());
        QCOMPARE(actions, (QStringList{QStringLiteral("issue.review"), QStringLiteral("issue.assign"), QStringLiteral("issue.assign"),
                                       QStringLiteral("issue.note"), QStringLiteral("issue.note"), QStringLiteral("issue.unreview"),
                                       QStringLiteral("issue.assign")}));
        const Run verify = run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(verify.code == 0, verify.out.constData());
    }

    // What a hostile review found: the times and the assigner of a mark or a note, changed behind
    // the program's back, are caught too; --undo=VALUE and a flag given twice are usage errors;
    // an invisible note is none; a bare CR and a zero-width space print visibly; an owner filter
    // that names no user says so.
    void triageHostileReview()
    {
        setUpTutorial();
        const QString b303 = issueIdOf(QStringLiteral("B303"));
        const QString b602 = issueIdOf(QStringLiteral("B602"));
        const auto issue = [&](const QString &user, const QStringList &args) {
            return run(user, QStringList{QStringLiteral("issue")} + args);
        };
        QCOMPARE(issue(QStringLiteral("bob"), {QStringLiteral("review"), b303}).code, 0);
        QCOMPARE(issue(QStringLiteral("bob"), {QStringLiteral("assign"), b602, QStringLiteral("alice")}).code, 0);
        QCOMPARE(issue(QStringLiteral("alice"), {QStringLiteral("note"), b602, QStringLiteral("--text"),
                                                 QStringLiteral("cr\rOVERWRITE \u200b")}).code, 0);
        const auto verify = [&] { return run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")}); };
        QCOMPARE(verify().code, 0);
        // Printed visibly.
        const Run shown = issue(QStringLiteral("alice"), {QStringLiteral("show"), b602});
        QVERIFY2(shown.out.contains("cr\\rOVERWRITE \\u200b"), shown.out.constData());
        // Usage errors, nothing written.
        const QString before = cli.dump();
        QCOMPARE(issue(QStringLiteral("bob"), {QStringLiteral("review"), b602, QStringLiteral("--undo=yes")}).code, 2);
        QCOMPARE(issue(QStringLiteral("bob"), {QStringLiteral("review"), b303, QStringLiteral("--undo"), QStringLiteral("--undo")}).code, 2);
        QCOMPARE(issue(QStringLiteral("alice"), {QStringLiteral("note"), b602, QStringLiteral("--text"), QStringLiteral("\u200b\u2060")}).code, 2);
        QCOMPARE(issue(QStringLiteral("alice"), {QStringLiteral("note"), b602, QStringLiteral("--text"), QStringLiteral("\x01")}).code, 2);
        QCOMPARE(run(QStringLiteral("alice"), {QStringLiteral("issues"), QStringLiteral("--assignee"), QStringLiteral("nobody")}).code, 5);
        QCOMPARE(cli.dump(), before);
        const Run twice = issue(QStringLiteral("bob"), {QStringLiteral("review"), b602, b602, QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(twice.json().value(QStringLiteral("issues")).toArray().size(), 1);

        // Forgeries of the times and of who assigned.
        const QString admin = QStringLiteral("(SELECT id FROM app_user WHERE name = 'admin')");
        QVERIFY(editBehindTheProgramsBack(QStringLiteral("UPDATE issue_triage SET reviewed_at = 1700000000000 WHERE issue_id = %1").arg(b303)));
        QVERIFY(editBehindTheProgramsBack(QStringLiteral("UPDATE issue_triage SET assigned_by = %1 WHERE issue_id = %2").arg(admin, b602)));
        QVERIFY(editBehindTheProgramsBack(QStringLiteral("UPDATE issue_note SET at = 1600000000000")));
        const Run r = verify();
        QCOMPARE(r.code, 1);
        for (const QString &expected :
             {QStringLiteral("issue %1: its review mark's time differs from the audit log's").arg(b303),
              QStringLiteral("issue %1: assigned by 'admin' in the table but 'bob' in the audit log").arg(b602),
              QStringLiteral("note 1 on issue %1 differs from the note the audit log recorded").arg(b602)})
            QVERIFY2(r.out.contains(expected.toUtf8()), qPrintable(expected + QStringLiteral("\n") + QString::fromUtf8(r.out)));
    }

    // A review mark, an owner or a note written behind the program's back is caught by the replay.
    void auditVerifyCatchesForgedTriage()
    {
        setUpTutorial();
        const QString b303 = issueIdOf(QStringLiteral("B303"));
        QCOMPARE(run(QStringLiteral("bob"), {QStringLiteral("issue"), QStringLiteral("review"), b303}).code, 0);
        QCOMPARE(run(QStringLiteral("alice"), {QStringLiteral("issue"), QStringLiteral("note"), b303, QStringLiteral("--text"),
                                               QStringLiteral("mine")}).code, 0);
        const auto verify = [&] { return run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")}); };
        QCOMPARE(verify().code, 0);
        const QString alice = QStringLiteral("(SELECT id FROM app_user WHERE name = 'alice')");
        QVERIFY(editBehindTheProgramsBack(QStringLiteral("UPDATE issue_triage SET reviewed_by = %1").arg(alice)));
        QVERIFY(editBehindTheProgramsBack(QStringLiteral("UPDATE issue_triage SET assignee_id = %1").arg(alice)));
        QVERIFY(editBehindTheProgramsBack(QStringLiteral("UPDATE issue_note SET text = 'approved by bob'")));
        QVERIFY(editBehindTheProgramsBack(
            QStringLiteral("INSERT INTO issue_note(issue_id, author_id, at, text) SELECT issue_id, author_id, at, 'me too'"
                           " FROM issue_note")));
        const Run r = verify();
        QCOMPARE(r.code, 1);
        for (const QString &expected :
             {QStringLiteral("issue %1: reviewed by 'alice' in the table but 'bob' in the audit log").arg(b303),
              QStringLiteral("issue %1: assigned to 'alice' in the table but '' in the audit log").arg(b303),
              QStringLiteral("note 1 on issue %1 differs from the note the audit log recorded").arg(b303),
              QStringLiteral("note 2 on issue %1 exists but the audit log never recorded it").arg(b303)})
            QVERIFY2(r.out.contains(expected.toUtf8()), qPrintable(expected + QStringLiteral("\n") + QString::fromUtf8(r.out)));
    }

    // Issue 16: `scans`, `compare` and `trend` on DefectDojo's ZAP re-import sequence (first
    // scan, one alert gone and one new, two severities changed) and with a baseline.
    // scan delete (issue 16): SecOps only, audited; the scans compared with the deleted one are
    // compared with the scan before it, the gate judges the scan before it, the id is never
    // given again, and `audit verify` holds; a deletion behind the program's back is named.
    void scanDelete()
    {
        setUpTutorial();
        const auto zap = [](const char *name) { return fixture(QStringLiteral("zap/%1").arg(QLatin1String(name))); };
        const auto import = [&](const QString &file) {
            const Run r = run(QStringLiteral("alice"), {QStringLiteral("import"), file, QStringLiteral("--target"),
                                                        QStringLiteral("web"), QStringLiteral("--variant"),
                                                        QStringLiteral("main"), QStringLiteral("--format"), QStringLiteral("json")});
            return r.json().value(QStringLiteral("scans")).toArray().first().toObject().value(QStringLiteral("id")).toInteger();
        };
        const auto json = [&](const QStringList &args) {
            const Run r = run(QStringLiteral("bob"), args + QStringList{QStringLiteral("--format"), QStringLiteral("json")});
            return r.code == 0 ? r.json() : QJsonObject{{QStringLiteral("exit"), r.code}};
        };
        const auto scansOfWeb = [&] {
            QMap<qint64, QJsonObject> out;
            for (const QJsonValue v : json({QStringLiteral("scans"), QStringLiteral("--target"), QStringLiteral("web")})
                                          .value(QStringLiteral("scans")).toArray())
                out.insert(v[QStringLiteral("id")].toInteger(), v.toObject());
            return out;
        };
        const qint64 first = import(zap("0_zap_sample.xml"));
        const qint64 second = import(zap("1_zap_sample_0_and_new_absent.xml"));
        const qint64 third = import(zap("3_zap_sampl_0_and_different_severities.xml"));
        QVERIFY(first > 0 && second > first && third > second);
        QCOMPARE(scansOfWeb().value(third).value(QStringLiteral("comparison_scan")).toInteger(), second);

        // Not a developer's, not admin's; no such scan; not a number.
        const QString before = cli.dump();
        for (const QString &user : {QStringLiteral("alice"), QStringLiteral("admin")})
            QCOMPARE(run(user, {QStringLiteral("scan"), QStringLiteral("delete"), QString::number(second)}).code, 4);
        QCOMPARE(run(QStringLiteral("bob"), {QStringLiteral("scan"), QStringLiteral("delete"), QStringLiteral("99999")}).code, 5);
        QCOMPARE(run(QStringLiteral("bob"), {QStringLiteral("scan"), QStringLiteral("delete"), QStringLiteral("x")}).code, 2);
        QCOMPARE(run(QStringLiteral("bob"), {QStringLiteral("scan"), QStringLiteral("remove"), QString::number(second)}).code, 2);
        QCOMPARE(cli.dump(), before);

        // The middle scan: the third is now compared with the first.
        const QJsonObject done = json({QStringLiteral("scan"), QStringLiteral("delete"), QString::number(second)});
        QCOMPARE(done.value(QStringLiteral("deleted")).toInteger(), second);
        QCOMPARE(done.value(QStringLiteral("replacement")).toInteger(), first);
        QCOMPARE(done.value(QStringLiteral("recomputed")).toArray(), QJsonArray{third});
        const QMap<qint64, QJsonObject> left = scansOfWeb();
        QCOMPARE(left.keys(), (QList<qint64>{first, third}));
        QCOMPARE(left.value(third).value(QStringLiteral("comparison_scan")).toInteger(), first);
        const QJsonObject direct = json({QStringLiteral("compare"), QString::number(first), QString::number(third)});
        QCOMPARE(left.value(third).value(QStringLiteral("new")).toInt(), direct.value(QStringLiteral("added")).toArray().size());
        QCOMPARE(left.value(third).value(QStringLiteral("remediated")).toInt(),
                 direct.value(QStringLiteral("removed")).toArray().size());
        QCOMPARE(json({QStringLiteral("compare"), QString::number(first), QString::number(second)}).value(QStringLiteral("exit")).toInt(), 5);
        const QJsonObject entry = run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("log"), QStringLiteral("--limit"),
                                                               QStringLiteral("1"), QStringLiteral("--format"), QStringLiteral("json")})
                                      .json().value(QStringLiteral("entries")).toArray().first().toObject();
        QCOMPARE(entry.value(QStringLiteral("action")).toString(), QStringLiteral("scan.delete"));
        QCOMPARE(entry.value(QStringLiteral("actor")).toString(), QStringLiteral("bob"));
        QCOMPARE(entry.value(QStringLiteral("object")).toString(), QStringLiteral("scan:%1").arg(second));
        QCOMPARE(run(QStringLiteral("bob"), {QStringLiteral("audit"), QStringLiteral("verify")}).code, 0);

        // The latest scan: the gate judges the first again (its Medium issues), not a missing one.
        QCOMPARE(json({QStringLiteral("scan"), QStringLiteral("delete"), QString::number(third)}).value(QStringLiteral("deleted")).toInteger(), third);
        const Run gate = run(QStringLiteral("alice"), {QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("web"),
                                                       QStringLiteral("--variant"), QStringLiteral("main"),
                                                       QStringLiteral("--fail-on-severity"), QStringLiteral("critical")});
        QVERIFY2(gate.code == 0, gate.out.constData());
        QVERIFY(!gate.out.contains("missing"));
        QCOMPARE(json({QStringLiteral("issues"), QStringLiteral("--target"), QStringLiteral("web"), QStringLiteral("--variant"),
                       QStringLiteral("main")}).value(QStringLiteral("issues")).toArray().size(), 4); // the first scan's four
        // A new scan never takes a deleted one's id (the log names scans by id).
        const qint64 fourth = import(zap("1_zap_sample_0_and_new_absent.xml"));
        QVERIFY2(fourth > third, qPrintable(QString::number(fourth)));
        QCOMPARE(scansOfWeb().value(fourth).value(QStringLiteral("comparison_scan")).toInteger(), first);
        QCOMPARE(run(QStringLiteral("bob"), {QStringLiteral("audit"), QStringLiteral("verify")}).code, 0);

        // Behind the program's back (a hostile review's attacks). The latest scan backdated below
        // the first: the gate judges the first no more quietly than it would a deleted scan.
        const auto gateWeb = [&] {
            return run(QStringLiteral("alice"), {QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("web"),
                                                 QStringLiteral("--variant"), QStringLiteral("main"),
                                                 QStringLiteral("--fail-on-severity"), QStringLiteral("critical")});
        };
        const QString importedAt = cli.sqlValue(QStringLiteral("SELECT imported_at FROM scan WHERE id = %1").arg(fourth)).toString();
        QVERIFY(cli.sql(QStringLiteral("UPDATE scan SET imported_at = 1000 WHERE id = %1").arg(fourth)));
        const Run backdated = gateWeb();
        QCOMPARE(backdated.code, 1);
        QVERIFY2(backdated.out.contains(QStringLiteral("scan %1 (OWASP ZAP) was imported after the scan the gate judges").arg(fourth).toUtf8()),
                 backdated.out.constData());
        QVERIFY(cli.sql(QStringLiteral("UPDATE scan SET imported_at = %1 WHERE id = %2").arg(importedAt).arg(fourth)));
        QCOMPARE(gateWeb().code, 0);
        // Deleted by SQL with a forged deletion mark and a forged (unchained) deletion entry: the
        // gate fails closed, verify names the scan and the mark, and the id is not given again.
        QVERIFY(cli.sql(QStringLiteral("INSERT INTO scan_deletion(scan_id, deleted_at, deleted_by) VALUES (%1, 1, 1)").arg(fourth)));
        for (const char *table : {"occurrence", "scan_raw", "scan_issue"})
            QVERIFY(cli.sql(QStringLiteral("DELETE FROM %1 WHERE scan_id = %2").arg(QLatin1String(table)).arg(fourth)));
        QVERIFY(cli.sql(QStringLiteral("DELETE FROM scan WHERE id = %1").arg(fourth)));
        QVERIFY(cli.sql(QStringLiteral("INSERT INTO audit_entry(at, actor, action, object_type, object_id, details, prev_hash, hash)"
                                       " VALUES (1, 'bob', 'scan.delete', 'scan', '%1', '{}', 'x', 'y')").arg(fourth)));
        const Run deletedByHand = gateWeb();
        QCOMPARE(deletedByHand.code, 1);
        QVERIFY2(deletedByHand.out.contains(QStringLiteral("scan %1 of web variant main is in the audit log but missing").arg(fourth).toUtf8()),
                 deletedByHand.out.constData());
        QVERIFY(cli.sql(QStringLiteral("DELETE FROM audit_entry WHERE hash = 'y'")));
        const Run verify = run(QStringLiteral("bob"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(verify.code, 1);
        QVERIFY2(verify.out.contains(QStringLiteral("scan %1 is in the audit log but missing from the table").arg(fourth).toUtf8()),
                 verify.out.constData());
        QVERIFY2(verify.out.contains(QStringLiteral("scan %1 is marked deleted but the audit log never recorded its deletion").arg(fourth).toUtf8()),
                 verify.out.constData());
        QVERIFY(cli.sql(QStringLiteral("DELETE FROM scan_deletion WHERE scan_id = %1").arg(fourth)));
        const Run elsewhere = run(QStringLiteral("alice"), {QStringLiteral("import"), zap("0_zap_sample.xml"), QStringLiteral("--target"),
                                                            QStringLiteral("other"), QStringLiteral("--variant"), QStringLiteral("x"),
                                                            QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY(elsewhere.json().value(QStringLiteral("scans")).toArray().first()[QStringLiteral("id")].toInteger() > fourth);
        QCOMPARE(gateWeb().code, 1);
        // A legitimate deletion's mark taken away: verify names it.
        QVERIFY(cli.sql(QStringLiteral("DELETE FROM scan_deletion WHERE scan_id = %1").arg(second)));
        QVERIFY2(run(QStringLiteral("bob"), {QStringLiteral("audit"), QStringLiteral("verify")})
                     .out.contains(QStringLiteral("scan %1's deletion is in the audit log but its mark is gone").arg(second).toUtf8()),
                 "the mark's removal went unnoticed");
    }

    // The Semgrep runs DefectDojo's close-old-findings test imports (tests/fixtures/semgrep,
    // SOURCES.md): the same rule on the same file, moved from line 31 to 24, then with another
    // unique id. DefectDojo, whose identity is the finding, closes the first finding on the third
    // run; here an issue is its scanner and key (SPEC section 2), so all three scans hold one
    // issue: new in the first, neither new nor remediated after, unchanged in a comparison.
    void semgrepRerunsKeepTheirIssue()
    {
        setUpTutorial();
        QList<qint64> ids;
        for (const char *name : {"close_old_findings_report_line31.json", "close_old_findings_report_second_run_line24.json",
                                 "close_old_findings_report_third_run_different_unique_id.json"}) {
            const Run r = run(QStringLiteral("alice"), {QStringLiteral("import"), fixture(QStringLiteral("semgrep/%1").arg(QLatin1String(name))),
                                                        QStringLiteral("--target"), QStringLiteral("app"), QStringLiteral("--variant"),
                                                        QStringLiteral("main"), QStringLiteral("--format"), QStringLiteral("json")});
            QCOMPARE(r.code, 0);
            ids.append(r.json().value(QStringLiteral("scans")).toArray().first()[QStringLiteral("id")].toInteger());
        }
        const QJsonArray scans = run(QStringLiteral("alice"), {QStringLiteral("scans"), QStringLiteral("--target"), QStringLiteral("app"),
                                                               QStringLiteral("--format"), QStringLiteral("json")})
                                     .json().value(QStringLiteral("scans")).toArray();
        QCOMPARE(scans.size(), 3);
        QList<int> added, fixed;
        for (qsizetype i = scans.size() - 1; i >= 0; --i) { // oldest first
            added.append(scans.at(i)[QStringLiteral("new")].toInt());
            fixed.append(scans.at(i)[QStringLiteral("remediated")].toInt());
        }
        QCOMPARE(added, (QList<int>{1, 0, 0}));
        QCOMPARE(fixed, (QList<int>{0, 0, 0}));
        for (const qint64 later : {ids.at(1), ids.at(2)}) {
            const QJsonObject cmp = run(QStringLiteral("alice"), {QStringLiteral("compare"), QString::number(ids.at(0)), QString::number(later),
                                                                  QStringLiteral("--format"), QStringLiteral("json")}).json();
            QCOMPARE(cmp.value(QStringLiteral("unchanged")).toInt(), 1);
            QVERIFY(cmp.value(QStringLiteral("added")).toArray().isEmpty() && cmp.value(QStringLiteral("removed")).toArray().isEmpty());
        }
        QVERIFY(run(QStringLiteral("alice"), {QStringLiteral("issues"), QStringLiteral("--target"), QStringLiteral("app"),
                                              QStringLiteral("--variant"), QStringLiteral("main"), QStringLiteral("--category"),
                                              QStringLiteral("remediated"), QStringLiteral("--format"), QStringLiteral("json")})
                    .json().value(QStringLiteral("issues")).toArray().isEmpty());
    }

    // A project's default baselines (issue 16): a target of a type without a baseline of its own
    // is compared with the variants the project's pattern for that type matches; admin's to set,
    // audited; the target's own baseline wins; the scans before keep what they were compared with.
    void projectDefaultBaselines()
    {
        setUpTutorial();
        const auto zap = [](const char *name) { return fixture(QStringLiteral("zap/%1").arg(QLatin1String(name))); };
        const auto import = [&](const char *file, const QString &variant) {
            const Run r = run(QStringLiteral("alice"), {QStringLiteral("import"), zap(file), QStringLiteral("--target"),
                                                        QStringLiteral("web"), QStringLiteral("--variant"), variant,
                                                        QStringLiteral("--format"), QStringLiteral("json")});
            return r.json().value(QStringLiteral("scans")).toArray().first().toObject().value(QStringLiteral("id")).toInteger();
        };
        const auto scanOf = [&](qint64 id) {
            for (const QJsonValue v : run(QStringLiteral("alice"), {QStringLiteral("scans"), QStringLiteral("--target"), QStringLiteral("web"),
                                                                    QStringLiteral("--format"), QStringLiteral("json")})
                                          .json().value(QStringLiteral("scans")).toArray()) {
                if (v[QStringLiteral("id")].toInteger() == id)
                    return v.toObject();
            }
            return QJsonObject();
        };
        const qint64 main = import("0_zap_sample.xml", QStringLiteral("main"));
        const qint64 before = import("1_zap_sample_0_and_new_absent.xml", QStringLiteral("feature-1"));
        QVERIFY(scanOf(before).value(QStringLiteral("comparison_scan")).isNull()); // no baseline: its own previous, none

        const QStringList set{QStringLiteral("policy"), QStringLiteral("set"), QStringLiteral("--project"), QStringLiteral("default"),
                              QStringLiteral("--default-baseline")};
        QCOMPARE(run(QStringLiteral("bob"), set + QStringList{QStringLiteral("conventional")}).code, 4); // admin's
        QCOMPARE(run(QStringLiteral("admin"), set + QStringList{QStringLiteral("repository=(")}).code, 2);
        QCOMPARE(run(QStringLiteral("admin"), set + QStringList{QStringLiteral("branch=^main$")}).code, 2);
        const Run conventional = run(QStringLiteral("admin"), set + QStringList{QStringLiteral("conventional"), QStringLiteral("--format"),
                                                                               QStringLiteral("json")});
        QCOMPARE(conventional.code, 0);
        const QJsonObject defaults = conventional.json()[QStringLiteral("policy")][QStringLiteral("defaultBaselines")].toObject();
        QCOMPARE(defaults.value(QStringLiteral("repository")).toString(), QStringLiteral("^(main|master)$"));
        QCOMPARE(defaults.value(QStringLiteral("container")).toString(), QStringLiteral("^latest$"));

        // The branch's next scan is compared with main's latest: Zap4 new, Zap1 remediated.
        const qint64 after = import("1_zap_sample_0_and_new_absent.xml", QStringLiteral("feature-1"));
        const QJsonObject judged = scanOf(after);
        QCOMPARE(judged.value(QStringLiteral("comparison_scan")).toInteger(), main);
        QCOMPARE(judged.value(QStringLiteral("new")).toInt(), 1);
        QCOMPARE(judged.value(QStringLiteral("remediated")).toInt(), 1);
        QVERIFY(scanOf(before).value(QStringLiteral("comparison_scan")).isNull()); // the scan before keeps its own
        QCOMPARE(run(QStringLiteral("alice"), {QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("web"),
                                               QStringLiteral("--variant"), QStringLiteral("feature-1"),
                                               QStringLiteral("--fail-on-severity"), QStringLiteral("critical")}).code, 0);
        QCOMPARE(run(QStringLiteral("bob"), {QStringLiteral("audit"), QStringLiteral("verify")}).code, 0);

        // The target's own baseline wins over the project's default; removing the default leaves none.
        QCOMPARE(run(QStringLiteral("bob"), {QStringLiteral("baseline"), QStringLiteral("set"), QStringLiteral("--target"),
                                             QStringLiteral("web"), QStringLiteral("--variant"), QStringLiteral("feature-1")}).code, 0);
        const qint64 third = import("0_zap_sample.xml", QStringLiteral("feature-2"));
        QCOMPARE(scanOf(third).value(QStringLiteral("comparison_scan")).toInteger(), after);
        QCOMPARE(run(QStringLiteral("admin"), set + QStringList{QStringLiteral("repository=")}).code, 0);
        QCOMPARE(run(QStringLiteral("admin"), {QStringLiteral("policy"), QStringLiteral("show"), QStringLiteral("--format"),
                                               QStringLiteral("json")}).json()[QStringLiteral("policy")][QStringLiteral("defaultBaselines")]
                     .toObject().keys(), QStringList{QStringLiteral("container")});
    }

    void scanHistory()
    {
        setUpTutorial();
        const auto zap = [](const char *name) { return fixture(QStringLiteral("zap/%1").arg(QLatin1String(name))); };
        const auto import = [&](const QString &file, const QString &variant) {
            const Run r = run(QStringLiteral("alice"), {QStringLiteral("import"), file, QStringLiteral("--target"),
                                                        QStringLiteral("web"), QStringLiteral("--variant"), variant,
                                                        QStringLiteral("--format"), QStringLiteral("json")});
            return r.json().value(QStringLiteral("scans")).toArray().first().toObject().value(QStringLiteral("id")).toInteger();
        };
        const qint64 first = import(zap("0_zap_sample.xml"), QStringLiteral("main"));
        const qint64 second = import(zap("1_zap_sample_0_and_new_absent.xml"), QStringLiteral("main"));
        const qint64 third = import(zap("3_zap_sampl_0_and_different_severities.xml"), QStringLiteral("main"));
        QVERIFY(first > 0 && second > first && third > second);
        const auto json = [&](const QStringList &args) {
            const Run r = run(QStringLiteral("alice"), args + QStringList{QStringLiteral("--format"), QStringLiteral("json")});
            return r.code == 0 ? r.json() : QJsonObject{{QStringLiteral("exit"), r.code}};
        };

        // The listing: newest first, with what SPEC names, new and remediated against the
        // previous scan of the variant (no baseline for web).
        const QJsonArray scans = json({QStringLiteral("scans"), QStringLiteral("--target"), QStringLiteral("web")})
                                     .value(QStringLiteral("scans")).toArray();
        QCOMPARE(scans.size(), 3);
        for (const char *key : {"id", "target", "variant", "scanner", "imported_at", "file", "sha256", "counts", "new",
                                "remediated", "imported_by", "exempted", "comparison_scan"})
            QVERIFY2(scans.first().toObject().contains(QLatin1String(key)), key);
        const auto scan = [&](int i) { return scans.at(i).toObject(); };
        QCOMPARE(scan(0).value(QStringLiteral("id")).toInteger(), third);
        QCOMPARE(scan(2).value(QStringLiteral("id")).toInteger(), first);
        QFile file(zap("0_zap_sample.xml"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(scan(2).value(QStringLiteral("sha256")).toString(),
                 QString::fromLatin1(QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex()));
        QCOMPARE(scan(2).value(QStringLiteral("file")).toString(), QStringLiteral("0_zap_sample.xml"));
        QCOMPARE(scan(2).value(QStringLiteral("imported_by")).toString(), QStringLiteral("alice"));
        QCOMPARE(scan(2).value(QStringLiteral("new")).toInt(), 4); // the first scan: every issue is new
        QCOMPARE(scan(2).value(QStringLiteral("remediated")).toInt(), 0);
        QVERIFY(scan(2).value(QStringLiteral("comparison_scan")).isNull());
        QCOMPARE(scan(1).value(QStringLiteral("new")).toInt(), 1);        // Zap4 appeared
        QCOMPARE(scan(1).value(QStringLiteral("remediated")).toInt(), 1); // Zap1 went
        QCOMPARE(scan(1).value(QStringLiteral("comparison_scan")).toInteger(), first);
        QCOMPARE(scan(0).value(QStringLiteral("new")).toInt(), 1);        // Zap1 is back: new again
        QCOMPARE(scan(0).value(QStringLiteral("remediated")).toInt(), 1); // Zap4 went
        const QJsonObject counts = scan(0).value(QStringLiteral("counts")).toObject();
        QCOMPARE(counts.value(QStringLiteral("medium")).toInt(), 3);
        QCOMPARE(counts.value(QStringLiteral("low")).toInt(), 1);
        // The filters; a name that matches nothing is a typo, not an empty history.
        QCOMPARE(json({QStringLiteral("scans")}).value(QStringLiteral("scans")).toArray().size(), 5); // and dvpwa's two
        QCOMPARE(json({QStringLiteral("scans"), QStringLiteral("--scanner"), QStringLiteral("OWASP ZAP")})
                     .value(QStringLiteral("scans")).toArray().size(), 3);
        QCOMPARE(json({QStringLiteral("scans"), QStringLiteral("--target"), QStringLiteral("nope")})
                     .value(QStringLiteral("exit")).toInt(), 5);
        QCOMPARE(json({QStringLiteral("scans"), QStringLiteral("--target"), QStringLiteral("web"),
                       QStringLiteral("--variant"), QStringLiteral("nope")}).value(QStringLiteral("exit")).toInt(), 5);
        QCOMPARE(json({QStringLiteral("scans"), QStringLiteral("--variant"), QStringLiteral("main")})
                     .value(QStringLiteral("exit")).toInt(), 2);
        QCOMPARE(json({QStringLiteral("scans"), QStringLiteral("--since"), QStringLiteral("2999-01-01")})
                     .value(QStringLiteral("scans")).toArray().size(), 0);
        QCOMPARE(run(QStringLiteral("alice"), {QStringLiteral("scans"), QStringLiteral("--format"), QStringLiteral("csv")}).code, 2);

        // compare: the alert that went and the one that came; the severities that changed.
        const auto ids = [](const QJsonArray &entries) {
            QStringList rules;
            for (const QJsonValue &v : entries)
                rules.append(v.toObject().value(QStringLiteral("rule")).toString());
            rules.sort();
            return rules;
        };
        const QJsonObject oneTwo = json({QStringLiteral("compare"), QString::number(first), QString::number(second)});
        QCOMPARE(ids(oneTwo.value(QStringLiteral("added")).toArray()), QStringList{QStringLiteral("10010")});
        QCOMPARE(ids(oneTwo.value(QStringLiteral("removed")).toArray()), QStringList{QStringLiteral("10011")});
        QCOMPARE(oneTwo.value(QStringLiteral("changed")).toArray().size(), 0);
        QCOMPARE(oneTwo.value(QStringLiteral("unchanged")).toInt(), 3);
        const QJsonObject added = oneTwo.value(QStringLiteral("added")).toArray().first().toObject();
        for (const char *key : {"id", "rule", "title", "severity", "before", "after"})
            QVERIFY2(added.contains(QLatin1String(key)), key);
        QVERIFY(added.value(QStringLiteral("before")).isNull());
        const QJsonObject oneThree = json({QStringLiteral("compare"), QString::number(first), QString::number(third)});
        QCOMPARE(ids(oneThree.value(QStringLiteral("changed")).toArray()),
                 (QStringList{QStringLiteral("10054"), QStringLiteral("10096")}));
        for (const QJsonValue &v : oneThree.value(QStringLiteral("changed")).toArray()) {
            QCOMPARE(v[QStringLiteral("before")][QStringLiteral("severity")].toString(), QStringLiteral("low"));
            QCOMPARE(v[QStringLiteral("after")][QStringLiteral("severity")].toString(), QStringLiteral("medium"));
            QCOMPARE(v[QStringLiteral("severity")].toString(), QStringLiteral("medium"));
        }
        // In the other order, what was added is what was removed.
        const QJsonObject twoOne = json({QStringLiteral("compare"), QString::number(second), QString::number(first)});
        QCOMPARE(ids(twoOne.value(QStringLiteral("added")).toArray()), QStringList{QStringLiteral("10011")});
        // Scans of another target or scanner, the same scan twice, or no such scan: refused.
        const QString dvpwaScan = QString::number(
            json({QStringLiteral("scans"), QStringLiteral("--target"), QStringLiteral("dvpwa")})
                .value(QStringLiteral("scans")).toArray().first()[QStringLiteral("id")].toInteger());
        QCOMPARE(json({QStringLiteral("compare"), QString::number(first), dvpwaScan}).value(QStringLiteral("exit")).toInt(), 2);
        QCOMPARE(json({QStringLiteral("compare"), QString::number(first), QString::number(first)})
                     .value(QStringLiteral("exit")).toInt(), 2);
        QCOMPARE(json({QStringLiteral("compare"), QString::number(first), QStringLiteral("999999")})
                     .value(QStringLiteral("exit")).toInt(), 5);
        QCOMPARE(json({QStringLiteral("compare"), QString::number(first)}).value(QStringLiteral("exit")).toInt(), 2);

        // The remediated issues are listed when asked for, as they were in the scan they were last
        // seen in; an issue that comes back is new again; the first scan has none.
        const auto listed = [&](const QString &variant, const QString &category) {
            QStringList rows;
            for (const QJsonValue &v : json({QStringLiteral("issues"), QStringLiteral("--target"), QStringLiteral("web"),
                                             QStringLiteral("--variant"), variant, QStringLiteral("--category"), category})
                                           .value(QStringLiteral("issues")).toArray())
                rows.append(QStringLiteral("%1@%2:%3").arg(v[QStringLiteral("rule")].toString())
                                .arg(v[QStringLiteral("scan")].toInteger())
                                .arg(v[QStringLiteral("category")].toString()));
            rows.sort();
            return rows;
        };
        QCOMPARE(listed(QStringLiteral("main"), QStringLiteral("remediated")),
                 QStringList{QStringLiteral("10010@%1:remediated").arg(second)}); // Zap4, last seen in the second
        QCOMPARE(listed(QStringLiteral("main"), QStringLiteral("new")),
                 QStringList{QStringLiteral("10011@%1:new").arg(third)}); // Zap1, back
        // ...and its history says so, scan by scan and as events (text and JSON).
        const QJsonArray backAgain = json({QStringLiteral("issues"), QStringLiteral("--target"), QStringLiteral("web"), QStringLiteral("--variant"),
                                           QStringLiteral("main"), QStringLiteral("--category"), QStringLiteral("new")})
                                         .value(QStringLiteral("issues")).toArray();
        QCOMPARE(backAgain.size(), 1);
        const QString zap1 = QString::number(backAgain.first()[QStringLiteral("id")].toInteger());
        const QJsonObject presence = json({QStringLiteral("issue"), QStringLiteral("show"), zap1}).value(QStringLiteral("presence")).toObject();
        QList<bool> held;
        for (const QJsonValue v : presence.value(QStringLiteral("scans")).toArray())
            held.append(v[QStringLiteral("present")].toBool());
        QCOMPARE(held, (QList<bool>{true, false, true}));
        const QJsonArray events = presence.value(QStringLiteral("events")).toArray();
        QCOMPARE(events.size(), 3);
        QVERIFY2(events.at(0).toString().startsWith(QStringLiteral("new in scan %1 (").arg(first)), qPrintable(events.at(0).toString()));
        QVERIFY(events.at(1).toString().startsWith(QStringLiteral("remediated in scan %1 (").arg(second)));
        QVERIFY(events.at(2).toString().startsWith(QStringLiteral("back in scan %1 (").arg(third)) &&
                events.at(2).toString().endsWith(QLatin1String("new again")));
        const Run shownText = run(QStringLiteral("alice"), {QStringLiteral("issue"), QStringLiteral("show"), zap1});
        QVERIFY2(shownText.out.contains(QStringLiteral("on main: new in scan %1").arg(first).toUtf8()) &&
                     shownText.out.contains("new again"),
                 shownText.out.constData());
        QCOMPARE(json({QStringLiteral("issues"), QStringLiteral("--scan"), QString::number(first), QStringLiteral("--category"),
                       QStringLiteral("remediated")}).value(QStringLiteral("issues")).toArray().size(), 0);
        QCOMPARE(json({QStringLiteral("issues"), QStringLiteral("--scan"), QString::number(second), QStringLiteral("--category"),
                       QStringLiteral("remediated"), QStringLiteral("--severity"), QStringLiteral("high")})
                     .value(QStringLiteral("issues")).toArray().size(), 0); // filters apply to them too
        // Without --category they are not listed, and the gate does not count them.
        QCOMPARE(json({QStringLiteral("issues"), QStringLiteral("--target"), QStringLiteral("web"), QStringLiteral("--variant"),
                       QStringLiteral("main")}).value(QStringLiteral("issues")).toArray().size(), 4);
        QCOMPARE(run(QStringLiteral("alice"), {QStringLiteral("issues"), QStringLiteral("--category"), QStringLiteral("gone")}).code, 2);

        // A baseline: a feature variant is compared with the baseline's latest scan (the third).
        QCOMPARE(run(QStringLiteral("bob"), {QStringLiteral("baseline"), QStringLiteral("set"), QStringLiteral("--target"),
                                             QStringLiteral("web"), QStringLiteral("--regex"), QStringLiteral("^ma")})
                     .code, 0);
        const qint64 feature = import(zap("1_zap_sample_0_and_new_absent.xml"), QStringLiteral("feature-1"));
        const QJsonObject featureScan = json({QStringLiteral("scans"), QStringLiteral("--target"), QStringLiteral("web"),
                                              QStringLiteral("--variant"), QStringLiteral("feature-1")})
                                            .value(QStringLiteral("scans")).toArray().first().toObject();
        QCOMPARE(featureScan.value(QStringLiteral("id")).toInteger(), feature);
        QCOMPARE(featureScan.value(QStringLiteral("comparison_scan")).toInteger(), third);
        QCOMPARE(featureScan.value(QStringLiteral("new")).toInt(), 1);        // Zap4, not in the third
        QCOMPARE(featureScan.value(QStringLiteral("remediated")).toInt(), 1); // Zap1, in the third
        // The gate's JSON says so too; its output variables stay STO's.
        const Run featureGate = run(QStringLiteral("alice"), {QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("web"),
                                                              QStringLiteral("--variant"), QStringLiteral("feature-1"),
                                                              QStringLiteral("--fail-on-severity"), QStringLiteral("none"),
                                                              QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(featureGate.json().value(QStringLiteral("remediated")).toInt(), 1);
        QVERIFY(!featureGate.json().value(QStringLiteral("outputVariables")).toObject().contains(QLatin1String("REMEDIATED")));
        QVERIFY(featureGate.json().value(QStringLiteral("outputVariables")).toObject().contains(QLatin1String("NEW_TOTAL")));
        QCOMPARE(listed(QStringLiteral("feature-1"), QStringLiteral("remediated")),
                 QStringList{QStringLiteral("10011@%1:remediated").arg(third)});

        // trend: oldest first, one point per scan; the exempted count follows approvals.
        const QString zap4 = QString::number(oneTwo.value(QStringLiteral("added")).toArray().first()[QStringLiteral("id")].toInteger());
        const Run requested = run(QStringLiteral("alice"), {QStringLiteral("exemption"), QStringLiteral("request"), zap4,
                                                            QStringLiteral("--scope"), QStringLiteral("target"),
                                                            QStringLiteral("--duration"), QStringLiteral("permanent"),
                                                            QStringLiteral("--reason"), QStringLiteral("Acceptable Risk"),
                                                            QStringLiteral("--description"), QStringLiteral("internal"),
                                                            QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(requested.code, 0);
        const QString exemption = QString::number(requested.json()[QStringLiteral("exemption")][QStringLiteral("id")].toInteger());
        QCOMPARE(run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), exemption}).code, 0);
        const QJsonArray points = json({QStringLiteral("trend"), QStringLiteral("--target"), QStringLiteral("web"),
                                        QStringLiteral("--variant"), QStringLiteral("main")})
                                      .value(QStringLiteral("points")).toArray();
        QCOMPARE(points.size(), 3);
        QList<qint64> order;
        QList<int> exempted;
        for (const QJsonValue &p : points) {
            for (const char *key : {"scan", "at", "counts", "new", "remediated", "exempted"})
                QVERIFY2(p.toObject().contains(QLatin1String(key)), key);
            order.append(p[QStringLiteral("scan")].toInteger());
            exempted.append(p[QStringLiteral("exempted")].toInt());
        }
        QCOMPARE(order, (QList<qint64>{first, second, third}));
        QCOMPARE(exempted, (QList<int>{0, 1, 0})); // Zap4 is only in the second
        const Run csv = run(QStringLiteral("alice"), {QStringLiteral("trend"), QStringLiteral("--target"), QStringLiteral("web"),
                                                      QStringLiteral("--variant"), QStringLiteral("main"),
                                                      QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(csv.code, 0);
        const QList<QByteArray> lines = csv.out.split('\n');
        QCOMPARE(lines.value(0), QByteArray("scan,at,scanner,critical,high,medium,low,info,new,remediated,exempted,day,scans\r"));
        QVERIFY2(lines.value(2).startsWith(QByteArray(QByteArray::number(second) + ',')) &&
                     lines.value(2).endsWith(",\"OWASP ZAP\",0,0,1,3,0,1,1,1,,1\r"),
                 lines.value(2).constData());
        // Per day (all three scans were imported today): one point, the variant as the day ended
        // (the third scan's issues) with the day's new and remediated added up.
        const QJsonArray days = json({QStringLiteral("trend"), QStringLiteral("--target"), QStringLiteral("web"),
                                      QStringLiteral("--variant"), QStringLiteral("main"), QStringLiteral("--per"),
                                      QStringLiteral("day")})
                                    .value(QStringLiteral("points")).toArray();
        QCOMPARE(days.size(), 1);
        const QJsonObject day = days.first().toObject();
        QCOMPARE(day.value(QStringLiteral("day")).toString(), QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate));
        QCOMPARE(day.value(QStringLiteral("scans")).toInt(), 3);
        QCOMPARE(day.value(QStringLiteral("scan")).toInteger(), third);
        QCOMPARE(day.value(QStringLiteral("counts")), points.at(2)[QStringLiteral("counts")]);
        int addedUp = 0, fixed = 0;
        for (const QJsonValue &p : points) {
            addedUp += p[QStringLiteral("new")].toInt();
            fixed += p[QStringLiteral("remediated")].toInt();
        }
        QCOMPARE(day.value(QStringLiteral("new")).toInt(), addedUp);
        QCOMPARE(day.value(QStringLiteral("remediated")).toInt(), fixed);
        QVERIFY(!points.first().toObject().contains(QLatin1String("day"))); // per scan: no day
        QCOMPARE(run(QStringLiteral("alice"), {QStringLiteral("trend"), QStringLiteral("--target"), QStringLiteral("web"),
                                               QStringLiteral("--variant"), QStringLiteral("main"), QStringLiteral("--per"),
                                               QStringLiteral("week")}).code, 2);
        QCOMPARE(run(QStringLiteral("alice"), {QStringLiteral("trend"), QStringLiteral("--target"), QStringLiteral("web")}).code, 2);

        // A scanner named like a formula stays text in a spreadsheet: quoted, and led by a quote.
        const QString evil = dir.filePath(QStringLiteral("evil.sarif"));
        QFile evilFile(evil);
        QVERIFY(evilFile.open(QIODevice::WriteOnly));
        // Its rule's title ends in an emoji where the text output cuts it: never half of it.
        const QJsonObject rule{{QStringLiteral("id"), QStringLiteral("r1")},
                               {QStringLiteral("shortDescription"),
                                QJsonObject{{QStringLiteral("text"), QString(QString(42, QLatin1Char('a')) + QString::fromUtf8("\xF0\x9F\x98\x80") + QLatin1Char('b'))}}}};
        const QJsonObject driver{{QStringLiteral("name"), QStringLiteral("=HYPERLINK(\"http://x\",\"a,b\")")},
                                 {QStringLiteral("rules"), QJsonArray{rule}}};
        const QJsonObject result{{QStringLiteral("ruleId"), QStringLiteral("r1")},
                                 {QStringLiteral("message"), QJsonObject{{QStringLiteral("text"), QStringLiteral("m")}}}};
        const QJsonObject run0{{QStringLiteral("tool"), QJsonObject{{QStringLiteral("driver"), driver}}},
                               {QStringLiteral("results"), QJsonArray{result}}};
        evilFile.write(QJsonDocument(QJsonObject{{QStringLiteral("version"), QStringLiteral("2.1.0")},
                                                 {QStringLiteral("runs"), QJsonArray{run0}}})
                           .toJson());
        evilFile.close();
        QCOMPARE(run(QStringLiteral("alice"), {QStringLiteral("import"), evil, QStringLiteral("--target"), QStringLiteral("evil"),
                                               QStringLiteral("--variant"), QStringLiteral("main")})
                     .code, 0);
        const Run evilCsv = run(QStringLiteral("alice"), {QStringLiteral("trend"), QStringLiteral("--target"), QStringLiteral("evil"),
                                                          QStringLiteral("--variant"), QStringLiteral("main"),
                                                          QStringLiteral("--format"), QStringLiteral("csv")});
        const QByteArray quoted = ",\"'=HYPERLINK(\"\"http://x\"\",\"\"a,b\"\")\",0,0,";
        QVERIFY2(evilCsv.out.split('\n').value(1).contains(quoted), evilCsv.out.constData());
        const Run cut = run(QStringLiteral("alice"), {QStringLiteral("issues"), QStringLiteral("--target"), QStringLiteral("evil"),
                                                      QStringLiteral("--variant"), QStringLiteral("main")});
        QVERIFY2(cut.out.contains(QByteArray(QByteArray(42, 'a') + "\xE2\x80\xA6")) && !cut.out.contains("\xEF\xBF\xBD"),
                 cut.out.constData());

        // Another project's target of the same name; --project alone narrows to its targets.
        QCOMPARE(run(QStringLiteral("alice"), {QStringLiteral("import"), zap("0_zap_sample.xml"), QStringLiteral("--target"),
                                               QStringLiteral("web"), QStringLiteral("--project"), QStringLiteral("p2"),
                                               QStringLiteral("--variant"), QStringLiteral("main")})
                     .code, 0);
        const QJsonArray p2 = json({QStringLiteral("scans"), QStringLiteral("--project"), QStringLiteral("p2")})
                                  .value(QStringLiteral("scans")).toArray();
        QCOMPARE(p2.size(), 1);
        QCOMPARE(p2.first()[QStringLiteral("project")].toString(), QStringLiteral("p2"));
        for (const QJsonValue &v : json({QStringLiteral("scans"), QStringLiteral("--project"), QStringLiteral("default")})
                                       .value(QStringLiteral("scans")).toArray())
            QCOMPARE(v[QStringLiteral("project")].toString(), QStringLiteral("default"));
        QCOMPARE(json({QStringLiteral("scans"), QStringLiteral("--project"), QStringLiteral("nope")}).value(QStringLiteral("exit")).toInt(), 5);
        const Run twoProjects = run(QStringLiteral("alice"), {QStringLiteral("compare"), QString::number(first),
                                                              QString::number(p2.first()[QStringLiteral("id")].toInteger())});
        QCOMPARE(twoProjects.code, 2);
        QVERIFY2(twoProjects.err.contains("another project's target"), twoProjects.err.constData());
        // Dates are exactly YYYY-MM-DD; a scanner is checked where the other filters look.
        QCOMPARE(json({QStringLiteral("scans"), QStringLiteral("--since"), QStringLiteral("2026-12-02junk")}).value(QStringLiteral("exit")).toInt(), 2);
        QCOMPARE(run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("log"), QStringLiteral("--since"),
                                               QStringLiteral("2026-12-02T25:00")}).code, 2);
        QCOMPARE(json({QStringLiteral("trend"), QStringLiteral("--target"), QStringLiteral("web"), QStringLiteral("--variant"),
                       QStringLiteral("main"), QStringLiteral("--scanner"), QStringLiteral("Bandit")}).value(QStringLiteral("exit")).toInt(), 5);
    }
};

// What only a file has: SQLite's locks and online backup, and columns that take any value.
class TestCliOnAFile : public CliSuite
{
    Q_OBJECT

private slots:
    void init() { freshDatabase(); }

    void lockedDatabaseIsExit6()
    {
        setUpTutorial();
        // Another writer holds the database: an import waits for the busy timeout, then gives up.
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("locker"));
        raw.setDatabaseName(cli.db);
        QVERIFY(raw.open());
        QSqlQuery lock(raw);
        QVERIFY(lock.exec(QStringLiteral("BEGIN IMMEDIATE")));
        const Run r = run(QStringLiteral("alice"),
                          {QStringLiteral("import"), demo(QStringLiteral("main")), QStringLiteral("--target"),
                           QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("again")});
        QCOMPARE(r.code, 6);
        QVERIFY2(r.err.contains("locked"), r.err.constData());
        QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        lock = QSqlQuery();
        raw.close();
        raw = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("locker"));
        // Reading was never blocked, and nothing of the refused import landed.
        QCOMPARE(run(QStringLiteral("alice"),
                     {QStringLiteral("issues"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                      QStringLiteral("--variant"), QStringLiteral("again")})
                     .code,
                 5);
    }

    // db backup (admin): a copy readable by its owner only, holding its own audit entry, that
    // passes db check and audit verify; never over an existing file, never by a developer.
    // db check: the engine's integrity and foreign keys, then the audit replay.
    void databaseBackupAndCheck()
    {
        setUpTutorial();
        const QString copy = dir.filePath(QStringLiteral("backup.db"));
        const Run refused = run(QStringLiteral("alice"), {QStringLiteral("db"), QStringLiteral("backup"), copy});
        QCOMPARE(refused.code, 4);
        QVERIFY(!QFileInfo::exists(copy));
        const Run made = run(QStringLiteral("admin"), {QStringLiteral("db"), QStringLiteral("backup"), copy});
        QVERIFY2(made.code == 0, made.err.constData());
        QCOMPARE(QFileInfo(copy).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        const QString original = cli.db;
        cli.db = copy;
        const Run checked = run(QStringLiteral("alice"), {QStringLiteral("db"), QStringLiteral("check")});
        QVERIFY2(checked.code == 0, checked.out.constData());
        QCOMPARE(run(QStringLiteral("alice"), {QStringLiteral("audit"), QStringLiteral("verify")}).code, 0);
        const Run log = run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("log"),
                                                     QStringLiteral("--object"), QStringLiteral("database")});
        QVERIFY2(log.out.contains("database.backup") && log.out.contains("backup.db"), log.out.constData());
        cli.db = original;
        // Not over a file that exists, and nothing logged for the refusal.
        const QVariant entries = sqlValue(QStringLiteral("SELECT count(*) FROM audit_entry"));
        QCOMPARE(run(QStringLiteral("admin"), {QStringLiteral("db"), QStringLiteral("backup"), copy}).code, 2);
        QCOMPARE(sqlValue(QStringLiteral("SELECT count(*) FROM audit_entry")), entries);
        // Nor through a link someone planted where the backup is to go (it points at a file that
        // does not exist yet, somewhere everyone may read), nor into a folder that is not there.
        const QString loot = dir.filePath(QStringLiteral("loot.db"));
        const QString planted = dir.filePath(QStringLiteral("planted.db"));
        QVERIFY(QFile::link(loot, planted));
        QCOMPARE(run(QStringLiteral("admin"), {QStringLiteral("db"), QStringLiteral("backup"), planted}).code, 2);
        QVERIFY(!QFileInfo::exists(loot));
        QCOMPARE(run(QStringLiteral("admin"),
                     {QStringLiteral("db"), QStringLiteral("backup"), dir.filePath(QStringLiteral("nowhere/x.db"))})
                     .code,
                 2);
        QCOMPARE(sqlValue(QStringLiteral("SELECT count(*) FROM audit_entry")), entries);
        QCOMPARE(QDir(dir.path()).entryList({QStringLiteral("*.partial-*")}, QDir::Files), QStringList());
        // A row deleted behind the program's back (its dependants left pointing at nothing).
        QVERIFY(editBehindTheProgramsBack(QStringLiteral("DELETE FROM variant WHERE name = 'DEMO-001'")));
        const Run broken = run(QStringLiteral("alice"), {QStringLiteral("db"), QStringLiteral("check"),
                                                        QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(broken.code, 1);
        QCOMPARE(broken.json().value(QStringLiteral("status")).toString(), QStringLiteral("broken"));
        QVERIFY2(broken.out.contains("foreign key: scan"), broken.out.constData());
    }

    void auditVerifyComparesAnyValueAnEditorWrites()
    {
        setUpTutorialWithARequest();
        // Any value an editor may write, however large, is compared, not mis-converted.
        QVERIFY(editBehindTheProgramsBack(QStringLiteral("UPDATE exemption SET target_id = 1e300")));
        const Run huge = run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(huge.code, 1);
        QVERIFY2(huge.out.contains("target is '1e+300' in the table"), huge.out.constData());
        // Nor is a fraction read as the integer below it (1.5 is not target 1).
        QVERIFY(editBehindTheProgramsBack(QStringLiteral("UPDATE exemption SET target_id = 1.5")));
        const Run fraction =
            run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(fraction.code, 1);
        QVERIFY2(fraction.out.contains("target is '1.5' in the table"), fraction.out.constData());
    }
};

// The suite on the engine SECREVIEW_TEST_ENGINE names; the file's own tests on a file only.
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    TestCli either;
    TestCliOnAFile file;
    return TeamServer::runSuites(argc, argv, &either, &file);
}

#include "tst_cli.moc"
