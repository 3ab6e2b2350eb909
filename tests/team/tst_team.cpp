// Team mode on a real PostgreSQL server (the throwaway cluster of scripts/pg-cluster.sh, started
// by CTest's pg fixture): the tutorial on the server, then what a user with psql and their own
// password tries, users as server logins, two SecOps racing on one request, parallel imports and
// clients killed halfway. Every attack is performed for real and must be refused by the server.
#include "model/scans/RawEntries.h"
#include "model/users/UserDirectory.h"
#include "tests/TestSupport.h"
#include "tests/team/TeamServer.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QRegularExpression>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace secreview::test;

namespace {
// waitForFinished() says false for a process that has finished already.
bool finished(QProcess &p, int ms = 60000)
{
    return p.state() == QProcess::NotRunning || p.waitForFinished(ms);
}

const QString J = QStringLiteral("--format");
const QString JSON = QStringLiteral("json");

// Everything a decision, a scan, a policy, a user or the audit log is: one digest, so that an
// attack that changed anything at all is seen.
const QString kStateDigest = QStringLiteral(
    "SELECT md5(concat_ws('|',"
    " (SELECT string_agg(e::text, ',' ORDER BY e.id) FROM secreview.exemption e),"
    " (SELECT string_agg(ev::text, ',' ORDER BY ev.id) FROM secreview.exemption_event ev),"
    " (SELECT string_agg(eo::text, ',' ORDER BY eo.exemption_id, eo.fingerprint) FROM secreview.exemption_occurrence eo),"
    " (SELECT string_agg(s::text, ',' ORDER BY s.id) FROM secreview.scan s),"
    " (SELECT string_agg(si::text, ',' ORDER BY si.scan_id, si.issue_id) FROM secreview.scan_issue si),"
    " (SELECT string_agg(o::text, ',' ORDER BY o.id) FROM secreview.occurrence o),"
    " (SELECT string_agg(i::text, ',' ORDER BY i.id) FROM secreview.issue i),"
    " (SELECT string_agg(a::text, ',' ORDER BY a.id) FROM secreview.audit_entry a),"
    " (SELECT string_agg(p::text, ',' ORDER BY p.id) FROM secreview.project p),"
    " (SELECT string_agg(ep::text, ',' ORDER BY ep.project_id) FROM secreview.exemption_policy ep),"
    " (SELECT string_agg(u::text, ',' ORDER BY u.id) FROM secreview.app_user u),"
    " (SELECT string_agg(r::text, ',' ORDER BY r.user_id, r.role) FROM secreview.user_role r),"
    " (SELECT string_agg(b::text, ',' ORDER BY b.target_id) FROM secreview.baseline b),"
    " (SELECT string_agg(tr::text, ',' ORDER BY tr.issue_id) FROM secreview.issue_triage tr),"
    " (SELECT string_agg(n::text, ',' ORDER BY n.id) FROM secreview.issue_note n),"
    " (SELECT string_agg(rolname || rolcanlogin::text, ',' ORDER BY rolname) FROM pg_roles),"
    " (SELECT string_agg(m.roleid::regrole::text || '>' || m.member::regrole::text, ',' ORDER BY 1)"
    "  FROM pg_auth_members m)))");

// An audit entry as the program would write it, hash and chain included, in SQL: what a user who
// read the source would insert to speak in someone else's name or to report what they did by
// hand. objectId is an SQL expression.
QString forgedEntry(const QString &actor, const QString &action, const QString &objectType, const QString &objectId,
                    const QString &details)
{
    return QStringLiteral(
               "INSERT INTO audit_entry(at, actor, action, object_type, object_id, details, prev_hash, hash)"
               " SELECT n, '%1', '%2', '%3', o, '%4', prev,"
               " encode(sha256(convert_to(prev || chr(31) || n::text || chr(31) || '%1' || chr(31) ||"
               " '%2' || chr(31) || '%3' || chr(31) || o || chr(31) || '%4', 'UTF8')), 'hex')"
               " FROM (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS n, (%5)::text AS o,"
               " (SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1) AS prev) x")
        .arg(actor, action, objectType, details, objectId);
}

// A scan row by hand, the latest scan's copy, at time %1 by user id %2: the start of an import
// done in psql (the server then lets the transaction write that target's issues).
const QString kCopyScan = QStringLiteral(
    "INSERT INTO scan(target_id, variant_id, scanner, format, file_name, file_sha256, file_size, imported_at,"
    " imported_by) SELECT target_id, variant_id, scanner, format, file_name, file_sha256, file_size, %1, %2"
    " FROM scan ORDER BY id DESC LIMIT 1");

QString forgedAuditEntry(const QString &actor)
{
    return forgedEntry(actor, QStringLiteral("exemption.approve"), QStringLiteral("exemption"),
                       QStringLiteral("(SELECT max(id) FROM exemption)"),
                       QStringLiteral("{\"state\":{\"status\":\"approved\",\"scope\":\"target\"}}"));
}

// What may differ between two runs of the same command on two databases made a few seconds apart:
// the times, where the database is, and the issues' surrogate keys (a server's sequence moves on
// an upsert that updates; SQLite's rowid does not).
QString comparable(QByteArray output, const QString &location)
{
    QString text = QString::fromUtf8(output);
    text.replace(location, QStringLiteral("<db>"));
    static const QRegularExpression times(QStringLiteral(
        "\\d{4}-\\d\\d-\\d\\d([T ]\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?)?(Z|[+-]\\d\\d:\\d\\d| UTC)?|\\b1[6-9]\\d{11}\\b"));
    text.replace(times, QStringLiteral("<time>"));
    static const QRegularExpression issueIds(QStringLiteral("(\"(id|issue)\": ?|issue |Issue |issues/)\\d+"));
    text.replace(issueIds, QStringLiteral("\\1<n>"));
    static const QRegularExpression tableIds(QStringLiteral("(?m)^\\d+(\\s{2,})"));
    text.replace(tableIds, QStringLiteral("<n>\\1"));
    static const QRegularExpression hashes(QStringLiteral("\\b[0-9a-f]{64}\\b"));
    text.replace(hashes, QStringLiteral("<hash>"));
    static const QRegularExpression sealBuckets(QStringLiteral("\\[\\d+,\"<hash>\"\\]")); // their first issue ids
    text.replace(sealBuckets, QStringLiteral("[<n>,\"<hash>\"]"));
    return text;
}

class TstTeam : public QObject
{
    Q_OBJECT

    TeamServer server;
    Cli cli{QString()};

    Run as(const QString &user, const QStringList &args) const { return cli.run(user, args); }

    void tutorialOn(const QString &database)
    {
        server = TeamServer::fresh(database);
        cli = server.cli();
        cli.setUpTutorial();
    }

    QString request(const QString &rule, const QString &scope = QStringLiteral("target"))
    {
        const Run r = as(QStringLiteral("alice"),
                         {QStringLiteral("exemption"), QStringLiteral("request"), cli.issueIdOf(rule),
                          QStringLiteral("--scope"), scope, QStringLiteral("--duration"), QStringLiteral("7d"),
                          QStringLiteral("--reason"), QStringLiteral("Other"), QStringLiteral("--description"),
                          QStringLiteral("Tutorial example pipeline"), J, JSON});
        if (r.code != 0)
            qWarning() << r.err;
        return QString::number(r.json().value(QStringLiteral("exemption")).toObject().value(QStringLiteral("id")).toInteger());
    }

    void addUser(const QString &name, const QString &role)
    {
        QCOMPARE(as(QStringLiteral("admin"), {QStringLiteral("user"), QStringLiteral("add"), name,
                                              QStringLiteral("--role"), role})
                     .code,
                 0);
    }

