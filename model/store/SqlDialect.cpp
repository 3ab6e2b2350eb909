#include "model/store/SqlDialect.h"

namespace secreview {

QString SqlDialect::qtDriver() const
{
    return m_engine == Engine::SQLite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL");
}

QString SqlDialect::idColumn() const
{
    return m_engine == Engine::SQLite ? QStringLiteral("id INTEGER PRIMARY KEY")
                                      : QStringLiteral("id BIGSERIAL PRIMARY KEY");
}

QString SqlDialect::beginWrite() const
{
    return m_engine == Engine::SQLite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN");
}

QStringList SqlDialect::connectionSetup() const
{
    if (m_engine == Engine::PostgreSQL)
        return {};
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
                     "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
                     " AND table_name = :name");
}

QString SqlDialect::countAllTables() const
{
    return m_engine == Engine::SQLite
               ? QStringLiteral("SELECT count(*) FROM sqlite_master")
               : QStringLiteral(
                     "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()");
}

QString SqlDialect::ddl(QString statement) const
{
    statement.replace(QStringLiteral("%ID%"), idColumn());
    if (m_engine == Engine::PostgreSQL)
        statement.replace(QStringLiteral(" REAL"), QStringLiteral(" DOUBLE PRECISION"));
    return statement;
}

} // namespace secreview
