#include "model/store/Database.h"

#include "model/core/Text.h"

#include "model/core/Error.h"
#include "model/store/Maintenance.h"
#include "model/store/Schema.h"
#include "model/store/ServerSchema.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QHash>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlRecord>
#include <QThread>
#include <QThreadStorage>
#include <QTimeZone>
#include <QUrl>
#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace secreview {
namespace {

// Owns this thread's connections; removes them from Qt's registry when the thread ends.
struct ThreadConnections
{
    QHash<QString, QString> names; // location -> connection name
    QHash<QString, int> transactions; // location -> Transactions open (nested ones join the outer)
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
    return text.contains(QLatin1String("locked")) || text.contains(QLatin1String("busy")) ||
           text.contains(QLatin1String("lock timeout"));
}

int &openTransactions(const QString &location)
{
    if (!threadConnections.hasLocalData())
        threadConnections.setLocalData(new ThreadConnections);
    return threadConnections.localData()->transactions[location];
}

} // namespace

[[noreturn]] void throwSqlError(const QSqlError &error)
{
    const QString text = error.databaseText();
    // A team server's refusal: its grants (permission denied) or its rules (ServerSchema.h).
    if (error.nativeErrorCode() == QLatin1String("42501")) {
        // Qt's driver gives "ERROR:  secreview: why\nCONTEXT: ..."; the user reads the why.
        QString why = text.section(QLatin1Char('\n'), 0, 0).trimmed();
        if (why.startsWith(QLatin1String("ERROR:")))
            why = why.mid(6).trimmed();
        if (why.startsWith(QLatin1String("secreview: ")))
            why = why.mid(11);
        throw Error(ErrorKind::NotAllowed, QStringLiteral("the server refused: %1").arg(why));
    }
    if (isBusy(error))
        throw Error(ErrorKind::DatabaseUnavailable,
                    QStringLiteral("database is locked (waited %1 ms for another writer)").arg(Database::kBusyTimeoutMs));
    if (text.contains(QLatin1String("readonly")))
        throw Error(ErrorKind::DatabaseUnavailable,
                    QStringLiteral("the database is read-only for this user: nothing can be changed in it"));
    if (text.contains(QLatin1String("full")))
        throw Error(ErrorKind::DatabaseUnavailable, QStringLiteral("the database or its disk is full: %1").arg(text));
    throw Error(ErrorKind::DatabaseUnavailable, QStringLiteral("database error: %1").arg(text.isEmpty() ? error.text() : text));
}

Database::Database(QString location, bool readOnly)
    : m_location(std::move(location)), m_dialect(SqlDialect::forLocation(m_location)), m_readOnly(readOnly)
{
    if (isServer()) {
        m_server = std::make_shared<ServerState>();
        m_server->location = ServerLocation::parse(m_location);
    }
}

