// audit log and audit verify: the trail of every change, and whether it still holds.
#include "app/cli/CliOutput.h"
#include "app/cli/Commands.h"
#include "model/audit/AuditVerification.h"
#include "model/audit/Backup.h"
#include "model/audit/DatabaseCopy.h"
#include "model/core/Error.h"
#include "model/report/AuditJson.h"
#include "model/store/AuditLog.h"
#include "model/store/Maintenance.h"
#include "model/store/ServerLocation.h"

#include <QDir>
#include <QJsonArray>
#include <QTimeZone>

namespace secreview::cli {
namespace {

// --since and --until as the start of a day (UTC), --until's day included; 0 when not given.
qint64 dayStart(const Arguments &a, const QString &option, int addDays)
{
    const QString text = a.value(option);
    if (text.isEmpty())
        return 0;
    const QDate date = parseDate(text, option);
    return QDateTime(date.addDays(addDays), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
}

int auditLog(const Context &c, const AuditLog &log)
{
    const Arguments &a = c.args();
    AuditFilter filter;
    filter.actor = a.value(QStringLiteral("--actor"));
    filter.objectType = a.value(QStringLiteral("--object"));
    filter.fromMs = dayStart(a, QStringLiteral("--since"), 0);
    filter.toMs = dayStart(a, QStringLiteral("--until"), 1);
    filter.limit = int(a.number(QStringLiteral("--limit"), 1000, 1, 1'000'000));
    QJsonArray list;
    QString text;
    for (const AuditEntry &e : log.find(filter)) {
        const QJsonObject entry = json::auditEntry(e);
        list.append(entry);
        text += QStringLiteral("%1 %2 %3 %4 %5:%6 %7\n")
                    .arg(e.id)
                    .arg(entry.value(QStringLiteral("at")).toString(), safe(e.actor), safe(e.action),
                         safe(e.objectType), safe(e.objectId), safe(e.details));
    }
    c.print(text, {{QStringLiteral("entries"), list}});
    return 0;
}

int auditVerify(const Context &c, const Database &db)
{
    // The chain catches an edited or removed entry; the replay a table changed behind the
    // program's back (an exemption approved by SQL, a role granted, a scan edited); --expect a
    // rewrite of the whole chain or entries cut off its end.
    const AuditReport report = auditReport(db, c.args().value(QStringLiteral("--expect")));
    QString message = report.problems.isEmpty()
                          ? QStringLiteral("audit chain holds (%1 entries, head %2); users, roles, policies, "
                                           "exemptions, scans, review marks, owners and notes agree with it")
                                .arg(report.entries)
                                .arg(report.head)
                          : report.problems.join(QLatin1Char('\n'));
    for (const QString &note : report.notes)
        message += QStringLiteral("\nnote: ") + note;
    QStringList lines;
    for (const QString &line : message.split(QLatin1Char('\n')))
        lines.append(safe(line));
    c.print(lines.join(QLatin1Char('\n')),
            {{QStringLiteral("status"), report.problems.isEmpty() ? QStringLiteral("ok") : QStringLiteral("broken")},
             {QStringLiteral("message"), message},
             {QStringLiteral("problems"), QJsonArray::fromStringList(report.problems)},
             {QStringLiteral("notes"), QJsonArray::fromStringList(report.notes)},
             {QStringLiteral("entries"), report.entries},
             {QStringLiteral("head"), report.head}});
    return report.problems.isEmpty() ? 0 : 1;
}

int auditHead(const Context &c, const AuditLog &log)
{
    const AuditLog::Head head = log.head();
    c.print(QStringLiteral("%1 %2").arg(head.hash.isEmpty() ? QStringLiteral("(empty)") : head.hash).arg(head.entries),
            {{QStringLiteral("head"), head.hash}, {QStringLiteral("entries"), head.entries}});
    return 0;
}

} // namespace

int auditCommand(const Context &c)
{
    const QString verb = c.verb();
    c.args().allowOnly(verb == QLatin1String("verify") ? QStringList{QStringLiteral("--expect")}
                       : verb == QLatin1String("log")
                           ? QStringList{QStringLiteral("--actor"), QStringLiteral("--object"), QStringLiteral("--since"),
                                         QStringLiteral("--until"), QStringLiteral("--limit")}
                           : QStringList{},
                       QStringLiteral("audit ") + verb);
    c.args().allowPositionals(2, QStringLiteral("audit ") + verb);
    const Database db = c.openDatabase();
    c.signIn(db);
    if (verb == QLatin1String("log"))
        return auditLog(c, AuditLog(db));
    if (verb == QLatin1String("verify"))
        return auditVerify(c, db);
    if (verb == QLatin1String("head"))
        return auditHead(c, AuditLog(db));
    throw Error(ErrorKind::Usage, QStringLiteral("audit needs log, head or verify"));
}

// db backup FILE (admin) and db check (anyone signed in): keeping the database.
int dbCommand(const Context &c)
{
    const QString verb = c.verb();
    c.args().allowOnly(verb == QLatin1String("copy") ? QStringList{QStringLiteral("--to")} : QStringList{},
                       QStringLiteral("db ") + verb);
    c.args().allowPositionals(verb == QLatin1String("backup") ? 3 : 2, QStringLiteral("db ") + verb);
    if (verb != QLatin1String("backup") && verb != QLatin1String("check") && verb != QLatin1String("copy") &&
        verb != QLatin1String("migrate"))
        throw Error(ErrorKind::Usage, QStringLiteral("db needs backup FILE, check, copy --to LOCATION or migrate"));
    if (verb == QLatin1String("migrate")) {
        // The server administrator named in the location, as for init (docs/team-mode.md): no
        // secreview user signs in, since the schema's owner is the server's.
        const QString location = c.databaseLocation();
        if (!ServerLocation::isServerLocation(location))
            throw Error(ErrorKind::Usage, QStringLiteral("db migrate is for a team database; a file is brought up to date "
                                                         "when it is opened"));
        QString backup;
        const int was = Database::migrateServer(
            location, {ServerLocation::parse(location).user, qEnvironmentVariable("SECREVIEW_SERVER_PASSWORD")},
            QDir::currentPath(), &backup);
        c.print(was == Database::kSchemaVersion
                    ? QStringLiteral("%1 has schema version %2 already\n").arg(safe(location)).arg(was)
                    : QStringLiteral("%1 migrated from schema version %2 to %3 (the schema before: %4)\n")
                          .arg(safe(location))
                          .arg(was)
                          .arg(Database::kSchemaVersion)
                          .arg(safe(backup)),
                {{QStringLiteral("database"), location},
                 {QStringLiteral("from"), was},
                 {QStringLiteral("to"), Database::kSchemaVersion},
                 {QStringLiteral("backup"), backup.isEmpty() ? QJsonValue() : QJsonValue(backup)}});
        return 0;
    }
    if (verb == QLatin1String("copy")) {
        const QString to = c.args().required(QStringLiteral("--to"), QStringLiteral("db copy"));
        const Database db = c.openDatabase();
        const Session actor = c.signIn(db);
        // A server is made as init makes it: its administrator named in --to, with
        // SECREVIEW_SERVER_PASSWORD (docs/team-mode.md).
        const ServerLogin serverAdmin = ServerLocation::isServerLocation(to)
                                            ? ServerLogin{ServerLocation::parse(to).user,
                                                          qEnvironmentVariable("SECREVIEW_SERVER_PASSWORD")}
                                            : ServerLogin{};
        const CopyResult copied = copyDatabaseTo(actor, db, to, serverAdmin);
        QString text = QStringLiteral("copied to %1 (%2 audit entries); every user has a one-time password, to be "
                                      "changed with `secreview user passwd NAME`:\n")
                           .arg(safe(to))
                           .arg(copied.entries);
        QJsonArray users;
        for (const auto &[name, password] : copied.passwords) {
            text += QStringLiteral("  %1  %2\n").arg(safe(name), password);
            users.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("password"), password}});
        }
        c.print(text, {{QStringLiteral("to"), to}, {QStringLiteral("entries"), copied.entries},
                       {QStringLiteral("users"), users}});
        return 0;
    }
    const QString file = c.args().positionals.value(2);
    if (verb == QLatin1String("backup") && file.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("db backup needs the FILE to write"));
    const Database db = c.openDatabase();
    const Session actor = c.signIn(db);
    if (verb == QLatin1String("backup")) {
        backUpDatabase(actor, db, file);
        c.print(QStringLiteral("backed up %1 to %2 (readable by you only; it holds every password hash)")
                    .arg(safe(db.location()), safe(file)),
                {{QStringLiteral("database"), db.location()}, {QStringLiteral("backup"), file}});
        return 0;
    }
    // What the engine sees (pages, indexes, foreign keys), then the audit replay.
    const QStringList storage = storageProblems(db);
    const AuditReport audit = auditReport(db, {});
    QString text;
    for (const QString &p : storage)
        text += safe(p) + QLatin1Char('\n');
    for (const QString &p : audit.problems)
        text += QStringLiteral("audit: ") + safe(p) + QLatin1Char('\n');
    const bool ok = storage.isEmpty() && audit.problems.isEmpty();
    if (ok)
        text = QStringLiteral("%1: %2; audit chain holds (%3 entries) and the tables agree with it\n")
                   .arg(safe(db.isServer() ? db.server().display() : db.location()), storageChecks(db))
                   .arg(audit.entries);
    c.print(text, {{QStringLiteral("status"), ok ? QStringLiteral("ok") : QStringLiteral("broken")},
                   {QStringLiteral("storage"), QJsonArray::fromStringList(storage)},
                   {QStringLiteral("audit"), QJsonArray::fromStringList(audit.problems)},
                   {QStringLiteral("entries"), audit.entries}});
    return ok ? 0 : 1;
}

} // namespace secreview::cli
