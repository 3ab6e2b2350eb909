#pragma once

#include "model/store/Database.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace secreview {

// One prepared statement on this thread's SQLite connection, through SQLite's C API (the handle
// Qt's driver exposes), for the bulk paths where Qt's named binds and QVariant conversions cost
// more than SQLite itself: an import's rows. Binds by position (1-based), text as UTF-8 as it
// is; run() steps it, then resets it for the next row. Errors are thrown as Query's are.
class SqliteStatement
{
public:
    // The connection's SQLite handle; nullptr for a server database.
    static sqlite3 *handle(const Database &db);

    SqliteStatement(const Database &db, const char *sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    SqliteStatement &bindNull(int position);
    SqliteStatement &bindInt(int position, qint64 value);
    SqliteStatement &bindReal(int position, double value);
    // The bytes must stay valid until run() returns (they are not copied).
    SqliteStatement &bindText(int position, QByteArrayView utf8);

    // Steps to completion; the first column of the first row when the statement returns one
    // (RETURNING id), else 0. Resets the statement and clears its bindings.
    qint64 run();

private:
    [[noreturn]] void fail(int code) const;

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
};

} // namespace secreview
