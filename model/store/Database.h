#pragma once

#include "model/store/SqlDialect.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

namespace secreview {

// A secreview database: a location (an SQLite file path; later a postgresql:// URL) and its
// schema. Cheap to copy. connection() hands each thread its own QSqlDatabase connection, opened
// in that thread on first use and closed when the thread ends (Qt connections are per-thread).
class Database
{
public:
    static constexpr int kSchemaVersion = 5;
    static constexpr int kBusyTimeoutMs = 5000;

    // Creates a new database at location with the current schema. Throws Usage if one exists.
    static Database create(const QString &location);
    // Opens an existing database and brings an older schema up to date. Throws
    // DatabaseUnavailable when there is none, it cannot be opened, or its schema is newer.
    static Database open(const QString &location);

    QString location() const { return m_location; }
    const SqlDialect &dialect() const { return m_dialect; }
    QSqlDatabase connection() const;
    int schemaVersion() const;

private:
    explicit Database(QString location);
    void migrate(int fromVersion) const;

    QString m_location;
    SqlDialect m_dialect;
};

// A prepared statement with bound values only; every failure becomes a secreview::Error
// (a busy or locked database is DatabaseUnavailable).
class Query
{
public:
    Query(const Database &db, const QString &sql);

    Query &bind(const QString &placeholder, const QVariant &value);
    Query &exec();
    bool next() { return m_query.next(); }
    QVariant value(int column) const { return m_query.value(column); }
    QVariant value(const QString &name) const { return m_query.value(name); }
    qint64 numRowsAffected() const { return m_query.numRowsAffected(); }
    // exec() and the first column of the first row (INSERT ... RETURNING id, SELECT count(*)).
    QVariant scalar();

private:
    QSqlQuery m_query;
    QString m_sql;
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
};

[[noreturn]] void throwSqlError(const QSqlError &error, const QString &context);

} // namespace secreview
