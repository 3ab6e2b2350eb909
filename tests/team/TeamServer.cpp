#include "tests/team/TeamServer.h"

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

TeamServer TeamServer::fresh(const QString &database)
{
    TeamServer s;
    s.database = database;
    s.port = readFile(stateFolder() + QStringLiteral("/port")).toInt();
    s.superPassword = readFile(stateFolder() + QStringLiteral("/superuser.pw"));
    s.superuser(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(database), QStringLiteral("postgres"));
    // Logins and group roles are the cluster's: the ones an earlier run of this test made go.
    const Run roles = s.superuser(
        QStringLiteral("SELECT string_agg(quote_ident(rolname), ',') FROM pg_roles WHERE rolname LIKE '%1\\_%%'"
                       " OR rolname IN ('alice','bob','carol','dave','erin','admin','ci','viewer','viewer1','ci1')")
            .arg(database),
        QStringLiteral("postgres"));
    const QString list = QString::fromUtf8(roles.out).trimmed();
    if (!list.isEmpty()) {
        for (const QString &role : list.split(QLatin1Char(','))) {
            s.superuser(QStringLiteral("DROP OWNED BY %1 CASCADE").arg(role), QStringLiteral("postgres"));
            s.superuser(QStringLiteral("DROP ROLE IF EXISTS %1").arg(role), QStringLiteral("postgres"));
        }
    }
    const Run made = s.superuser(QStringLiteral("CREATE DATABASE %1").arg(database), QStringLiteral("postgres"));
    if (made.code != 0)
        qFatal("cannot create the test database: %s", made.err.constData());
    return s;
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

QString TeamServer::scalar(const QString &sql) const
{
    return QString::fromUtf8(superuser(sql).out).trimmed();
}

} // namespace secreview::test