    void auditHolds()
    {
        const Run verify = as(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(verify.code == 0, QByteArray(verify.out + verify.err).constData());
    }

private slots:
    void initTestCase()
    {
        QString why;
        QVERIFY2(TeamServer::available(&why), qPrintable(why));
    }

    void tutorialOnTheServer()
    {
        tutorialOn(QStringLiteral("team_tutorial"));
        QJsonObject gate = cli.gate();
        QCOMPARE(gate.value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
        QCOMPARE(gate.value(QStringLiteral("outputVariables")).toObject().value(QStringLiteral("CRITICAL")).toInt(), 1);
        QCOMPARE(gate.value(QStringLiteral("outputVariables")).toObject().value(QStringLiteral("NEW_CRITICAL")).toInt(), 1);
        const QString id = request(QStringLiteral("B602"));
        QVERIFY(id.toInt() > 0);
        const QStringList approve{QStringLiteral("exemption"), QStringLiteral("approve"), id};
        QCOMPARE(as(QStringLiteral("carol"), approve).code, 4); // a developer
        QCOMPARE(as(QStringLiteral("alice"), approve).code, 4); // her own
        const Run wrong = cli.run(QStringLiteral("bob"), approve, QStringLiteral("not-his-password"));
        QCOMPARE(wrong.code, 4);
        const Run unknown = cli.run(QStringLiteral("mallory"), approve, QStringLiteral("not-his-password"));
        QCOMPARE(unknown.code, 4);
        // One message for both: which logins exist is not told.
        QCOMPARE(QString::fromUtf8(wrong.err).replace(QStringLiteral("'bob'"), QStringLiteral("'X'")),
                 QString::fromUtf8(unknown.err).replace(QStringLiteral("'mallory'"), QStringLiteral("'X'")));
        QCOMPARE(as(QStringLiteral("bob"), approve).code, 0);
        gate = cli.gate();
        QCOMPARE(gate.value(QStringLiteral("status")).toString(), QStringLiteral("pass"));
        QCOMPARE(gate.value(QStringLiteral("outputVariables")).toObject().value(QStringLiteral("IGNORED")).toInt(), 1);
        QCOMPARE(gate.value(QStringLiteral("outputVariables")).toObject().value(QStringLiteral("CRITICAL")).toInt(), 0);
        auditHolds();
        QCOMPARE(as(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("delete"), id}).code, 0);
        QCOMPARE(cli.gate().value(QStringLiteral("status")).toString(), QStringLiteral("fail"));
        auditHolds();
        const Run check = as(QStringLiteral("alice"), {QStringLiteral("db"), QStringLiteral("check")});
        QVERIFY2(check.code == 0, QByteArray(check.out + check.err).constData());
        QVERIFY2(check.out.contains("server rules"), check.out.constData());
        // A rule switched off by the server's administrator is named.
        QCOMPARE(server.superuser(QStringLiteral("ALTER TABLE secreview.exemption DISABLE TRIGGER exemption_check")).code, 0);
        const Run broken = as(QStringLiteral("alice"), {QStringLiteral("db"), QStringLiteral("check")});
        QCOMPARE(broken.code, 1);
        QVERIFY2(broken.out.contains("the trigger exemption_check is disabled"), broken.out.constData());
        QCOMPARE(server.superuser(QStringLiteral("ALTER TABLE secreview.exemption ENABLE TRIGGER exemption_check")).code, 0);
        // A refusal by the server's rules reads as the rule, not as the driver's text: logins are the
        // cluster's, and this one is the administrator's.
        const Run taken = as(QStringLiteral("admin"), {QStringLiteral("user"), QStringLiteral("add"),
                                                       QStringLiteral("secreview_super"), QStringLiteral("--role"),
                                                       QStringLiteral("viewer")});
        QCOMPARE(taken.code, 4);
        QVERIFY2(taken.err.contains("the server refused: the server has a role named secreview_super already")
                     && !taken.err.contains("ERROR:"),
                 taken.err.constData());
    }

    void everyCommandAgreesWithAFile()
    {
        // The demo on both engines, then the same commands on both: the same exit codes and,
        // but for times and hashes, the same output.
        QTemporaryDir dir;
        Cli file(dir.filePath(QStringLiteral("demo.db")));
        QCOMPARE(file.run({}, {QStringLiteral("demo")}).code, 0);
        server = TeamServer::fresh(QStringLiteral("team_demo"));
        cli = server.cli();
        const Run made = cli.run({}, {QStringLiteral("demo")});
        QVERIFY2(made.code == 0, made.err.constData());
        // Issue ids are each database's own: %B602% and %B404% stand for them.
        const QString b602 = QStringLiteral("%B602%");
        const QString b404 = QStringLiteral("%B404%");
        auto onEngine = [](const Cli &c, QStringList args) {
            for (QString &a : args) {
                if (a != QLatin1String("%B602%") && a != QLatin1String("%B404%"))
                    continue;
                const QString rule = a.mid(1, 4);
                const QJsonArray issues = c.run(QStringLiteral("alice"), {QStringLiteral("issues"), QStringLiteral("--target"),
                                                                          QStringLiteral("dvpwa"), QStringLiteral("--variant"),
                                                                          QStringLiteral("DEMO-001"), J, JSON},
                                                QStringLiteral("alice-demo-pass"))
                                              .json()
                                              .value(QStringLiteral("issues"))
                                              .toArray();
                for (const QJsonValue &v : issues) {
                    if (v.toObject().value(QStringLiteral("rule")).toString() == rule)
                        a = QString::number(v.toObject().value(QStringLiteral("id")).toInteger());
                }
                if (a.startsWith(QLatin1Char('%')))
                    qFatal("no %s in DEMO-001", qPrintable(rule));
            }
            return args;
        };
        const QString pipeline = QStringLiteral("tutorial4integratedstoci");
        struct Step
        {
            QString user;
            QStringList args;
            bool sameOutput = true;
        };
        const QList<Step> steps{
            {QStringLiteral("alice"), {QStringLiteral("issues"), J, JSON}},
            {QStringLiteral("alice"), {QStringLiteral("issues"), QStringLiteral("--target"), QStringLiteral("dvpwa"), QStringLiteral("--variant"),
                                       QStringLiteral("DEMO-001"), QStringLiteral("--severity"), QStringLiteral("critical,high")}},
            {QStringLiteral("alice"), {QStringLiteral("issues"), QStringLiteral("--search"), QStringLiteral("MD5"), J, JSON}},
            {QStringLiteral("alice"), {QStringLiteral("issues"), QStringLiteral("--exempted"), QStringLiteral("only"), J, JSON}},
            {QStringLiteral("alice"), {QStringLiteral("issues"), QStringLiteral("--scan"), QStringLiteral("3"), J, JSON}},
            {QStringLiteral("alice"), {QStringLiteral("issue"), QStringLiteral("show"), b602, J, JSON}},
            {QStringLiteral("alice"), {QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("dvpwa"), QStringLiteral("--variant"),
                                       QStringLiteral("DEMO-001"), QStringLiteral("--fail-on-severity"), QStringLiteral("critical"), J, JSON}},
            {QStringLiteral("alice"), {QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("sto-tutorial-test-private"),
                                       QStringLiteral("--variant"), QStringLiteral("43"), QStringLiteral("--fail-on-severity"), QStringLiteral("high")}},
            {QStringLiteral("alice"), {QStringLiteral("exemption"), QStringLiteral("list"), J, JSON}},
            {QStringLiteral("alice"), {QStringLiteral("pipeline"), QStringLiteral("list"), J, JSON}},
            {QStringLiteral("alice"), {QStringLiteral("pipeline"), QStringLiteral("show"), pipeline}},
            {QStringLiteral("alice"), {QStringLiteral("pipeline"), QStringLiteral("history"), pipeline}},
            {QStringLiteral("alice"), {QStringLiteral("pipeline"), QStringLiteral("check"), pipeline}},
            {QStringLiteral("bob"), {QStringLiteral("pipeline"), QStringLiteral("gate"), pipeline, QStringLiteral("--variant"),
                                     QStringLiteral("DEMO-001"), QStringLiteral("--execution"), QStringLiteral("42"), J, JSON}},
            {QStringLiteral("bob"), {QStringLiteral("pipeline"), QStringLiteral("gate"), pipeline, QStringLiteral("--variant"),
                                     QStringLiteral("DEMO-001")}},
            {QStringLiteral("alice"), {QStringLiteral("policy"), QStringLiteral("show"), J, JSON}},
            {QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), QStringLiteral("1"), QStringLiteral("--comment"),
                                     QStringLiteral("ok for the demo")}},
            {QStringLiteral("alice"), {QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("dvpwa"), QStringLiteral("--variant"),
                                       QStringLiteral("DEMO-001"), QStringLiteral("--fail-on-severity"), QStringLiteral("critical"), J, JSON}},
            {QStringLiteral("bob"), {QStringLiteral("pipeline"), QStringLiteral("gate"), pipeline, QStringLiteral("--variant"),
                                     QStringLiteral("DEMO-001"), QStringLiteral("--execution"), QStringLiteral("42"), J, JSON}},
            {QStringLiteral("admin"), {QStringLiteral("policy"), QStringLiteral("set"), QStringLiteral("--max-duration"),
                                       QStringLiteral("low=30"), QStringLiteral("--require-url"), QStringLiteral("Other")}},
            {QStringLiteral("alice"), {QStringLiteral("exemption"), QStringLiteral("request"), b404, QStringLiteral("--scope"),
                                       QStringLiteral("target"), QStringLiteral("--duration"), QStringLiteral("90d"), QStringLiteral("--reason"),
                                       QStringLiteral("Other"), QStringLiteral("--description"), QStringLiteral("too long")}},
            {QStringLiteral("alice"), {QStringLiteral("exemption"), QStringLiteral("request"), b404, QStringLiteral("--scope"),
                                       QStringLiteral("project"), QStringLiteral("--duration"), QStringLiteral("7d"), QStringLiteral("--reason"),
                                       QStringLiteral("Other"), QStringLiteral("--description"), QStringLiteral("short"),
                                       QStringLiteral("--url"), QStringLiteral("https://tracker.example/DEMO-1")}},
            {QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("reject"), QStringLiteral("2")}},
            {QStringLiteral("alice"), {QStringLiteral("exemption"), QStringLiteral("reopen"), QStringLiteral("2")}},
            {QStringLiteral("alice"), {QStringLiteral("exemption"), QStringLiteral("cancel"), QStringLiteral("2")}},
            {QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("delete"), QStringLiteral("1")}},
            {QStringLiteral("bob"), {QStringLiteral("baseline"), QStringLiteral("set"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                                     QStringLiteral("--regex"), QStringLiteral("^main$")}},
            {QStringLiteral("alice"), {QStringLiteral("import"), fixture(QStringLiteral("semgrep/many_findings.json")), QStringLiteral("--target"),
                                       QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("DEMO-002")}},
            {QStringLiteral("alice"), {QStringLiteral("issues"), QStringLiteral("--target"), QStringLiteral("dvpwa"), QStringLiteral("--variant"),
                                       QStringLiteral("DEMO-002"), J, JSON}},
            {QStringLiteral("alice"), {QStringLiteral("pipeline"), QStringLiteral("import"), fixture(QStringLiteral("pipelines/harness-docs-private-registry-bandit.yaml"))}},
            {QStringLiteral("alice"), {QStringLiteral("exemption"), QStringLiteral("approve"), QStringLiteral("1")}, false},
            {QStringLiteral("admin"), {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("dave"), QStringLiteral("--role"),
                                       QStringLiteral("viewer,ci")}},
            {QStringLiteral("admin"), {QStringLiteral("user"), QStringLiteral("list"), J, JSON}},
            {QStringLiteral("admin"), {QStringLiteral("policy"), QStringLiteral("set"), QStringLiteral("--self-approval"), QStringLiteral("on"),
                                       QStringLiteral("--gate-scans"), QStringLiteral("ci")}},
            {QStringLiteral("alice"), {QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("dvpwa"), QStringLiteral("--variant"),
                                       QStringLiteral("DEMO-001"), QStringLiteral("--fail-on-severity"), QStringLiteral("critical")}},
            {QStringLiteral("alice"), {QStringLiteral("audit"), QStringLiteral("log"), QStringLiteral("--limit"), QStringLiteral("8")}},
            {QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")}},
            {QStringLiteral("alice"), {QStringLiteral("db"), QStringLiteral("check")}, false},
        };
        for (const Step &step : steps) {
            const QString what = step.user + QLatin1Char(' ') + step.args.join(QLatin1Char(' '));
            const QString password = step.user + QStringLiteral("-demo-pass");
            const Run onFile = file.run(step.user, onEngine(file, step.args), password);
            const Run onServer = cli.run(step.user, onEngine(cli, step.args), password);
            QVERIFY2(onFile.code == onServer.code,
                     qPrintable(QStringLiteral("%1: exit %2 on a file, %3 on the server: %4")
                                    .arg(what).arg(onFile.code).arg(onServer.code).arg(QString::fromUtf8(onServer.err))));
            if (step.sameOutput) {
                for (const auto &[server_, file_] : {std::pair{comparable(onServer.out, server.location()), comparable(onFile.out, file.db)},
                                                     std::pair{comparable(onServer.err, server.location()), comparable(onFile.err, file.db)}}) {
                    const QStringList a = server_.split(QLatin1Char('\n'));
                    const QStringList b = file_.split(QLatin1Char('\n'));
                    for (qsizetype i = 0; i < qMax(a.size(), b.size()); ++i) {
                        QVERIFY2(a.value(i) == b.value(i),
                                 qPrintable(QStringLiteral("%1: line %2 is '%3' on the server, '%4' on a file")
                                                .arg(what).arg(i + 1).arg(a.value(i), b.value(i))));
                    }
                }
            }
        }
    }

