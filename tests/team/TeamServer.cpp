#include "tests/team/TeamServer.h"

#include "model/demo/DemoDatabase.h"

#include "tests/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTest>

namespace secreview::test {
namespace {

QString stateFolder()
{
    return QString::fromLocal8Bit(SECREVIEW_PG_STATE);
}

QString readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).trimmed() : QString();
}

} // namespace

bool TeamServer::available(QString *why)
{
    if (readFile(stateFolder() + QStringLiteral("/port")).isEmpty()) {
        *why = QStringLiteral("no test cluster at %1: CTest's pg_cluster_start fixture starts it "
                              "(scripts/pg-cluster.sh start %1)")
                   .arg(stateFolder());
        return false;
    }
    return true;
}

bool TeamServer::engineIsServer()
{
    return qEnvironmentVariable("SECREVIEW_TEST_ENGINE") == QLatin1String("postgresql");
}

QString TeamServer::databaseFor(const QString &suite)
{
    static int counter = 0;
    const QString name = QString::fromLatin1(QTest::currentTestFunction()).toLower();
    return QStringLiteral("%1_%2_%3").arg(suite).arg(++counter).arg(name).left(40); // ServerLocation's limit
}

Cli TeamServer::freshCli(const QString &suite, const QString &folder, std::optional<TeamServer> &server)
{
    if (engineIsServer()) {
        server = fresh(databaseFor(suite));
        return server->cli();
    }
    server.reset();
    return Cli(QDir(folder).filePath(QStringLiteral("%1-%2.db").arg(suite, QLatin1String(QTest::currentTestFunction()))));
}

Database TeamServer::demo(const QString &suite, const QString &folder, std::optional<TeamServer> &server)
{
    if (engineIsServer()) {
        server = fresh(databaseFor(suite));
        const Run made = server->cli().run({}, {QStringLiteral("demo")});
        if (made.code != 0)
            qFatal("demo on the team server failed: %s", made.err.constData());
        return Database::open(server->location());
    }
    server.reset();
    return DemoDatabase::create(
        QDir(folder).filePath(QStringLiteral("%1-%2.db").arg(suite, QLatin1String(QTest::currentTestFunction()))));
}

int TeamServer::runSuites(int argc, char **argv, QObject *either, QObject *fileOnly)
{
    QList<QObject *> suites{either};
    if (!engineIsServer())
        suites.append(fileOnly);
    return secreview::test::runSuites(argc, argv, suites);
}

void TeamServer::dropFresh(std::optional<TeamServer> &server)
{
    if (server)
        server->drop();
    server.reset();
}

TeamServer TeamServer::fresh(const QString &database)
{
    TeamServer s;
    s.database = database;
    s.port = readFile(stateFolder() + QStringLiteral("/port")).toInt();
    s.superPassword = readFile(stateFolder() + QStringLiteral("/superuser.pw"));
    s.drop();
    const Run made = s.superuser(QStringLiteral("CREATE DATABASE %1").arg(database), QStringLiteral("postgres"));
    if (made.code != 0)
        qFatal("cannot create the test database: %s", made.err.constData());
    return s;
}

void TeamServer::drop() const
{
    // Logins are the cluster's, not the database's: the users it has (and the usual names, its
    // group roles) go with it, so that the next database may have its own alice.
    QString logins;
    if (superuser(QStringLiteral("SELECT 1 FROM pg_database WHERE datname = '%1'").arg(database), QStringLiteral("postgres"))
            .out.trimmed() == "1") {
        logins = QString::fromUtf8(
                     superuser(QStringLiteral("SELECT string_agg(quote_literal(name), ',') FROM secreview.app_user")).out)
                     .trimmed();
    }
    superuser(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(database), QStringLiteral("postgres"));
    const Run roles = superuser(
        QStringLiteral("SELECT string_agg(quote_ident(rolname), ',') FROM pg_roles WHERE rolname LIKE '%1\\_%%'"
                       " OR rolname IN ('alice','bob','carol','dave','erin','admin','ci','viewer','viewer1','ci1'%2)")
            .arg(database, logins.isEmpty() ? QString() : QLatin1Char(',') + logins),
        QStringLiteral("postgres"));
    const QString list = QString::fromUtf8(roles.out).trimmed();
    if (!list.isEmpty()) {
        for (const QString &role : list.split(QLatin1Char(','))) {
            superuser(QStringLiteral("DROP OWNED BY %1 CASCADE").arg(role), QStringLiteral("postgres"));
            superuser(QStringLiteral("DROP ROLE IF EXISTS %1").arg(role), QStringLiteral("postgres"));
        }
    }
}

QString TeamServer::location() const
{
    return QStringLiteral("postgresql://127.0.0.1:%1/%2").arg(port).arg(database);
}

QString TeamServer::adminLocation() const
{
    return QStringLiteral("postgresql://secreview_super@127.0.0.1:%1/%2").arg(port).arg(database);
}

Cli TeamServer::cli() const
{
    Cli c(location());
    c.initDb = adminLocation();
    c.environment.insert(QStringLiteral("SECREVIEW_SERVER_PASSWORD"), superPassword);
    const TeamServer self = *this;
    c.serverSql = [self](const QString &sql) { return self.superuser(sql); };
    c.serverDump = [self] { return self.dump(); };
    return c;
}

Run TeamServer::psql(const QString &login, const QString &password, const QString &sql) const
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGPASSWORD"), password);
    env.insert(QStringLiteral("PGOPTIONS"), QStringLiteral("-c search_path=secreview"));
    env.insert(QStringLiteral("PGCONNECT_TIMEOUT"), QStringLiteral("10"));
    p.setProcessEnvironment(env);
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(QStringLiteral("psql"), {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-A"), QStringLiteral("-t"),
                                     QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-h"),
                                     QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(port),
                                     QStringLiteral("-U"), login, QStringLiteral("-d"),
                                     database, QStringLiteral("-c"), sql});
    if (!p.waitForFinished(60000))
        qFatal("psql did not finish");
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

Run TeamServer::superuser(const QString &sql, const QString &db) const
{
    TeamServer other = *this;
    if (!db.isEmpty())
        other.database = db;
    return other.psql(QStringLiteral("secreview_super"), superPassword, sql);
}

QString TeamServer::dump() const
{
    const QString union_ = scalar(QStringLiteral(
        "SELECT string_agg(format('SELECT %L AS t, x::text AS r FROM secreview.%I x', table_name, table_name),"
        " ' UNION ALL ' ORDER BY table_name) FROM information_schema.tables"
        " WHERE table_schema = 'secreview' AND table_type = 'BASE TABLE'"));
    if (union_.isEmpty())
        return QStringLiteral("(no tables in %1)").arg(database);
    const Run rows = superuser(QStringLiteral("SELECT t || '|' || r FROM (%1) u ORDER BY t, r").arg(union_));
    return rows.code == 0 ? QString::fromUtf8(rows.out) : QStringLiteral("(cannot dump: %1)").arg(QString::fromUtf8(rows.err));
}

QString TeamServer::scalar(const QString &sql) const
{
    return QString::fromUtf8(superuser(sql).out).trimmed();
}

} // namespace secreview::test
