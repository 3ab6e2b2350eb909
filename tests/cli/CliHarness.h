#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QProcessEnvironment>

class QProcess;
#include <QString>
#include <QStringList>
#include <functional>

namespace secreview::test {

// One run of the built secreview binary.
struct Run
{
    int code = -1; // the exit status; -1 when it crashed or was killed
    QByteArray out;
    QByteArray err;
    QJsonObject json() const; // stdout as a JSON object
};

// The command line end to end, on a database of the test's: runs the real binary with the
// environment a CI job would give it, and edits the database behind its back as someone with
// the file and sqlite3 would.
class Cli
{
public:
    explicit Cli(QString database) : db(std::move(database)) {}

    static QString password() { return QStringLiteral("cli-Secret-1"); }
    // The binary with --db db, signed in as user with password (the users' common one when empty).
    Run run(const QString &user, const QStringList &args, const QString &password = {},
            const QProcessEnvironment &extra = {}) const;
    // The same run, started in p and left running (races, parallel clients).
    void start(QProcess &p, const QString &user, const QStringList &args, const QString &password = {},
               const QProcessEnvironment &extra = {}) const;
    // The same run, killed with SIGKILL after delayMs if still running: its exit status, -1 when killed.
    int runKilledAfter(const QString &user, const QStringList &args, int delayMs) const;
    // The tutorial: admin, alice and carol (developers), bob (secops); dvpwa main imported as the
    // baseline, then DEMO-001 (B602 Critical, B303 Medium, B404 Low).
    void setUpTutorial() const;
    QString issueIdOf(const QString &rule) const; // as alice lists it
    QJsonObject gate(const QString &variant = QStringLiteral("DEMO-001"),
                     const QString &threshold = QStringLiteral("critical")) const;
    // Runs statement on the database with a connection of its own, as the one person who gets
    // past every rule would: sqlite3 on the file; on a team server its superuser, the server's
    // triggers off (session_replication_role = replica).
    bool sql(const QString &statement) const;
    QVariant sqlValue(const QString &query) const; // the first value, as text on a server
    // Every row of every table and, on a file, the schema: "the database is exactly as it was"
    // in one comparison.
    QString dump() const;
    bool onServer() const { return bool(serverSql); }
    static QString demo(const QString &variant); // the bundled dvpwa Bandit report
    // A SARIF file of `results` results of 400 rules from the tool "BigTool", one occurrence
    // each: an import that takes a while (the kill tests). Returns path.
    static QString bigSarif(const QString &path, int results);

    QString db;
    // A team server: the location init and demo connect with (the server administrator's) and what the
    // runs add to the environment (SECREVIEW_SERVER_PASSWORD).
    QString initDb;
    QProcessEnvironment environment;
    QString workingDirectory; // the runs' (empty: the test's own)
    // On a team server (TeamServer::cli): psql as the server's superuser, and its dump.
    std::function<Run(const QString &)> serverSql;
    std::function<QString()> serverDump;
};

} // namespace secreview::test
