#include "model/store/Maintenance.h"

#include "model/core/Error.h"
#include "model/store/ServerSchema.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QHash>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace secreview {
namespace {

// The results of a PRAGMA on a connection of its own to the file at path (a copy being checked).
QStringList pragmaOn(const QString &path, const QString &pragma)
{
    QStringList out;
    const QString name = QStringLiteral("secreview-check-%1").arg(QRandomGenerator::global()->generate64(), 0, 16);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open()) {
            out.append(db.lastError().text());
        } else {
            QSqlQuery q(db);
            if (!q.exec(pragma))
                out.append(q.lastError().text());
            while (q.next())
                out.append(q.value(0).toString());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

} // namespace

QString serverTool(const char *name)
{
    const QString tool = QString::fromLatin1(name);
    QString found = QStandardPaths::findExecutable(tool);
    if (found.isEmpty()) { // Debian keeps the server's tools by version
        QStringList versions = QDir(QStringLiteral("/usr/lib/postgresql")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        std::sort(versions.begin(), versions.end(), [](const QString &a, const QString &b) { return a.toInt() > b.toInt(); });
        for (const QString &v : versions) {
            const QString candidate = QStringLiteral("/usr/lib/postgresql/%1/bin/%2").arg(v, tool);
            if (QFileInfo(candidate).isExecutable())
                return candidate;
        }
    }
    return found;
}

BackupTarget::BackupTarget(const Database &db, const QString &path) : m_db(db), m_path(path)
{
    if (db.isServer() && serverTool("pg_dump").isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("a server database is backed up with PostgreSQL's pg_dump, which "
                                                     "is not installed here (Debian: postgresql-client); see "
                                                     "docs/team-mode.md"));
    // Anything at the path, a dangling symbolic link included (lstat, not stat): a backup is a
    // new file, never written through a link someone planted.
    struct stat st;
    const QByteArray native = QFile::encodeName(path);
    if (path.isEmpty() || ::lstat(native.constData(), &st) == 0)
        throw Error(ErrorKind::Usage,
                    QStringLiteral("%1 exists: a backup is written to a new file, never over one").arg(path));
    // An empty file of its own, created 0600 (O_EXCL, no link followed) before a byte is
    // written; VACUUM INTO fills it; it takes its name only once the copy checks out.
    m_partial = QStringLiteral("%1.partial-%2")
                    .arg(QFileInfo(path).absoluteFilePath())
                    .arg(QRandomGenerator::global()->generate(), 0, 16);
    const int fd = ::open(QFile::encodeName(m_partial).constData(),
                          O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0) {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        m_partial.clear();
        throw Error(ErrorKind::Usage, QStringLiteral("cannot write a backup at %1: %2").arg(path, why));
    }
    ::close(fd);
}

BackupTarget::~BackupTarget()
{
    if (!m_partial.isEmpty())
        ::unlink(QFile::encodeName(m_partial).constData());
}

void BackupTarget::write()
{
    if (m_db.isServer()) {
        writeServerDump();
        return;
    }
    Query(m_db, QStringLiteral("VACUUM INTO :path")).bind(QStringLiteral(":path"), m_partial).exec();
    const QStringList integrity = pragmaOn(m_partial, QStringLiteral("PRAGMA integrity_check"));
    if (integrity != QStringList{QStringLiteral("ok")})
        throw Error(ErrorKind::DatabaseUnavailable, QStringLiteral("the backup of %1 did not check out: %2")
                                                        .arg(m_db.location(), integrity.join(QStringLiteral("; "))));
    takeName();
}

void BackupTarget::takeName()
{
    // link() never replaces and never follows a link at the new name: what appeared there since
    // the check is left alone and the backup refused.
    const QByteArray partial = QFile::encodeName(m_partial);
    if (::link(partial.constData(), QFile::encodeName(m_path).constData()) != 0)
        throw Error(ErrorKind::Usage, QStringLiteral("cannot name the backup %1: %2")
                                          .arg(m_path, QString::fromLocal8Bit(std::strerror(errno))));
    ::unlink(partial.constData());
    m_partial.clear();
}

void BackupTarget::writeServerDump()
{
    // pg_dump as the signed-in admin, of the secreview schema (one consistent snapshot), in its
    // custom format; pg_restore --list reads it back before it takes its name.
    const ServerLocation &server = m_db.server();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGPASSWORD"), m_db.serverLogin().password);
    if (!server.sslMode.isEmpty())
        env.insert(QStringLiteral("PGSSLMODE"), server.sslMode);
    if (!server.sslRootCert.isEmpty())
        env.insert(QStringLiteral("PGSSLROOTCERT"), server.sslRootCert);
    auto run = [&](const QString &tool, const QStringList &args) {
        QProcess p;
        p.setProcessEnvironment(env);
        p.setStandardInputFile(QProcess::nullDevice());
        p.start(serverTool(tool.toLatin1().constData()), args);
        if (!p.waitForFinished(3600 * 1000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
            throw Error(ErrorKind::DatabaseUnavailable,
                        QStringLiteral("%1 failed: %2").arg(tool, QString::fromLocal8Bit(p.readAllStandardError()).trimmed()));
    };
    run(QStringLiteral("pg_dump"), {QStringLiteral("--format=custom"), QStringLiteral("--schema=secreview"),
                                    QStringLiteral("--no-password"), QStringLiteral("--host"), server.host,
                                    QStringLiteral("--port"), QString::number(server.port), QStringLiteral("--username"),
                                    m_db.serverUser(), QStringLiteral("--dbname"), server.database,
                                    QStringLiteral("--file"), m_partial});
    run(QStringLiteral("pg_restore"), {QStringLiteral("--list"), m_partial});
    takeName();
}

void copyDatabase(const Database &db, const QString &path)
{
    BackupTarget target(db, path);
    target.write();
}

namespace {

QStringList serverRuleProblems(const Database &db)
{
    QStringList out;
    const ServerLocation &server = db.server();
    Query triggers(db, QStringLiteral("SELECT t.tgname AS name, t.tgenabled AS enabled FROM pg_trigger t"
                                      " JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                                      " WHERE n.nspname = 'secreview' AND NOT t.tgisinternal"));
    triggers.exec();
    QHash<QString, QString> found;
    while (triggers.next())
        found.insert(triggers.text(u"name"), triggers.text(u"enabled"));
    for (const QString &name : serverTriggerNames(server)) {
        if (!found.contains(name))
            out.append(QStringLiteral("server rule: the trigger %1 is missing").arg(name));
        else if (found.value(name) == QLatin1String("D"))
            out.append(QStringLiteral("server rule: the trigger %1 is disabled").arg(name));
    }
    Query owners(db, QStringLiteral("SELECT c.relname AS name, pg_get_userbyid(c.relowner) AS owner FROM pg_class c"
                                    " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'secreview'"
                                    " AND c.relkind IN ('r', 'v', 'S', 'f', 'p')"));
    owners.exec();
    while (owners.next()) {
        if (owners.text(u"owner") != server.ownerRole())
            out.append(QStringLiteral("server rule: %1 belongs to %2, not %3")
                           .arg(owners.text(u"name"), owners.text(u"owner"), server.ownerRole()));
    }
    // From the catalogue, which every login reads (information_schema shows a login its own grants only).
    Query grants(db, QStringLiteral(
                         "SELECT name, grantee, privilege FROM (SELECT c.relname AS name,"
                         " CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END AS grantee,"
                         " a.privilege_type AS privilege FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,"
                         " aclexplode(c.relacl) a WHERE n.nspname = 'secreview' AND c.relkind = 'r') g"
                         " WHERE grantee <> :owner AND (grantee = 'PUBLIC' OR (name = 'audit_entry'"
                         " AND privilege IN ('UPDATE', 'DELETE', 'TRUNCATE'))"
                         " OR privilege IN ('TRUNCATE', 'REFERENCES', 'TRIGGER')"
                         " OR (privilege = 'DELETE' AND name <> 'user_role'))"));
    grants.bind(QStringLiteral(":owner"), server.ownerRole()).exec();
    while (grants.next())
        out.append(QStringLiteral("server rule: %1 may %2 %3")
                       .arg(grants.text(u"grantee"), grants.text(u"privilege"), grants.text(u"name")));
    return out;
}

} // namespace

QString storageChecks(const Database &db)
{
    return db.isServer() ? QStringLiteral("server rules: %1 triggers in place, tables owned by %2, audit log append-only")
                               .arg(serverTriggerNames(db.server()).size())
                               .arg(db.server().ownerRole())
                         : QStringLiteral("storage ok (integrity, foreign keys, search and list indexes)");
}

QStringList storageProblems(const Database &db)
{
    QStringList out;
    if (db.isServer())
        return serverRuleProblems(db);
    Query integrity(db, QStringLiteral("PRAGMA integrity_check"));
    integrity.exec();
    while (integrity.next()) {
        const QString line = integrity.text(u"integrity_check");
        if (line != QLatin1String("ok"))
            out.append(QStringLiteral("integrity: %1").arg(line));
    }
    Query keys(db, QStringLiteral("PRAGMA foreign_key_check"));
    keys.exec();
    while (keys.next())
        out.append(QStringLiteral("foreign key: %1 row %2 points to a missing %3 row")
                       .arg(keys.text(u"table"), keys.text(u"rowid"), keys.text(u"parent")));
    // The search index (schema 9): only a search reads it, and a stale one makes a search miss
    // issues (never a count or a gate); its triggers in place and its rows the issues' texts.
    // The list's indexes (schemas 10 and 11): without them its pages in title, rule, occurrences
    // or scanner order are read by sorting every row (decisions 80 and 82).
    QStringList triggers{QStringLiteral("issue_search_insert"), QStringLiteral("issue_search_delete"),
                         QStringLiteral("issue_search_update")};
    QStringList indexes{QStringLiteral("issue_by_title"), QStringLiteral("issue_by_rule"),
                        QStringLiteral("scan_issue_by_occurrences"), QStringLiteral("issue_by_scanner")};
    Query present(db, QStringLiteral("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'index')"));
    present.exec();
    while (present.next()) {
        triggers.removeAll(present.text(u"name"));
        indexes.removeAll(present.text(u"name"));
    }
    for (const QString &trigger : std::as_const(triggers))
        out.append(QStringLiteral("search index: the trigger %1 is missing").arg(trigger));
    for (const QString &index : std::as_const(indexes))
        out.append(QStringLiteral("list index: %1 is missing (pages in its order are read by sorting)")
                       .arg(index));
    try {
        Query(db, QStringLiteral("INSERT INTO issue_search(issue_search, rank) VALUES ('integrity-check', 1)")).exec();
    } catch (const Error &e) {
        out.append(QStringLiteral("search index: it does not match the issues (a search may miss some): %1")
                       .arg(e.message()));
    }
    return out;
}

} // namespace secreview
