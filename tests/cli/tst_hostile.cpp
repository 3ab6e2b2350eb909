// The hard-to-fool issue, attack by attack: each test does what a hostile developer with a shell
// and sqlite3 (or an outsider) tried, with the built binary on real files, and checks it is
// refused or caught. The setup is the tutorial's (admin, alice and carol developers, bob SecOps;
// dvpwa main as the baseline, DEMO-001 with a Critical B602).
#include "model/core/Severity.h"
#include "tests/TestSupport.h"
#include "tests/cli/CliHarness.h"
#include "tests/team/TeamServer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QSqlError>
#include <QTest>
#include <sys/stat.h>
#include <unistd.h>

using namespace secreview::test;

namespace {
const QString J = QStringLiteral("--format");
const QString JSON = QStringLiteral("json");

// Another writer holding the database, as long as it lives.
struct WriteLock
{
    explicit WriteLock(const QString &path)
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("locker"));
        raw.setDatabaseName(path);
        held = raw.open() && QSqlQuery(raw).exec(QStringLiteral("BEGIN IMMEDIATE"));
    }
    ~WriteLock()
    {
        {
            QSqlDatabase raw = QSqlDatabase::database(QStringLiteral("locker"));
            QSqlQuery(raw).exec(QStringLiteral("ROLLBACK"));
            raw.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("locker"));
    }
    bool held = false;
};
} // namespace

// What both suites share: the tutorial on a fresh database per test function.
class HostileSuite : public QObject
{
    Q_OBJECT

protected:
    QTemporaryDir dir;
    Cli cli{QString()};
    std::optional<TeamServer> server;

    QString file(const QString &name, const QByteArray &content)
    {
        const QString path = dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    // The DEMO-001 report with every issue_severity written as `severity`.
    QString doctoredDemo(const QByteArray &severity)
    {
        QFile f(Cli::demo(QStringLiteral("DEMO-001")));
        f.open(QIODevice::ReadOnly);
        QByteArray text = f.readAll();
        for (const char *s : {"\"HIGH\"", "\"MEDIUM\""})
            text.replace(QByteArray(QByteArray("\"issue_severity\": ") + s),
                         QByteArray("\"issue_severity\": \"" + severity + "\""));
        return file(QStringLiteral("doctored-%1.json").arg(QLatin1String(severity)), text);
    }

    Run request(const QString &who, const QString &issue, const QString &duration,
                const QString &scope = QStringLiteral("target"),
                const QString &description = QStringLiteral("why"))
    {
        return cli.run(who, {QStringLiteral("exemption"), QStringLiteral("request"), issue,
                             QStringLiteral("--scope"), scope, QStringLiteral("--duration"), duration,
                             QStringLiteral("--reason"), QStringLiteral("Acceptable Risk"),
                             QStringLiteral("--description"), description, J, JSON});
    }

    QString idOf(const Run &r)
    {
        return QString::number(
            r.json().value(QStringLiteral("exemption")).toObject().value(QStringLiteral("id")).toInteger());
    }

    Run verify()
    {
        return cli.run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
    }

    // The tutorial's project counts only scans (and pipeline versions) CI accounts imported.
    void gateScansCi()
    {
        QCOMPARE(cli.run(QStringLiteral("admin"), {QStringLiteral("policy"), QStringLiteral("set"),
                                                   QStringLiteral("--gate-scans"), QStringLiteral("ci")})
                     .code,
                 0);
    }

    // A pipeline of one Bandit step on dvpwa DEMO-001 that fails on `severity`.
    // `pipeline import` of stepPipeline(identifier, severity) as user: its exit code.
    // alice asks to exempt one place (fingerprint) of the issue id at target scope; bob approves.
    void exemptOnePlace(const QString &id, const QString &fingerprint)
    {
        const Run asked = cli.run(QStringLiteral("alice"),
                                  {QStringLiteral("exemption"), QStringLiteral("request"), id, QStringLiteral("--scope"),
                                   QStringLiteral("target"), QStringLiteral("--duration"), QStringLiteral("7d"),
                                   QStringLiteral("--reason"), QStringLiteral("Other"), QStringLiteral("--description"),
                                   QStringLiteral("this place only"), QStringLiteral("--occurrence"), fingerprint,
                                   QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(asked.code == 0, asked.err.constData());
        const QString eid = QString::number(
            asked.json().value(QStringLiteral("exemption")).toObject().value(QStringLiteral("id")).toInteger());
        QCOMPARE(cli.run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), eid}).code, 0);
    }

    int importPipeline(const QString &user, const QString &identifier, const QByteArray &severity)
    {
        return cli.run(user, {QStringLiteral("pipeline"), QStringLiteral("import"), stepPipeline(identifier, severity)})
            .code;
    }

    QString stepPipeline(const QString &identifier, const QByteArray &severity, const QString &project = {})
    {
        return file(QStringLiteral("%1-%2%3.yaml").arg(identifier, QString::fromLatin1(severity), project),
                    "pipeline:\n  name: " + identifier.toUtf8() + "\n  identifier: " + identifier.toUtf8() +
                        (project.isEmpty() ? QByteArray() : "\n  projectIdentifier: " + project.toUtf8()) +
                        "\n  stages:\n    - stage:\n        identifier: s\n        name: s\n        type: CI\n"
                        "        spec:\n          execution:\n            steps:\n"
                        "              - step: {type: Bandit, identifier: b, name: b, spec: {target: {name: dvpwa, "
                        "type: repository, variant: DEMO-001}, advanced: {fail_on_severity: " + severity + "}}}\n");
    }

    // The tutorial with a CI account ("pipeline") that imported pipeline p (fails on critical)
    // and the DEMO-001 scan for its step, execution 5: the pipeline gate fails on B602.
    QStringList setUpCiPipeline()
    {
        cli.setUpTutorial();
        const QStringList gate{QStringLiteral("pipeline"), QStringLiteral("gate"), QStringLiteral("p"),
                               QStringLiteral("--variant"), QStringLiteral("DEMO-001"), J, JSON};
        if (cli.run(QStringLiteral("admin"), {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("pipeline"),
                                              QStringLiteral("--role"), QStringLiteral("ci")})
                    .code != 0 ||
            cli.run(QStringLiteral("pipeline"), {QStringLiteral("pipeline"), QStringLiteral("import"),
                                                 stepPipeline(QStringLiteral("p"), "critical")})
                    .code != 0 ||
            cli.run(QStringLiteral("pipeline"),
                    {QStringLiteral("import"), Cli::demo(QStringLiteral("DEMO-001")), QStringLiteral("--target"),
                     QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("DEMO-001"),
                     QStringLiteral("--pipeline"), QStringLiteral("p"), QStringLiteral("--step"), QStringLiteral("b"),
                     QStringLiteral("--execution"), QStringLiteral("5")})
                    .code != 0)
            qFatal("cannot set up the CI pipeline");
        return gate;
    }

    // A file per test function, or (SECREVIEW_TEST_ENGINE=postgresql) a database of the team
    // server's test cluster, where the one who edits behind the program's back is the superuser.
    void init() { cli = TeamServer::freshCli(QStringLiteral("hostile"), dir.path(), server); }
    void cleanup() { TeamServer::dropFresh(server); }
};

// The attacks on either engine.
class TestHostile : public HostileSuite
{
    Q_OBJECT

private slots:
    void init() { HostileSuite::init(); }
    void cleanup() { HostileSuite::cleanup(); }