    void copyThereAndBackKeepsTheAuditChain()
    {
        QTemporaryDir dir;
        Cli file(dir.filePath(QStringLiteral("laptop.db")));
        QCOMPARE(file.run({}, {QStringLiteral("demo")}).code, 0);
        // A deleted scan (the latest, so that its id would be the next one) goes along.
        QCOMPARE(file.run(QStringLiteral("bob"), {QStringLiteral("scan"), QStringLiteral("delete"), QStringLiteral("5")},
                          QStringLiteral("bob-demo-pass")).code, 0);
        server = TeamServer::fresh(QStringLiteral("team_copy"));
        const QStringList copyTo{QStringLiteral("db"), QStringLiteral("copy"), QStringLiteral("--to"), server.adminLocation(), J, JSON};
        QProcessEnvironment serverAdmin;
        serverAdmin.insert(QStringLiteral("SECREVIEW_SERVER_PASSWORD"), server.superPassword);
        // Not a developer's to take, and never over something that is there.
        QCOMPARE(file.run(QStringLiteral("alice"), copyTo, QStringLiteral("alice-demo-pass"), serverAdmin).code, 4);
        const Run there = file.run(QStringLiteral("admin"), copyTo, QStringLiteral("admin-demo-pass"), serverAdmin);
        QVERIFY2(there.code == 0, there.err.constData());
        QHash<QString, QString> passwords;
        for (const QJsonValue &u : there.json().value(QStringLiteral("users")).toArray())
            passwords.insert(u.toObject().value(QStringLiteral("name")).toString(), u.toObject().value(QStringLiteral("password")).toString());
        QCOMPARE(passwords.size(), 3);
        QCOMPARE(file.run(QStringLiteral("admin"), copyTo, QStringLiteral("admin-demo-pass"), serverAdmin).code, 2);

        Cli team = server.cli();
        // The old password does not open the copy (it could not be carried over); the one-time one does.
        QCOMPARE(team.run(QStringLiteral("bob"), {QStringLiteral("issues")}, QStringLiteral("bob-demo-pass")).code, 4);
        const Run verify = team.run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")}, passwords.value(QStringLiteral("admin")));
        QVERIFY2(verify.code == 0, verify.out.constData());
        const QStringList issues{QStringLiteral("issues"), J, JSON};
        QCOMPARE(comparable(team.run(QStringLiteral("alice"), issues, passwords.value(QStringLiteral("alice"))).out, {}),
                 comparable(file.run(QStringLiteral("alice"), issues, QStringLiteral("alice-demo-pass")).out, {}));
        // The copy is a working team database: keys continue, decisions are made and kept.
        const Run approve = team.run(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), QStringLiteral("1")},
                                     passwords.value(QStringLiteral("bob")));
        QVERIFY2(approve.code == 0, approve.err.constData());
        const Run imported = team.run(QStringLiteral("alice"), {QStringLiteral("import"), Cli::demo(QStringLiteral("main")),
                                                                QStringLiteral("--target"), QStringLiteral("dvpwa"),
                                                                QStringLiteral("--variant"), QStringLiteral("again"), J, JSON},
                                      passwords.value(QStringLiteral("alice")));
        QVERIFY2(imported.code == 0, imported.err.constData());
        QVERIFY2(imported.json().value(QStringLiteral("scans")).toArray().first()[QStringLiteral("id")].toInteger() > 5,
                 imported.out.constData()); // never the deleted scan's id

        // A backup of the server: pg_dump as the admin, readable by its owner only.
        const QString dump = dir.filePath(QStringLiteral("team.dump"));
        QCOMPARE(team.run(QStringLiteral("alice"), {QStringLiteral("db"), QStringLiteral("backup"), dump},
                          passwords.value(QStringLiteral("alice"))).code, 4);
        const Run backup = team.run(QStringLiteral("admin"), {QStringLiteral("db"), QStringLiteral("backup"), dump},
                                    passwords.value(QStringLiteral("admin")));
        QVERIFY2(backup.code == 0, backup.err.constData());
        QCOMPARE(QFileInfo(dump).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
        QProcess list;
        list.start(QStringLiteral("pg_restore"), {QStringLiteral("--list"), dump});
        QVERIFY(list.waitForFinished(60000));
        const QByteArray contents = list.readAllStandardOutput();
        QVERIFY2(contents.contains("TABLE DATA secreview audit_entry") && contents.contains("TRIGGER secreview exemption exemption_check"),
                 contents.constData());
        QCOMPARE(team.run(QStringLiteral("admin"), {QStringLiteral("db"), QStringLiteral("backup"), dump},
                          passwords.value(QStringLiteral("admin"))).code, 2); // never over a file

        // ...and back to a file.
        const QString back = dir.filePath(QStringLiteral("back.db"));
        const Run home = team.run(QStringLiteral("admin"), {QStringLiteral("db"), QStringLiteral("copy"), QStringLiteral("--to"), back, J, JSON},
                                  passwords.value(QStringLiteral("admin")));
        QVERIFY2(home.code == 0, home.err.constData());
        QString adminAgain;
        for (const QJsonValue &u : home.json().value(QStringLiteral("users")).toArray()) {
            if (u.toObject().value(QStringLiteral("name")).toString() == QLatin1String("admin"))
                adminAgain = u.toObject().value(QStringLiteral("password")).toString();
        }
        Cli laptop(back);
        const Run verifyBack = laptop.run(QStringLiteral("admin"), {QStringLiteral("audit"), QStringLiteral("verify")}, adminAgain);
        QVERIFY2(verifyBack.code == 0, verifyBack.out.constData());
        const Run checkBack = laptop.run(QStringLiteral("admin"), {QStringLiteral("db"), QStringLiteral("check")}, adminAgain);
        QVERIFY2(checkBack.code == 0, checkBack.out.constData());
        QCOMPARE(laptop.sqlValue(QStringLiteral("SELECT status FROM exemption WHERE id = 1")).toString(), QStringLiteral("approved"));
        QCOMPARE(laptop.sqlValue(QStringLiteral("SELECT count(*) FROM scan")).toInt(),
                 file.sqlValue(QStringLiteral("SELECT count(*) FROM scan")).toInt() + 1);
        // Each source says that it was copied, by whom and where to (once the copy was made: the
        // refused second copy left nothing).
        QCOMPARE(file.sqlValue(QStringLiteral("SELECT count(*) FROM audit_entry WHERE action = 'database.copy'")).toInt(), 1);
        QCOMPARE(server.scalar(QStringLiteral("SELECT count(*) FROM secreview.audit_entry WHERE action = 'database.copy'")),
                 QStringLiteral("1"));
    }

    void psqlCannotChangeWhatTheRoleMayNot_data()
    {
        QTest::addColumn<QString>("login");
        QTest::addColumn<QString>("statement");
        const QString alice = QStringLiteral("alice");
        const QString bob = QStringLiteral("bob");
        const QString admin = QStringLiteral("admin");
        const QString aliceId = QStringLiteral("(SELECT id FROM app_user WHERE name = 'alice')");
        const QString bobId = QStringLiteral("(SELECT id FROM app_user WHERE name = 'bob')");
        const QString carolId = QStringLiteral("(SELECT id FROM app_user WHERE name = 'carol')");
        const QString decided = QStringLiteral(", reviewed_at = now_ms(), approved_at = now_ms() WHERE status = 'pending'");
        // A developer.
        QTest::newRow("dev approves her own request") << alice << QStringLiteral("UPDATE exemption SET status = 'approved', reviewed_by = %1%2").arg(aliceId, decided);
        QTest::newRow("dev approves in bob's name") << alice << QStringLiteral("UPDATE exemption SET status = 'approved', reviewed_by = %1%2").arg(bobId, decided);
        QTest::newRow("dev approves with an audit entry") << alice << QStringLiteral("BEGIN; UPDATE exemption SET status = 'approved', reviewed_by = %1%2; %3; COMMIT").arg(bobId, decided, forgedAuditEntry(alice));
        QTest::newRow("dev inserts an approved request") << alice << QStringLiteral(
            "INSERT INTO exemption(issue_id, scanner, issue_key, scope, target_id, project_id, organization_id, status,"
            " reason, description, requested_by, requested_at) SELECT issue_id, scanner, issue_key, 'organization',"
            " target_id, project_id, organization_id, 'approved', reason, description, requested_by, now_ms()"
            " FROM exemption LIMIT 1");
        QTest::newRow("dev widens her request") << alice << QStringLiteral("UPDATE exemption SET scope = 'organization'");
        QTest::newRow("dev rewrites her reason") << alice << QStringLiteral("UPDATE exemption SET description = 'approved by bob'");
        QTest::newRow("dev deletes a request") << alice << QStringLiteral(
            "DELETE FROM exemption_event; DELETE FROM exemption_occurrence; DELETE FROM exemption");
        QTest::newRow("dev edits a scan") << alice << QStringLiteral("UPDATE scan SET file_name = 'clean.json'");
        QTest::newRow("dev renames a scan's scanner") << alice << QStringLiteral("UPDATE scan SET scanner = 'Nothing'");
        QTest::newRow("dev lowers a severity") << alice << QStringLiteral("UPDATE scan_issue SET severity = 0");
        QTest::newRow("dev deletes findings") << alice << QStringLiteral("DELETE FROM occurrence");
        QTest::newRow("dev adds to an old scan") << alice << QStringLiteral(
            "INSERT INTO occurrence(scan_id, issue_id, location, severity) SELECT scan_id, issue_id, 'x', 0 FROM scan_issue LIMIT 1");
        QTest::newRow("dev rewrites an issue") << alice << QStringLiteral("UPDATE issue SET title = 'harmless'");
        QTest::newRow("dev allows self-approval") << alice << QStringLiteral("UPDATE project SET allow_self_approval = 1");
        QTest::newRow("dev writes a policy") << alice << QStringLiteral("INSERT INTO exemption_policy SELECT id, '{}' FROM project");
        QTest::newRow("dev sets the baseline") << alice << QStringLiteral("UPDATE baseline SET variant_name = 'DEMO-001'");
        QTest::newRow("dev empties the audit log") << alice << QStringLiteral("DELETE FROM audit_entry");
        QTest::newRow("dev truncates the audit log") << alice << QStringLiteral("TRUNCATE audit_entry");
        QTest::newRow("dev edits the audit log") << alice << QStringLiteral("UPDATE audit_entry SET actor = 'bob'");
        QTest::newRow("dev writes as bob") << alice << forgedAuditEntry(bob);
        QTest::newRow("dev backdates an entry") << alice << QString(forgedAuditEntry(alice)).replace(
            QStringLiteral("(extract(epoch FROM clock_timestamp()) * 1000)::bigint AS n"), QStringLiteral("1::bigint AS n"));
        QTest::newRow("dev makes herself secops") << alice << QStringLiteral("INSERT INTO user_role VALUES (%1, 'secops')").arg(aliceId);
        QTest::newRow("dev grants the group") << alice << QStringLiteral("GRANT team_attacks_secops TO alice");
        QTest::newRow("dev sets role secops") << alice << QStringLiteral("SET ROLE team_attacks_secops; UPDATE exemption SET status = 'approved'");
        QTest::newRow("dev sets role owner") << alice << QStringLiteral("SET ROLE team_attacks_owner; DELETE FROM audit_entry");
        QTest::newRow("dev disables bob") << alice << QStringLiteral("UPDATE app_user SET disabled = 1 WHERE name = 'bob'");
        QTest::newRow("dev sets bob's password") << alice << QStringLiteral(
            "UPDATE app_user SET password_hash = 'SCRAM-SHA-256$4096:c2FsdHNhbHQ=$c3RvcmVk:c2VydmVy' WHERE name = 'bob'");
        QTest::newRow("dev switches the triggers off") << alice << QStringLiteral("ALTER TABLE exemption DISABLE TRIGGER ALL");
        QTest::newRow("dev replaces a rule") << alice << QStringLiteral(
            "CREATE OR REPLACE FUNCTION secreview.trusted() RETURNS boolean LANGUAGE sql AS 'SELECT true'");
        QTest::newRow("dev shadows a table") << alice << QStringLiteral(
            "CREATE TABLE public.exemption(id int); UPDATE exemption SET status = 'approved'");
        QTest::newRow("dev reads the throttle") << alice << QStringLiteral("SELECT * FROM sign_in_throttle");
        // What a hostile review found (each was let through once).
        const QString lastScan = QStringLiteral("(SELECT max(id) FROM scan)");
        QTest::newRow("dev imports by hand, unsealed") << alice << QStringLiteral("BEGIN; %1; %2; COMMIT").arg(
            kCopyScan.arg(QStringLiteral("now_ms()"), aliceId),
            forgedEntry(alice, QStringLiteral("scan.import"), QStringLiteral("scan"), lastScan, QStringLiteral("{\"seal\":\"\"}")));
        QTest::newRow("dev dates a scan ahead") << alice << QStringLiteral("BEGIN; %1; %2; COMMIT").arg(
            kCopyScan.arg(QStringLiteral("now_ms() + 590000"), aliceId),
            forgedEntry(alice, QStringLiteral("scan.import"), QStringLiteral("scan"), lastScan, QStringLiteral("{\"seal\":\"v1 x\"}")));
        QTest::newRow("dev marks a scan by a skipped insert") << alice << QStringLiteral(
            "BEGIN; INSERT INTO scan(id, target_id, variant_id, scanner, format, file_name, file_sha256, file_size,"
            " imported_at, imported_by) SELECT s.id, s.target_id, s.variant_id, 'x', 'x', 'x', 'x', 0, now_ms(), %1 FROM scan s"
            " ORDER BY s.id DESC LIMIT 1 ON CONFLICT DO NOTHING; UPDATE scan SET scanner = 'Nothing' WHERE id = %2;"
            " UPDATE issue SET title = 'False positive (approved by secops)'; %3; COMMIT")
            .arg(aliceId, lastScan, forgedEntry(alice, QStringLiteral("scan.import"), QStringLiteral("scan"), lastScan,
                                                 QStringLiteral("{\"seal\":\"v1 x\"}")));
        QTest::newRow("dev picks the first target's id") << alice << QStringLiteral(
            "BEGIN; INSERT INTO organization(id, name) VALUES (-1, 'zz'); INSERT INTO project(id, organization_id, name)"
            " VALUES (-1, -1, 'zz'); INSERT INTO target(id, project_id, name, type) VALUES (-1, -1, 'dvpwa', 'repository');"
            " %1; COMMIT").arg(forgedEntry(alice, QStringLiteral("pipeline.import"), QStringLiteral("pipeline"), QStringLiteral("'x'"), QStringLiteral("{}")));
        QTest::newRow("dev makes her own project lax") << alice << QStringLiteral(
            "BEGIN; INSERT INTO organization(name) VALUES ('zz'); INSERT INTO project(organization_id, name, allow_self_approval)"
            " SELECT max(id), 'zz', 1 FROM organization; %1; COMMIT")
            .arg(forgedEntry(alice, QStringLiteral("pipeline.import"), QStringLiteral("pipeline"), QStringLiteral("'x'"), QStringLiteral("{}")));
        QTest::newRow("dev appends far ahead") << alice << QString(forgedAuditEntry(alice)).replace(
            QStringLiteral("INSERT INTO audit_entry(at,"), QStringLiteral("INSERT INTO audit_entry(id, at,")).replace(
            QStringLiteral(" SELECT n, "), QStringLiteral(" SELECT 4000000000000000000, n, "));
        QTest::newRow("viewer writes to the log") << QStringLiteral("viewer1") << forgedEntry(
            QStringLiteral("viewer1"), QStringLiteral("user.grant"), QStringLiteral("user"), QStringLiteral("'bob'"),
            QStringLiteral("{\"after\":[\"admin\"]}"));
        QTest::newRow("dev frames admin") << alice << forgedEntry(
            alice, QStringLiteral("user.passwd"), QStringLiteral("user"), QStringLiteral("'admin'"), QStringLiteral("{\"passwordDigest\":\"0\"}"));
        QTest::newRow("dev whitewashes a request") << alice << forgedEntry(
            alice, QStringLiteral("exemption.note"), QStringLiteral("exemption"), QStringLiteral("(SELECT max(id) FROM exemption)"),
            QStringLiteral("{\"state\":{}}"));
        QTest::newRow("dev reports a request she did not make") << alice << forgedEntry(
            alice, QStringLiteral("exemption.request"), QStringLiteral("exemption"), QStringLiteral("(SELECT max(id) FROM exemption)"),
            QStringLiteral("{\"state\":{\"status\":\"pending\",\"scope\":\"target\"}}"));
        const QString requestAs = QStringLiteral(
            "BEGIN; INSERT INTO exemption(issue_id, scanner, issue_key, scope, target_id, project_id, organization_id, status,"
            " reason, description, requested_by, requested_at) SELECT %1, 'Bandit', 'B602', '%2', i.target_id, t.project_id,"
            " p.organization_id, 'pending', 'Other', 'x', %3, now_ms() FROM issue i JOIN target t ON t.id = i.target_id"
            " JOIN project p ON p.id = t.project_id WHERE i.issue_key = 'B602'; %4; COMMIT");
        const QString newRequest = forgedEntry(alice, QStringLiteral("exemption.request"), QStringLiteral("exemption"),
                                               QStringLiteral("(SELECT max(id) FROM exemption)"),
                                               QStringLiteral("{\"state\":{\"status\":\"pending\",\"scope\":\"%1\"}}"));
        QTest::newRow("dev asks for a Low, exempts the Critical") << alice << requestAs.arg(
            QStringLiteral("(SELECT id FROM issue WHERE issue_key = 'B404')"), QStringLiteral("target"), aliceId,
            QString(newRequest).arg(QStringLiteral("target")));
        QTest::newRow("dev asks for the organization") << alice << requestAs.arg(
            QStringLiteral("i.id"), QStringLiteral("organization"), aliceId, QString(newRequest).arg(QStringLiteral("organization")));
        // A second hostile review.
        QTest::newRow("dev writes from a stale snapshot") << alice << QStringLiteral(
            "BEGIN ISOLATION LEVEL REPEATABLE READ; INSERT INTO pipeline(project_id, identifier, name, version, yaml,"
            " imported_at, imported_by) SELECT id, 'forkpipe', 'f', 1, 'x', now_ms(), %1 FROM project LIMIT 1;"
            " %2; COMMIT").arg(aliceId, forgedEntry(alice, QStringLiteral("pipeline.import"), QStringLiteral("pipeline"),
                                                    QStringLiteral("'forkpipe'"), QStringLiteral("{}")));
        QTest::newRow("dev hides a finding under a harmless location") << alice << QStringLiteral(
            "BEGIN; INSERT INTO exemption(issue_id, scanner, issue_key, scope, target_id, project_id, organization_id, status,"
            " reason, description, requested_by, requested_at) SELECT i.id, 'Bandit', 'B602', 'target', i.target_id,"
            " t.project_id, p.organization_id, 'pending', 'Other', 'only the test fixture', %1, now_ms() FROM issue i"
            " JOIN target t ON t.id = i.target_id JOIN project p ON p.id = t.project_id WHERE i.issue_key = 'B602';"
            " INSERT INTO exemption_occurrence SELECT currval('exemption_id_seq'), o.fingerprint, 'tests/fixture.py:3'"
            " FROM occurrence o JOIN issue i ON i.id = o.issue_id WHERE i.issue_key = 'B602' LIMIT 1;"
            " UPDATE exemption SET occurrence_level = 1 WHERE id = currval('exemption_id_seq'); %2; COMMIT")
            .arg(aliceId, QString(newRequest).arg(QStringLiteral("target")));
        QTest::newRow("admin revokes the last admin") << admin << QStringLiteral(
            "BEGIN; %1; DELETE FROM user_role WHERE role = 'admin'; COMMIT").arg(
            forgedEntry(admin, QStringLiteral("user.revoke"), QStringLiteral("user"), QStringLiteral("'admin'"), QStringLiteral("{}")));
        QTest::newRow("admin disables the last admin") << admin << QStringLiteral(
            "BEGIN; UPDATE app_user SET disabled = disabled WHERE name = 'admin'; %1;"
            " UPDATE app_user SET disabled = 1 WHERE name = 'admin'; COMMIT").arg(
            forgedEntry(admin, QStringLiteral("user.disable"), QStringLiteral("user"), QStringLiteral("'admin'"), QStringLiteral("{}")));
        QTest::newRow("dev re-stamps her row") << alice << QStringLiteral(
            "BEGIN; UPDATE app_user SET failed_logins = failed_logins WHERE name = 'alice'; %1; COMMIT").arg(
            forgedEntry(alice, QStringLiteral("user.passwd"), QStringLiteral("user"), QStringLiteral("'alice'"), QStringLiteral("{\"passwordDigest\":\"0\"}")));
        // SecOps: decides, as themselves, and no more.
        const QString approvedId = QStringLiteral("(SELECT max(id) FROM exemption WHERE status = 'approved')");
        const QString bobApproves = forgedEntry(bob, QStringLiteral("exemption.approve"), QStringLiteral("exemption"), approvedId,
                                                QStringLiteral("{\"state\":{\"status\":\"approved\",\"scope\":\"target\"}}"));
        QTest::newRow("secops names another reviewer later") << bob << QStringLiteral(
            "BEGIN; UPDATE exemption SET reviewed_by = %1, reviewed_at = 1700000000000, approved_at = 1700000000000"
            " WHERE status = 'approved'; %2; COMMIT").arg(carolId, bobApproves);
        QTest::newRow("secops makes an approval permanent") << bob << QStringLiteral(
            "BEGIN; UPDATE exemption SET expires_at = NULL, reviewed_at = now_ms(), approved_at = now_ms(), reviewed_by = %1"
            " WHERE status = 'approved'; %2; COMMIT").arg(bobId, bobApproves);
        QTest::newRow("secops approves for longer than asked") << bob << QStringLiteral(
            "BEGIN; UPDATE exemption SET status = 'approved', reviewed_by = %1, reviewed_at = now_ms(), approved_at = now_ms(),"
            " expires_at = NULL WHERE status = 'pending'; %2; COMMIT").arg(bobId, QString(bobApproves).replace(
                approvedId, QStringLiteral("(SELECT max(id) FROM exemption)")));
        QTest::newRow("secops widens outside an approval") << bob << QStringLiteral(
            "BEGIN; UPDATE exemption SET scope = 'project' WHERE status = 'approved'; %1; COMMIT").arg(bobApproves);
        QTest::newRow("secops approves as carol") << bob << QStringLiteral("BEGIN; UPDATE exemption SET status = 'approved', reviewed_by = %1%2; %3; COMMIT").arg(carolId, decided, forgedAuditEntry(bob));
        QTest::newRow("secops approves his own request") << bob << QStringLiteral(
            "BEGIN; UPDATE exemption SET status = 'approved', reviewed_by = %1, reviewed_at = t.n, approved_at = t.n,"
            " expires_at = t.n + duration_days * 86400000 FROM (SELECT now_ms() AS n) t"
            " WHERE requested_by = %1 AND status = 'pending'; %2; COMMIT")
            .arg(bobId, forgedEntry(bob, QStringLiteral("exemption.approve"), QStringLiteral("exemption"),
                                    QStringLiteral("(SELECT max(id) FROM exemption WHERE requested_by = %1)").arg(bobId),
                                    QStringLiteral("{\"state\":{\"status\":\"approved\",\"scope\":\"target\"}}")));
        QTest::newRow("secops approves unaudited") << bob << QStringLiteral("UPDATE exemption SET status = 'approved', reviewed_by = %1%2").arg(bobId, decided);
        QTest::newRow("secops approves in the past") << bob << QStringLiteral("BEGIN; UPDATE exemption SET status = 'approved', reviewed_by = %1, reviewed_at = 1, approved_at = 1 WHERE status = 'pending'; %2; COMMIT").arg(bobId, forgedAuditEntry(bob));
        QTest::newRow("secops deletes a decision") << bob << QStringLiteral(
            "DELETE FROM exemption_event; DELETE FROM exemption_occurrence; DELETE FROM exemption");
        QTest::newRow("secops edits the log") << bob << QStringLiteral("UPDATE audit_entry SET details = '{}'");
        QTest::newRow("secops edits a scan") << bob << QStringLiteral("UPDATE scan SET imported_by_ci = 1");
        QTest::newRow("secops writes a policy") << bob << QStringLiteral("UPDATE exemption_policy SET rules = '{}'");
        QTest::newRow("secops grants himself admin") << bob << QStringLiteral("INSERT INTO user_role VALUES (%1, 'admin')").arg(bobId);
        // Triage: review marks and owners are secops' and admins', as themselves, now; a note is
        // its author's, now, and never changes.
        const QString b303 = QStringLiteral("(SELECT min(id) FROM issue WHERE issue_key = 'B303')");
        const QString reviewEntry = [&](const QString &actor) {
            return forgedEntry(actor, QStringLiteral("issue.review"), QStringLiteral("issue"), b303, QStringLiteral("{}"));
        }(alice);
        const QString untriaged = QStringLiteral("(SELECT min(id) FROM issue WHERE id NOT IN (SELECT issue_id FROM issue_triage))");
        QTest::newRow("dev marks an issue reviewed") << alice << QStringLiteral(
            "BEGIN; INSERT INTO issue_triage(issue_id, reviewed_by, reviewed_at) SELECT %1, %2, now_ms(); %3; COMMIT")
            .arg(untriaged, aliceId, reviewEntry);
        QTest::newRow("dev assigns herself") << alice << QStringLiteral(
            "BEGIN; INSERT INTO issue_triage(issue_id, assignee_id, assigned_by, assigned_at) SELECT %1, %2, %2, now_ms(); %3; COMMIT")
            .arg(untriaged, aliceId, QString(reviewEntry).replace(QStringLiteral("issue.review"), QStringLiteral("issue.assign")));
        QTest::newRow("dev writes a note as bob") << alice << QStringLiteral(
            "BEGIN; INSERT INTO issue_note(issue_id, author_id, at, text) SELECT %1, %2, now_ms(), 'fine by me'; %3; COMMIT")
            .arg(b303, bobId, QString(reviewEntry).replace(QStringLiteral("issue.review"), QStringLiteral("issue.note")));
        QTest::newRow("dev backdates a note") << alice << QStringLiteral(
            "BEGIN; INSERT INTO issue_note(issue_id, author_id, at, text) SELECT %1, %2, 1, 'said long ago'; %3; COMMIT")
            .arg(b303, aliceId, QString(reviewEntry).replace(QStringLiteral("issue.review"), QStringLiteral("issue.note")));
        QTest::newRow("dev notes unaudited") << alice << QStringLiteral(
            "INSERT INTO issue_note(issue_id, author_id, at, text) SELECT %1, %2, now_ms(), 'quiet'").arg(b303, aliceId);
        QTest::newRow("dev rewrites a note") << alice << QStringLiteral("UPDATE issue_note SET text = 'approved'");
        QTest::newRow("dev deletes the notes") << alice << QStringLiteral("DELETE FROM issue_note");
        QTest::newRow("secops reviews as carol") << bob << QStringLiteral(
            "BEGIN; UPDATE issue_triage SET reviewed_by = %1, reviewed_at = now_ms(); %2; COMMIT")
            .arg(carolId, forgedEntry(bob, QStringLiteral("issue.review"), QStringLiteral("issue"), b303, QStringLiteral("{}")));
        QTest::newRow("secops reviews in the past") << bob << QStringLiteral(
            "BEGIN; UPDATE issue_triage SET reviewed_by = %1, reviewed_at = 1; %2; COMMIT")
            .arg(bobId, forgedEntry(bob, QStringLiteral("issue.review"), QStringLiteral("issue"), b303, QStringLiteral("{}")));
        QTest::newRow("secops reviews unaudited") << bob << QStringLiteral(
            "UPDATE issue_triage SET reviewed_by = NULL, reviewed_at = NULL");
        QTest::newRow("secops assigns in carol's name") << bob << QStringLiteral(
            "BEGIN; UPDATE issue_triage SET assignee_id = %1, assigned_by = %2, assigned_at = now_ms(); %3; COMMIT")
            .arg(aliceId, carolId, forgedEntry(bob, QStringLiteral("issue.assign"), QStringLiteral("issue"), b303, QStringLiteral("{}")));
        QTest::newRow("secops deletes a review mark") << bob << QStringLiteral("DELETE FROM issue_triage");
        QTest::newRow("secops edits a note") << bob << QStringLiteral("UPDATE issue_note SET text = 'nothing to see'");
        // CI's account: imports and gates, nothing else.
        const QString ci = QStringLiteral("ci1");
        QTest::newRow("ci approves") << ci << QStringLiteral("BEGIN; UPDATE exemption SET status = 'approved', reviewed_by = (SELECT id FROM app_user WHERE name = 'ci1')%1; %2; COMMIT").arg(decided, forgedAuditEntry(ci));
        QTest::newRow("ci marks a developer's scan as CI's") << ci << QStringLiteral("UPDATE scan SET imported_by_ci = 1");
        QTest::newRow("ci edits the log") << ci << QStringLiteral("DELETE FROM audit_entry WHERE actor = 'ci1'");
        QTest::newRow("ci requests") << ci << requestAs.arg(QStringLiteral("i.id"), QStringLiteral("target"),
                                                            QStringLiteral("(SELECT id FROM app_user WHERE name = 'ci1')"),
                                                            QString(newRequest).arg(QStringLiteral("target")).replace(QStringLiteral("'alice'"), QStringLiteral("'ci1'")));
        // Admin: manages users, not decisions or history.
        QTest::newRow("admin approves") << admin << QStringLiteral("BEGIN; UPDATE exemption SET status = 'approved', reviewed_by = (SELECT id FROM app_user WHERE name = 'admin')%1; %2; COMMIT").arg(decided, forgedAuditEntry(admin));
        QTest::newRow("admin empties the log") << admin << QStringLiteral("DELETE FROM audit_entry");
        QTest::newRow("admin edits a scan") << admin << QStringLiteral("DELETE FROM scan_issue");
        QTest::newRow("admin grants unaudited") << admin << QStringLiteral("INSERT INTO user_role VALUES (%1, 'secops')").arg(aliceId);
        QTest::newRow("admin makes a superuser") << admin << QStringLiteral("ALTER ROLE alice SUPERUSER");
    }

    void psqlCannotChangeWhatTheRoleMayNot()
    {
        QFETCH(QString, login);
        QFETCH(QString, statement);
        static bool ready = false;
        if (!ready) {
            tutorialOn(QStringLiteral("team_attacks"));
            addUser(QStringLiteral("viewer1"), QStringLiteral("viewer"));
            addUser(QStringLiteral("ci1"), QStringLiteral("ci"));
            const QString approved = request(QStringLiteral("B303"));
            QCOMPARE(as(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), approved}).code, 0);
            QVERIFY(request(QStringLiteral("B602")).toInt() > 0); // pending
            // bob's own request, pending (the project does not allow self-approval).
            const Run own = as(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("request"),
                                                       cli.issueIdOf(QStringLiteral("B404")), QStringLiteral("--scope"),
                                                       QStringLiteral("target"), QStringLiteral("--duration"),
                                                       QStringLiteral("7d"), QStringLiteral("--reason"), QStringLiteral("Other"),
                                                       QStringLiteral("--description"), QStringLiteral("mine")});
            QVERIFY2(own.code == 0, own.err.constData());
            // A review mark, an owner and a note to attack.
            const QString b303 = cli.issueIdOf(QStringLiteral("B303"));
            for (const auto &[user, args] : {std::pair{QStringLiteral("bob"), QStringList{QStringLiteral("review"), b303}},
                                             std::pair{QStringLiteral("bob"), QStringList{QStringLiteral("assign"), b303, QStringLiteral("alice")}},
                                             std::pair{QStringLiteral("alice"), QStringList{QStringLiteral("note"), b303, QStringLiteral("--text"),
                                                                                            QStringLiteral("a cache key, not a password")}}}) {
                const Run triage = as(user, QStringList{QStringLiteral("issue")} + args);
                QVERIFY2(triage.code == 0, triage.err.constData());
            }
            ready = true;
        }
        const QString before = server.scalar(kStateDigest);
        QVERIFY(!before.isEmpty());
        // The statement itself is sound: the schema's owner may run it (rolled back). What
        // refuses it below is the login's role, not a typo in the attack.
        QString control = statement;
        control = control.startsWith(QLatin1String("BEGIN")) ? control.replace(QStringLiteral("COMMIT"), QStringLiteral("ROLLBACK"))
                                                               : QStringLiteral("BEGIN; %1; ROLLBACK").arg(control);
        const Run owner = server.superuser(control);
        QVERIFY2(owner.code == 0, owner.err.constData());
        QCOMPARE(server.scalar(kStateDigest), before);
        const Run r = server.psql(login, cli.password(), statement);
        QVERIFY2(r.code != 0, qPrintable(QStringLiteral("the server let %1 do it: %2").arg(login, statement)));
        QCOMPARE(server.scalar(kStateDigest), before);
        // ...while what the role may read stays readable.
        const Run read = server.psql(login, cli.password(), QStringLiteral("SELECT count(*) FROM issue"));
        QCOMPARE(read.code, 0);
        QVERIFY(QString::fromUtf8(read.out).trimmed().toInt() > 0);
    }

    // The project's exemption limits and the issue text of trusted imports are the server's
    // rules too (schema 14): a request or an approval made in psql past the policy, an odd reason
    // or URL, and a developer's hand-made import that rewords CI's issue are refused, each for
    // that reason (the message says which rule), and nothing changes.
    void policyAndTrustedTextHeldByTheServer()
    {
        tutorialOn(QStringLiteral("team_policy"));
        addUser(QStringLiteral("ci1"), QStringLiteral("ci"));
        const QString alice = QStringLiteral("alice");
        const QString bob = QStringLiteral("bob");
        const QString aliceId = QStringLiteral("(SELECT id FROM app_user WHERE name = 'alice')");
        // Asked for 90 days before the limits came: pending.
        const Run asked = as(alice, {QStringLiteral("exemption"), QStringLiteral("request"), cli.issueIdOf(QStringLiteral("B602")),
                                     QStringLiteral("--scope"), QStringLiteral("target"), QStringLiteral("--duration"),
                                     QStringLiteral("90d"), QStringLiteral("--reason"), QStringLiteral("Other"),
                                     QStringLiteral("--description"), QStringLiteral("asked early"), J, JSON});
        QVERIFY2(asked.code == 0, asked.err.constData());
        const QString askedId = QString::number(
            asked.json().value(QStringLiteral("exemption")).toObject().value(QStringLiteral("id")).toInteger());
        const Run policy = as(QStringLiteral("admin"), {QStringLiteral("policy"), QStringLiteral("set"), QStringLiteral("--max-duration"),
                                                       QStringLiteral("critical=30,high=30,medium=30,low=30,info=30"),
                                                       QStringLiteral("--require-url"), QStringLiteral("False Positive")});
        QVERIFY2(policy.code == 0, policy.err.constData());
        const Run ciImport = as(QStringLiteral("ci1"), {QStringLiteral("import"), Cli::demo(QStringLiteral("DEMO-001")),
                                                        QStringLiteral("--target"), QStringLiteral("dvpwa"),
                                                        QStringLiteral("--variant"), QStringLiteral("DEMO-001")});
        QVERIFY2(ciImport.code == 0, ciImport.err.constData());
        QCOMPARE(server.scalar(QStringLiteral("SELECT text_trusted FROM secreview.issue WHERE issue_key = 'B602'")),
                 QStringLiteral("1"));
        // The same finding in a project of alice's own, without limits: asked for ever, pending.
        QCOMPARE(as(alice, {QStringLiteral("import"), Cli::demo(QStringLiteral("DEMO-001")), QStringLiteral("--target"),
                            QStringLiteral("fork"), QStringLiteral("--variant"), QStringLiteral("x"), QStringLiteral("--project"),
                            QStringLiteral("sandbox")})
                     .code,
                 0);
        const Run forkAsked = as(alice, {QStringLiteral("exemption"), QStringLiteral("request"),
                                         server.scalar(QStringLiteral("SELECT i.id FROM secreview.issue i JOIN secreview.target t"
                                                                      " ON t.id = i.target_id WHERE t.name = 'fork'"
                                                                      " AND i.issue_key = 'B602'")),
                                         QStringLiteral("--scope"), QStringLiteral("project"), QStringLiteral("--duration"),
                                         QStringLiteral("permanent"), QStringLiteral("--reason"), QStringLiteral("Other"),
                                         QStringLiteral("--description"), QStringLiteral("sandbox only"), J, JSON});
        QVERIFY2(forkAsked.code == 0, forkAsked.err.constData());
        const QString forkId = QString::number(
            forkAsked.json().value(QStringLiteral("exemption")).toObject().value(QStringLiteral("id")).toInteger());

        // A request of B303 in psql: duration, reason and URL as given.
        const auto requestB303 = [&](const QString &days, const QString &reason, const QString &url) -> QString {
            return QStringLiteral(
                       "BEGIN; INSERT INTO exemption(issue_id, scanner, issue_key, scope, target_id, project_id, organization_id,"
                       " status, reason, description, url, duration_days, requested_by, requested_at) SELECT i.id, 'Bandit',"
                       " 'B303', 'target', i.target_id, t.project_id, p.organization_id, 'pending', '%1', 'x', %2, %3, %4,"
                       " now_ms() FROM issue i JOIN target t ON t.id = i.target_id JOIN project p ON p.id = t.project_id"
                       " WHERE i.issue_key = 'B303'; %5; COMMIT")
                .arg(reason, url, days, aliceId,
                     forgedEntry(alice, QStringLiteral("exemption.request"), QStringLiteral("exemption"),
                                 QStringLiteral("(SELECT max(id) FROM exemption)"),
                                 QStringLiteral("{\"state\":{\"status\":\"pending\",\"scope\":\"target\"}}")));
        };
        const QString handImport = kCopyScan.arg(QStringLiteral("now_ms()"), aliceId);
        const QString importEntry = forgedEntry(alice, QStringLiteral("scan.import"), QStringLiteral("scan"),
                                                QStringLiteral("(SELECT max(id) FROM scan)"), QStringLiteral("{\"seal\":\"v1 x\"}"));
        const QList<std::tuple<QString, QString, QByteArray>> attacks{
            {alice, requestB303(QStringLiteral("NULL"), QStringLiteral("Other"), QStringLiteral("NULL")),
             "at most 30 days in this project; asked: permanent"},
            {alice, requestB303(QStringLiteral("90"), QStringLiteral("Other"), QStringLiteral("NULL")),
             "at most 30 days in this project; asked: 90 days"},
            {alice, requestB303(QStringLiteral("7"), QStringLiteral("False Positive"), QStringLiteral("NULL")),
             "the reason False Positive needs a URL"},
            {alice, requestB303(QStringLiteral("7"), QStringLiteral("false positive"), QStringLiteral("'https://t.example/1'")),
             "reason is one of"},
            {alice, requestB303(QStringLiteral("7"), QStringLiteral("Other"), QStringLiteral("'javascript:alert(1)'")),
             "is an http(s) URL"},
            {alice, requestB303(QStringLiteral("-5"), QStringLiteral("Other"), QStringLiteral("NULL")),
             "an exemption lasts 1, 7, 30 or 90 days"},
            {alice, requestB303(QStringLiteral("7"), QStringLiteral("Other"), QStringLiteral("U&'https://t.example/\\202Egpj.exe'")),
             "is an http(s) URL"},
            {alice, requestB303(QStringLiteral("7"), QStringLiteral("Other"), QStringLiteral("'https://x/\"><svg/onload=alert(1)>'")),
             "is an http(s) URL"},
            {alice, requestB303(QStringLiteral("7"), QStringLiteral("Other"), QStringLiteral("U&'https://x.example/a\\+0E0041'")),
             "is an http(s) URL"},
            {alice, requestB303(QStringLiteral("7"), QStringLiteral("Other"), QStringLiteral("'https://jira.example.com@evil.example/1'")),
             "is an http(s) URL"},
            // SecOps widens sandbox's request to the organization, where the default project's
            // Critical (30 days at most) is.
            {bob, QStringLiteral("BEGIN; UPDATE exemption SET status = 'approved', scope = 'organization', reviewed_by ="
                                 " (SELECT id FROM app_user WHERE name = 'bob'), reviewed_at = t.n, approved_at = t.n, expires_at = NULL"
                                 " FROM (SELECT now_ms() AS n) t WHERE id = %1; %2; COMMIT")
                      .arg(forkId, forgedEntry(bob, QStringLiteral("exemption.approve"), QStringLiteral("exemption"), forkId,
                                               QStringLiteral("{\"state\":{\"status\":\"approved\",\"scope\":\"organization\"}}"))),
             "at most 30 days in project default, which the organization scope covers; asked: permanent"},
            // SecOps approves the early request in psql, exactly as the program would but for the policy.
            {bob, QStringLiteral("BEGIN; UPDATE exemption SET status = 'approved', reviewed_by = (SELECT id FROM app_user"
                                 " WHERE name = 'bob'), reviewed_at = t.n, approved_at = t.n, expires_at = t.n + 90 * 86400000::bigint"
                                 " FROM (SELECT now_ms() AS n) t WHERE id = %1; %2; COMMIT")
                      .arg(askedId, forgedEntry(bob, QStringLiteral("exemption.approve"), QStringLiteral("exemption"), askedId,
                                                QStringLiteral("{\"state\":{\"status\":\"approved\",\"scope\":\"target\"}}"))),
             "at most 30 days in this project; asked: 90 days"},
            // A developer's import by hand rewords CI's issue, takes its trust away, or claims it.
            {alice, QStringLiteral("BEGIN; %1; UPDATE issue SET description = 'test fixture, safe to exempt'"
                                   " WHERE issue_key = 'B602'; %2; COMMIT").arg(handImport, importEntry),
             "its text came from a ci, secops or admin import"},
            {alice, QStringLiteral("BEGIN; %1; UPDATE issue SET text_trusted = 0 WHERE issue_key = 'B602'; %2; COMMIT")
                        .arg(handImport, importEntry),
             "its text came from a ci, secops or admin import"},
            {alice, QStringLiteral("BEGIN; %1; INSERT INTO issue(target_id, scanner, issue_key, rule, title, kind, text_trusted)"
                                   " SELECT target_id, 'Bandit', 'B999', 'B999', 'CI says: fine', 'code', 1 FROM scan ORDER BY id DESC LIMIT 1;"
                                   " %2; COMMIT").arg(handImport, importEntry),
             "only a ci, secops or admin import writes an issue's text"},
        };
        const QString before = server.scalar(kStateDigest);
        for (const auto &[login, statement, refusal] : attacks) {
            const Run owner = server.superuser(QString(statement).replace(QStringLiteral("COMMIT"), QStringLiteral("ROLLBACK")));
            QVERIFY2(owner.code == 0, owner.err.constData());
            const Run r = server.psql(login, cli.password(), statement);
            QVERIFY2(r.code != 0, qPrintable(QStringLiteral("the server let %1 do it: %2").arg(login, statement)));
            QVERIFY2(r.err.contains(refusal), qPrintable(QStringLiteral("%1 refused for another reason: %2")
                                                             .arg(statement, QString::fromUtf8(r.err))));
            QCOMPARE(server.scalar(kStateDigest), before);
        }
        // The program's own way is refused by the same rule on the server as on a file.
        const Run approve = as(bob, {QStringLiteral("exemption"), QStringLiteral("approve"), askedId});
        QCOMPARE(approve.code, 4);
        QVERIFY2(approve.err.contains("may not be approved"), approve.err.constData());
        auditHolds();
    }

    // scan delete on a server (issue 16): only through scan_delete(), only by secops, only with
    // its own audit entry; what it changes is not changeable by hand. The program's way works.
    void scanDeletionOnlyThroughTheProgram()
    {
        tutorialOn(QStringLiteral("team_scan_delete"));
        const QString latest = QStringLiteral("(SELECT max(id) FROM scan)");
        const QString before = server.scalar(kStateDigest);
        const QList<std::pair<QString, QString>> attacks{
            {QStringLiteral("alice"), QStringLiteral("SELECT scan_delete(%1)").arg(latest)},
            {QStringLiteral("admin"), QStringLiteral("SELECT scan_delete(%1)").arg(latest)},
            // secops without the entry, or with an entry about something else
            {QStringLiteral("bob"), QStringLiteral("SELECT scan_delete(%1)").arg(latest)},
            {QStringLiteral("bob"), QStringLiteral("BEGIN; SELECT scan_delete(%1); %2; COMMIT")
                                        .arg(latest, forgedEntry(QStringLiteral("bob"), QStringLiteral("scan.delete"), QStringLiteral("scan"),
                                                                 QStringLiteral("(SELECT min(id) FROM scan)"), QStringLiteral("{}")))},
            // an entry without the deletion, and the marks and comparisons by hand
            {QStringLiteral("bob"), forgedEntry(QStringLiteral("bob"), QStringLiteral("scan.delete"), QStringLiteral("scan"), latest,
                                                QStringLiteral("{}"))},
            {QStringLiteral("bob"), QStringLiteral("INSERT INTO scan_deletion(scan_id, deleted_at, deleted_by) VALUES (1, 1, 1)")},
            {QStringLiteral("bob"), QStringLiteral("UPDATE scan SET comparison_scan_id = NULL")},
            {QStringLiteral("bob"), QStringLiteral("DELETE FROM scan WHERE id = %1").arg(latest)},
        };
        for (const auto &[login, statement] : attacks) {
            const Run r = server.psql(login, cli.password(), statement);
            QVERIFY2(r.code != 0, qPrintable(QStringLiteral("the server let %1 do it: %2").arg(login, statement)));
            QCOMPARE(server.scalar(kStateDigest), before);
        }
        QCOMPARE(server.scalar(QStringLiteral("SELECT count(*) FROM secreview.scan_deletion")), QStringLiteral("0"));
        // The program's way: the DEMO-001 scan goes, the audit entry with it, and the chain holds.
        const QString demo = server.scalar(QStringLiteral("SELECT max(id) FROM secreview.scan"));
        const Run deleted = as(QStringLiteral("bob"), {QStringLiteral("scan"), QStringLiteral("delete"), demo});
        QVERIFY2(deleted.code == 0, deleted.err.constData());
        QCOMPARE(server.scalar(QStringLiteral("SELECT count(*) FROM secreview.scan WHERE id = %1").arg(demo)), QStringLiteral("0"));
        QCOMPARE(server.scalar(QStringLiteral("SELECT action FROM secreview.audit_entry ORDER BY id DESC LIMIT 1")),
                 QStringLiteral("scan.delete"));
        QCOMPARE(as(QStringLiteral("bob"), {QStringLiteral("audit"), QStringLiteral("verify")}).code, 0);
        QCOMPARE(as(QStringLiteral("alice"), {QStringLiteral("scan"), QStringLiteral("delete"),
                                              server.scalar(QStringLiteral("SELECT max(id) FROM secreview.scan"))}).code, 4);
    }

    void usersAreServerLogins()
    {
        tutorialOn(QStringLiteral("team_users"));
        addUser(QStringLiteral("erin"), QStringLiteral("viewer"));
        const QString select1 = QStringLiteral("SELECT 1");
        QCOMPARE(server.psql(QStringLiteral("erin"), cli.password(), select1).code, 0);
        QCOMPARE(server.scalar(QStringLiteral("SELECT pg_has_role('erin', 'team_users_viewer', 'MEMBER')")), QStringLiteral("t"));
        QCOMPARE(server.scalar(QStringLiteral("SELECT pg_has_role('erin', 'team_users_secops', 'MEMBER')")), QStringLiteral("f"));
        // The table keeps no password the server could be attacked with.
        QVERIFY(server.scalar(QStringLiteral("SELECT password_hash FROM secreview.app_user WHERE name = 'erin'"))
                    .startsWith(QLatin1String("server:")));
        QCOMPARE(as(QStringLiteral("admin"), {QStringLiteral("user"), QStringLiteral("grant"), QStringLiteral("erin"),
                                              QStringLiteral("secops")})
                     .code,
                 0);
        QCOMPARE(server.scalar(QStringLiteral("SELECT pg_has_role('erin', 'team_users_secops', 'MEMBER')")), QStringLiteral("t"));
        QCOMPARE(as(QStringLiteral("admin"), {QStringLiteral("user"), QStringLiteral("revoke"), QStringLiteral("erin"),
                                              QStringLiteral("secops")})
                     .code,
                 0);
        QCOMPARE(server.scalar(QStringLiteral("SELECT pg_has_role('erin', 'team_users_secops', 'MEMBER')")), QStringLiteral("f"));
        QCOMPARE(as(QStringLiteral("admin"), {QStringLiteral("user"), QStringLiteral("disable"), QStringLiteral("erin")}).code, 0);
        QVERIFY(server.psql(QStringLiteral("erin"), cli.password(), select1).code != 0);
        QCOMPARE(as(QStringLiteral("erin"), {QStringLiteral("issues")}).code, 4);
        QCOMPARE(as(QStringLiteral("admin"), {QStringLiteral("user"), QStringLiteral("enable"), QStringLiteral("erin")}).code, 0);
        QCOMPARE(server.psql(QStringLiteral("erin"), cli.password(), select1).code, 0);
        // A new password is the server's at once: the old one stops working.
        QProcessEnvironment fresh;
        fresh.insert(QStringLiteral("SECREVIEW_NEW_PASSWORD"), QStringLiteral("erin-New-Secret-2"));
        QCOMPARE(cli.run(QStringLiteral("admin"), {QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("erin")},
                         {}, fresh)
                     .code,
                 0);
        QVERIFY(server.psql(QStringLiteral("erin"), cli.password(), select1).code != 0);
        QCOMPARE(server.psql(QStringLiteral("erin"), QStringLiteral("erin-New-Secret-2"), select1).code, 0);
        QCOMPARE(cli.run(QStringLiteral("erin"), {QStringLiteral("issues")}, QStringLiteral("erin-New-Secret-2")).code, 0);
        auditHolds();
        // A developer cannot add users, on the command line or by hand.
        const Run dev = as(QStringLiteral("alice"), {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("frank"),
                                                     QStringLiteral("--role"), QStringLiteral("admin")});
        QCOMPARE(dev.code, 4);
        QVERIFY(server.psql(QStringLiteral("alice"), cli.password(),
                            QStringLiteral("CREATE ROLE frank LOGIN PASSWORD 'x'")).code != 0);
        QCOMPARE(server.scalar(QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname = 'frank'")), QStringLiteral("0"));
    }

    void racingDecisionsOneWins()
    {
        tutorialOn(QStringLiteral("team_race"));
        addUser(QStringLiteral("dave"), QStringLiteral("secops"));
        for (int round = 0; round < 6; ++round) {
            const QString id = request(QStringLiteral("B602"));
            QVERIFY(id.toInt() > 0);
            // Both read the request pending, then wait for the write lock another session holds;
            // when it goes, one decides and the other finds the request changed under it.
            QProcess holder;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("PGPASSWORD"), server.superPassword);
            holder.setProcessEnvironment(env);
            holder.start(QStringLiteral("psql"), {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-h"),
                                                  QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                                                  QString::number(server.port), QStringLiteral("-U"),
                                                  QStringLiteral("secreview_super"), QStringLiteral("-d"),
                                                  server.database, QStringLiteral("-c"),
                                                  QStringLiteral("SELECT pg_advisory_lock(7353245146), pg_sleep(3)")});
            QTRY_COMPARE_WITH_TIMEOUT(server.scalar(QStringLiteral("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")),
                                      QStringLiteral("1"), 10000);
            const QString second = round % 2 ? QStringLiteral("reject") : QStringLiteral("approve");
            QProcess bob, dave;
            for (auto [p, who, verb] : {std::tuple{&bob, QStringLiteral("bob"), QStringLiteral("approve")},
                                        std::tuple{&dave, QStringLiteral("dave"), second}})
                cli.start(*p, who, {QStringLiteral("exemption"), verb, id, QStringLiteral("--comment"),
                                    QStringLiteral("round %1").arg(round)});
            QVERIFY(finished(holder, 20000));
            QVERIFY(finished(bob));
            QVERIFY(finished(dave));
            const QList<int> codes{bob.exitCode(), dave.exitCode()};
            QVERIFY2(codes.count(0) == 1, qPrintable(QStringLiteral("round %1: exit codes %2 %3").arg(round).arg(codes[0]).arg(codes[1])));
            QProcess &loser = codes[0] == 0 ? dave : bob;
            const QString winner = codes[0] == 0 ? QStringLiteral("bob") : QStringLiteral("dave");
            QCOMPARE(loser.exitCode(), 4);
            const QString said = QString::fromUtf8(loser.readAllStandardError());
            QVERIFY2(said.contains(QStringLiteral("changed by %1 at").arg(winner)) && said.contains(QLatin1String("reload")),
                     qPrintable(said));
            // One decision, written once.
            QCOMPARE(server.scalar(QStringLiteral("SELECT count(*) FROM secreview.exemption_event WHERE exemption_id = %1"
                                                  " AND action IN ('approve','reject')").arg(id)),
                     QStringLiteral("1"));
            // Make room for the next round's request.
            const QString status = server.scalar(QStringLiteral("SELECT status FROM secreview.exemption WHERE id = %1").arg(id));
            const QString next = status == QLatin1String("approved") ? QStringLiteral("delete") : QString();
            if (!next.isEmpty())
                QCOMPARE(as(QStringLiteral("bob"), {QStringLiteral("exemption"), next, id}).code, 0);
            else
                QCOMPARE(as(QStringLiteral("alice"), {QStringLiteral("exemption"), QStringLiteral("cancel"), id}).code, 0);
        }
        auditHolds();
    }

    void parallelImportsLoseNothing()
    {
        tutorialOn(QStringLiteral("team_parallel"));
        const QString before = server.scalar(QStringLiteral("SELECT count(*) FROM secreview.scan"));
        QList<QProcess *> imports;
        const int n = 6;
        for (int i = 0; i < n; ++i) {
            auto *p = new QProcess(this);
            cli.start(*p, i % 2 ? QStringLiteral("alice") : QStringLiteral("bob"),
                      {QStringLiteral("import"), Cli::demo(i % 2 ? QStringLiteral("DEMO-001") : QStringLiteral("main")),
                       QStringLiteral("--target"), QStringLiteral("app%1").arg(i % 3), QStringLiteral("--variant"),
                       QStringLiteral("branch-%1").arg(i)});
            imports.append(p);
        }
        for (QProcess *p : imports) {
            QVERIFY(finished(*p, 120000));
            QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
        }
        QCOMPARE(server.scalar(QStringLiteral("SELECT count(*) FROM secreview.scan")).toInt(), before.toInt() + n);
        QCOMPARE(server.scalar(QStringLiteral("SELECT count(*) FROM secreview.audit_entry WHERE action = 'scan.import'")).toInt(),
                 before.toInt() + n);
        auditHolds();
    }

    // The server stores one COPY batch while the next is built (ServerCopy): an import of several
    // batches, with new issues arriving after the first (each upsert waits for the batch) and
    // every character COPY escapes in its texts, stores on a server what a file stores, as sealed
    // (audit verify reads every value back); one refused in its last batch, with a batch still at
    // work on the server, leaves the server exactly as it was.
    void largeImportAgreesWithAFile()
    {
        tutorialOn(QStringLiteral("team_large"));
        QTemporaryDir dir;
        const int results = 15000; // about 12 MB: three 4 MB batches
        auto write = [&dir](const QString &name, int count, bool refusedAtTheEnd) {
            QJsonArray list;
            for (int i = 0; i < count; ++i) {
                const bool last = i == count - 1;
                const QJsonValue rule =
                    refusedAtTheEnd && last ? QJsonValue(5) : QJsonValue(QStringLiteral("big/rule-%1").arg(i));
                const QString message = QStringLiteral("finding %1:\ttab, back\\slash \\N, new\nline and\r\nCRLF; ").arg(i) +
                                        QString(400, QLatin1Char('x'));
                const QJsonObject region{{QStringLiteral("startLine"), i + 1}};
                const QJsonObject artifact{{QStringLiteral("uri"), QStringLiteral("src\\dir/f%1.c").arg(i % 97)}};
                const QJsonObject physical{{QStringLiteral("artifactLocation"), artifact},
                                           {QStringLiteral("region"), region}};
                const QJsonObject location{{QStringLiteral("physicalLocation"), physical}};
                list.append(QJsonObject{
                    {QStringLiteral("ruleId"), rule},
                    {QStringLiteral("level"), i % 5 ? QStringLiteral("warning") : QStringLiteral("error")},
                    {QStringLiteral("message"), QJsonObject{{QStringLiteral("text"), message}}},
                    {QStringLiteral("locations"), QJsonArray{location}}});
            }
            const QJsonObject sarif{
                {QStringLiteral("version"), QStringLiteral("2.1.0")},
                {QStringLiteral("runs"),
                 QJsonArray{QJsonObject{{QStringLiteral("tool"),
                                         QJsonObject{{QStringLiteral("driver"), QJsonObject{{QStringLiteral("name"), QStringLiteral("BigTool")}}}}},
                                        {QStringLiteral("results"), list}}}}};
            const QString path = dir.filePath(name);
            writeFile(path, QJsonDocument(sarif).toJson(QJsonDocument::Compact));
            return path;
        };
        const QString good = write(QStringLiteral("large.sarif"), results, false);
        QVERIFY(QFileInfo(good).size() > 9 * 1024 * 1024);
        Cli file(dir.filePath(QStringLiteral("large.db")));
        file.setUpTutorial();
        const QStringList import{QStringLiteral("import"), good, QStringLiteral("--target"), QStringLiteral("large"),
                                 QStringLiteral("--variant"), QStringLiteral("main")};
        for (const Cli *c : {&cli, &file}) {
            const Run imported = c->run(QStringLiteral("bob"), import);
            QVERIFY2(imported.code == 0, imported.err.constData());
        }
        const QStringList list{QStringLiteral("issues"), QStringLiteral("--target"), QStringLiteral("large"),
                               QStringLiteral("--variant"), QStringLiteral("main"), J, JSON};
        const QJsonArray onServer = cli.run(QStringLiteral("alice"), list).json().value(QStringLiteral("issues")).toArray();
        const QJsonArray onFile = file.run(QStringLiteral("alice"), list).json().value(QStringLiteral("issues")).toArray();
        QCOMPARE(onServer.size(), results);
        QCOMPARE(onFile.size(), results);
        const QStringList gate{QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("large"),
                               QStringLiteral("--variant"), QStringLiteral("main"), QStringLiteral("--fail-on-severity"),
                               QStringLiteral("critical"), J, JSON};
        QCOMPARE(cli.run(QStringLiteral("alice"), gate).json().value(QStringLiteral("outputVariables")),
                 file.run(QStringLiteral("alice"), gate).json().value(QStringLiteral("outputVariables")));
        // The last finding's message and place, every escaped character, read back as written.
        const QString last = QString::number(results - 1);
        for (const Cli *c : {&cli, &file}) {
            QString id;
            for (const QJsonValue &v : (c == &cli ? onServer : onFile)) {
                if (v.toObject().value(QStringLiteral("rule")).toString() == QStringLiteral("big/rule-") + last)
                    id = QString::number(v.toObject().value(QStringLiteral("id")).toInteger());
            }
            QVERIFY(!id.isEmpty());
            const QJsonObject shown = c->run(QStringLiteral("alice"), {QStringLiteral("issue"), QStringLiteral("show"), id, J, JSON}).json();
            const QByteArray text = QJsonDocument(shown).toJson(QJsonDocument::Compact);
            QVERIFY2(text.contains(QStringLiteral("finding %1:\\ttab, back\\\\slash \\\\N, new\\nline and\\r\\nCRLF; ").arg(last).toUtf8()),
                     text.left(2000).constData());
            QVERIFY2(text.contains("src\\\\dir/f"), text.left(2000).constData());
        }
        auditHolds();

        const QString before = cli.dump();
        const Run refused = as(QStringLiteral("bob"), {QStringLiteral("import"), write(QStringLiteral("late.sarif"), results, true),
                                                      QStringLiteral("--target"), QStringLiteral("large"),
                                                      QStringLiteral("--variant"), QStringLiteral("late")});
        QCOMPARE(refused.code, 3);
        QVERIFY2(refused.err.contains("late.sarif") && refused.err.contains(QStringLiteral("results[%1].ruleId").arg(results - 1).toUtf8()),
                 refused.err.constData());
        QCOMPARE(cli.dump(), before);
        auditHolds();
    }

    // Version 7 added the triage tables and their rules, version 8 an index, version 9 nothing on a
    // server (SQLite's search index), version 10 the raw entries' chunks: a server at version 6
    // is refused by the clients until its administrator runs `db migrate`; no secreview user can
    // run it for them; the scans imported before keep their raw entries in their occurrences.
    void serverSchemaIsMigratedByItsAdministrator()
    {
        tutorialOn(QStringLiteral("team_migrate"));
        // What a version 6 import left: each raw entry in its occurrence (read through the model
        // before the chunks go).
        QString inlineEntries;
        {
            using namespace secreview;
            const Database db = Database::open(server.location());
            UserDirectory(db).authenticate(QStringLiteral("bob"), Cli::password());
            Query q(db, QStringLiteral("SELECT id, scan_id, raw_chunk, raw_offset, raw_length FROM occurrence"
                                       " WHERE raw_chunk IS NOT NULL"));
            q.exec();
            while (q.next()) {
                const std::optional<QByteArray> entry = RawEntryReader(db, q.integer(u"scan_id")).entry(rawPlace(q));
                QVERIFY(entry && !entry->isEmpty());
                inlineEntries += QStringLiteral("UPDATE secreview.occurrence SET raw = convert_from(decode('%1', 'hex'),"
                                                " 'UTF8') WHERE id = %2;")
                                     .arg(QString::fromLatin1(entry->toHex()))
                                     .arg(q.integer(u"id"));
            }
        }
        QVERIFY(!inlineEntries.isEmpty());
        const QString version6 = inlineEntries + QStringLiteral(
            "DROP TABLE secreview.issue_triage, secreview.issue_note CASCADE;"
            " DROP FUNCTION secreview.issue_triage_check(), secreview.issue_note_check();"
            " DROP INDEX secreview.scan_issue_counts;"
            " DROP TABLE secreview.scan_raw;"
            " DROP TABLE secreview.scan_deletion CASCADE;"
            " DROP FUNCTION secreview.scan_delete(bigint), secreview.scan_deletion_audited();"
            " DROP FUNCTION secreview.exemption_limits_check(), secreview.issue_text_check() CASCADE;"
            " ALTER TABLE secreview.issue DROP COLUMN text_trusted;"
            " ALTER TABLE secreview.occurrence DROP COLUMN raw_chunk, DROP COLUMN raw_offset, DROP COLUMN raw_length;"
            // Version 12's comparison columns stay with their values and their grant is taken
            // back: this version's imports logged what they hold (dropped, they would be an
            // erasure that audit verify names); the migration adds a column only when missing.
            " REVOKE UPDATE (baseline_at_import, comparison_scan_id) ON secreview.scan FROM"
            " team_migrate_developer, team_migrate_secops, team_migrate_admin, team_migrate_ci;"
            " UPDATE secreview.meta SET value = '6' WHERE key = 'schema_version'");
        QCOMPARE(server.superuser(QString(version6).replace(QStringLiteral("team_migrate_"), server.database + QLatin1Char('_')),
                                  server.database)
                     .code,
                 0);
        const Run old = as(QStringLiteral("alice"), {QStringLiteral("issues")});
        QCOMPARE(old.code, 6);
        QVERIFY2(old.err.contains("migrated by its administrator"), old.err.constData());

        const QStringList migrate{QStringLiteral("db"), QStringLiteral("migrate")};
        Cli asBob = cli;
        asBob.db = QString(server.location()).replace(QStringLiteral("postgresql://"), QStringLiteral("postgresql://bob@"));
        asBob.environment.insert(QStringLiteral("SECREVIEW_SERVER_PASSWORD"), Cli::password());
        const Run byBob = asBob.run(QStringLiteral("bob"), migrate);
        QCOMPARE(byBob.code, 4);
        QVERIFY2(byBob.err.contains("migrated by the administrator who ran init"), byBob.err.constData());
        QCOMPARE(server.scalar(QStringLiteral("SELECT value FROM secreview.meta WHERE key = 'schema_version'")),
                 QStringLiteral("6"));

        Cli administrator = cli;
        administrator.db = server.adminLocation();
        QTemporaryDir here;
        administrator.workingDirectory = here.path();
        const Run migrated = administrator.run(QString(), migrate);
        QVERIFY2(migrated.code == 0, migrated.err.constData());
        QVERIFY2(migrated.out.contains("migrated from schema version 6 to 14"), migrated.out.constData());
        // The schema as it was is kept where the administrator ran it: a dump pg_restore reads,
        // of version 6, readable by its owner only.
        const QString dump = here.filePath(server.database + QStringLiteral(".schema-v6.dump"));
        QVERIFY2(migrated.out.contains(dump.toUtf8()), migrated.out.constData());
        QCOMPARE(QFileInfo(dump).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
        QProcess restore;
        restore.start(QStringLiteral("pg_restore"), {QStringLiteral("--file=-"), QStringLiteral("--data-only"),
                                                     QStringLiteral("--table=meta"), dump});
        QVERIFY(restore.waitForFinished(60000));
        QVERIFY2(restore.readAllStandardOutput().contains("schema_version\t6"), restore.readAllStandardError().constData());
        const Run again = administrator.run(QString(), migrate);
        QCOMPARE(again.code, 0);
        QVERIFY2(again.out.contains("has schema version 14 already"), again.out.constData());
        QCOMPARE(QDir(here.path()).entryList(QDir::Files).size(), 1); // nothing to keep the second time

        // The triage works as on a new server, with its rules in place.
        const QString b303 = cli.issueIdOf(QStringLiteral("B303"));
        QCOMPARE(as(QStringLiteral("bob"), {QStringLiteral("issue"), QStringLiteral("review"), b303}).code, 0);
        QCOMPARE(as(QStringLiteral("alice"), {QStringLiteral("issue"), QStringLiteral("note"), b303,
                                              QStringLiteral("--text"), QStringLiteral("after the migration")}).code, 0);
        QCOMPARE(as(QStringLiteral("alice"), {QStringLiteral("issue"), QStringLiteral("review"), b303,
                                              QStringLiteral("--undo")}).code, 4);
        const Run forged = server.psql(QStringLiteral("alice"), Cli::password(),
                                       QStringLiteral("UPDATE issue_note SET text = 'approved'"));
        QVERIFY(forged.code != 0);
        auditHolds();
        const Run check = as(QStringLiteral("alice"), {QStringLiteral("db"), QStringLiteral("check")});
        QVERIFY2(check.code == 0, QByteArray(check.out + check.err).constData());
        // The entries of the scans before show as they did; a scan imported now keeps its own in
        // chunks, written by its import only.
        const Run shown = as(QStringLiteral("bob"), {QStringLiteral("issue"), QStringLiteral("show"), b303, J, JSON});
        QVERIFY2(shown.json().value(QStringLiteral("occurrences")).toArray().first().toObject().value(
                     QStringLiteral("raw")).toString().contains(QLatin1String("B303")),
                 shown.out.constData());
        QCOMPARE(as(QStringLiteral("alice"), {QStringLiteral("import"), Cli::demo(QStringLiteral("main")), QStringLiteral("--target"),
                                              QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("after")})
                     .code,
                 0);
        QVERIFY(server.scalar(QStringLiteral("SELECT count(*) FROM secreview.scan_raw")).toInt() > 0);
        // Version 12: the import recorded its comparison (the baseline main); no one changes it after.
        QCOMPARE(server.scalar(QStringLiteral("SELECT baseline_at_import FROM secreview.scan ORDER BY id DESC LIMIT 1")),
                 QStringLiteral("main"));
        const Run forgedComparison = server.psql(QStringLiteral("alice"), Cli::password(),
                                                 QStringLiteral("UPDATE scan SET comparison_scan_id = NULL,"
                                                                " baseline_at_import = '' WHERE id = (SELECT max(id) FROM scan)"));
        QVERIFY2(forgedComparison.code != 0, forgedComparison.out.constData());
        const Run forgedChunk = server.psql(QStringLiteral("alice"), Cli::password(),
                                            QStringLiteral("INSERT INTO scan_raw(scan_id, chunk, size, data)"
                                                           " VALUES (1, 99, 1, '\\x00')"));
        QVERIFY2(forgedChunk.code != 0, forgedChunk.out.constData());
        // Version 13: SecOps delete a scan through the server's function, audited.
        const QString latest = server.scalar(QStringLiteral("SELECT max(id) FROM secreview.scan"));
        const Run deleted = as(QStringLiteral("bob"), {QStringLiteral("scan"), QStringLiteral("delete"), latest});
        QVERIFY2(deleted.code == 0, deleted.err.constData());
        QCOMPARE(server.scalar(QStringLiteral("SELECT count(*) FROM secreview.scan_deletion WHERE scan_id = %1").arg(latest)),
                 QStringLiteral("1"));
        // Version 14: the policy's and the issue text's rules are in place (db check above found
        // them enabled), and an import keeps marking whose text an issue has.
        QCOMPARE(server.scalar(QStringLiteral("SELECT string_agg(tgrelid::regclass || '.' || tgname, ',' ORDER BY tgname)"
                                              " FROM pg_trigger WHERE tgname IN ('exemption_limits_check', 'issue_text_check')"
                                              " AND tgenabled = 'O'")),
                 QStringLiteral("exemption.exemption_limits_check,issue.issue_text_check"));
        QCOMPARE(as(QStringLiteral("bob"), {QStringLiteral("import"), Cli::demo(QStringLiteral("main")), QStringLiteral("--target"),
                                            QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("after")})
                     .code,
                 0);
        QCOMPARE(server.scalar(QStringLiteral("SELECT max(text_trusted) FROM secreview.issue")), QStringLiteral("1"));
        auditHolds();
    }

    void killedClientsLeaveNothingHalfDone()
    {
        tutorialOn(QStringLiteral("team_kill"));
        QTemporaryDir dir;
        const QString big = Cli::bigSarif(dir.filePath(QStringLiteral("big.sarif")), 20000);
        for (int delayMs : {150, 400, 800, 1500, 3000}) {
            const int scansBefore = server.scalar(QStringLiteral("SELECT count(*) FROM secreview.scan")).toInt();
            const bool completed = cli.runKilledAfter(QStringLiteral("alice"),
                                                      {QStringLiteral("import"), big, QStringLiteral("--target"),
                                                       QStringLiteral("big"), QStringLiteral("--variant"), QStringLiteral("main")},
                                                      delayMs) == 0;
            // The server rolls a dead client's transaction back: every scan there is whole. (Its
            // sessions only: the suites on the other databases of the cluster run meanwhile.)
            QTRY_COMPARE_WITH_TIMEOUT(server.scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'secreview'"
                                                                    " AND datname = '%1'").arg(server.database)),
                                      QStringLiteral("0"), 20000);
            // Killed after its commit, an import is there whole; before it, not at all.
            const int added = server.scalar(QStringLiteral("SELECT count(*) FROM secreview.scan")).toInt() - scansBefore;
            QVERIFY2(added == 1 || (added == 0 && !completed), qPrintable(QString::number(added)));
            QCOMPARE(server.scalar(QStringLiteral("SELECT count(*) FROM secreview.scan s WHERE s.scanner = 'BigTool' AND"
                                                  " (SELECT count(*) FROM secreview.occurrence o WHERE o.scan_id = s.id) <> 20000")),
                     QStringLiteral("0"));
        }
        // ...and the same for a decision.
        const QString id = request(QStringLiteral("B602"));
        for (int delayMs : {5, 30, 80, 200}) {
            cli.runKilledAfter(QStringLiteral("bob"), {QStringLiteral("exemption"), QStringLiteral("approve"), id}, delayMs);
            QTRY_COMPARE_WITH_TIMEOUT(server.scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'secreview'"
                                                                    " AND datname = '%1'").arg(server.database)),
                                      QStringLiteral("0"), 20000);
            const QString status = server.scalar(QStringLiteral("SELECT status FROM secreview.exemption WHERE id = %1").arg(id));
            const QString events = server.scalar(QStringLiteral("SELECT count(*) FROM secreview.exemption_event WHERE exemption_id = %1 AND action = 'approve'").arg(id));
            QCOMPARE(events, status == QLatin1String("approved") ? QStringLiteral("1") : QStringLiteral("0"));
            if (status == QLatin1String("approved"))
                break;
        }
        auditHolds();
    }
};

} // namespace

QTEST_GUILESS_MAIN(TstTeam)
#include "tst_team.moc"
