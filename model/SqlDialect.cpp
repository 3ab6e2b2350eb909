#include "SqlDialect.h"

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

QString SqlDialect::ddl(QString statement) const
{
    statement.replace(QStringLiteral("%ID%"), idColumn());
    if (m_engine == Engine::PostgreSQL)
        statement.replace(QStringLiteral(" REAL"), QStringLiteral(" DOUBLE PRECISION"));
    return statement;
}

} // namespace secreview