    // 1. A doctored scan imported as another variant cannot lower the severity the policy sees.
    void policyLimitsHoldForTheHighestSeverityCovered()
    {
        cli.setUpTutorial();
        QCOMPARE(
            cli.run(QStringLiteral("admin"), {QStringLiteral("policy"), QStringLiteral("set"),
                                              QStringLiteral("--max-duration"), QStringLiteral("critical=7")})
                .code,
            0);
        QCOMPARE(cli.run(QStringLiteral("alice"),
                         {QStringLiteral("import"), doctoredDemo("LOW"), QStringLiteral("--target"),
                          QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("scratch")})
                     .code,
                 0);
        const QString b602 = cli.issueIdOf(QStringLiteral("B602"));
        const Run permanent = request(QStringLiteral("alice"), b602, QStringLiteral("permanent"));
        QCOMPARE(permanent.code, 4);
        QVERIFY2(permanent.err.contains("Critical issues may be exempted for at most 7 days"),
                 permanent.err.constData());
        // Asked within the limits before the limit came: checked again when approved.
        QCOMPARE(cli.run(QStringLiteral("admin"), {QStringLiteral("policy"), QStringLiteral("set"),
                                                   QStringLiteral("--max-duration"), QStringLiteral("none")})
                     .code,
                 0);
        const Run asked = request(QStringLiteral("alice"), b602, QStringLiteral("90d"));
        QCOMPARE(asked.code, 0);
        QCOMPARE(cli.run(QStringLiteral("admin"),
                         {QStringLiteral("policy"), QStringLiteral("set"), QStringLiteral("--max-duration"),
                          QStringLiteral("critical=30")})
                     .code,
                 0);
        const Run approve = cli.run(QStringLiteral("bob"),
                                    {QStringLiteral("exemption"), QStringLiteral("approve"), idOf(asked)});
        QCOMPARE(approve.code, 4);
        QVERIFY2(approve.err.contains("may not be approved"), approve.err.constData());
        // The reviewer sees what the exemption covers.
        const QJsonObject listed =
            cli.run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("list"), J, JSON})
                .json()
                .value(QStringLiteral("exemptions"))
                .toArray()
                .first()
                .toObject();
        QCOMPARE(listed.value(QStringLiteral("coveredSeverity")).toString(), QStringLiteral("critical"));
        QCOMPARE(cli.gate().value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
    }

    // 2. Under a 'ci' gate policy a developer's empty report does not empty the gate; and any
    // scan that drops to zero issues is flagged.
    void aDeveloperCannotEmptyTheGate()
    {
        cli.setUpTutorial();
        QCOMPARE(cli.run(QStringLiteral("admin"),
                         {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("pipeline"),
                          QStringLiteral("--role"), QStringLiteral("ci")})
                     .code,
                 0);
        const QString empty =
            file(QStringLiteral("empty.bandit.json"), R"({"results": [], "errors": [], "metrics": {}})");
        // The default policy counts any scan, but says when one suddenly holds nothing.
        QCOMPARE(cli.run(QStringLiteral("alice"),
                         {QStringLiteral("import"), empty, QStringLiteral("--target"),
                          QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("DEMO-001")})
                     .code,
                 0);
        QJsonObject gate = cli.gate();
        QCOMPARE(gate.value(QStringLiteral("status")).toString(), QStringLiteral("pass"));
        QCOMPARE(gate.value(QStringLiteral("warnings")).toArray().size(), 1);
        QVERIFY(gate.value(QStringLiteral("warnings"))
                    .toArray()
                    .first()
                    .toString()
                    .contains(QLatin1String("held 3")));
        // A second empty report does not wash the first out: the warning still names the last
        // scan that held issues.
        const QString emptyAgain = file(QStringLiteral("empty-again.bandit.json"),
                                        R"({"results": [], "errors": [], "metrics": {"_totals": {}}})");
        QCOMPARE(cli.run(QStringLiteral("alice"),
                         {QStringLiteral("import"), emptyAgain, QStringLiteral("--target"),
                          QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("DEMO-001")})
                     .code,
                 0);
        gate = cli.gate();
        QCOMPARE(gate.value(QStringLiteral("warnings")).toArray().size(), 1);
        const QString again = gate.value(QStringLiteral("warnings")).toArray().first().toString();
        QVERIFY2(again.contains(QLatin1String("held 3")) && again.contains(QLatin1String("1 empty")),
                 qPrintable(again));
        // With a ci policy only the CI account's scans count.
        gateScansCi();
        QCOMPARE(cli.gate().value(QStringLiteral("error")).toString().contains(QLatin1String("ci account")),
                 true);
        QCOMPARE(cli.run(QStringLiteral("alice"),
                         {QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                          QStringLiteral("--variant"), QStringLiteral("DEMO-001"),
                          QStringLiteral("--fail-on-severity"), QStringLiteral("critical")})
                     .code,
                 5); // nothing counts yet: fails closed
        QCOMPARE(cli.run(QStringLiteral("pipeline"),
                         {QStringLiteral("import"), Cli::demo(QStringLiteral("DEMO-001")),
                          QStringLiteral("--target"), QStringLiteral("dvpwa"), QStringLiteral("--variant"),
                          QStringLiteral("DEMO-001")})
                     .code,
                 0);
        QCOMPARE(cli.run(QStringLiteral("alice"),
                         {QStringLiteral("import"), empty, QStringLiteral("--target"),
                          QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("DEMO-001")})
                     .code,
                 0);
        gate = cli.gate();
        QCOMPARE(gate.value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
        QCOMPARE(gate.value(QStringLiteral("outputVariables"))
                     .toObject()
                     .value(QStringLiteral("CRITICAL"))
                     .toInt(),
                 1);
        // The listing shows the developer's scan and says the gate does not count it.
        const Run issues =
            cli.run(QStringLiteral("alice"),
                    {QStringLiteral("issues"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                     QStringLiteral("--variant"), QStringLiteral("DEMO-001")});
        QVERIFY2(issues.out.contains("does not count for gates"), issues.out.constData());
    }

    // 3. The same target name under another project neither breaks nor redirects an unqualified gate.
    void anotherProjectsTargetOfTheSameNameChangesNothing()
    {
        cli.setUpTutorial();
        QCOMPARE(cli.run(QStringLiteral("alice"),
                         {QStringLiteral("import"), doctoredDemo("LOW"), QStringLiteral("--target"),
                          QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("DEMO-001"),
                          QStringLiteral("--project"), QStringLiteral("other")})
                     .code,
                 0);
        const QJsonObject gate = cli.gate();
        QCOMPARE(gate.value(QStringLiteral("status")).toString(),
                 QStringLiteral("fail")); // the first dvpwa's Critical
        QCOMPARE(cli.run(QStringLiteral("alice"),
                         {QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                          QStringLiteral("--project"), QStringLiteral("other"), QStringLiteral("--variant"),
                          QStringLiteral("DEMO-001"), QStringLiteral("--fail-on-severity"),
                          QStringLiteral("critical")})
                     .code,
                 0); // the other project's own dvpwa, named
    }

    // 4. Every column of an exemption is replayed, and every transition is checked against the
    // roles and the policy in force when it was made.
    void everyColumnAndEveryTransitionIsReplayed()
    {
        cli.setUpTutorial();
        const QString b602 = cli.issueIdOf(QStringLiteral("B602"));
        const QString id = idOf(request(QStringLiteral("alice"), b602, QStringLiteral("7d")));
        QCOMPARE(
            cli.run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), id}).code,
            0);
        QCOMPARE(verify().code, 0);
        for (const char *edit :
             {"reason = 'Other'", "description = 'edited'", "url = 'https://x.example'", "duration_days = 90",
              "requested_at = 1", "approved_at = 1", "occurrence_level = 1"}) {
            QVERIFY(cli.sql(QStringLiteral("UPDATE exemption SET %1").arg(QLatin1String(edit))));
            const Run r = verify();
            QCOMPARE(r.code, 1);
            QVERIFY2(r.out.contains(QByteArray("exemption " + id.toUtf8())), r.out.constData());
        }
    }

    // A second hostile review: the ci role granted by SQL for one import and taken back marks
    // a developer's scan as CI's for good (a ci-only gate then counts it). `audit verify` replays
    // the roles the log gave the importer then and names the scan. (Mutation harness:
    // import-ci-unreplayed.)
    void aCiRoleGrantedBySqlForOneImportIsCaught()
    {
        cli.setUpTutorial();
        QVERIFY(cli.sql(QStringLiteral(
            "INSERT INTO user_role(user_id, role) SELECT id, 'ci' FROM app_user WHERE name = 'alice'")));
        if (server)
            QVERIFY(cli.sql(QStringLiteral("GRANT %1_ci TO alice").arg(server->database)));
        const QString empty = file(QStringLiteral("as-ci.bandit.json"), R"({"results": [], "errors": [], "metrics": {}})");
        QCOMPARE(cli.run(QStringLiteral("alice"), {QStringLiteral("import"), empty, QStringLiteral("--target"),
                                                   QStringLiteral("dvpwa"), QStringLiteral("--variant"),
                                                   QStringLiteral("DEMO-001")})
                     .code,
                 0);
        QCOMPARE(cli.sqlValue(QStringLiteral("SELECT imported_by_ci FROM scan WHERE id = (SELECT max(id) FROM scan)"))
                     .toString(),
                 QStringLiteral("1"));
        QVERIFY(cli.sql(QStringLiteral("DELETE FROM user_role WHERE role = 'ci' AND user_id = (SELECT id "
                                       "FROM app_user WHERE name = 'alice')")));
        if (server)
            QVERIFY(cli.sql(QStringLiteral("REVOKE %1_ci FROM alice").arg(server->database)));
        const Run r = verify();
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains("(as-ci.bandit.json) is marked as imported by a ci account, but the audit log gave "
                                "alice the roles 'developer'"),
                 r.out.constData());
    }

    void aRoleGrantedBySqlAndTakenBackIsCaught()
    {
        cli.setUpTutorial();
        const QString b602 = cli.issueIdOf(QStringLiteral("B602"));
        const QString id = idOf(request(QStringLiteral("alice"), b602, QStringLiteral("7d")));
        QVERIFY(cli.sql(QStringLiteral(
            "INSERT INTO user_role(user_id, role) SELECT id, 'secops' FROM app_user WHERE name = 'alice'")));
        // On a server the row alone gives no power (the membership is the server's): the
        // superuser grants the group role as well.
        if (server)
            QVERIFY(cli.sql(QStringLiteral("GRANT %1_secops TO alice").arg(server->database)));
        QVERIFY(cli.sql(QStringLiteral("UPDATE project SET allow_self_approval = 1")));
        QCOMPARE(
            cli.run(QStringLiteral("alice"), {QStringLiteral("exemption"), QStringLiteral("approve"), id})
                .code,
            0);
        QVERIFY(cli.sql(QStringLiteral("DELETE FROM user_role WHERE role = 'secops' AND user_id = (SELECT id "
                                       "FROM app_user WHERE name = 'alice')")));
        if (server)
            QVERIFY(cli.sql(QStringLiteral("REVOKE %1_secops FROM alice").arg(server->database)));
        QVERIFY(cli.sql(QStringLiteral("UPDATE project SET allow_self_approval = 0")));
        const Run r = verify();
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QByteArray("alice could not approve exemption " + id.toUtf8())),
                 r.out.constData());
        QVERIFY2(r.out.contains("did not allow self-approval"), r.out.constData());
        // The same by the roles table and the password, left in place.
        QVERIFY(cli.sql(QStringLiteral(
            "INSERT INTO user_role(user_id, role) SELECT id, 'admin' FROM app_user WHERE name = 'carol'")));
        QVERIFY(cli.sql(QStringLiteral("UPDATE app_user SET password_hash = (SELECT password_hash FROM "
                                       "app_user WHERE name = 'alice') WHERE name = 'bob'")));
        const Run again = verify();
        QVERIFY2(again.out.contains("user carol has the roles 'admin, developer'"), again.out.constData());
        QVERIFY2(again.out.contains("the password of bob was changed outside the program"),
                 again.out.constData());
    }

    // 5 and 6. A scan edited after its import, and an exemption approved by SQL: the gate checks
    // what it relies on and fails closed naming it; verify names it too.
    void theGateChecksWhatItReliesOn()
    {
        cli.setUpTutorial();
        QVERIFY(cli.sql(QStringLiteral("UPDATE scan_issue SET severity = 1 WHERE issue_id = (SELECT id FROM "
                                       "issue WHERE issue_key = 'B602')")));
        QVERIFY(cli.sql(QStringLiteral("UPDATE occurrence SET severity = 1 WHERE issue_id = (SELECT id FROM "
                                       "issue WHERE issue_key = 'B602')")));
        const QJsonObject gate = cli.gate();
        QCOMPARE(gate.value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
        QVERIFY2(gate.value(QStringLiteral("message"))
                     .toString()
                     .contains(QLatin1String("was changed after its import")),
                 qPrintable(gate.value(QStringLiteral("message")).toString()));
        const Run r = verify();
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains("scan 2 (dvpwa-DEMO-001.bandit.json) was changed after its import"),
                 r.out.constData());
    }

    // The gate counts each scan's issues from an index (decision 73), the seal reads the rows.
    // An index made to disagree with its table (sqlite3 with writable_schema: the Critical
    // vanishes from the counts only), or a row the seal cannot see (an issue that is gone), fails
    // the gate closed and names the scan. (Found by a hostile review of the counts.)
    void countsThatDisagreeWithTheRowsFailTheGateClosed()
    {
        cli.setUpTutorial();
        const auto gateFailsOnTheCounts = [this](const char *attack) {
            const QJsonObject gate = cli.gate(QStringLiteral("DEMO-001"), QStringLiteral("high"));
            QVERIFY2(gate.value(QStringLiteral("status")).toString() == QStringLiteral("fail"), attack);
            QVERIFY2(gate.value(QStringLiteral("message"))
                         .toString()
                         .contains(QLatin1String("scan 2 was changed after its import: its issues are counted differently")),
                     qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(attack),
                                                             gate.value(QStringLiteral("message")).toString())));
        };
        if (!cli.onServer()) {
            {
                QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("schema-editor"));
                raw.setDatabaseName(cli.db);
                QVERIFY(raw.open());
                QSqlQuery q(raw);
                for (const QString &statement :
                     {QStringLiteral("DROP INDEX scan_issue_counts"),
                      QStringLiteral("CREATE INDEX scan_issue_counts ON scan_issue(scan_id, (CASE WHEN severity >= 3 "
                                     "THEN 0 ELSE severity END), issue_id) WHERE severity IS NOT NULL"),
                      QStringLiteral("PRAGMA writable_schema = ON"),
                      QStringLiteral("UPDATE sqlite_schema SET sql = 'CREATE INDEX scan_issue_counts ON "
                                     "scan_issue(scan_id, severity, issue_id) WHERE severity IS NOT NULL'"
                                     " WHERE name = 'scan_issue_counts'")})
                    QVERIFY2(q.exec(statement), qPrintable(q.lastError().text()));
                raw.close();
            }
            QSqlDatabase::removeDatabase(QStringLiteral("schema-editor"));
            gateFailsOnTheCounts("an index that hides the Critical");
            if (QTest::currentTestFailed())
                return;
            QVERIFY(cli.sql(QStringLiteral("REINDEX scan_issue_counts"))); // honest again
            QCOMPARE(cli.gate().value(QStringLiteral("message")).toString(),
                     QStringLiteral("Exited with message: fail_on_severity is set to critical and that threshold was "
                                    "reached."));
        }
        QVERIFY(cli.sql(QStringLiteral("INSERT INTO scan_issue(scan_id, issue_id, severity, occurrences)"
                                       " VALUES (2, 999999, 4, 1)")));
        gateFailsOnTheCounts("a row of an issue that is gone");
    }

    // Decision 75: on a large scan the gate reads the totals (checked against the seal) and only
    // the rows it subtracts (their buckets, anywhere in the scan). Such a row edited by SQL fails
    // it closed; other rows swapped between severities leave the totals, and so the gate's
    // counts, what they were; `audit verify` reads every bucket and names both. (Mutation
    // harness: seal-bucket-unchecked.)
    void theGateChecksTheRowsItSubtracts()
    {
        cli.setUpTutorial();
        // 600 rules, a result each: 600 issues (10 buckets), every third High, the rest Medium.
        QJsonArray results;
        for (int i = 0; i < 600; ++i)
            results.append(QJsonObject{
                {QStringLiteral("ruleId"), QStringLiteral("R%1").arg(i)},
                {QStringLiteral("level"), i % 3 ? QStringLiteral("warning") : QStringLiteral("error")},
                {QStringLiteral("message"), QJsonObject{{QStringLiteral("text"), QStringLiteral("finding %1").arg(i)}}},
                {QStringLiteral("locations"),
                 QJsonArray{QJsonObject{{QStringLiteral("physicalLocation"),
                                         QJsonObject{{QStringLiteral("artifactLocation"),
                                                      QJsonObject{{QStringLiteral("uri"), QStringLiteral("src/f.c")}}},
                                                     {QStringLiteral("region"),
                                                      QJsonObject{{QStringLiteral("startLine"), i + 1}}}}}}}}});
        const QJsonObject run{{QStringLiteral("tool"),
                               QJsonObject{{QStringLiteral("driver"), QJsonObject{{QStringLiteral("name"), QStringLiteral("Big")}}}}},
                              {QStringLiteral("results"), results}};
        const QString big = file(QStringLiteral("subtract.sarif"),
                                 QJsonDocument(QJsonObject{{QStringLiteral("version"), QStringLiteral("2.1.0")},
                                                           {QStringLiteral("runs"), QJsonArray{run}}})
                                     .toJson());
        QCOMPARE(cli.run(QStringLiteral("alice"), {QStringLiteral("import"), big, QStringLiteral("--target"),
                                                   QStringLiteral("big"), QStringLiteral("--variant"), QStringLiteral("main")})
                     .code,
                 0);
        const QString scan = cli.sqlValue(QStringLiteral("SELECT max(id) FROM scan")).toString();
        // The n-th issue of the scan with that severity, in issue id order.
        const auto nth = [&](int severity, int n) {
            return cli.sqlValue(QStringLiteral("SELECT issue_id FROM scan_issue WHERE scan_id = %1 AND severity = %2"
                                               " ORDER BY issue_id LIMIT 1 OFFSET %3")
                                    .arg(scan)
                                    .arg(severity)
                                    .arg(n))
                .toString();
        };
        const int medium = int(secreview::Severity::Medium), high = int(secreview::Severity::High);
        const QString exempted = nth(medium, 250), highA = nth(high, 10), highB = nth(high, 150),
                      mediumB = nth(medium, 350);
        QVERIFY(!exempted.isEmpty() && !highA.isEmpty() && !highB.isEmpty() && !mediumB.isEmpty());
        const QString eid = idOf(request(QStringLiteral("alice"), exempted, QStringLiteral("7d")));
        QCOMPARE(cli.run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), eid}).code, 0);
        const auto gate = [this] {
            return cli.run(QStringLiteral("alice"), {QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("big"),
                                                     QStringLiteral("--variant"), QStringLiteral("main"),
                                                     QStringLiteral("--fail-on-severity"), QStringLiteral("critical"), J,
                                                     JSON})
                .json();
        };
        const QJsonObject honest = gate();
        QCOMPARE(honest.value(QStringLiteral("status")).toString(), QStringLiteral("pass"));
        const QJsonObject counts = honest.value(QStringLiteral("outputVariables")).toObject();
        QVERIFY(counts.value(QStringLiteral("HIGH")).toInt() > 0);

        const auto swap = [&](const QString &a, int aSeverity, const QString &b, int bSeverity) {
            return cli.sql(QStringLiteral("UPDATE scan_issue SET severity = CASE issue_id WHEN %1 THEN %2 ELSE %3 END"
                                          " WHERE scan_id = %4 AND issue_id IN (%1, %5)")
                               .arg(a)
                               .arg(bSeverity)
                               .arg(aSeverity)
                               .arg(scan, b));
        };
        // Two issues the gate does not subtract: the totals, and so its counts, are what they were.
        QVERIFY(swap(highA, high, mediumB, medium));
        const QJsonObject swapped = gate();
        QCOMPARE(swapped.value(QStringLiteral("status")).toString(), QStringLiteral("pass"));
        QCOMPARE(swapped.value(QStringLiteral("outputVariables")).toObject(), counts);
        Run verified = verify();
        QCOMPARE(verified.code, 1);
        QVERIFY2(verified.out.contains(QByteArray("scan " + scan.toUtf8() + " (subtract.sarif) was changed after its import")),
                 verified.out.constData());
        QVERIFY(swap(highA, medium, mediumB, high)); // as imported
        QCOMPARE(verify().code, 0);

        // The exempted Medium made High, another High made Medium: the totals hold, but the gate
        // would subtract a High. It fails closed instead.
        QVERIFY(swap(exempted, medium, highB, high));
        const QJsonObject forged = gate();
        QCOMPARE(forged.value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
        QVERIFY2(forged.value(QStringLiteral("message"))
                     .toString()
                     .contains(QStringLiteral("scan %1 was changed after its import (its issues no longer match").arg(scan)),
                 qPrintable(forged.value(QStringLiteral("message")).toString()));
        verified = verify();
        QCOMPARE(verified.code, 1);
        QVERIFY2(verified.out.contains(QByteArray("scan " + scan.toUtf8() + " (subtract.sarif) was changed after its import")),
                 verified.out.constData());
    }

    // The seal covers the scan row itself: a developer's scan marked as CI's by SQL (so that a
    // 'ci' gate counts it) fails the gate closed. (Mutation harness: seal-without-scan-row.)
    void aScanMarkedCiBySqlFailsTheGateClosed()
    {
        cli.setUpTutorial();
        gateScansCi();
        const QString empty =
            file(QStringLiteral("marked.bandit.json"), R"({"results": [], "errors": [], "metrics": {}})");
        QCOMPARE(cli.run(QStringLiteral("alice"),
                         {QStringLiteral("import"), empty, QStringLiteral("--target"), QStringLiteral("dvpwa"),
                          QStringLiteral("--variant"), QStringLiteral("DEMO-001")})
                     .code,
                 0);
        QVERIFY(cli.sql(QStringLiteral("UPDATE scan SET imported_by_ci = 1")));
        const QJsonObject gate = cli.gate();
        QCOMPARE(gate.value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
        QVERIFY2(gate.value(QStringLiteral("message")).toString().contains(QLatin1String("fails closed")),
                 qPrintable(gate.value(QStringLiteral("message")).toString()));
    }

    // Found by a hostile review of decision 75: the gate looks a scan up by names and reads its
    // project's policy and exemptions, which its seal did not cover. Variant names swapped (the
    // gate on DEMO-001 then read main's clean scan), the target moved into a project made by SQL
    // (whose policy counts any scan), and the newest scan deleted (the gate then judged an older
    // one) each fail the gate closed; `audit verify` names each. (Mutation harness:
    // scan-place-unchecked, missing-imports-unchecked.)
    void aScanMovedOrDeletedBySqlFailsTheGateClosed()
    {
        cli.setUpTutorial();
        const auto failsClosed = [this](const char *attack, const QString &variant, const QString &says) {
            const QJsonObject gate = cli.gate(variant);
            const QString message = gate.value(QStringLiteral("message")).toString();
            QVERIFY2(gate.value(QStringLiteral("status")).toString() == QStringLiteral("fail") &&
                         message.contains(QLatin1String("fails closed")) && message.contains(says),
                     qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(attack), message)));
            const Run verified = verify();
            QVERIFY2(verified.code == 1 && QString::fromUtf8(verified.out).contains(says),
                     qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(attack), QString::fromUtf8(verified.out))));
        };
        // Swapped through a third name (the pair is unique).
        QVERIFY(cli.sql(QStringLiteral("UPDATE variant SET name = 'swap' WHERE name = 'main'")));
        QVERIFY(cli.sql(QStringLiteral("UPDATE variant SET name = 'main' WHERE name = 'DEMO-001'")));
        QVERIFY(cli.sql(QStringLiteral("UPDATE variant SET name = 'DEMO-001' WHERE name = 'swap'")));
        failsClosed("variant names swapped", QStringLiteral("DEMO-001"),
                    QStringLiteral("was moved after its import: its variant 'DEMO-001' (imported into 'main')"));
        if (QTest::currentTestFailed())
            return;
        QVERIFY(cli.sql(QStringLiteral("UPDATE variant SET name = 'swap' WHERE name = 'main'")));
        QVERIFY(cli.sql(QStringLiteral("UPDATE variant SET name = 'main' WHERE name = 'DEMO-001'")));
        QVERIFY(cli.sql(QStringLiteral("UPDATE variant SET name = 'DEMO-001' WHERE name = 'swap'")));
        QCOMPARE(verify().code, 0);

        QVERIFY(cli.sql(QStringLiteral("INSERT INTO project(organization_id, name) SELECT organization_id, 'scratch'"
                                       " FROM project p JOIN target t ON t.project_id = p.id WHERE t.name = 'dvpwa'")));
        QVERIFY(cli.sql(QStringLiteral("UPDATE target SET project_id = (SELECT id FROM project WHERE name = 'scratch')"
                                       " WHERE name = 'dvpwa'")));
        failsClosed("target moved to another project", QStringLiteral("DEMO-001"), QStringLiteral("its project 'scratch'"));
        if (QTest::currentTestFailed())
            return;
        QVERIFY(cli.sql(QStringLiteral("UPDATE target SET project_id = (SELECT min(id) FROM project) WHERE name = 'dvpwa'")));
        QCOMPARE(verify().code, 0);
        // The same move with the two projects' names swapped first (a second review): the names
        // match again, the ids do not.
        const QString home = cli.sqlValue(QStringLiteral("SELECT p.name FROM project p JOIN target t ON t.project_id = p.id"
                                                         " WHERE t.name = 'dvpwa'"))
                                 .toString();
        QVERIFY(cli.sql(QStringLiteral("UPDATE project SET name = 'swap' WHERE name = 'scratch'")));
        QVERIFY(cli.sql(QStringLiteral("UPDATE project SET name = 'scratch' WHERE name = '%1'").arg(home)));
        QVERIFY(cli.sql(QStringLiteral("UPDATE project SET name = '%1' WHERE name = 'swap'").arg(home)));
        QVERIFY(cli.sql(QStringLiteral("UPDATE target SET project_id = (SELECT id FROM project WHERE name = '%1')"
                                       " WHERE name = 'dvpwa'")
                            .arg(home)));
        failsClosed("project names swapped, target moved", QStringLiteral("DEMO-001"), QStringLiteral("its project_id"));
        if (QTest::currentTestFailed())
            return;

        // An empty report, then the Critical, on a new variant: the gate fails on the Critical.
        const QString empty = file(QStringLiteral("first.bandit.json"), R"({"results": [], "errors": [], "metrics": {}})");
        for (const QString &report : {empty, Cli::demo(QStringLiteral("DEMO-001"))})
            QCOMPARE(cli.run(QStringLiteral("alice"), {QStringLiteral("import"), report, QStringLiteral("--target"),
                                                       QStringLiteral("dvpwa"), QStringLiteral("--variant"),
                                                       QStringLiteral("V3")})
                         .code,
                     0);
        QCOMPARE(cli.gate(QStringLiteral("V3")).value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
        for (const char *table : {"occurrence", "scan_issue"})
            QVERIFY(cli.sql(QStringLiteral("DELETE FROM %1 WHERE scan_id = (SELECT max(id) FROM scan)")
                                .arg(QLatin1String(table))));
        QVERIFY(cli.sql(QStringLiteral("DELETE FROM scan WHERE id = (SELECT max(id) FROM scan)")));
        const QJsonObject gate = cli.gate(QStringLiteral("V3"));
        QCOMPARE(gate.value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
        QVERIFY2(gate.value(QStringLiteral("message"))
                     .toString()
                     .contains(QLatin1String("variant V3 is in the audit log but missing from the table")),
                 qPrintable(gate.value(QStringLiteral("message")).toString()));
    }

    // Also from that review: the baseline decides which issues are new (NEW_CRITICAL, ...); one
    // changed or deleted by SQL fails the gate closed, and `audit verify` names it. (Mutation
    // harness: baseline-unchecked.)
    void aBaselineChangedBySqlFailsTheGateClosed()
    {
        cli.setUpTutorial();
        QCOMPARE(cli.gate().value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
        QCOMPARE(verify().code, 0);
        for (const QString &attack : {QStringLiteral("UPDATE baseline SET variant_name = 'DEMO-001'"),
                                      QStringLiteral("DELETE FROM baseline")}) {
            QVERIFY(cli.sql(QStringLiteral("CREATE TABLE kept AS SELECT * FROM baseline")));
            QVERIFY(cli.sql(attack));
            const QString message = cli.gate().value(QStringLiteral("message")).toString();
            QVERIFY2(message.contains(QLatin1String("fails closed")) &&
                         message.contains(QLatin1String("the baseline of target dvpwa is")),
                     qPrintable(attack + QStringLiteral(": ") + message));
            const Run verified = verify();
            QVERIFY2(verified.code == 1 && verified.out.contains("the baseline of target dvpwa is"),
                     verified.out.constData());
            QVERIFY(cli.sql(QStringLiteral("DELETE FROM baseline")));
            QVERIFY(cli.sql(QStringLiteral("INSERT INTO baseline SELECT * FROM kept")));
            QVERIFY(cli.sql(QStringLiteral("DROP TABLE kept")));
            QCOMPARE(verify().code, 0);
        }
    }

    // A second review: the project's "ci scans only" rule turned off by SQL for one gate run (and
    // back before anyone verifies) fails that gate closed. (Mutation harness: policy-unchecked.)
    void aPolicyChangedBySqlFailsTheGateClosed()
    {
        cli.setUpTutorial();
        gateScansCi();
        QVERIFY(cli.gate().value(QStringLiteral("message")).toString().isEmpty()); // no scan counts: exit 5, no JSON
        QVERIFY(cli.sql(QStringLiteral("UPDATE project SET gate_scans = 'any'")));
        const QString message = cli.gate().value(QStringLiteral("message")).toString();
        QVERIFY2(message.contains(QLatin1String("fails closed")) && message.contains(QLatin1String("the policy of project")),
                 qPrintable(message));
    }

    // Also from that review: an issue re-pointed to another target by SQL, so that an exemption
    // approved for that target's issue of the same key subtracts this target's Critical; and a
    // row given the largest possible issue id, outside every bucket, with the real Critical made
    // Low to keep the totals. Both fail the gate closed. (Mutation harness: seal-bucket-no-target,
    // seal-bucket-last-open.)
    void rowsRepointedBySqlFailTheGateClosed()
    {
        cli.setUpTutorial();
        // 1 Critical (CRIT) and 100 Low: two buckets.
        QJsonArray results;
        for (int i = 0; i <= 100; ++i)
            results.append(QJsonObject{
                {QStringLiteral("ruleId"), i ? QStringLiteral("L%1").arg(i, 4, 10, QLatin1Char('0')) : QStringLiteral("CRIT")},
                {QStringLiteral("level"), i ? QStringLiteral("note") : QStringLiteral("error")},
                {QStringLiteral("properties"), QJsonObject{{QStringLiteral("security-severity"), i ? QStringLiteral("2.0")
                                                                                                  : QStringLiteral("9.5")}}},
                {QStringLiteral("message"), QJsonObject{{QStringLiteral("text"), QStringLiteral("finding %1").arg(i)}}}});
        const QJsonObject run{{QStringLiteral("tool"),
                               QJsonObject{{QStringLiteral("driver"), QJsonObject{{QStringLiteral("name"), QStringLiteral("Big")}}}}},
                              {QStringLiteral("results"), results}};
        const QString big = file(QStringLiteral("repointed.sarif"),
                                 QJsonDocument(QJsonObject{{QStringLiteral("version"), QStringLiteral("2.1.0")},
                                                           {QStringLiteral("runs"), QJsonArray{run}}})
                                     .toJson());
        for (const QString &target : {QStringLiteral("other"), QStringLiteral("dvpwa")})
            QCOMPARE(cli.run(QStringLiteral("alice"), {QStringLiteral("import"), big, QStringLiteral("--target"), target,
                                                       QStringLiteral("--variant"), QStringLiteral("V4")})
                         .code,
                     0);
        const QString scan = cli.sqlValue(QStringLiteral("SELECT max(id) FROM scan")).toString();
        const auto idIn = [this](const QString &target, const QString &key) {
            return cli.sqlValue(QStringLiteral("SELECT i.id FROM issue i JOIN target t ON t.id = i.target_id"
                                               " WHERE t.name = '%1' AND i.issue_key = '%2'")
                                    .arg(target, key))
                .toString();
        };
        const QString otherCrit = idIn(QStringLiteral("other"), QStringLiteral("CRIT")),
                      crit = idIn(QStringLiteral("dvpwa"), QStringLiteral("CRIT")),
                      low = idIn(QStringLiteral("dvpwa"), QStringLiteral("L0001"));
        QVERIFY(!otherCrit.isEmpty() && !crit.isEmpty() && !low.isEmpty());
        const auto approve = [this](const QString &issue) {
            const QString eid = idOf(request(QStringLiteral("alice"), issue, QStringLiteral("7d")));
            return cli.run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), eid}).code == 0
                       ? eid
                       : QString();
        };
        const QString otherExemption = approve(otherCrit);
        QVERIFY(!otherExemption.isEmpty() && !approve(low).isEmpty());
        const auto gate = [this] { return cli.gate(QStringLiteral("V4")); };
        QCOMPARE(gate().value(QStringLiteral("outputVariables")).toObject().value(QStringLiteral("CRITICAL")).toInt(), 1);

        const QString other = cli.sqlValue(QStringLiteral("SELECT id FROM target WHERE name = 'other'")).toString(),
                      dvpwa = cli.sqlValue(QStringLiteral("SELECT id FROM target WHERE name = 'dvpwa'")).toString();
        const auto swapTargets = [&] {
            return cli.sql(QStringLiteral("UPDATE issue SET target_id = -1 WHERE id = %1").arg(otherCrit)) &&
                   cli.sql(QStringLiteral("UPDATE issue SET target_id = %1 WHERE id = %2").arg(other, crit)) &&
                   cli.sql(QStringLiteral("UPDATE issue SET target_id = %1 WHERE id = %2").arg(dvpwa, otherCrit));
        };
        QVERIFY(swapTargets());
        QJsonObject g = gate();
        QVERIFY2(g.value(QStringLiteral("status")).toString() == QStringLiteral("fail") &&
                     g.value(QStringLiteral("message")).toString().contains(QLatin1String("fails closed")),
                 qPrintable(g.value(QStringLiteral("message")).toString()));
        QVERIFY(cli.sql(QStringLiteral("UPDATE issue SET target_id = -1 WHERE id = %1").arg(otherCrit)) &&
                cli.sql(QStringLiteral("UPDATE issue SET target_id = %1 WHERE id = %2").arg(dvpwa, crit)) &&
                cli.sql(QStringLiteral("UPDATE issue SET target_id = %1 WHERE id = %2").arg(other, otherCrit)));
        QCOMPARE(gate().value(QStringLiteral("outputVariables")).toObject().value(QStringLiteral("CRITICAL")).toInt(), 1);

        // The exempted Low moved to the largest id and made Critical, the real Critical made Low,
        // in a bucket that then holds no issue an exemption matches (the other target's is gone).
        QCOMPARE(cli.run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("delete"), otherExemption}).code,
                 0);
        const QString top = QStringLiteral("9223372036854775807");
        QVERIFY(cli.sql(QStringLiteral("UPDATE issue SET target_id = -2 WHERE id = %1").arg(low))); // frees its key
        QVERIFY(cli.sql(QStringLiteral("INSERT INTO issue(id, target_id, scanner, issue_key, rule, title, kind)"
                                       " SELECT %1, %2, scanner, issue_key, rule, title, kind FROM issue WHERE id = %3")
                            .arg(top, dvpwa, low)));
        for (const char *table : {"scan_issue", "occurrence"}) {
            QVERIFY(cli.sql(QStringLiteral("UPDATE %1 SET issue_id = %2, severity = 4 WHERE scan_id = %3 AND issue_id = %4")
                                .arg(QLatin1String(table), top, scan, low)));
            QVERIFY(cli.sql(QStringLiteral("UPDATE %1 SET severity = 1 WHERE scan_id = %2 AND issue_id = %3")
                                .arg(QLatin1String(table), scan, crit)));
        }
        g = gate();
        QVERIFY2(g.value(QStringLiteral("status")).toString() == QStringLiteral("fail") &&
                     g.value(QStringLiteral("message")).toString().contains(QLatin1String("fails closed")),
                 qPrintable(g.value(QStringLiteral("message")).toString()));
    }

    // The import's audit entry must hold in place: an entry edited in the log (here a field the
    // seal does not cover) fails the gate closed even though the seal in it still matches.
    // (Mutation harness: gate-evidence-import-entry-unchecked.)
    void anEditedImportEntryFailsTheGateClosed()
    {
        cli.setUpTutorial();
        QCOMPARE(cli.gate(QStringLiteral("DEMO-001"), QStringLiteral("none")).value(QStringLiteral("status")).toString(),
                 QStringLiteral("pass"));
        QVERIFY(cli.sql(QStringLiteral("UPDATE audit_entry SET actor = 'bob' WHERE action = 'scan.import' AND "
                                       "object_id = CAST((SELECT max(id) FROM scan) AS TEXT)")));
        const QJsonObject gate = cli.gate(QStringLiteral("DEMO-001"), QStringLiteral("none"));
        QCOMPARE(gate.value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
        QVERIFY2(gate.value(QStringLiteral("message")).toString().contains(QLatin1String("was changed")),
                 qPrintable(gate.value(QStringLiteral("message")).toString()));
    }

    // Where an occurrence-level exemption applies, the gate checks the occurrences' seal too: an
    // occurrence edited by SQL fails it closed, not merely un-exempted.
    // (Mutation harness: gate-evidence-occurrences-unchecked.)
    void occurrencesEditedUnderAnOccurrenceExemptionFailTheGateClosed()
    {
        cli.setUpTutorial();
        const QString id = cli.issueIdOf(QStringLiteral("B602"));
        const QString fingerprint = cli.run(QStringLiteral("alice"), {QStringLiteral("issue"), QStringLiteral("show"), id,
                                                                      QStringLiteral("--format"), QStringLiteral("json")})
                                        .json()
                                        .value(QStringLiteral("occurrences"))
                                        .toArray()
                                        .first()
                                        .toObject()
                                        .value(QStringLiteral("fingerprint"))
                                        .toString();
        exemptOnePlace(id, fingerprint);
        QCOMPARE(cli.gate().value(QStringLiteral("status")).toString(), QStringLiteral("pass"));
        QVERIFY(cli.sql(QStringLiteral("UPDATE occurrence SET location = location || ' ' WHERE scan_id = "
                                       "(SELECT max(id) FROM scan) AND issue_id <> %1")
                            .arg(id)));
        const QJsonObject gate = cli.gate();
        QCOMPARE(gate.value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
        QVERIFY2(gate.value(QStringLiteral("message")).toString().contains(QLatin1String("fails closed")),
                 qPrintable(gate.value(QStringLiteral("message")).toString()));
    }

    // An occurrence moved to another target's issue of the same scanner and key (the values the
    // occurrences' seal holds) no longer hides from an exemption of chosen places: it drops out of
    // the seal, and the gate fails closed (hostile review of 2026-12-01: the gate passed, audit
    // verify and db check held). (Mutation harness: seal-occurrences-own-issues.)
    void occurrencesMovedToAnotherTargetsIssueFailTheGateClosed()
    {
        cli.setUpTutorial();
        QByteArray results;
        for (int line = 1; line <= 3; ++line)
            results += QByteArray(line > 1 ? "," : "") +
                       "{\"code\": \"line " + QByteArray::number(line) + "\", \"filename\": \"app.py\","
                       " \"issue_confidence\": \"HIGH\","
                       " \"issue_severity\": \"LOW\", \"issue_text\": \"Try, Except, Pass detected.\", \"line_number\": " +
                       QByteArray::number(line * 10) + ", \"test_id\": \"B110\", \"test_name\": \"try_except_pass\"}";
        const QString report = file(QStringLiteral("b110.json"), "{\"errors\": [], \"results\": [" + results + "]}");
        for (const char *target : {"moved", "elsewhere"})
            QCOMPARE(cli.run(QStringLiteral("alice"), {QStringLiteral("import"), report, QStringLiteral("--target"),
                                                       QString::fromLatin1(target), QStringLiteral("--variant"),
                                                       QStringLiteral("main")})
                         .code,
                     0);
        const QStringList gate{QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("moved"),
                               QStringLiteral("--variant"), QStringLiteral("main"),
                               QStringLiteral("--fail-on-severity"), QStringLiteral("low")};
        const QString id = cli.sqlValue(QStringLiteral("SELECT i.id FROM issue i JOIN target t ON t.id = i.target_id"
                                                       " WHERE t.name = 'moved'"))
                               .toString();
        const QString other = cli.sqlValue(QStringLiteral("SELECT i.id FROM issue i JOIN target t ON t.id = i.target_id"
                                                          " WHERE t.name = 'elsewhere'"))
                                  .toString();
        const QJsonArray occurrences = cli.run(QStringLiteral("alice"), {QStringLiteral("issue"), QStringLiteral("show"), id,
                                                                         QStringLiteral("--format"), QStringLiteral("json")})
                                           .json()
                                           .value(QStringLiteral("occurrences"))
                                           .toArray();
        QCOMPARE(occurrences.size(), 3);
        const QString kept = occurrences.first().toObject().value(QStringLiteral("fingerprint")).toString();
        exemptOnePlace(id, kept);
        QCOMPARE(cli.run(QStringLiteral("alice"), gate).code, 1); // two places are not exempted

        QVERIFY(cli.sql(QStringLiteral("UPDATE occurrence SET issue_id = %1 WHERE issue_id = %2 AND fingerprint <> '%3'")
                            .arg(other, id, kept)));
        const Run judged = cli.run(QStringLiteral("alice"), gate);
        QCOMPARE(judged.code, 1);
        QVERIFY2(judged.out.contains("fails closed"), judged.out.constData());
        const Run verified = cli.run(QStringLiteral("alice"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(verified.code, 1);
        QVERIFY2(verified.out.contains("its occurrences no longer match") || verified.err.contains("its occurrences no longer match"),
                 QByteArray(verified.out + verified.err).constData());
    }

    // Under gate-scans ci, a scan a developer imports "for the pipeline step" does not count
    // either: the step judges the CI account's scan for it. (Mutation harness:
    // step-scan-ci-filter-dropped.)
    void aDevelopersScanForAStepDoesNotCountUnderCi()
    {
        cli.setUpTutorial();
        QCOMPARE(cli.run(QStringLiteral("admin"), {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("pipeline"),
                                                   QStringLiteral("--role"), QStringLiteral("ci")})
                     .code,
                 0);
        gateScansCi();
        const QString yaml = file(QStringLiteral("ci-step.yaml"),
                                  "pipeline:\n  name: p\n  identifier: p\n  stages:\n    - stage:\n        identifier: s\n"
                                  "        name: s\n        type: CI\n        spec:\n          execution:\n            steps:\n"
                                  "              - step: {type: Bandit, identifier: b, name: b, spec: {target: {name: dvpwa, "
                                  "type: repository, variant: DEMO-001}, advanced: {fail_on_severity: critical}}}\n");
        QCOMPARE(cli.run(QStringLiteral("pipeline"), {QStringLiteral("pipeline"), QStringLiteral("import"), yaml}).code, 0);
        const QStringList forTheStep{QStringLiteral("--target"),   QStringLiteral("dvpwa"),   QStringLiteral("--variant"),
                                     QStringLiteral("DEMO-001"),   QStringLiteral("--pipeline"), QStringLiteral("p"),
                                     QStringLiteral("--step"),     QStringLiteral("b"),       QStringLiteral("--execution"),
                                     QStringLiteral("5")};
        const QString empty =
            file(QStringLiteral("step-decoy.bandit.json"), R"({"results": [], "errors": [], "metrics": {}})");
        // Before CI has imported anything, the developer's scans of the target (the tutorial's and
        // an empty one) do not count for the step either: it has no scan and fails closed.
        // (Mutation harness: pipeline-ci-trust-dropped.)
        QCOMPARE(cli.run(QStringLiteral("alice"),
                         {QStringLiteral("import"), empty, QStringLiteral("--target"), QStringLiteral("dvpwa"),
                          QStringLiteral("--variant"), QStringLiteral("DEMO-001")})
                     .code,
                 0);
        QCOMPARE(cli.run(QStringLiteral("alice"), {QStringLiteral("pipeline"), QStringLiteral("gate"), QStringLiteral("p"),
                                                   QStringLiteral("--variant"), QStringLiteral("DEMO-001")})
                     .code,
                 5);
        QCOMPARE(cli.run(QStringLiteral("pipeline"),
                         QStringList{QStringLiteral("import"), Cli::demo(QStringLiteral("DEMO-001"))} + forTheStep)
                     .code,
                 0);
        QCOMPARE(cli.run(QStringLiteral("alice"), QStringList{QStringLiteral("import"), empty} + forTheStep).code, 0);
        const Run gate = cli.run(QStringLiteral("alice"),
                                 {QStringLiteral("pipeline"), QStringLiteral("gate"), QStringLiteral("p"),
                                  QStringLiteral("--variant"), QStringLiteral("DEMO-001"), QStringLiteral("--execution"),
                                  QStringLiteral("5")});
        QVERIFY2(gate.code == 1, gate.out.constData()); // CI's scan, with B602 Critical, decides
        // Nor does a developer's later execution become "the latest execution": without
        // --execution the gate evaluates the latest one CI imported.
        QStringList later = forTheStep;
        later.last() = QStringLiteral("6");
        QCOMPARE(cli.run(QStringLiteral("alice"), QStringList{QStringLiteral("import"), empty} + later).code, 0);
        const Run latest = cli.run(QStringLiteral("alice"),
                                   {QStringLiteral("pipeline"), QStringLiteral("gate"), QStringLiteral("p"),
                                    QStringLiteral("--variant"), QStringLiteral("DEMO-001"), QStringLiteral("--format"),
                                    QStringLiteral("json")});
        QCOMPARE(latest.code, 1);
        QCOMPARE(latest.json().value(QStringLiteral("sequenceId")).toString(), QStringLiteral("5"));
    }

    // Under a 'ci' gate policy the pipeline a gate judges is the latest version imported by an
    // account developers cannot give themselves (ci, secops, admin): a developer's version with
    // fail_on_severity: none does not empty it, as it does under 'any', where every import counts.
    void aDevelopersPipelineVersionDoesNotCountUnderCi()
    {
        const QStringList gate = setUpCiPipeline();
        QCOMPARE(cli.run(QStringLiteral("alice"), gate).code, 1);
        QCOMPARE(importPipeline(QStringLiteral("alice"), QStringLiteral("p"), "none"), 0);
        const Run lax = cli.run(QStringLiteral("alice"), gate);
        QCOMPARE(lax.code, 0); // 'any': alice's version 2 is judged
        QCOMPARE(lax.json().value(QStringLiteral("version")).toInt(), 2);
        gateScansCi();
        const Run strict = cli.run(QStringLiteral("alice"), gate);
        QVERIFY2(strict.code == 1, strict.err.constData());
        QCOMPARE(strict.json().value(QStringLiteral("version")).toInt(), 1);
        QVERIFY2(strict.json().value(QStringLiteral("versionNote")).toString().contains(QLatin1String("not version 2 by alice")),
                 strict.out.constData());
        QVERIFY2(strict.err.contains("judged version 1 by pipeline"), strict.err.constData());
        // The same text from CI is a version of its own, which counts.
        const Run blessed = cli.run(QStringLiteral("pipeline"), {QStringLiteral("pipeline"), QStringLiteral("import"),
                                                                 stepPipeline(QStringLiteral("p"), "none"), J, JSON});
        QCOMPARE(blessed.code, 0);
        const Run passes = cli.run(QStringLiteral("alice"), gate);
        QCOMPARE(passes.code, 0);
        QCOMPARE(passes.json().value(QStringLiteral("version")).toInt(), 3);
        // A pipeline no trusted account imported has nothing a gate may judge: it fails closed.
        QCOMPARE(importPipeline(QStringLiteral("alice"), QStringLiteral("q"), "none"), 0);
        const Run none = cli.run(QStringLiteral("alice"), {QStringLiteral("pipeline"), QStringLiteral("gate"),
                                                           QStringLiteral("q"), QStringLiteral("--variant"),
                                                           QStringLiteral("DEMO-001")});
        QCOMPARE(none.code, 5);
        QVERIFY2(none.err.contains("no version of pipeline 'q' was imported by a ci, secops or admin account"),
                 none.err.constData());
    }

    // A second hostile review's lead: a 'ci' gate decided whether a version counts by its
    // importer's roles in the table at gate time, so the ci role added by SQL for one gate run
    // made a developer's laxer version count. The gate now reads what the import recorded; a role
    // granted by SQL for the import itself is named by `audit verify`. (Mutation harness:
    // pipeline-trust-from-table.)
    void aCiRoleAddedBySqlDoesNotMakeADevelopersPipelineCount()
    {
        const QStringList gate = setUpCiPipeline(); // version 1: critical, by CI
        gateScansCi();
        // version 2: lax, by a developer
        QCOMPARE(importPipeline(QStringLiteral("alice"), QStringLiteral("p"), "none"), 0);
        const auto grantCi = [this](bool on) {
            if (on)
                QVERIFY(cli.sql(QStringLiteral(
                    "INSERT INTO user_role(user_id, role) SELECT id, 'ci' FROM app_user WHERE name = 'alice'")));
            else
                QVERIFY(cli.sql(QStringLiteral("DELETE FROM user_role WHERE role = 'ci' AND user_id = (SELECT id FROM "
                                               "app_user WHERE name = 'alice')")));
            if (server)
                QVERIFY(cli.sql(QStringLiteral("%1 %2_ci %3 alice")
                                    .arg(on ? QStringLiteral("GRANT") : QStringLiteral("REVOKE"), server->database,
                                         on ? QStringLiteral("TO") : QStringLiteral("FROM"))));
        };
        grantCi(true);
        const Run judged = cli.run(QStringLiteral("pipeline"), gate);
        QCOMPARE(judged.code, 1);
        QCOMPARE(judged.json().value(QStringLiteral("version")).toInt(), 1);
        // With the role in place for the import itself: the gate counts it (the table said ci),
        // and `audit verify` names it once the role is taken back.
        // version 3
        QCOMPARE(importPipeline(QStringLiteral("alice"), QStringLiteral("p"), "high"), 0);
        grantCi(false);
        const Run r = verify();
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains("alice imported pipeline p version 3 as trusted for 'ci' gates, but the log gave them "
                                "the roles 'developer' then"),
                 r.out.constData());
    }

    // A newer trusted version cannot be hidden (put in a developer's name, or deleted) so that
    // the gate falls back to an older, laxer one; nor can a developer's project that took the
    // identifier first stand in for CI's when the gate names no project.
    void aTrustedVersionCannotBeHiddenToFallBack()
    {
        const QStringList gate = setUpCiPipeline(); // version 1: critical, by CI
        gateScansCi();
        // version 2: lax, by an admin (trusted)
        QCOMPARE(importPipeline(QStringLiteral("admin"), QStringLiteral("p"), "none"), 0);
        QCOMPARE(cli.run(QStringLiteral("pipeline"), {QStringLiteral("pipeline"), QStringLiteral("import"),
                                                      stepPipeline(QStringLiteral("p"), "critical", QStringLiteral("default"))})
                     .code,
                 0); // version 3: strict again, by CI
        const Run strict = cli.run(QStringLiteral("alice"), gate);
        QCOMPARE(strict.code, 1);
        QCOMPARE(strict.json().value(QStringLiteral("version")).toInt(), 3);
        QVERIFY(cli.sql(QStringLiteral("UPDATE pipeline SET imported_by = (SELECT id FROM app_user WHERE name = 'alice')"
                                       " WHERE version = 3")));
        const Run renamed = cli.run(QStringLiteral("alice"), gate);
        QCOMPARE(renamed.code, 1);
        QVERIFY2(renamed.err.contains("version 3 is not what its import recorded"), renamed.err.constData());
        QVERIFY(cli.sql(QStringLiteral("DELETE FROM pipeline WHERE version = 3")));
        const Run deleted = cli.run(QStringLiteral("alice"), gate);
        QCOMPARE(deleted.code, 1);
        QVERIFY2(deleted.err.contains("version 3, imported by pipeline, is gone"), deleted.err.constData());

        // A developer's project that had the identifier first: the gate does not guess.
        QCOMPARE(cli.run(QStringLiteral("alice"), {QStringLiteral("pipeline"), QStringLiteral("import"),
                                                   stepPipeline(QStringLiteral("early"), "none", QStringLiteral("mine"))})
                     .code,
                 0);
        QCOMPARE(importPipeline(QStringLiteral("pipeline"), QStringLiteral("early"), "critical"), 0);
        const QStringList early{QStringLiteral("pipeline"), QStringLiteral("gate"), QStringLiteral("early"),
                                QStringLiteral("--variant"), QStringLiteral("DEMO-001"), QStringLiteral("--execution"),
                                QStringLiteral("5")};
        const Run guessed = cli.run(QStringLiteral("pipeline"), early);
        QCOMPARE(guessed.code, 2);
        QVERIFY2(guessed.err.contains("is in 2 projects (mine, default)") && guessed.err.contains("add --project"),
                 guessed.err.constData());
        const Run named = cli.run(QStringLiteral("pipeline"), early + QStringList{QStringLiteral("--project"), QStringLiteral("default")});
        QVERIFY2(named.code == 5 || named.code == 1, named.err.constData()); // CI's pipeline, judged (no scan of its step: 5)
        QVERIFY2(named.out.contains("(project default)"), named.out.constData());
    }

    // A stored pipeline that is not what its import recorded (its text edited in place, a
    // developer's version put in CI's name) fails the gate closed rather than being judged.
    void anEditedPipelineFailsTheGateClosed()
    {
        const QStringList gate = setUpCiPipeline();
        QVERIFY(cli.sql(QStringLiteral("UPDATE pipeline SET yaml = replace(yaml, 'fail_on_severity: critical', "
                                       "'fail_on_severity: none')")));
        const Run edited = cli.run(QStringLiteral("alice"), gate);
        QCOMPARE(edited.code, 1);
        QVERIFY2(edited.err.contains("version 1 is not what its import recorded"), edited.err.constData());
        QVERIFY(cli.sql(QStringLiteral("UPDATE pipeline SET yaml = replace(yaml, 'fail_on_severity: none', "
                                       "'fail_on_severity: critical')")));
        QCOMPARE(cli.run(QStringLiteral("alice"), gate).code, 1);
        QVERIFY(!cli.run(QStringLiteral("alice"), gate).err.contains("is not what its import recorded"));

        gateScansCi();
        QCOMPARE(importPipeline(QStringLiteral("alice"), QStringLiteral("p"), "none"), 0);
        QVERIFY(cli.sql(QStringLiteral("UPDATE pipeline SET imported_by = (SELECT id FROM app_user WHERE name = "
                                       "'pipeline') WHERE version = 2")));
        const Run renamed = cli.run(QStringLiteral("alice"), gate);
        QCOMPARE(renamed.code, 1);
        QVERIFY2(renamed.err.contains("pipeline 'p' (project default): version 2 is not what its import recorded"),
                 renamed.err.constData());
    }

    // The replay follows roles as they were granted and revoked: a role taken back is not held
    // any more, so a database where that happened verifies clean. (Mutation harness:
    // replay-revoke-ignored.)
    void aRevokedRoleIsReplayedAsRevoked()
    {
        cli.setUpTutorial();
        for (const char *verb : {"grant", "revoke"})
            QCOMPARE(cli.run(QStringLiteral("admin"), {QStringLiteral("user"), QString::fromLatin1(verb),
                                                       QStringLiteral("alice"), QStringLiteral("secops")})
                         .code,
                     0);
        const Run r = verify();
        QVERIFY2(r.code == 0, r.out.constData());
    }

    // One open request per issue and scope, where a pipeline scope is the pipeline's: a request
    // for pipeline A does not block one for pipeline B, but a second for A waits.
    // (Mutation harness: open-request-any-pipeline.)
    void oneOpenRequestPerPipeline()
    {
        cli.setUpTutorial();
        for (const char *id : {"pa", "pb"}) {
            const QString yaml = file(QStringLiteral("%1.yaml").arg(QLatin1String(id)),
                                      QStringLiteral("pipeline:\n  name: %1\n  identifier: %1\n  stages:\n    - stage: "
                                                     "{identifier: s, name: s, type: CI, spec: {execution: {steps: [{step: "
                                                     "{type: Run, identifier: r, spec: {command: ls}}}]}}}\n")
                                          .arg(QLatin1String(id))
                                          .toUtf8());
            QCOMPARE(cli.run(QStringLiteral("alice"), {QStringLiteral("pipeline"), QStringLiteral("import"), yaml}).code, 0);
        }
        const QString issue = cli.issueIdOf(QStringLiteral("B303"));
        auto request = [&](const QString &pipeline) {
            return cli.run(QStringLiteral("alice"),
                           {QStringLiteral("exemption"), QStringLiteral("request"), issue, QStringLiteral("--scope"),
                            QStringLiteral("pipeline"), QStringLiteral("--pipeline"), pipeline,
                            QStringLiteral("--duration"), QStringLiteral("7d"), QStringLiteral("--reason"),
                            QStringLiteral("Other"), QStringLiteral("--description"), QStringLiteral("per pipeline")});
        };
        QCOMPARE(request(QStringLiteral("pa")).code, 0);
        const Run other = request(QStringLiteral("pb"));
        QVERIFY2(other.code == 0, other.err.constData());
        const Run again = request(QStringLiteral("pa"));
        QVERIFY(again.code != 0);
        QVERIFY2(again.err.contains("waiting for a decision already"), again.err.constData());
    }

    // A scope widened on approval is judged at what it covers as approved: B303 is Medium on
    // dvpwa, but a project-wide exemption also covers the High B303 of another target, and the
    // policy's limit for High applies. (Mutation harness: approve-policy-requested-scope.)
    void aWidenedScopeIsJudgedAtWhatItCovers()
    {
        cli.setUpTutorial();
        QCOMPARE(cli.run(QStringLiteral("admin"), {QStringLiteral("policy"), QStringLiteral("set"),
                                                   QStringLiteral("--max-duration"), QStringLiteral("critical=7,high=7")})
                     .code,
                 0);
        const QString b303 = cli.issueIdOf(QStringLiteral("B303")); // dvpwa's, before the twin is there
        QCOMPARE(cli.run(QStringLiteral("alice"),
                         {QStringLiteral("import"), doctoredDemo("HIGH"), QStringLiteral("--target"),
                          QStringLiteral("twin"), QStringLiteral("--variant"), QStringLiteral("main")})
                     .code,
                 0);
        const Run asked = request(QStringLiteral("alice"), b303, QStringLiteral("30d"));
        QVERIFY2(asked.code == 0, asked.err.constData()); // Medium on dvpwa: no limit
        const Run widened = cli.run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"),
                                                            idOf(asked), QStringLiteral("--scope"), QStringLiteral("project")});
        QCOMPARE(widened.code, 4);
        QVERIFY2(widened.err.contains("may not be approved"), widened.err.constData());
        QCOMPARE(cli.run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), idOf(asked)}).code,
                 0); // as asked, at target scope, it may
    }

    // The zero-drop warning compares a scan with earlier scans of its own scanner: a first, empty
    // report of another scanner on a variant with Bandit findings is no drop. (Mutation harness:
    // zero-drop-any-scanner.)
    void anotherScannersFirstEmptyReportIsNoDrop()
    {
        cli.setUpTutorial();
        const QString empty = file(QStringLiteral("empty.sarif"),
                                   R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"Gitleaks"}},"results":[]}]})");
        QCOMPARE(cli.run(QStringLiteral("alice"),
                         {QStringLiteral("import"), empty, QStringLiteral("--target"), QStringLiteral("dvpwa"),
                          QStringLiteral("--variant"), QStringLiteral("DEMO-001")})
                     .code,
                 0);
        const QJsonObject gate = cli.gate();
        QCOMPARE(gate.value(QStringLiteral("warnings")).toArray().size(), 0);
        QCOMPARE(gate.value(QStringLiteral("status")).toString(), QStringLiteral("fail")); // B602 still counts
    }

    // 7. The head kept outside the database catches entries cut off its end.
    void theHeadKeptOutsideCatchesACutOffEnd()
    {
        cli.setUpTutorial();
        // Sign-in failures add entries to a file that change no table: the ones an editor could
        // cut off without the replay noticing. (A server counts none: there the cut takes the
        // import's entry, which the replay misses by itself.)
        for (int i = 0; i < 2; ++i)
            QCOMPARE(
                cli.run(QStringLiteral("mallory"), {QStringLiteral("issues")}, QStringLiteral("guess")).code,
                4);
        const QJsonObject head =
            cli.run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("head"), J, JSON})
                .json();
        const QString hash = head.value(QStringLiteral("head")).toString();
        QCOMPARE(hash.size(), 64);
        QVERIFY(head.value(QStringLiteral("entries")).toInteger() > 5);
        QCOMPARE(cli.run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify"),
                                                   QStringLiteral("--expect"), hash})
                     .code,
                 0);
        // Cutting the recorded head (and what came after it) off leaves a chain that holds by
        // itself...
        QCOMPARE(cli.run(QStringLiteral("mallory"), {QStringLiteral("issues")}, QStringLiteral("guess")).code,
                 4);
        QVERIFY(
            cli.sql(QStringLiteral(
                        "DELETE FROM audit_entry WHERE id >= (SELECT id FROM audit_entry WHERE hash = '%1')")
                        .arg(hash)));
        QCOMPARE(verify().code, server ? 1 : 0);
        // ...but not against the head recorded elsewhere.
        const Run r = cli.run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify"),
                                                        QStringLiteral("--expect"), hash});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains("no longer in the chain"), r.out.constData());
    }

    // 11. Control characters from scanner text and user input are shown, not obeyed.
    void outputIsSafeForTerminals()
    {
        cli.setUpTutorial();
        const QString report =
            file(QStringLiteral("escape.bandit.json"),
                 R"({"results": [{"test_id": "B999", "test_name": "evil\u001b[2J\r\nExemption history:",
                                        "issue_text": "line\u001b]0;pwned\u0007", "issue_severity": "LOW",
                                        "issue_confidence": "LOW", "filename": "a.py", "line_number": 1}], "metrics": {}})");
        QCOMPARE(cli.run(QStringLiteral("alice"),
                         {QStringLiteral("import"), report, QStringLiteral("--target"),
                          QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("evil")})
                     .code,
                 0);
        const QString id = cli.issueIdOf(QStringLiteral("B999"));
        QCOMPARE(request(QStringLiteral("alice"), id, QStringLiteral("7d"), QStringLiteral("target"),
                         QStringLiteral("ok\n  2026-01-01T00:00:00Z bob approve exemption 1 -> approved"))
                     .code,
                 0);
        for (const QStringList &args :
             {QStringList{QStringLiteral("issues"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                          QStringLiteral("--variant"), QStringLiteral("evil")},
              QStringList{QStringLiteral("issue"), QStringLiteral("show"), id},
              QStringList{QStringLiteral("exemption"), QStringLiteral("list")},
              QStringList{QStringLiteral("audit"), QStringLiteral("log")}}) {
            const Run r = cli.run(QStringLiteral("admin"), args);
            QCOMPARE(r.code, 0);
            QVERIFY2(!r.out.contains('\x1b') && !r.out.contains('\r') && !r.out.contains('\x07'),
                     qPrintable(args.join(QLatin1Char(' '))));
            for (const QByteArray &line : r.out.split('\n'))
                QVERIFY2(!line.startsWith("Exemption history:") || args.at(0) == QLatin1String("issue"),
                         line.constData());
        }
        const Run show =
            cli.run(QStringLiteral("admin"), {QStringLiteral("issue"), QStringLiteral("show"), id});
        QCOMPARE(show.out.count("\nExemption history:"), 1);
        QVERIFY(show.out.contains("\\e[2J"));
        // A name with a newline in it cannot forge an audit line.
        QCOMPARE(
            cli.run(QStringLiteral("x\n1 2026 admin exemption.approve"), {QStringLiteral("issues")}).code, 4);
        const Run log = cli.run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("log")});
        QVERIFY(!log.out.contains("\n1 2026 admin exemption.approve"));
    }

    // 12 and 13. Names are one namespace without regard to case, arguments must be UTF-8, and
    // every text is bounded in characters.
    void namesAndLengths()
    {
        cli.setUpTutorial();
        QCOMPARE(cli.run(QStringLiteral("admin"),
                         {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("Bob"),
                          QStringLiteral("--role"), QStringLiteral("viewer")})
                     .code,
                 2);
        QCOMPARE(cli.run(QStringLiteral("admin"),
                         {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("new\nline"),
                          QStringLiteral("--role"), QStringLiteral("viewer")})
                     .code,
                 2);
        QCOMPARE(cli.run(QStringLiteral("BOB"), {QStringLiteral("issues")}).code, 0); // the same account
        // Not UTF-8: refused, not read with a replacement character.
        QProcess p;
        p.setProcessEnvironment(QProcessEnvironment::systemEnvironment());
        p.start(QStringLiteral("/bin/sh"),
                {QStringLiteral("-c"),
                 QStringLiteral("exec \"$0\" --db \"$1\" issues --target \"$(printf 't\\377')\""),
                 QStringLiteral(SECREVIEW_BINARY), cli.db});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("not valid UTF-8"));

        const QString b602 = cli.issueIdOf(QStringLiteral("B602"));
        QString emoji;
        for (int i = 0; i < 600; ++i)
            emoji += QString::fromUcs4(U"\U0001F600", 1);
        QCOMPARE(request(QStringLiteral("alice"), b602, QStringLiteral("7d"), QStringLiteral("target"), emoji)
                     .code,
                 0);
        QCOMPARE(request(QStringLiteral("carol"), b602, QStringLiteral("7d"), QStringLiteral("project"),
                         QString(1025, QLatin1Char('x')))
                     .code,
                 2);
        const Run comment =
            cli.run(QStringLiteral("bob"),
                    {QStringLiteral("exemption"), QStringLiteral("reject"), QStringLiteral("1"),
                     QStringLiteral("--comment"), QString(100 * 1024, QLatin1Char('c'))});
        QCOMPARE(comment.code, 2);
        QCOMPARE(
            cli.run(QStringLiteral("alice"),
                    {QStringLiteral("import"), Cli::demo(QStringLiteral("main")), QStringLiteral("--target"),
                     QString(256, QLatin1Char('t')), QStringLiteral("--variant"), QStringLiteral("v")})
                .code,
            2);
    }

    // 14. Only regular files are read; errors in JSON name their place.
    void onlyRegularFilesAreRead()
    {
        cli.setUpTutorial();
        const QString fifo = dir.filePath(QStringLiteral("fifo"));
        QCOMPARE(mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QElapsedTimer timer;
        timer.start();
        for (const QStringList &args :
             {QStringList{QStringLiteral("import"), fifo, QStringLiteral("--target"), QStringLiteral("t"),
                          QStringLiteral("--variant"), QStringLiteral("v")},
              QStringList{QStringLiteral("import"), QStringLiteral("/dev/zero"), QStringLiteral("--target"),
                          QStringLiteral("t"), QStringLiteral("--variant"), QStringLiteral("v")},
              QStringList{QStringLiteral("pipeline"), QStringLiteral("import"), fifo},
              QStringList{QStringLiteral("pipeline"), QStringLiteral("check"), QStringLiteral("x"),
                          QStringLiteral("--policy"), fifo}}) {
            const Run r = cli.run(QStringLiteral("alice"), args);
            QCOMPARE(r.code, 3);
            QVERIFY2(r.err.contains("not a regular file"), r.err.constData());
        }
        QVERIFY(timer.elapsed() < 30000); // nothing waited for a writer or read a device to its end
        const QList<std::pair<QByteArray, QByteArray>> broken{
            {"{\"results\":[{\"test_id\":\"B1\",\"issue_text\":\"a\x01"
             "b\"}]}",
             "line 1, column 44 (byte 43): an unescaped control character (U+0001)"},
            {QByteArray("{\"results\":[{\"test_id\":\"B1\",\"issue_text\":\"a\0b\"}]}", 50),
             "an unescaped control character (U+0000)"},
            {"{\"results\":[{\"test_id\":\"B1\",\"issue_text\":\"\\ud800\"}]}",
             "line 1, column 43 (byte 42): a lone high surrogate"},
            {QByteArray(2000, '[') + QByteArray(2000, ']'),
             "line 1, column 1025 (byte 1024): JSON nested deeper than 1024 levels"}};
        for (const auto &[content, expected] : broken) {
            const Run r = cli.run(QStringLiteral("alice"),
                                  {QStringLiteral("import"), file(QStringLiteral("broken.json"), content),
                                   QStringLiteral("--target"), QStringLiteral("t"),
                                   QStringLiteral("--variant"), QStringLiteral("v")});
            QCOMPARE(r.code, 3);
            QVERIFY2(r.err.contains(expected), r.err.constData());
        }
    }

    // A SecOps who may approve their own requests in one project (a sandbox) does not approve one
    // for the whole organization, where other projects forbid it (found by a hostile review).
    void selfApprovalDoesNotWidenPastItsProject()
    {
        cli.setUpTutorial();
        QCOMPARE(cli.run(QStringLiteral("bob"), {QStringLiteral("import"), Cli::demo(QStringLiteral("DEMO-001")),
                                                 QStringLiteral("--target"), QStringLiteral("sandbox-app"), QStringLiteral("--variant"),
                                                 QStringLiteral("main"), QStringLiteral("--project"), QStringLiteral("sandbox")})
                     .code,
                 0);
        QCOMPARE(cli.run(QStringLiteral("admin"), {QStringLiteral("policy"), QStringLiteral("set"), QStringLiteral("--project"),
                                                   QStringLiteral("sandbox"), QStringLiteral("--self-approval"), QStringLiteral("on")})
                     .code,
                 0);
        QString issue;
        for (const QJsonValue &v : cli.run(QStringLiteral("bob"), {QStringLiteral("issues"), QStringLiteral("--target"),
                                                                   QStringLiteral("sandbox-app"), QStringLiteral("--variant"),
                                                                   QStringLiteral("main"), J, JSON})
                                       .json()
                                       .value(QStringLiteral("issues"))
                                       .toArray()) {
            if (v.toObject().value(QStringLiteral("rule")).toString() == QLatin1String("B602"))
                issue = QString::number(v.toObject().value(QStringLiteral("id")).toInteger());
        }
        QVERIFY(!issue.isEmpty());
        const QString id = idOf(request(QStringLiteral("bob"), issue, QStringLiteral("7d"), QStringLiteral("project")));
        const Run wide = cli.run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), id,
                                                         QStringLiteral("--scope"), QStringLiteral("organization")});
        QCOMPARE(wide.code, 4);
        QVERIFY2(wide.err.contains("not every project there allows self-approval"), wide.err.constData());
        QCOMPARE(cli.gate().value(QStringLiteral("status")).toString(), QStringLiteral("fail")); // dvpwa still fails
        // In its own project it is allowed, as the policy says.
        QCOMPARE(cli.run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), id}).code, 0);
        QCOMPARE(cli.gate().value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
    }

    // Issue 13 on a file: an import or a decision killed (SIGKILL) at any point leaves all of it
    // or nothing, and the audit chain holds (the same test runs on a server in tst_team).
    void killedImportsAndDecisionsLoseNothing()
    {
        cli.setUpTutorial();
        const QString big = Cli::bigSarif(dir.filePath(QStringLiteral("big.sarif")), 20000);
        for (int delayMs : {150, 400, 800, 1500}) {
            const int before = cli.sqlValue(QStringLiteral("SELECT count(*) FROM scan")).toInt();
            const int code = cli.runKilledAfter(QStringLiteral("alice"), {QStringLiteral("import"), big, QStringLiteral("--target"),
                                                                 QStringLiteral("big"), QStringLiteral("--variant"),
                                                                 QStringLiteral("main")},
                                       delayMs);
            const int added = cli.sqlValue(QStringLiteral("SELECT count(*) FROM scan")).toInt() - before;
            QVERIFY2(added == 1 || (added == 0 && code != 0), qPrintable(QStringLiteral("%1 %2").arg(added).arg(code)));
            QCOMPARE(cli.sqlValue(QStringLiteral("SELECT count(*) FROM scan s WHERE s.scanner = 'BigTool' AND"
                                                 " (SELECT count(*) FROM occurrence o WHERE o.scan_id = s.id) <> 20000"))
                         .toInt(),
                     0);
        }
        const QString id = idOf(request(QStringLiteral("alice"), cli.issueIdOf(QStringLiteral("B602")), QStringLiteral("7d")));
        QVERIFY(id.toInt() > 0);
        for (int delayMs : {5, 30, 80, 200}) {
            cli.runKilledAfter(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), id}, delayMs);
            const QString status = cli.sqlValue(QStringLiteral("SELECT status FROM exemption WHERE id = %1").arg(id)).toString();
            QCOMPARE(cli.sqlValue(QStringLiteral("SELECT count(*) FROM exemption_event WHERE exemption_id = %1 AND"
                                                 " action = 'approve'").arg(id))
                         .toInt(),
                     status == QLatin1String("approved") ? 1 : 0);
            if (status == QLatin1String("approved"))
                break;
        }
        const Run verified = verify();
        QVERIFY2(verified.code == 0, verified.out.constData());
    }

    // 15 and 16. A killed init leaves no half database; files are private whatever the umask.
    void initIsAtomicAndPrivate()
    {
        const mode_t old = umask(022);
        for (int delayMs : {5, 30, 80, 150, 300}) {
            const QString path = dir.filePath(QStringLiteral("killed-%1/review.db").arg(delayMs));
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("SECREVIEW_NEW_PASSWORD"), Cli::password());
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(SECREVIEW_BINARY), {QStringLiteral("--db"), path, QStringLiteral("init"),
                                                       QStringLiteral("--admin"), QStringLiteral("admin")});
            QTest::qWait(delayMs);
            p.kill();
            p.waitForFinished(10000);
            // Either nothing is there and init starts again, or the whole database is: never a
            // schema without its admin.
            const Cli again(path);
            const int code =
                again
                    .run(QStringLiteral("admin"),
                         {QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("admin")})
                    .code;
            QVERIFY2(code == 0 || code == 2, qPrintable(QString::number(code)));
            QCOMPARE(
                again.run(QStringLiteral("admin"), {QStringLiteral("user"), QStringLiteral("list")}).code, 0);
        }
        const QString fresh = dir.filePath(QStringLiteral("private/deeper/review.db"));
        QCOMPARE(Cli(fresh)
                     .run(QStringLiteral("admin"),
                          {QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("admin")})
                     .code,
                 0);
        umask(old);
        struct stat st = {};
        QCOMPARE(stat(QFile::encodeName(fresh).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
        QCOMPARE(stat(QFile::encodeName(dir.filePath(QStringLiteral("private/deeper"))).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0700));
        QCOMPARE(stat(QFile::encodeName(dir.filePath(QStringLiteral("private"))).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0700));
    }

    // 18. One open request per issue and scope.
    void oneOpenRequestPerIssueAndScope()
    {
        cli.setUpTutorial();
        const QString b602 = cli.issueIdOf(QStringLiteral("B602"));
        const QString first = idOf(request(QStringLiteral("alice"), b602, QStringLiteral("7d")));
        const Run second = request(QStringLiteral("carol"), b602, QStringLiteral("30d"));
        QCOMPARE(second.code, 2);
        QVERIFY2(second.err.contains(
                     QByteArray("exemption " + first.toUtf8() + " for B602 at target scope is waiting")),
                 second.err.constData());
        QCOMPARE(
            request(QStringLiteral("carol"), b602, QStringLiteral("30d"), QStringLiteral("project")).code,
            0); // another scope
    }

    // 18b. A developer's import of the same target does not reword what a ci or secops import
    // wrote about an issue (the description SecOps reads before deciding); the trusted import's
    // next scan does, and a developer's own issues follow her latest import (decision 91).
    void aDevelopersImportDoesNotRewordTrustedText()
    {
        cli.setUpTutorial();
        const QStringList target{QStringLiteral("--target"), QStringLiteral("dvpwa"), QStringLiteral("--variant"),
                                 QStringLiteral("DEMO-001")};
        const auto description = [&](const QString &rule) {
            const Run shown = cli.run(QStringLiteral("bob"), {QStringLiteral("issue"), QStringLiteral("show"),
                                                              cli.issueIdOf(rule), J, JSON});
            return shown.json().value(QStringLiteral("description")).toString();
        };
        const QString original = description(QStringLiteral("B602"));
        QVERIFY2(original.startsWith(QLatin1String("subprocess call with shell=True")), qPrintable(original));
        QFile demo(Cli::demo(QStringLiteral("DEMO-001")));
        QVERIFY(demo.open(QIODevice::ReadOnly));
        QByteArray text = demo.readAll();
        QVERIFY(text.contains("subprocess call with shell=True identified"));
        text.replace("subprocess call with shell=True identified", "Test fixture only; approved by SecOps, safe to exempt");
        const QString reworded = file(QStringLiteral("reworded.json"), text);
        const QString rewordedText = description(QStringLiteral("B602")).replace(
            QStringLiteral("subprocess call with shell=True identified"),
            QStringLiteral("Test fixture only; approved by SecOps, safe to exempt"));
        // alice imported DEMO-001 in the tutorial: her own later import rewords her issue.
        QCOMPARE(cli.run(QStringLiteral("alice"), QStringList{QStringLiteral("import"), reworded} + target).code, 0);
        QCOMPARE(description(QStringLiteral("B602")), rewordedText);
        // SecOps imports the scanner's own words: they are the issue's now...
        QCOMPARE(cli.run(QStringLiteral("bob"), QStringList{QStringLiteral("import"), Cli::demo(QStringLiteral("DEMO-001"))} + target).code, 0);
        QCOMPARE(description(QStringLiteral("B602")), original);
        // ...and a developer's import (new findings counted as usual) leaves them.
        const Run again = cli.run(QStringLiteral("carol"), QStringList{QStringLiteral("import"), reworded} + target);
        QVERIFY2(again.code == 0, again.err.constData());
        QCOMPARE(description(QStringLiteral("B602")), original);
        QCOMPARE(cli.run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")}).code, 0);
        // The trusted import's next scan may reword it.
        QCOMPARE(cli.run(QStringLiteral("bob"), QStringList{QStringLiteral("import"), reworded} + target).code, 0);
        QCOMPARE(description(QStringLiteral("B602")), rewordedText);
    }

    // 18c. Under a 'ci' gate policy what is new is decided against CI's scans only: a developer's
    // scan of the baseline holding every finding of the branch would make them all "common"
    // (NEW_* 0, what a pipeline's new-issues step reads). Under 'any' it counts, as documented.
    void aDevelopersBaselineScanDoesNotHideNewFindingsUnderCi()
    {
        cli.setUpTutorial(); // alice imported main (the baseline) and DEMO-001
        QCOMPARE(cli.run(QStringLiteral("admin"), {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("pipeline"),
                                                   QStringLiteral("--role"), QStringLiteral("ci")})
                     .code,
                 0);
        const auto importAs = [&](const QString &who, const QString &file, const QString &variant) {
            const Run r = cli.run(who, {QStringLiteral("import"), Cli::demo(file), QStringLiteral("--target"),
                                        QStringLiteral("dvpwa"), QStringLiteral("--variant"), variant});
            QVERIFY2(r.code == 0, r.err.constData());
        };
        const auto newTotal = [&] {
            return cli.gate().value(QStringLiteral("outputVariables")).toObject().value(QStringLiteral("NEW_TOTAL")).toInt(-1);
        };
        for (const QString &policy : {QStringLiteral("ci"), QStringLiteral("any")}) {
            QCOMPARE(cli.run(QStringLiteral("admin"), {QStringLiteral("policy"), QStringLiteral("set"),
                                                       QStringLiteral("--gate-scans"), policy})
                         .code,
                     0);
            importAs(QStringLiteral("pipeline"), QStringLiteral("main"), QStringLiteral("main"));
            importAs(QStringLiteral("pipeline"), QStringLiteral("DEMO-001"), QStringLiteral("DEMO-001"));
            const int honest = newTotal();
            QVERIFY2(honest > 0, qPrintable(QString::number(honest)));
            // alice imports the branch's report as the baseline's latest scan, then CI scans the branch.
            importAs(QStringLiteral("alice"), QStringLiteral("DEMO-001"), QStringLiteral("main"));
            importAs(QStringLiteral("pipeline"), QStringLiteral("DEMO-001"), QStringLiteral("DEMO-001"));
            QCOMPARE(newTotal(), policy == QLatin1String("ci") ? honest : 0);
        }
        QCOMPARE(cli.run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")}).code, 0);
    }

    // 18d. An approval widened to the organization covers every project there: each one's limits
    // hold for the issue's severity in it. A developer's new project without limits is no way
    // round the project whose Critical it would exempt.
    void anOrganizationWideApprovalMeetsEveryProjectsLimits()
    {
        cli.setUpTutorial(); // dvpwa in the default project: B602 Critical
        QCOMPARE(cli.run(QStringLiteral("admin"), {QStringLiteral("policy"), QStringLiteral("set"),
                                                   QStringLiteral("--max-duration"), QStringLiteral("critical=30")})
                     .code,
                 0);
        QCOMPARE(cli.run(QStringLiteral("alice"), {QStringLiteral("import"), Cli::demo(QStringLiteral("DEMO-001")),
                                                   QStringLiteral("--target"), QStringLiteral("fork"), QStringLiteral("--variant"),
                                                   QStringLiteral("x"), QStringLiteral("--project"), QStringLiteral("sandbox")})
                     .code,
                 0);
        QString forkIssue;
        for (const QJsonValue v : cli.run(QStringLiteral("alice"), {QStringLiteral("issues"), QStringLiteral("--target"),
                                                                    QStringLiteral("fork"), QStringLiteral("--variant"),
                                                                    QStringLiteral("x"), J, JSON})
                                      .json()
                                      .value(QStringLiteral("issues"))
                                      .toArray()) {
            if (v.toObject().value(QStringLiteral("rule")).toString() == QLatin1String("B602"))
                forkIssue = QString::number(v.toObject().value(QStringLiteral("id")).toInteger());
        }
        QVERIFY(!forkIssue.isEmpty());
        const Run asked = request(QStringLiteral("alice"), forkIssue, QStringLiteral("permanent"), QStringLiteral("project"));
        QVERIFY2(asked.code == 0, asked.err.constData()); // sandbox has no limits
        const Run widened = cli.run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), idOf(asked),
                                                            QStringLiteral("--scope"), QStringLiteral("organization")});
        QCOMPARE(widened.code, 4);
        QVERIFY2(widened.err.contains("of project default, which the organization scope covers: Critical issues may be "
                                      "exempted for at most 30 days"),
                 widened.err.constData());
        QCOMPARE(cli.gate().value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
        // Within the project asked for, sandbox's (no) limits decide.
        QCOMPARE(cli.run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), idOf(asked)}).code, 0);
        QCOMPARE(cli.gate().value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
    }

    // 18e. Deleting a scan that others were compared with compares them with the scan before it:
    // under a 'ci' gate policy a ci account's, never a developer's (which would make CI's new
    // findings common).
    void aDeletedComparisonIsReplacedByACiScanUnderCi()
    {
        cli.setUpTutorial(); // alice's main is the baseline
        QCOMPARE(cli.run(QStringLiteral("admin"), {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("pipeline"),
                                                   QStringLiteral("--role"), QStringLiteral("ci")})
                     .code,
                 0);
        QCOMPARE(cli.run(QStringLiteral("admin"), {QStringLiteral("policy"), QStringLiteral("set"),
                                                   QStringLiteral("--gate-scans"), QStringLiteral("ci")})
                     .code,
                 0);
        const auto importAs = [&](const QString &who, const QString &file, const QString &variant) {
            const Run r = cli.run(who, {QStringLiteral("import"), Cli::demo(file), QStringLiteral("--target"),
                                        QStringLiteral("dvpwa"), QStringLiteral("--variant"), variant, J, JSON});
            return QString::number(
                r.json().value(QStringLiteral("scans")).toArray().first().toObject().value(QStringLiteral("id")).toInteger());
        };
        importAs(QStringLiteral("alice"), QStringLiteral("DEMO-001"), QStringLiteral("main")); // the branch's findings, as main
        const QString ciMain = importAs(QStringLiteral("pipeline"), QStringLiteral("main"), QStringLiteral("main"));
        importAs(QStringLiteral("pipeline"), QStringLiteral("DEMO-001"), QStringLiteral("DEMO-001"));
        const auto newTotal = [&] {
            return cli.gate().value(QStringLiteral("outputVariables")).toObject().value(QStringLiteral("NEW_TOTAL")).toInt(-1);
        };
        QCOMPARE(newTotal(), 2); // B602 and B404 are new against CI's main
        const Run deleted = cli.run(QStringLiteral("bob"), {QStringLiteral("scan"), QStringLiteral("delete"), ciMain});
        QVERIFY2(deleted.code == 0, deleted.err.constData());
        QCOMPARE(newTotal(), 3); // no ci scan of main is left: every issue is new, none made common by alice's
        QCOMPARE(cli.run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")}).code, 0);
    }

    // 18f. An exemption approved for what its issue was then does not cover what it became: a Low
    // copy imported, requested for 90 days and approved (Low has no limit), then the real Critical
    // imported where the exemption reaches. The project allows a Critical 30 days: the gate fails
    // closed and says why, until SecOps decide again. A rise within the limits changes nothing.
    void anExemptionDoesNotOutgrowWhatWasApproved()
    {
        cli.setUpTutorial();
        QCOMPARE(cli.run(QStringLiteral("admin"), {QStringLiteral("policy"), QStringLiteral("set"),
                                                   QStringLiteral("--max-duration"), QStringLiteral("critical=30,medium=120")})
                     .code,
                 0);
        const QStringList lowt{QStringLiteral("--target"), QStringLiteral("lowt"), QStringLiteral("--variant"),
                               QStringLiteral("main")};
        QCOMPARE(cli.run(QStringLiteral("alice"), QStringList{QStringLiteral("import"), doctoredDemo("LOW")} + lowt).code, 0);
        const auto issueOf = [&](const QString &rule) {
            for (const QJsonValue v : cli.run(QStringLiteral("alice"), QStringList{QStringLiteral("issues")} + lowt + QStringList{J, JSON})
                                          .json()
                                          .value(QStringLiteral("issues"))
                                          .toArray()) {
                if (v.toObject().value(QStringLiteral("rule")).toString() == rule)
                    return QString::number(v.toObject().value(QStringLiteral("id")).toInteger());
            }
            return QString();
        };
        const Run asked = request(QStringLiteral("alice"), issueOf(QStringLiteral("B602")), QStringLiteral("90d"));
        QVERIFY2(asked.code == 0, asked.err.constData());
        QCOMPARE(cli.run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), idOf(asked)}).code, 0);
        // B303 was Medium in the file, Low in the copy: approved for 90 days, Medium allows 120.
        const Run within = request(QStringLiteral("alice"), issueOf(QStringLiteral("B303")), QStringLiteral("90d"));
        QVERIFY2(within.code == 0, within.err.constData());
        QCOMPARE(cli.run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), idOf(within)}).code, 0);
        const QStringList gate = QStringList{QStringLiteral("gate")} + lowt +
                                 QStringList{QStringLiteral("--fail-on-severity"), QStringLiteral("critical"), J, JSON};
        QCOMPARE(cli.run(QStringLiteral("alice"), gate).json().value(QStringLiteral("status")).toString(), QStringLiteral("pass"));
        QCOMPARE(cli.run(QStringLiteral("alice"), QStringList{QStringLiteral("import"), Cli::demo(QStringLiteral("DEMO-001"))} + lowt)
                     .code,
                 0);
        const Run judged = cli.run(QStringLiteral("alice"), gate);
        QCOMPARE(judged.code, 1);
        const QString message = judged.json().value(QStringLiteral("message")).toString();
        QVERIFY2(message.contains(QStringLiteral("exemption %1 was approved when Bandit B602 was at most Low there; it is "
                                                 "Critical now, and Critical issues may be exempted for at most 30 days")
                                      .arg(idOf(asked))),
                 qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("exemption %1 ").arg(idOf(within))), qPrintable(message));
        // Nothing was tampered with: the message asks for a decision, not for an audit.
        QVERIFY2(message.endsWith(
                     QStringLiteral("SecOps decide again (reject it; a new request within the limits)")),
                 qPrintable(message));
        // SecOps decide again: the Critical's exemption is rejected, the gate judges the issue.
        QCOMPARE(cli.run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("reject"), idOf(asked)}).code, 0);
        const QJsonObject after = cli.run(QStringLiteral("alice"), gate).json();
        QCOMPARE(after.value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
        QVERIFY2(!after.value(QStringLiteral("message")).toString().contains(QStringLiteral("approved when")),
                 qPrintable(after.value(QStringLiteral("message")).toString()));
    }

    // 19. A strict command line: no last-one-wins, no stray words, numbers that are numbers, and
    // no SQL in a message.
    void theCommandLineIsStrict()
    {
        cli.setUpTutorial();
        QCOMPARE(cli.run(QStringLiteral("alice"),
                         {QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                          QStringLiteral("--variant"), QStringLiteral("DEMO-001"),
                          QStringLiteral("--fail-on-severity"), QStringLiteral("critical"),
                          QStringLiteral("--fail-on-severity"), QStringLiteral("none")})
                     .code,
                 2);
        QCOMPARE(cli.run(QStringLiteral("alice"),
                         {QStringLiteral("gate"), QStringLiteral("stray"), QStringLiteral("--target"),
                          QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("DEMO-001"),
                          QStringLiteral("--fail-on-severity"), QStringLiteral("none")})
                     .code,
                 2);
        QCOMPARE(cli.run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("log"),
                                                   QStringLiteral("--limit"), QStringLiteral("abc")})
                     .code,
                 2);
        const Run search =
            cli.run(QStringLiteral("alice"),
                    {QStringLiteral("issues"), QStringLiteral("--search"), QString(50000, QLatin1Char('%'))});
        QCOMPARE(search.code, 2);
        QVERIFY(!search.err.contains("SELECT") && !search.out.contains("SELECT"));
    }
};

