#pragma once

#include <QString>
#include <QStringList>

namespace secreview {

// Everything that differs between the database engines lives here, so that a PostgreSQL
// server (team mode) is one more case in this class and not a hunt through the model.
// Queries elsewhere use the common subset: INSERT ... RETURNING, ON CONFLICT, CTEs with VALUES.
class SqlDialect
{
public:
    enum class Engine
    {
        SQLite,
        PostgreSQL
    };

    explicit SqlDialect(Engine engine = Engine::SQLite) : m_engine(engine) {}
    Engine engine() const { return m_engine; }

    QString qtDriver() const;
    QString idColumn() const;   // "id INTEGER PRIMARY KEY" / "id BIGSERIAL PRIMARY KEY"
    QString beginWrite() const; // takes the write lock up front, so a writer waits at BEGIN
    QString likeEscape() const { return QStringLiteral(" ESCAPE '\\'"); }

    // Statements run on every new connection (SQLite: foreign keys on, WAL, synchronous NORMAL).
    QStringList connectionSetup() const;
    // SELECT count(*) of tables named :name / of all tables: how a schema is recognised.
    QString countTablesNamed() const;
    QString countAllTables() const;

    // Expands the "%ID%" marker in schema DDL into this engine's surrogate key column.
    QString ddl(QString statement) const;

private:
    Engine m_engine;
};

} // namespace secreview
