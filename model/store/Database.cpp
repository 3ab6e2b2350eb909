#include "model/store/Database.h"

#include "model/core/Error.h"
#include "model/store/Schema.h"

#include <QFileInfo>
#include <QHash>
#include <QSqlError>
#include <QSqlRecord>
#include <QThread>
#include <QThreadStorage>
#include <QTimeZone>

namespace secreview {
namespace {

// Owns this thread's connections; removes them from Qt's registry when the thread ends.
struct ThreadConnections
{
    QHash<QString, QString> names; // location -> connection name
    ~ThreadConnections()
    {
        for (const QString &name : std::as_const(names))
            QSqlDatabase::removeDatabase(name);
    }
};

QThreadStorage<ThreadConnections *> threadConnections;

bool isBusy(const QSqlError &error)
{
    const QString text = error.databaseText();
    return text.contains(QLatin1String("locked")) || text.contains(QLatin1String("busy"));
}

} // namespace

[[noreturn]] void throwSqlError(const QSqlError &error, const QString &context)
{
    if (isBusy(error))
        throw Error(ErrorKind::DatabaseUnavailable, QStringLiteral("database is locked (waited %1 ms): %2")
                                                        .arg(Database::kBusyTimeoutMs)
                                                        .arg(context));
    throw Error(ErrorKind::DatabaseUnavailable,
                QStringLiteral("database error in %1: %2").arg(context, error.text()));
}

Database::Database(QString location)
    : m_location(std::move(location)), m_dialect(SqlDialect::forLocation(m_location))
{
}

Database Database::create(const QString &location)
{
    SqlDialect::requireAvailable(location);
    const QFileInfo info(location);
    if (info.exists() && info.size() > 0)
        throw Error(ErrorKind::Usage,
                    QStringLiteral("%1 already exists; init creates a new database").arg(location));
    Database db(location);
    db.migrate(0);
    return db;
}

Database Database::open(const QString &location)
{
    SqlDialect::requireAvailable(location);
    if (!QFileInfo(location).isFile())
        throw Error(ErrorKind::DatabaseUnavailable,
                    QStringLiteral("no database at %1 (create one with: secreview --db %1 init --admin NAME)")
                        .arg(location));
    Database db(location);
    const int version = db.schemaVersion();
    if (version > kSchemaVersion)
        throw Error(ErrorKind::DatabaseUnavailable,
                    QStringLiteral("%1 has schema version %2, newer than this secreview understands (%3); "
                                   "use a newer secreview")
                        .arg(location)
                        .arg(version)
                        .arg(kSchemaVersion));
    if (version < kSchemaVersion)
        db.migrate(version);
    return db;
}

QSqlDatabase Database::connection() const
{
    if (!threadConnections.hasLocalData())
        threadConnections.setLocalData(new ThreadConnections);
    ThreadConnections *mine = threadConnections.localData();
    auto it = mine->names.constFind(m_location);
    if (it != mine->names.constEnd())
        return QSqlDatabase::database(*it, false);

    const QString name = QStringLiteral("secreview:%1:%2")
                             .arg(m_location)
                             .arg(reinterpret_cast<quintptr>(QThread::currentThread()), 0, 16);
    QSqlDatabase db = QSqlDatabase::addDatabase(m_dialect.qtDriver(), name);
    db.setDatabaseName(m_location);
    db.setConnectOptions(m_dialect.connectOptions(kBusyTimeoutMs));
    if (!db.open()) {
        const QSqlError error = db.lastError();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        throw Error(ErrorKind::DatabaseUnavailable,
                    QStringLiteral("cannot open database %1: %2").arg(m_location, error.text()));
    }
    for (const QString &statement : m_dialect.connectionSetup()) {
        QSqlQuery q(db);
        if (!q.exec(statement))
            throwSqlError(q.lastError(), statement);
    }
    mine->names.insert(m_location, name);
    return db;
}

int Database::schemaVersion() const
{
    QSqlQuery q(connection());
    q.prepare(m_dialect.countTablesNamed());
    q.bindValue(QStringLiteral(":name"), QStringLiteral("meta"));
    if (!q.exec())
        throwSqlError(q.lastError(), QStringLiteral("reading the schema"));
    if (!q.next() || q.value(0).toInt() == 0) {
        QSqlQuery any(connection());
        if (any.exec(m_dialect.countAllTables()) && any.next() && any.value(0).toInt() > 0)
            throw Error(
                ErrorKind::DatabaseUnavailable,
                QStringLiteral("%1 is an SQLite database but not a secreview database").arg(m_location));
        if (any.lastError().isValid())
            throw Error(
                ErrorKind::DatabaseUnavailable,
                QStringLiteral("%1 is not a secreview database: %2").arg(m_location, any.lastError().text()));
        return 0;
    }
    Query v(*this, QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'"));
    return v.scalar().toInt();
}

void Database::migrate(int fromVersion) const
{
    Transaction tx(*this);
    const QList<QStringList> steps = schemaMigrations();
    for (int version = fromVersion; version < kSchemaVersion; ++version) {
        for (const QString &statement : steps.at(version)) {
            QSqlQuery q(connection());
            if (!q.exec(m_dialect.ddl(statement)))
                throwSqlError(q.lastError(), QStringLiteral("schema step %1").arg(version + 1));
        }
    }
    Query(*this, QStringLiteral("INSERT INTO meta(key, value) VALUES ('schema_version', :v) "
                                "ON CONFLICT(key) DO UPDATE SET value = excluded.value"))
        .bind(QStringLiteral(":v"), QString::number(kSchemaVersion))
        .exec();
    tx.commit();
}

Query::Query(const Database &db, const QString &sql) : m_query(db.connection()), m_sql(sql)
{
    if (!m_query.prepare(sql))
        throwSqlError(m_query.lastError(), sql.left(80));
}

Query &Query::bind(const QString &placeholder, const QVariant &value)
{
    m_query.bindValue(placeholder, value);
    return *this;
}

Query &Query::exec()
{
    if (!m_query.exec())
        throwSqlError(m_query.lastError(), m_sql.left(80));
    return *this;
}

int Query::index(QStringView column) const
{
    if (m_columns.isEmpty()) {
        const QSqlRecord record = m_query.record();
        for (int i = 0; i < record.count(); ++i)
            m_columns.append(record.fieldName(i));
    }
    for (qsizetype i = 0; i < m_columns.size(); ++i) {
        if (m_columns.at(i) == column)
            return int(i);
    }
    // A SELECT of ours without the column it reads: a bug, never the user's input.
    throw Error(ErrorKind::DatabaseUnavailable,
                QStringLiteral("no column '%1' in: %2").arg(column.toString(), m_sql.left(80)));
}

QVariant Query::value(QStringView column) const
{
    return m_query.value(index(column));
}

std::optional<qint64> Query::optionalInteger(QStringView column) const
{
    const QVariant v = value(column);
    return v.isNull() ? std::nullopt : std::optional<qint64>(v.toLongLong());
}

std::optional<double> Query::optionalReal(QStringView column) const
{
    const QVariant v = value(column);
    return v.isNull() ? std::nullopt : std::optional<double>(v.toDouble());
}

QDateTime Query::time(QStringView column) const
{
    const QVariant v = value(column);
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), QTimeZone::utc());
}

QVariant Query::scalar()
{
    exec();
    const QVariant v = m_query.next() ? m_query.value(0) : QVariant();
    // Release the statement: an unfinished one (INSERT ... RETURNING) would keep the
    // transaction from committing.
    m_query.finish();
    return v;
}

Transaction::Transaction(const Database &db) : m_db(db)
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(m_db.dialect().beginWrite()))
        throwSqlError(q.lastError(), QStringLiteral("starting a transaction"));
    m_open = true;
}

Transaction::~Transaction()
{
    if (m_open) {
        QSqlQuery q(m_db.connection());
        q.exec(QStringLiteral("ROLLBACK"));
    }
}

void Transaction::commit()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("COMMIT")))
        throwSqlError(q.lastError(), QStringLiteral("committing"));
    m_open = false;
}

} // namespace secreview
