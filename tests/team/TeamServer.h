#pragma once

#include "model/store/Database.h"
#include "tests/cli/CliHarness.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace secreview::test {

// The throwaway PostgreSQL cluster that CTest's pg_cluster_start fixture runs
// (scripts/pg-cluster.sh): a new database per test, the command line on it, and psql sessions as
// the server's logins, as a user with a shell would open them.
class TeamServer
{
public:
    // Reads the cluster's state folder (SECREVIEW_PG_STATE); fails the test when it is not there.
    static bool available(QString *why);
    // Whether this run of a suite is on the team server: SECREVIEW_TEST_ENGINE=postgresql, which
    // CTest's *_server registrations set, so that one suite checks both engines.
    static bool engineIsServer();
    // A database name for the current test function of suite (lower case, at most the 40
    // characters a location's database may have; numbered so that truncated names never meet).
    static QString databaseFor(const QString &suite);
    // The command line on a fresh database for the current test function: a file in folder, or
    // (engineIsServer()) one on the cluster, which server then holds until dropFresh().
    static Cli freshCli(const QString &suite, const QString &folder, std::optional<TeamServer> &server);
    static void dropFresh(std::optional<TeamServer> &server);
    // The demo database for the current test function: DemoDatabase on a file in folder, or the
    // `demo` command on a fresh database of the cluster (server then holds it until dropFresh()).
    // A console's own connection is Database::open(server->location()) on the server.
    static Database demo(const QString &suite, const QString &folder, std::optional<TeamServer> &server);
    // A suite on the engine SECREVIEW_TEST_ENGINE names, and fileOnly's tests on a file only.
    static int runSuites(int argc, char **argv, QObject *either, QObject *fileOnly);
    static TeamServer fresh(const QString &database); // drops and creates database and its roles
    void drop() const; // the database, its group roles and its users' logins

    QString location() const;          // postgresql://127.0.0.1:PORT/DB
    QString adminLocation() const;     // as the server administrator, for init
    // With initDb and SECREVIEW_SERVER_PASSWORD set; its sql() is the superuser's, its dump() this.
    Cli cli() const;
    QString dump() const; // every row of every table of the secreview schema, in a stable order
    // psql -v ON_ERROR_STOP=1 as login with password, the secreview schema first on the path.
    Run psql(const QString &login, const QString &password, const QString &sql) const;
    Run superuser(const QString &sql, const QString &database = {}) const;
    QString scalar(const QString &sql) const; // as the superuser; the first value

    QString database;
    int port = 0;
    QString superPassword;
};

} // namespace secreview::test
