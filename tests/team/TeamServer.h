#pragma once

#include "tests/cli/CliHarness.h"

#include <QString>
#include <QStringList>

namespace secreview::test {

// The throwaway PostgreSQL cluster that CTest's pg_cluster_start fixture runs
// (scripts/pg-cluster.sh): a new database per test, the command line on it, and psql sessions as
// the server's logins, as a user with a shell would open them.
class TeamServer
{
public:
    // Reads the cluster's state folder (SECREVIEW_PG_STATE); fails the test when it is not there.
    static bool available(QString *why);
    static TeamServer fresh(const QString &database); // drops and creates database and its roles

    QString location() const;          // postgresql://127.0.0.1:PORT/DB
    QString adminLocation() const;     // as the server administrator, for init
    Cli cli() const;                   // with initDb and SECREVIEW_SERVER_PASSWORD set
    // psql -v ON_ERROR_STOP=1 as login with password, the secreview schema first on the path.
    Run psql(const QString &login, const QString &password, const QString &sql) const;
    Run superuser(const QString &sql, const QString &database = {}) const;
    QString scalar(const QString &sql) const; // as the superuser; the first value

    QString database;
    int port = 0;
    QString superPassword;
};

} // namespace secreview::test
