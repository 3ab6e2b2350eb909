#include "model/store/SqlDialect.h"

#include "model/core/Error.h"
#include "model/store/ServerSchema.h"

#include <QSqlDatabase>
#include <QVariant>

namespace secreview {

SqlDialect SqlDialect::forLocation(const QString &location)
{
    return SqlDialect(location.startsWith(QLatin1String("postgresql:")) ? Engine::PostgreSQL
                                                                        : Engine::SQLite);
}

void SqlDialect::requireAvailable(const QString &location)
{
    const SqlDialect dialect = forLocation(location);
    if (!QSqlDatabase::isDriverAvailable(dialect.qtDriver()))
        throw Error(ErrorKind::DatabaseUnavailable,
                    QStringLiteral("Qt's %1 driver is not installed (Debian: %2)")
                        .arg(dialect.qtDriver(), dialect.engine() == Engine::PostgreSQL
                                                     ? QStringLiteral("libqt6sql6-psql")
                                                     : QStringLiteral("libqt6sql6-sqlite")));
}

QString SqlDialect::caseInsensitiveLike() const
{
    return m_engine == Engine::PostgreSQL ? QStringLiteral("ILIKE") : QStringLiteral("LIKE");
}

QString SqlDialect::connectOptions(int busyTimeoutMs, bool readOnly) const
{
    if (m_engine == Engine::PostgreSQL)
        return {}; // the server's lock_timeout, set per connection, is the team mode's to choose
    return QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1%2")
        .arg(busyTimeoutMs)
        .arg(readOnly ? QStringLiteral(";QSQLITE_OPEN_READONLY") : QString());
}

QString SqlDialect::likePattern(const QString &contains)
{
    QString pattern = contains;
    pattern.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('%'), QStringLiteral("\\%"))
        .replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return QLatin1Char('%') + pattern + QLatin1Char('%');
}

QString SqlDialect::joinedText(const QString &expression, char separator) const
{
    const QString sep =
        separator >= ' ' && separator != '\''
            ? QStringLiteral("'%1'").arg(QLatin1Char(separator))
            : QStringLiteral("%1(%2)")
                  .arg(m_engine == Engine::PostgreSQL ? QStringLiteral("chr") : QStringLiteral("char"))
                  .arg(int(separator));
    return m_engine == Engine::PostgreSQL ? QStringLiteral("string_agg(%1, %2)").arg(expression, sep)
                                          : QStringLiteral("group_concat(%1, %2)").arg(expression, sep);
}

QVariant SqlDialect::unlimited() const
{
    return m_engine == Engine::PostgreSQL ? QVariant(QMetaType::fromType<qlonglong>()) : QVariant(-1);
}

QString SqlDialect::qtDriver() const
{
    return m_engine == Engine::SQLite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL");
}

QString SqlDialect::idColumn() const
{
    return m_engine == Engine::SQLite ? QStringLiteral("id INTEGER PRIMARY KEY")
                                      : QStringLiteral("id BIGSERIAL PRIMARY KEY");
}

QStringList SqlDialect::beginWrite() const
{
    if (m_engine == Engine::SQLite)
        return {QStringLiteral("BEGIN IMMEDIATE")};
    return {QStringLiteral("BEGIN"), QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kServerWriteLock)};
}

QStringList SqlDialect::connectionSetup(bool readOnly) const
{
    if (m_engine == Engine::PostgreSQL) // a writer waits for another's import as long as it takes
        return {QStringLiteral("SET search_path TO secreview"), QStringLiteral("SET TIME ZONE 'UTC'"),
                QStringLiteral("SET lock_timeout = '300s'"), QStringLiteral("SET client_min_messages = warning")};
    if (readOnly) // the journal mode is the writer's to set; a read-only file keeps the one it has
        return {QStringLiteral("PRAGMA foreign_keys = ON"), QStringLiteral("PRAGMA cache_size = -65536")};
    // WAL lets the console read while an import writes; foreign keys are off by default in SQLite.
    // A 64 MiB page cache (the default is 2 MiB): a large import's index pages stay in memory
    // instead of spilling to the WAL and being read back.
    return {QStringLiteral("PRAGMA foreign_keys = ON"), QStringLiteral("PRAGMA journal_mode = WAL"),
            QStringLiteral("PRAGMA synchronous = NORMAL"), QStringLiteral("PRAGMA cache_size = -65536")};
}

QString SqlDialect::countTablesNamed() const
{
    return m_engine == Engine::SQLite
               ? QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = :name")
               : QStringLiteral(
                     "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'secreview'"
                     " AND table_name = :name");
}

QString SqlDialect::dataVersion() const
{
    return m_engine == Engine::SQLite ? QStringLiteral("PRAGMA data_version") : QString();
}

QString SqlDialect::countAllTables() const
{
    return m_engine == Engine::SQLite
               ? QStringLiteral("SELECT count(*) FROM sqlite_master")
               : QStringLiteral(
                     "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'secreview'");
}

QString SqlDialect::ddl(QString statement) const
{
    static const QString sqliteOnly = QStringLiteral("%SQLITE% ");
    if (statement.startsWith(sqliteOnly))
        return m_engine == Engine::SQLite ? statement.mid(sqliteOnly.size()) : QString();
    statement.replace(QStringLiteral("%ID%"), idColumn());
    if (m_engine == Engine::PostgreSQL) { // milliseconds since the epoch do not fit 32 bits
        statement.replace(QStringLiteral(" REAL"), QStringLiteral(" DOUBLE PRECISION"))
            .replace(QStringLiteral(" INTEGER"), QStringLiteral(" BIGINT"))
            .replace(QStringLiteral(" BLOB"), QStringLiteral(" BYTEA"));
        // A server's migration adds what is missing (a column some tool added before is kept).
        statement.replace(QStringLiteral(" ADD COLUMN "), QStringLiteral(" ADD COLUMN IF NOT EXISTS "));
    }
    return statement;
}

} // namespace secreview
