#pragma once

#include "model/core/Severity.h"
#include "model/store/ServerLocation.h"
#include "model/store/SqlDialect.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <functional>
#include <memory>
#include <optional>

namespace secreview {

// A login on a team server: who connects and with what password (kept in memory only).
struct ServerLogin
{
    QString user;
    QString password; // empty: libpq's own (PGPASSWORD, ~/.pgpass)
};

// A secreview database: a location (an SQLite file path or a postgresql:// URL, docs/team-mode.md),
// the dialect of its engine and its schema. Cheap to copy; copies share the server sign-in.
// connection() hands each thread its own QSqlDatabase connection, opened in that thread on first
// use and closed when the thread ends (Qt connections are per-thread).
class Database
{
public:
    static constexpr int kSchemaVersion = 14;
    static constexpr int kBusyTimeoutMs = 5000;

    // Creates a new database at location with the current schema and fills it with populate (the
    // first admin, the demo) before anyone can open it: it is built beside the target under a
    // temporary name and renamed into place, so a killed `init` leaves nothing behind. The file
    // is readable by its owner only (0600), as is a folder created for it (0700). Throws Usage if
    // a database is there already.
    // On a server (postgresql://), serverAdmin is the server administrator's login (CREATEROLE,
    // docs/team-mode.md): it creates the schema's owner, the group roles, the schema and the
    // server's rules in one transaction with populate; "already exists" means the schema is there.
    static Database create(const QString &location,
                           const std::function<void(const Database &)> &populate = {},
                           const ServerLogin &serverAdmin = {});
    // Opens an existing database and brings an older schema up to date. Throws
    // DatabaseUnavailable when there is none, the file is not a secreview database (an empty file
    // included: only create() gives a file a schema), it cannot be opened, or its schema is
    // newer. A file this user may read but not write opens read-only: reading works, every
    // write is refused (DatabaseUnavailable).
    // On a server nothing is checked until signInToServer(): the server decides who may connect.
    static Database open(const QString &location);
    // A server's schema brought up to this version by its administrator (the login that ran
    // init, docs/team-mode.md): the tables and the rules of every version after the server's, as
    // the schema's owner, in one transaction. Returns the version the server had (the current one:
    // nothing done). A newer schema is refused as open() refuses it. Before anything changes, the
    // schema as it was is dumped (pg_dump, as `db backup` does) to backupFolder as
    // DATABASE.schema-vN.dump (.schema-vN.K.dump when taken): *backup names it.
    static int migrateServer(const QString &location, const ServerLogin &serverAdmin, const QString &backupFolder,
                             QString *backup);

    bool isServer() const { return m_dialect.engine() == SqlDialect::Engine::PostgreSQL; }
    // Team mode: connects as login with password (the server checks it: SCRAM), then checks the
    // schema as open() does for a file. Throws NotAllowed when the server refuses the login
    // (one message for every reason), DatabaseUnavailable when it cannot be reached.
    void signInToServer(const ServerLogin &login) const;
    const ServerLocation &server() const { return m_server->location; }
    // The login this connection uses on the server (empty for a file).
    QString serverUser() const { return m_server ? m_server->login.user : QString(); }
    ServerLogin serverLogin() const { return m_server ? m_server->login : ServerLogin{}; }

    QString location() const { return m_location; }
    const SqlDialect &dialect() const { return m_dialect; }
    bool isReadOnly() const { return m_readOnly; }
    QSqlDatabase connection() const;
    void close() const; // this thread's connection to this database, if open
    int schemaVersion() const;
    // Changes whenever what the database holds may have changed since the last call on this
    // thread: a commit by any other connection (SQLite's data_version), or a new audit entry (every
    // change the program makes writes one). Cheap enough to poll every second; the console's
    // live refresh rests on it.
    QString changeStamp() const;
    // A server tells its listeners when a change commits (LISTEN secreview_change; every change
    // writes an audit entry, whose trigger notifies): callback runs in this thread's event loop,
    // context ending it. False where the engine has no such signal (a file: poll changeStamp()).
    bool notifyOnChange(QObject *context, const std::function<void()> &callback) const;

private:
    struct ServerState
    {
        ServerLocation location;
        ServerLogin login;
        bool signedIn = false;
    };

    Database(QString location, bool readOnly);
    void migrate(int fromVersion) const;
    void checkSchema() const; // newer: refused; older: migrated (a file) or refused (a server)
    QSqlDatabase connectToServer(const QString &name) const;
    friend class Transaction;
    QString connectionKey() const;
    static Database createOnServer(const QString &location, const std::function<void(const Database &)> &populate,
                                   const ServerLogin &serverAdmin);

    QString m_location;
    std::shared_ptr<ServerState> m_server;
    SqlDialect m_dialect;
    bool m_readOnly = false;
};

// A database error as the user reads it (busy, read-only, full, the server's refusal), thrown as
// Error(DatabaseUnavailable or NotAllowed). For code that talks to a driver directly.
[[noreturn]] void throwSqlError(const QSqlError &error);

// A prepared statement with bound values only; every failure becomes a secreview::Error
// (a busy or locked database is DatabaseUnavailable). Columns are read by the name the SELECT
// gives them ("SELECT t.name AS target"), never by position, so that a column added to a SELECT
// cannot shift the others; the names are looked up once per statement.
class Query
{
public:
    Query(const Database &db, const QString &sql);

    Query &bind(const QString &placeholder, const QVariant &value);
    Query &exec();
    bool next() { return m_query.next(); }
    // exec() and the first column of the first row (INSERT ... RETURNING id, SELECT count(*)).
    QVariant scalar();

    // The current row's column by name; an unknown name is a programming error (thrown).
    QVariant value(QStringView column) const;
    QVariant value(int position) const = delete; // by name only (0 would read as a null name)
    bool isNull(QStringView column) const { return value(column).isNull(); }
    QString text(QStringView column) const { return value(column).toString(); }
    qint64 integer(QStringView column) const { return value(column).toLongLong(); } // NULL: 0
    std::optional<qint64> optionalInteger(QStringView column) const;
    std::optional<double> optionalReal(QStringView column) const;
    bool flag(QStringView column) const { return integer(column) != 0; }
    Severity severity(QStringView column) const { return severityFromLevel(integer(column)); }
    QDateTime time(QStringView column) const; // milliseconds since the epoch, UTC; NULL: invalid

private:
    int index(QStringView column) const;

    QSqlQuery m_query;
    QString m_sql;
    mutable QStringList m_columns; // the statement's column names, read on first use
};

// One write transaction on this thread's connection: all of it or nothing. Rolls back in the
// destructor unless commit() was called.
class Transaction
{
public:
    explicit Transaction(const Database &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    void commit();

private:
    Database m_db;
    bool m_open = false;
    bool m_joined = false; // opened inside another Transaction of this thread: the outer one commits
};

// The error as the user reads it: the situation (locked, read-only, full), never the SQL text.
[[noreturn]] void throwSqlError(const QSqlError &error);

} // namespace secreview