// What only a file has: its own count of sign-in failures (a server's logins are refused by the
// server, which slows and logs every guess but counts none: docs/team-mode.md) and file modes.
class TestHostileOnAFile : public HostileSuite
{
    Q_OBJECT

private slots:
    void init() { HostileSuite::init(); }

    // 8. Every guess counts, concurrent ones too; a busy database is not a free guess.
    void everyGuessCounts()
    {
        cli.setUpTutorial();
        QList<QProcess *> guesses;
        for (int i = 0; i < 16; ++i) {
            auto *p = new QProcess(this);
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("SECREVIEW_USER"), QStringLiteral("bob"));
            env.insert(QStringLiteral("SECREVIEW_PASSWORD"),
                       i == 15 ? Cli::password() : QStringLiteral("guess-%1").arg(i));
            p->setProcessEnvironment(env);
            p->start(QStringLiteral(SECREVIEW_BINARY),
                     {QStringLiteral("--db"), cli.db, QStringLiteral("issues")});
            guesses.append(p);
        }
        int checkedWrong = 0;
        for (int i = 0; i < guesses.size(); ++i) {
            QProcess *p = guesses.at(i);
            QVERIFY(p->waitForFinished(120000));
            const QByteArray err = p->readAllStandardError();
            QVERIFY2(p->exitCode() == 0 || p->exitCode() == 4 || p->exitCode() == 6, err.constData());
            if (i < 15)
                QVERIFY(p->exitCode() != 0);
            checkedWrong += i < 15 && err.contains("wrong password");
        }
        qDeleteAll(guesses);
        // Every guess whose password was checked was counted first.
        const int counted =
            cli
                .sqlValue(QStringLiteral(
                    "SELECT count(*) FROM audit_entry WHERE action = 'auth.failure' AND object_id = 'bob'"))
                .toInt();
        QCOMPARE(counted, checkedWrong);
        QVERIFY(counted >= 3);
        QVERIFY(cli.sqlValue(QStringLiteral("SELECT locked_until FROM app_user WHERE name = 'bob'"))
                    .toLongLong() > 0);
        // A database held by another writer refuses the attempt before the password is checked:
        // the right password does not get in either (no answer, no guess).
        const WriteLock lock(cli.db);
        QVERIFY(lock.held);
        const Run busy = cli.run(QStringLiteral("alice"), {QStringLiteral("issues")});
        QCOMPARE(busy.code, 6);
    }

    // 9 and 10. Unknown names, disabled accounts and real ones refuse and lock alike; what was
    // typed for a name that is no account is not kept.
    void refusalsDoNotTellWhichNamesExist()
    {
        cli.setUpTutorial();
        QCOMPARE(cli.run(QStringLiteral("admin"),
                         {QStringLiteral("user"), QStringLiteral("disable"), QStringLiteral("carol")})
                     .code,
                 0);
        for (const QString &name :
             {QStringLiteral("bob"), QStringLiteral("nobody-here"), QStringLiteral("carol")}) {
            QByteArray last;
            for (int i = 0; i < 4; ++i) {
                const Run r = cli.run(name, {QStringLiteral("issues")}, QStringLiteral("wrong-%1").arg(i));
                QCOMPARE(r.code, 4);
                last = r.err;
            }
            QVERIFY2(last.contains("3 failed attempts; try again in"),
                     qPrintable(name + QLatin1String(": ") + QString::fromUtf8(last)));
        }
        const QString secret = QStringLiteral("Hunter2-the-real-password");
        QCOMPARE(cli.run(secret, {QStringLiteral("issues")}).code, 4);
        const Run log =
            cli.run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("log"), J, JSON});
        QVERIFY(!log.out.contains(secret.toUtf8()));
        QVERIFY(!log.out.contains("nobody-here"));
        QVERIFY(log.out.contains("(unknown user)"));
    }

    // 17. A read-only database serves reading commands; an empty file is never given a schema.
    void readOnlyWorksForReading()
    {
        cli.setUpTutorial();
        const QString empty = file(QStringLiteral("empty.db"), {});
        QCOMPARE(Cli(empty).run(QStringLiteral("alice"), {QStringLiteral("issues")}).code, 6);
        QCOMPARE(QFileInfo(empty).size(), 0);
        // Read-only for the user who runs it: as nobody when the tests run as root (root may write
        // anything), else by taking the write permission away.
        const QString folder = dir.filePath(QStringLiteral("shared"));
        QDir().mkpath(folder);
        const QString copy = folder + QStringLiteral("/review.db");
        QVERIFY(QFile::copy(cli.db, copy));
        QStringList prefix;
        if (geteuid() == 0) {
            QVERIFY(QFile::setPermissions(copy, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                    QFileDevice::ReadOther | QFileDevice::ReadGroup));
            QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                      QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                                      QFileDevice::ExeOther));
            QVERIFY(chmod(QFile::encodeName(dir.path()).constData(), 0711) == 0); // nobody may pass through
            prefix = {QStringLiteral("runuser"), QStringLiteral("-u"), QStringLiteral("nobody"),
                      QStringLiteral("--")};
        } else {
            QVERIFY(QFile::setPermissions(copy, QFileDevice::ReadOwner));
        }
        auto runReadOnly = [&](const QStringList &args, const QString &password = Cli::password()) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("SECREVIEW_USER"), QStringLiteral("alice"));
            env.insert(QStringLiteral("SECREVIEW_PASSWORD"), password);
            env.insert(QStringLiteral("HOME"), QStringLiteral("/tmp"));
            p.setProcessEnvironment(env);
            const QStringList command =
                prefix + QStringList{QStringLiteral(SECREVIEW_BINARY), QStringLiteral("--db"), copy} + args;
            p.start(command.first(), command.mid(1));
            p.waitForFinished(60000);
            return std::pair(p.exitCode(), p.readAllStandardError());
        };
        QElapsedTimer signIn;
        signIn.start();
        const auto gate =
            runReadOnly({QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                         QStringLiteral("--variant"), QStringLiteral("DEMO-001"),
                         QStringLiteral("--fail-on-severity"), QStringLiteral("critical")});
        QVERIFY2(gate.first == 1, gate.second.constData()); // read and evaluated: the Critical fails it
        // Nothing can be counted in a file this user may not write: every sign-in costs a second
        // instead, right or wrong, so guessing against it is no faster than the lockout allows.
        QVERIFY2(signIn.elapsed() >= 1000, qPrintable(QString::number(signIn.elapsed())));
        for (int i = 0; i < 2; ++i) {
            signIn.restart();
            const auto guess = runReadOnly({QStringLiteral("issues")}, QStringLiteral("guess-%1").arg(i));
            QCOMPARE(guess.first, 4);
            QVERIFY2(signIn.elapsed() >= 1000, qPrintable(QString::number(signIn.elapsed())));
        }
        const auto write =
            runReadOnly({QStringLiteral("baseline"), QStringLiteral("set"), QStringLiteral("--target"),
                         QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("DEMO-001")});
        QCOMPARE(write.first, 4); // alice may not set baselines: refused by the model first
        const auto import = runReadOnly({QStringLiteral("import"), Cli::demo(QStringLiteral("main")),
                                         QStringLiteral("--target"), QStringLiteral("dvpwa"),
                                         QStringLiteral("--variant"), QStringLiteral("x")});
        QCOMPARE(import.first, 6);
        QVERIFY2(import.second.contains("read-only") && !import.second.contains("INSERT"),
                 import.second.constData());
    }
};

// The suite on the engine SECREVIEW_TEST_ENGINE names; the file's own attacks on a file only.
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    TestHostile either;
    TestHostileOnAFile file;
    return TeamServer::runSuites(argc, argv, &either, &file);
}

#include "tst_hostile.moc"
