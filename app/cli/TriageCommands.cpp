// issue review, issue note, issue assign: SecOps' working state on issues (model/triage).
#include "app/cli/CliOutput.h"
#include "app/cli/Commands.h"
#include "model/core/Error.h"
#include "model/report/IssueJson.h"
#include "model/triage/IssueTriage.h"

#include <QJsonArray>

namespace secreview::cli {
namespace {

QList<qint64> issueIds(const QStringList &words)
{
    QList<qint64> ids;
    for (const QString &w : words) {
        const qint64 id = parseId(w, QStringLiteral("issue id"));
        if (!ids.contains(id)) // an id given twice is one issue
            ids.append(id);
    }
    return ids;
}

QJsonArray idArray(const QList<qint64> &ids)
{
    QJsonArray out;
    for (qint64 id : ids)
        out.append(id);
    return out;
}

} // namespace

int issueTriageCommand(const Context &c)
{
    const QString verb = c.verb();
    const Arguments &a = c.args();
    const QString command = QStringLiteral("issue ") + verb;
    if (verb == QLatin1String("review")) {
        // issue review ID... [--undo]: one transaction, all or none.
        a.allowOnly({QStringLiteral("--undo")}, command);
        const QList<qint64> ids = issueIds(a.positionals.mid(2));
        if (ids.isEmpty())
            throw Error(ErrorKind::Usage, QStringLiteral("usage: issue review ID... [--undo]"));
        const bool undo = a.flag(QStringLiteral("--undo"));
        const Database db = c.openDatabase();
        const Session actor = c.signIn(db);
        const int changed = IssueTriage(db).setReviewed(actor, ids, !undo);
        c.print(QStringLiteral("%1 of %2 issue(s) %3%4\n")
                    .arg(changed)
                    .arg(ids.size())
                    .arg(undo ? QStringLiteral("no longer marked reviewed") : QStringLiteral("marked reviewed"),
                         changed < ids.size() ? QStringLiteral(" (the others were already)") : QString()),
                {{QStringLiteral("issues"), idArray(ids)},
                 {QStringLiteral("reviewed"), !undo},
                 {QStringLiteral("changed"), changed}});
        return 0;
    }
    if (verb == QLatin1String("assign")) {
        // issue assign ID USER | issue assign ID --none
        a.allowOnly({QStringLiteral("--none")}, command);
        const bool none = a.flag(QStringLiteral("--none"));
        a.allowPositionals(none ? 3 : 4, command);
        const QString user = a.positionals.value(3);
        if (a.positionals.size() < 3 || (!none && user.isEmpty()))
            throw Error(ErrorKind::Usage, QStringLiteral("usage: issue assign ID (USER | --none)"));
        const qint64 id = parseId(a.positionals.at(2), QStringLiteral("issue id"));
        const Database db = c.openDatabase();
        const Session actor = c.signIn(db);
        const int changed = IssueTriage(db).assign(actor, {id}, none ? QString() : user);
        const IssueTriageState now = IssueTriage(db).state(id);
        c.print(now.assignee.isEmpty() ? QStringLiteral("issue %1 is assigned to no one%2\n").arg(id).arg(changed ? QString() : QStringLiteral(" (it was not before either)"))
                                       : QStringLiteral("issue %1 is assigned to %2%3\n")
                                             .arg(id)
                                             .arg(safe(now.assignee), changed ? QString() : QStringLiteral(" (already)")),
                {{QStringLiteral("issue"), id},
                 {QStringLiteral("assignee"), now.assignee.isEmpty() ? QJsonValue() : QJsonValue(now.assignee)},
                 {QStringLiteral("changed"), changed}});
        return 0;
    }
    if (verb == QLatin1String("note")) {
        // issue note ID --text TEXT
        a.allowOnly({QStringLiteral("--text")}, command);
        a.allowPositionals(3, command);
        if (a.positionals.size() < 3)
            throw Error(ErrorKind::Usage, QStringLiteral("usage: issue note ID --text TEXT"));
        const qint64 id = parseId(a.positionals.at(2), QStringLiteral("issue id"));
        const QString text = a.required(QStringLiteral("--text"), command);
        const Database db = c.openDatabase();
        const Session actor = c.signIn(db);
        const IssueNote n = IssueTriage(db).addNote(actor, id, text);
        QJsonObject result = json::note(n);
        result.insert(QStringLiteral("issue"), id);
        c.print(QStringLiteral("note %1 added to issue %2\n").arg(n.id).arg(id), result);
        return 0;
    }
    throw Error(ErrorKind::Usage, QStringLiteral("issue needs show, review, assign or note"));
}

} // namespace secreview::cli
