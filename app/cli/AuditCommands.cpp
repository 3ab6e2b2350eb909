// audit log and audit verify: the trail of every change, and whether it still holds.
#include "app/cli/CliOutput.h"
#include "app/cli/Commands.h"
#include "model/audit/AuditVerification.h"
#include "model/core/Error.h"
#include "model/report/AuditJson.h"
#include "model/store/AuditLog.h"

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
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (!date.isValid())
        throw Error(ErrorKind::Usage, QStringLiteral("%1 takes a date, YYYY-MM-DD").arg(option));
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
    // The chain catches an edited or removed entry; the replay catches a table changed behind
    // the program's back (an exemption approved by SQL, say).
    const QStringList problems = verifyAudit(db);
    const QString message =
        problems.isEmpty()
            ? QStringLiteral("audit chain holds; every exemption agrees with its audit history")
            : problems.join(QLatin1Char('\n'));
    c.print(message,
            {{QStringLiteral("status"), problems.isEmpty() ? QStringLiteral("ok") : QStringLiteral("broken")},
             {QStringLiteral("message"), message},
             {QStringLiteral("problems"), QJsonArray::fromStringList(problems)}});
    return problems.isEmpty() ? 0 : 1;
}

} // namespace

int auditCommand(const Context &c)
{
    const QString verb = c.verb();
    c.args().allowOnly({QStringLiteral("--actor"), QStringLiteral("--object"), QStringLiteral("--since"),
                        QStringLiteral("--until"), QStringLiteral("--limit")},
                       QStringLiteral("audit ") + verb);
    c.args().allowPositionals(2, QStringLiteral("audit ") + verb);
    const Database db = c.openDatabase();
    c.signIn(db);
    if (verb == QLatin1String("log"))
        return auditLog(c, AuditLog(db));
    if (verb == QLatin1String("verify"))
        return auditVerify(c, db);
    throw Error(ErrorKind::Usage, QStringLiteral("audit needs log or verify"));
}

} // namespace secreview::cli