namespace {

// mkpath, with every folder it creates readable by its owner only; existing folders are left as
// they are.
void makeFolder(const QString &path)
{
    QStringList missing;
    for (QFileInfo f(path); !f.exists(); f = QFileInfo(f.absolutePath())) {
        missing.prepend(f.absoluteFilePath());
        if (f.absoluteFilePath() == f.absolutePath())
            break;
    }
    if (!QDir().mkpath(path))
        throw Error(ErrorKind::DatabaseUnavailable, QStringLiteral("cannot create the folder %1").arg(path));
    for (const QString &folder : std::as_const(missing))
        QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

void removeWithJournals(const QString &path)
{
    for (const char *suffix : {"", "-wal", "-shm", "-journal"})
        QFile::remove(path + QLatin1String(suffix));
}

} // namespace

Database Database::create(const QString &location, const std::function<void(const Database &)> &populate,
                          const ServerLogin &serverAdmin)
{
    SqlDialect::requireAvailable(location);
    if (ServerLocation::isServerLocation(location))
        return createOnServer(location, populate, serverAdmin);
    const QFileInfo info(location);
    if (info.exists() && info.size() > 0)
        throw Error(ErrorKind::Usage,
                    QStringLiteral("%1 already exists; init creates a new database").arg(location));
    makeFolder(info.absolutePath());
    // Built beside the target under a name of its own, 0600 before SQLite writes a byte (its
    // journals take the file's permissions), then linked into place: a killed init leaves at most
    // a hidden temporary file, never a database without users.
    const QString temp = QStringLiteral("%1/.%2.init-%3-%4")
                             .arg(info.absolutePath(), info.fileName())
                             .arg(QCoreApplication::applicationPid())
                             .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    {
        QFile file(temp);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
            !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            throw Error(ErrorKind::DatabaseUnavailable,
                        QStringLiteral("cannot create %1: %2").arg(temp, file.errorString()));
    }
    try {
        Database building(temp, false);
        building.migrate(0);
        if (populate)
            populate(building);
        building.close(); // the last connection checkpoints the WAL into the file
    } catch (...) {
        Database(temp, false).close();
        removeWithJournals(temp);
        throw;
    }
    if (info.exists()) // an empty file where the database goes: init may take its place
        QFile::remove(location);
    const bool linked = ::link(QFile::encodeName(temp).constData(), QFile::encodeName(location).constData()) == 0;
    const int linkError = errno;
    removeWithJournals(temp);
    if (!linked)
        throw Error(linkError == EEXIST ? ErrorKind::Usage : ErrorKind::DatabaseUnavailable,
                    linkError == EEXIST
                        ? QStringLiteral("%1 already exists; init creates a new database").arg(location)
                        : QStringLiteral("cannot create %1: %2").arg(location, QString::fromLocal8Bit(strerror(linkError))));
    return Database(location, false);
}

Database Database::open(const QString &location)
{
    SqlDialect::requireAvailable(location);
    if (ServerLocation::isServerLocation(location))
        return Database(location, false); // the server decides who connects: signInToServer()
    const QFileInfo info(location);
    if (!info.isFile())
        throw Error(ErrorKind::DatabaseUnavailable,
                    QStringLiteral("no database at %1 (create one with: secreview --db %1 init --admin NAME)")
                        .arg(location));
    if (info.size() == 0)
        throw Error(ErrorKind::DatabaseUnavailable,
                    QStringLiteral("%1 is an empty file, not a secreview database (init creates one)").arg(location));
    // SQLite writes journals beside the file: without write access to both, the file is read-only.
    const bool readOnly = !info.isWritable() || !QFileInfo(info.absolutePath()).isWritable();
    Database db(location, readOnly);
    db.checkSchema();
    return db;
}

void Database::checkSchema() const
{
    const QString location = isServer() ? m_server->location.display() : m_location;
    const int version = schemaVersion();
    if (version == 0)
        throw Error(ErrorKind::DatabaseUnavailable,
                    QStringLiteral("%1 is not a secreview database (init creates one)").arg(location));
    if (version > kSchemaVersion)
        throw Error(ErrorKind::DatabaseUnavailable,
                    QStringLiteral("%1 has schema version %2, newer than this secreview understands (%3); "
                                   "use a newer secreview")
                        .arg(location)
                        .arg(version)
                        .arg(kSchemaVersion));
    if (version < kSchemaVersion && isServer())
        throw Error(ErrorKind::DatabaseUnavailable,
                    QStringLiteral("%1 has schema version %2; this secreview needs %3, and a server's schema "
                                   "is migrated by its administrator (docs/team-mode.md)")
                        .arg(location)
                        .arg(version)
                        .arg(kSchemaVersion));
    if (version < kSchemaVersion) {
        const Database &db = *this;
        const bool readOnly = m_readOnly;
        if (readOnly)
            throw Error(ErrorKind::DatabaseUnavailable,
                        QStringLiteral("%1 has schema version %2 and is read-only: open it once with write "
                                       "access to bring it up to version %3")
                            .arg(location)
                            .arg(version)
                            .arg(kSchemaVersion));
        // The file as it was, kept beside it: a migration is one transaction, but the version
        // after it cannot be opened by the secreview before it.
        QString backup = QStringLiteral("%1.schema-v%2.bak").arg(location).arg(version);
        for (int n = 2; QFileInfo::exists(backup); ++n)
            backup = QStringLiteral("%1.schema-v%2.%3.bak").arg(location).arg(version).arg(n);
        copyDatabase(db, backup);
        db.migrate(version);
    }
}

void Database::signInToServer(const ServerLogin &login) const
{
    if (!isServer())
        throw Error(ErrorKind::Usage, QStringLiteral("%1 is a file, not a team server").arg(m_location));
    close();
    m_server->login = login;
    m_server->signedIn = true;
    try {
        checkSchema();
    } catch (...) {
        close();
        m_server->signedIn = false;
        m_server->login = {};
        throw;
    }
}

Database Database::createOnServer(const QString &location, const std::function<void(const Database &)> &populate,
                                  const ServerLogin &serverAdmin)
{
    Database db(location, false);
    db.m_server->login = serverAdmin;
    if (db.m_server->login.user.isEmpty())
        db.m_server->login.user = db.m_server->location.user;
    if (db.m_server->login.user.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("init on a server connects as the server administrator: "
                                                     "name them in the location (postgresql://NAME@host/db)"));
    db.m_server->signedIn = true;
    {
        QSqlQuery q(db.connection());
        if (!q.exec(QStringLiteral("SELECT count(*) FROM pg_namespace WHERE nspname = 'secreview'")))
            throwSqlError(q.lastError());
        if (q.next() && q.value(0).toInt() > 0)
            throw Error(ErrorKind::Usage, QStringLiteral("%1 already has a secreview schema; init creates a new database")
                                              .arg(db.m_server->location.display()));
    }
    // All of it or nothing: roles, schema, rules, the first admin (a killed init leaves nothing
    // but group roles, which a later init takes over).
    Transaction tx(db);
    for (const QString &statement : serverRoleSetup(db.m_server->location)) {
        QSqlQuery q(db.connection());
        if (!q.exec(statement))
            throwSqlError(q.lastError());
    }
    db.migrate(0);
    for (const QString &statement : serverRules(db.m_server->location)) {
        QSqlQuery q(db.connection());
        if (!q.exec(statement))
            throw Error(ErrorKind::DatabaseUnavailable,
                        QStringLiteral("cannot set up the server's rules: %1 in: %2")
                            .arg(q.lastError().databaseText(), statement.left(120)));
    }
    if (populate)
        populate(db);
    tx.commit();
    db.close();
    Database made(location, false);
    return made;
}

QString Database::connectionKey() const
{
    // One connection per login on a server: two Database objects for the same server signed in
    // as different users in one process (tests, the demo) do not share one.
    return isServer() ? m_location + QLatin1Char('\x1f') + m_server->login.user : m_location;
}

void Database::close() const
{
    if (!threadConnections.hasLocalData())
        return;
    ThreadConnections *mine = threadConnections.localData();
    const QString name = mine->names.take(connectionKey());
    if (!name.isEmpty())
        QSqlDatabase::removeDatabase(name);
}

QSqlDatabase Database::connection() const
{
    if (!threadConnections.hasLocalData())
        threadConnections.setLocalData(new ThreadConnections);
    ThreadConnections *mine = threadConnections.localData();
    auto it = mine->names.constFind(connectionKey());
    if (it != mine->names.constEnd())
        return QSqlDatabase::database(*it, false);

    const QString name = QStringLiteral("secreview:%1:%2")
                             .arg(connectionKey())
                             .arg(reinterpret_cast<quintptr>(QThread::currentThread()), 0, 16);
    if (isServer())
        return connectToServer(name);
    QString failure;
    // A read-only file in WAL mode needs its shared-memory file, which a reader without write
    // access to the folder cannot create: then it is read as an immutable file.
    const QStringList locations =
        m_readOnly ? QStringList{m_location, QUrl::fromLocalFile(QFileInfo(m_location).absoluteFilePath())
                                                     .toString(QUrl::FullyEncoded) +
                                                 QStringLiteral("?immutable=1")}
                   : QStringList{m_location};
    for (const QString &location : locations) {
        QSqlDatabase db = QSqlDatabase::addDatabase(m_dialect.qtDriver(), name);
        db.setDatabaseName(location);
        db.setConnectOptions(m_dialect.connectOptions(kBusyTimeoutMs, m_readOnly) +
                             (location.startsWith(QLatin1String("file:")) ? QStringLiteral(";QSQLITE_OPEN_URI")
                                                                           : QString()));
        if (db.open()) {
            QString setupError;
            for (const QString &statement : m_dialect.connectionSetup(m_readOnly)) {
                QSqlQuery q(db);
                if (!q.exec(statement)) {
                    if (!m_readOnly)
                        throwSqlError(q.lastError());
                    setupError = q.lastError().text();
                    break;
                }
            }
            if (setupError.isEmpty()) {
                mine->names.insert(connectionKey(), name);
                return db;
            }
            failure = setupError;
        } else {
            failure = db.lastError().text();
        }
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
    throw Error(ErrorKind::DatabaseUnavailable, QStringLiteral("cannot open database %1: %2").arg(m_location, failure));
}

QSqlDatabase Database::connectToServer(const QString &name) const
{
    if (!m_server->signedIn)
        throw Error(ErrorKind::NotAllowed, QStringLiteral("sign in to %1 first").arg(m_server->location.display()));
    const ServerLocation &where = m_server->location;
    QSqlDatabase db = QSqlDatabase::addDatabase(m_dialect.qtDriver(), name);
    db.setHostName(where.host);
    db.setPort(where.port);
    db.setDatabaseName(where.database);
    db.setUserName(m_server->login.user);
    if (!m_server->login.password.isEmpty())
        db.setPassword(m_server->login.password);
    db.setConnectOptions(where.connectOptions());
    if (!db.open()) {
        const QString text = db.lastError().databaseText().isEmpty() ? db.lastError().text()
                                                                       : db.lastError().databaseText();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        // The server names a missing database only to a login it accepted: no database is no
        // refusal but a location to check (exit 6, as for a file that is not there).
        if (text.contains(QLatin1String("database \"")) && text.contains(QLatin1String("does not exist")))
            throw Error(ErrorKind::DatabaseUnavailable,
                        QStringLiteral("%1: no such database on the server").arg(where.display()));
        // The server says why in its log; the client says the same for every refusal, so that a
        // caller cannot tell which logins exist.
        if (text.contains(QLatin1String("authentication failed")) || text.contains(QLatin1String("does not exist")) ||
            text.contains(QLatin1String("not permitted to log in")) || text.contains(QLatin1String("no password")) ||
            text.contains(QLatin1String("permission denied for database")))
            throw Error(ErrorKind::NotAllowed,
                        QStringLiteral("sign-in refused for '%1' by %2: unknown user, wrong password or disabled account")
                            .arg(m_server->login.user, where.display()));
        throw Error(ErrorKind::DatabaseUnavailable,
                    QStringLiteral("cannot reach %1: %2").arg(where.display(), text.trimmed()));
    }
    for (const QString &statement : m_dialect.connectionSetup(false)) {
        QSqlQuery q(db);
        if (!q.exec(statement))
            throwSqlError(q.lastError());
    }
    threadConnections.localData()->names.insert(connectionKey(), name);
    return db;
}

QString Database::changeStamp() const
{
    QStringList parts;
    if (const QString statement = m_dialect.dataVersion(); !statement.isEmpty()) {
        QSqlQuery q(connection());
        if (q.exec(statement) && q.next())
            parts.append(q.value(0).toString());
    }
    // max(id) is one step down the primary key, whatever the log's size (count(*) would read it all).
    QSqlQuery audit(connection());
    if (audit.exec(QStringLiteral("SELECT max(id) FROM audit_entry")) && audit.next())
        parts << audit.value(0).toString();
    return parts.join(QLatin1Char(':'));
}

bool Database::notifyOnChange(QObject *context, const std::function<void()> &callback) const
{
    if (!isServer())
        return false;
    QSqlDriver *driver = connection().driver();
    const QString channel = QStringLiteral("secreview_change");
    if (!driver->subscribedToNotifications().contains(channel) && !driver->subscribeToNotification(channel))
        return false;
    QObject::connect(driver, &QSqlDriver::notification, context, [callback](const QString &name) {
        if (name == QLatin1String("secreview_change"))
            callback();
    });
    return true;
}

int Database::schemaVersion() const
{
    QSqlQuery q(connection());
    q.prepare(m_dialect.countTablesNamed());
    q.bindValue(QStringLiteral(":name"), QStringLiteral("meta"));
    if (!q.exec())
        throwSqlError(q.lastError());
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
            if (const QString ddl = m_dialect.ddl(statement); !ddl.isEmpty() && !q.exec(ddl)) // empty: another engine's
                throwSqlError(q.lastError());
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
        throwSqlError(m_query.lastError());
}

Query &Query::bind(const QString &placeholder, const QVariant &value)
{
    // Text as both engines give it back (storableText): what a seal or an audit entry hashed
    // before binding was hashed the same way.
    if (value.typeId() == QMetaType::QString && needsStorableText(*static_cast<const QString *>(value.constData())))
        m_query.bindValue(placeholder, storableText(value.toString()));
    else
        m_query.bindValue(placeholder, value);
    return *this;
}

Query &Query::exec()
{
    if (!m_query.exec())
        throwSqlError(m_query.lastError());
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
    int &depth = openTransactions(m_db.connectionKey());
    if (depth > 0) { // inside another of this thread's transactions: part of it
        m_joined = true;
        ++depth;
        return;
    }
    for (const QString &statement : m_db.dialect().beginWrite()) {
        QSqlQuery q(m_db.connection());
        if (!q.exec(statement)) {
            if (statement != m_db.dialect().beginWrite().constFirst()) {
                QSqlQuery rollback(m_db.connection());
                rollback.exec(QStringLiteral("ROLLBACK"));
            }
            throwSqlError(q.lastError());
        }
    }
    depth = 1;
    m_open = true;
}

Transaction::~Transaction()
{
    if (m_joined) {
        --openTransactions(m_db.connectionKey());
        return;
    }
    if (m_open) {
        openTransactions(m_db.connectionKey()) = 0;
        QSqlQuery q(m_db.connection());
        q.exec(QStringLiteral("ROLLBACK"));
    }
}

void Transaction::commit()
{
    if (m_joined)
        return; // the outer transaction commits
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("COMMIT"))) {
        const QSqlError error = q.lastError();
        QSqlQuery rollback(m_db.connection());
        rollback.exec(QStringLiteral("ROLLBACK"));
        openTransactions(m_db.connectionKey()) = 0;
        m_open = false;
        throwSqlError(error);
    }
    openTransactions(m_db.connectionKey()) = 0;
    m_open = false;
}

} // namespace secreview
