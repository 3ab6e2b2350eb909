#include "model/store/SqliteStatement.h"

#include "model/core/Error.h"

#include <QSqlDriver>
#include <QSqlError>
#include <sqlite3.h>

namespace secreview {

sqlite3 *SqliteStatement::handle(const Database &db)
{
    if (db.isServer())
        return nullptr;
    const QVariant v = db.connection().driver()->handle();
    if (!v.isValid() || qstrcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(v.constData());
}

SqliteStatement::SqliteStatement(const Database &db, const char *sql) : m_db(handle(db))
{
    if (!m_db)
        throw Error(ErrorKind::DatabaseUnavailable, QStringLiteral("not an SQLite database: %1").arg(db.location()));
    const int code = sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr);
    if (code != SQLITE_OK)
        fail(code);
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

SqliteStatement &SqliteStatement::bindNull(int position)
{
    sqlite3_bind_null(m_statement, position);
    return *this;
}

SqliteStatement &SqliteStatement::bindInt(int position, qint64 value)
{
    sqlite3_bind_int64(m_statement, position, value);
    return *this;
}

SqliteStatement &SqliteStatement::bindReal(int position, double value)
{
    sqlite3_bind_double(m_statement, position, value);
    return *this;
}

SqliteStatement &SqliteStatement::bindText(int position, QByteArrayView utf8)
{
    // A zero-length view may have no data pointer: SQLite would store NULL for it.
    static const char empty[] = "";
    const int code = sqlite3_bind_text64(m_statement, position, utf8.isEmpty() ? empty : utf8.data(),
                                         sqlite3_uint64(utf8.size()), SQLITE_STATIC, SQLITE_UTF8);
    if (code != SQLITE_OK)
        fail(code);
    return *this;
}

qint64 SqliteStatement::run()
{
    qint64 first = 0;
    int code = sqlite3_step(m_statement);
    if (code == SQLITE_ROW) {
        first = sqlite3_column_int64(m_statement, 0);
        while ((code = sqlite3_step(m_statement)) == SQLITE_ROW) {
        }
    }
    if (code != SQLITE_DONE) {
        sqlite3_reset(m_statement);
        fail(code);
    }
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    return first;
}

void SqliteStatement::fail(int code) const
{
    const QString text = QString::fromUtf8(sqlite3_errmsg(m_db));
    throwSqlError(QSqlError(text, text, QSqlError::StatementError, QString::number(code)));
}

} // namespace secreview
