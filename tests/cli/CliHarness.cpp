#include "tests/cli/CliHarness.h"

#include "tests/TestSupport.h"

#include <QJsonArray>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>
#include <csignal>
#include <sys/types.h>

namespace secreview::test {

QJsonObject Run::json() const
{
    return QJsonDocument::fromJson(out).object();
}

void Cli::start(QProcess &p, const QString &user, const QStringList &args, const QString &pass,
                const QProcessEnvironment &extra) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SECREVIEW_USER"), user);
    env.insert(QStringLiteral("SECREVIEW_PASSWORD"), pass.isNull() ? password() : pass);
    env.insert(QStringLiteral("SECREVIEW_NEW_PASSWORD"), password());
    env.remove(QStringLiteral("SECREVIEW_DB"));
    for (const QString &key : environment.keys())
        env.insert(key, environment.value(key));
    for (const QString &key : extra.keys())
        env.insert(key, extra.value(key));
    p.setProcessEnvironment(env);
    p.setStandardInputFile(QProcess::nullDevice());
    if (!workingDirectory.isEmpty())
        p.setWorkingDirectory(workingDirectory);
    const bool init = !args.isEmpty() && !initDb.isEmpty() &&
                      (args.constFirst() == QLatin1String("init") || args.constFirst() == QLatin1String("demo"));
    p.start(QStringLiteral(SECREVIEW_BINARY), QStringList{QStringLiteral("--db"), init ? initDb : db} + args);
}

Run Cli::run(const QString &user, const QStringList &args, const QString &pass,
             const QProcessEnvironment &extra) const
{
    QProcess p;
    start(p, user, args, pass, extra);
    if (!p.waitForFinished(120000))
        qFatal("secreview did not finish");
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

int Cli::runKilledAfter(const QString &user, const QStringList &args, int delayMs) const
{
    QProcess p;
    start(p, user, args);
    if (!p.waitForStarted())
        qFatal("secreview did not start");
    QTest::qWait(delayMs);
    if (p.state() == QProcess::Running)
        ::kill(pid_t(p.processId()), SIGKILL);
    // waitForFinished() says false for a process that has finished already.
    if (p.state() != QProcess::NotRunning && !p.waitForFinished(60000))
        qFatal("secreview did not end after SIGKILL");
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

QString Cli::demo(const QString &variant)
{
    return fixture(QStringLiteral("../../resources/demo/dvpwa-%1.bandit.json").arg(variant));
}

QString Cli::bigSarif(const QString &path, int count)
{
    QJsonArray results;
    for (int i = 0; i < count; ++i) {
        const QJsonObject location{
            {QStringLiteral("physicalLocation"),
             QJsonObject{{QStringLiteral("artifactLocation"), QJsonObject{{QStringLiteral("uri"), QStringLiteral("src/f%1.c").arg(i % 977)}}},
                         {QStringLiteral("region"), QJsonObject{{QStringLiteral("startLine"), i + 1}}}}}};
        results.append(QJsonObject{{QStringLiteral("ruleId"), QStringLiteral("R%1").arg(i % 400)},
                                   {QStringLiteral("level"), i % 7 ? QStringLiteral("warning") : QStringLiteral("error")},
                                   {QStringLiteral("message"), QJsonObject{{QStringLiteral("text"), QStringLiteral("finding %1").arg(i)}}},
                                   {QStringLiteral("locations"), QJsonArray{location}}});
    }
    const QJsonObject driver{{QStringLiteral("name"), QStringLiteral("BigTool")}};
    const QJsonObject sarif{
        {QStringLiteral("version"), QStringLiteral("2.1.0")},
        {QStringLiteral("runs"), QJsonArray{QJsonObject{{QStringLiteral("tool"), QJsonObject{{QStringLiteral("driver"), driver}}},
                                                        {QStringLiteral("results"), results}}}}};
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(sarif).toJson(QJsonDocument::Compact)) <= 0)
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void Cli::setUpTutorial() const
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
                  QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("main")})
                 .code,
             0);
    QCOMPARE(run(QStringLiteral("bob"),
                 {QStringLiteral("baseline"), QStringLiteral("set"), QStringLiteral("--target"),
                  QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("main")})
                 .code,
             0);
    QCOMPARE(run(QStringLiteral("alice"),
                 {QStringLiteral("import"), demo(QStringLiteral("DEMO-001")), QStringLiteral("--target"),
                  QStringLiteral("dvpwa"), QStringLiteral("--variant"), QStringLiteral("DEMO-001")})
                 .code,
             0);
}

QString Cli::issueIdOf(const QString &rule) const
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

QJsonObject Cli::gate(const QString &variant, const QString &threshold) const
{
    return run(QStringLiteral("alice"),
               {QStringLiteral("gate"), QStringLiteral("--target"), QStringLiteral("dvpwa"),
                QStringLiteral("--variant"), variant, QStringLiteral("--fail-on-severity"), threshold,
                QStringLiteral("--format"), QStringLiteral("json")})
        .json();
}

bool Cli::sql(const QString &statement) const
{
    if (serverSql) {
        const Run r = serverSql(QStringLiteral("SET session_replication_role = replica; ") + statement);
        if (r.code != 0)
            qWarning("%s", r.err.constData());
        return r.code == 0;
    }
    bool done = false;
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("editor"));
        raw.setDatabaseName(db);
        done = raw.open() && QSqlQuery(raw).exec(statement);
        raw.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("editor"));
    return done;
}

QVariant Cli::sqlValue(const QString &query) const
{
    if (serverSql) {
        const Run r = serverSql(query);
        return r.code == 0 ? QVariant(QString::fromUtf8(r.out).section(QLatin1Char('\n'), 0, 0)) : QVariant();
    }
    QVariant value;
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("reader"));
        raw.setDatabaseName(db);
        if (raw.open()) {
            QSqlQuery q(raw);
            if (q.exec(query) && q.next())
                value = q.value(0);
        }
        raw.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("reader"));
    return value;
}

QString Cli::dump() const
{
    if (serverDump)
        return serverDump();
    QStringList out;
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("dumper"));
        raw.setDatabaseName(db);
        if (!raw.open())
            return QStringLiteral("(cannot open %1)").arg(db);
        QStringList tables;
        QSqlQuery schema(raw);
        schema.exec(QStringLiteral("SELECT type, name, sql FROM sqlite_master ORDER BY type, name"));
        while (schema.next()) {
            out.append(schema.value(0).toString() + QLatin1Char('|') + schema.value(1).toString() +
                       QLatin1Char('|') + schema.value(2).toString());
            if (schema.value(0).toString() == QLatin1String("table"))
                tables.append(schema.value(1).toString());
        }
        for (const QString &table : std::as_const(tables)) {
            QSqlQuery rows(raw);
            rows.exec(QStringLiteral("SELECT * FROM \"%1\" ORDER BY 1").arg(table));
            while (rows.next()) {
                QStringList row{table};
                for (int i = 0; i < rows.record().count(); ++i)
                    row.append(rows.value(i).toString());
                out.append(row.join(QLatin1Char('|')));
            }
        }
        raw.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("dumper"));
    return out.join(QLatin1Char('\n'));
}

} // namespace secreview::test
