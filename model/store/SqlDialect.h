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

    // The engine a --db location names: a postgresql:// URL, else an SQLite file.
    static SqlDialect forLocation(const QString &location);
    // Throws DatabaseUnavailable when this build cannot use the location's engine.
    static void requireAvailable(const QString &location);

    QString qtDriver() const;
    // QSqlDatabase::setConnectOptions: how long a statement waits for a lock held by another
    // connection before it fails as busy.
    QString connectOptions(int busyTimeoutMs, bool readOnly) const;
    QString idColumn() const;   // "id INTEGER PRIMARY KEY" / "id BIGSERIAL PRIMARY KEY"
    // Takes the write lock up front, so a writer waits at BEGIN (SQLite: BEGIN IMMEDIATE; a
    // server: BEGIN and the advisory lock every writer takes, ServerSchema.h).
    QStringList beginWrite() const;

    // "x LIKE :p" (caseInsensitiveLike()) + likeEscape(), with likePattern() of the user's text bound to :p: a search
    // for "50%_off" finds that text, not any text.
    QString likeEscape() const { return QStringLiteral(" ESCAPE '\\'"); }
    QString caseInsensitiveLike() const; // SQLite's LIKE ignores ASCII case; PostgreSQL's ILIKE
    static QString likePattern(const QString &contains); // %text% with % _ \ escaped
    // The values of expression joined by separator in the order the rows come, as one text (an
    // aggregate: the caller's query groups or selects from an ordered subquery).
    QString joinedText(const QString &expression, char separator) const;
    // What a bound LIMIT takes for "no limit".
    QVariant unlimited() const;

    // Statements run on every new connection (SQLite: foreign keys on, WAL unless read-only,
    // synchronous NORMAL, the page cache; a server: the secreview schema, UTC, the lock timeout).
    QStringList connectionSetup(bool readOnly) const;
    // SELECT count(*) of tables named :name / of all tables: how a schema is recognised.
    QString countTablesNamed() const;
    QString countAllTables() const;

    // A statement whose one value changes whenever another connection (another thread, another
    // process) commits: SQLite's PRAGMA data_version. Empty where the engine has none (the
    // change stamp then rests on the audit log alone).
    QString dataVersion() const;

    // Expands the "%ID%" marker in schema DDL into this engine's surrogate key column.
    QString ddl(QString statement) const;

private:
    Engine m_engine;
};

} // namespace secreview
