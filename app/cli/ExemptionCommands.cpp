// exemption and policy: the exemption workflow and a project's limits on it.
#include "app/cli/CliOutput.h"
#include "app/cli/Commands.h"
#include "model/core/Error.h"
#include "model/exemptions/ExemptionPolicyStore.h"
#include "model/exemptions/ExemptionWorkflow.h"
#include "model/report/ExemptionJson.h"
#include "model/scans/Catalog.h"

#include <QJsonArray>

namespace secreview::cli {
namespace {

QString exemptionLine(const ExemptionInfo &e)
{
    return QStringLiteral("exemption %1: %2 (issue %3 %4, scope %5, reason %6, %7%8)")
        .arg(e.id)
        .arg(exemptionStatusKey(e.status))
        .arg(e.issueId)
        .arg(safe(e.issueKey), exemptionScopeKey(e.scope), exemptionReasonName(e.reason), e.duration.text(),
             e.expiresAt ? QStringLiteral(", expires %1").arg(e.expiresAt->toString(Qt::ISODate))
                         : QString());
}

int listExemptions(const Context &c, const ExemptionWorkflow &workflow, const Database &db)
{
    c.args().allowOnly({QStringLiteral("--status")}, QStringLiteral("exemption list"));
    c.args().allowPositionals(2, QStringLiteral("exemption list"));
    c.signIn(db);
    std::optional<ExemptionStatus> status;
    if (const QString word = c.args().value(QStringLiteral("--status")); !word.isEmpty()) {
        status = exemptionStatusFromKey(word);
        if (!status)
            throw Error(ErrorKind::Usage, QStringLiteral("exemption status '%1' is not one of %2")
                                              .arg(word, exemptionStatusKeys().join(QStringLiteral(", "))));
    }
    QJsonArray list;
    QString text;
    for (const ExemptionInfo &e : workflow.list(status)) {
        list.append(json::exemption(e, true));
        text +=
            exemptionLine(e) + QStringLiteral(" covering %1, requested by %2%3\n")
                                   .arg(severityKey(e.coveredSeverity))
                                   .arg(safe(e.requestedBy), e.reviewedBy.isEmpty()
                                                                 ? QString()
                                                                 : QStringLiteral(", reviewed by ") + safe(e.reviewedBy));
    }
    c.print(text.isEmpty() ? QStringLiteral("no exemptions") : text, {{QStringLiteral("exemptions"), list}});
    return 0;
}

int requestExemptions(const Context &c, const ExemptionWorkflow &workflow, const Database &db)
{
    const Arguments &a = c.args();
    a.allowOnly({QStringLiteral("--scope"), QStringLiteral("--pipeline"), QStringLiteral("--duration"),
                 QStringLiteral("--reason"), QStringLiteral("--description"), QStringLiteral("--url"),
                 QStringLiteral("--occurrence")},
                QStringLiteral("exemption request"), {QStringLiteral("--occurrence")});
    ExemptionRequest r;
    QList<qint64> issueIds;
    for (const QString &id : a.positionals.mid(2))
        issueIds.append(parseId(id, QStringLiteral("issue id")));
    if (issueIds.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("exemption request needs an issue id"));
    r.issueId = issueIds.first();
    const auto scope =
        exemptionScopeFromKey(a.required(QStringLiteral("--scope"), QStringLiteral("exemption request")));
    if (!scope || *scope == ExemptionScope::Organization)
        throw Error(ErrorKind::Usage, QStringLiteral("--scope is target, pipeline or project"));
    r.scope = *scope;
    r.pipeline = a.value(QStringLiteral("--pipeline"));
    const auto duration = ExemptionDuration::parse(
        a.required(QStringLiteral("--duration"), QStringLiteral("exemption request")));
    if (!duration)
        throw Error(ErrorKind::Usage,
                    QStringLiteral("--duration is 1d, 7d, 30d, 90d, permanent or YYYY-MM-DD"));
    r.duration = *duration;
    r.reason =
        parseExemptionReason(a.required(QStringLiteral("--reason"), QStringLiteral("exemption request")));
    r.description = a.required(QStringLiteral("--description"), QStringLiteral("exemption request"));
    r.url = a.value(QStringLiteral("--url"));
    for (const QString &fingerprints : a.values(QStringLiteral("--occurrence")))
        r.occurrences += fingerprints.split(QLatin1Char(','), Qt::SkipEmptyParts);
    const Session actor = c.signIn(db);
    if (issueIds.size() > 1) {
        // Several issues, the same fields: one request each, all or none.
        QJsonArray list;
        QString text;
        for (const ExemptionInfo &e : workflow.requestMany(actor, issueIds, r)) {
            list.append(json::exemption(e, false));
            text += exemptionLine(e) + QLatin1Char('\n');
        }
        c.print(text, {{QStringLiteral("exemptions"), list}});
        return 0;
    }
    const ExemptionInfo e = workflow.request(actor, r);
    c.print(exemptionLine(e), {{QStringLiteral("exemption"), json::exemption(e, false)}});
    return 0;
}

} // namespace

int exemptionCommand(const Context &c)
{
    const QString verb = c.verb();
    const Database db = c.openDatabase();
    const ExemptionWorkflow workflow(db);
    if (verb == QLatin1String("list"))
        return listExemptions(c, workflow, db);
    if (verb == QLatin1String("request"))
        return requestExemptions(c, workflow, db);
    const std::optional<ExemptionAction> action = exemptionActionFromKey(verb);
    if (!action)
        throw Error(
            ErrorKind::Usage,
            QStringLiteral("exemption needs one of request, approve, reject, reopen, cancel, delete, list"));
    c.args().allowOnly({QStringLiteral("--comment"), QStringLiteral("--scope")},
                       QStringLiteral("exemption ") + verb);
    c.args().allowPositionals(3, QStringLiteral("exemption ") + verb);
    const qint64 id = parseId(c.args().positionals.value(2), QStringLiteral("exemption id"));
    const QString comment = c.args().value(QStringLiteral("--comment"));
    std::optional<ExemptionScope> widen;
    if (c.args().has(QStringLiteral("--scope"))) {
        if (*action != ExemptionAction::Approve)
            throw Error(ErrorKind::Usage, QStringLiteral("--scope widens a scope on approve only"));
        widen = exemptionScopeFromKey(c.args().value(QStringLiteral("--scope")));
        if (!widen)
            throw Error(ErrorKind::Usage,
                        QStringLiteral("--scope is target, pipeline, project or organization"));
    }
    const Session actor = c.signIn(db);
    const ExemptionInfo e = workflow.act(actor, *action, id, comment, widen);
    c.print(exemptionLine(e), {{QStringLiteral("exemption"), json::exemption(e, false)}});
    return 0;
}

namespace {

void parseMaxDuration(const QString &spec, ExemptionPolicy &policy)
{
    policy.maxDays = {};
    for (const QString &item : spec.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (item.trimmed() == QLatin1String("none"))
            continue;
        const auto severity = severityFromKey(item.section(QLatin1Char('='), 0, 0).trimmed());
        QString days = item.section(QLatin1Char('='), 1).trimmed();
        if (days.endsWith(QLatin1Char('d')))
            days.chop(1);
        bool ok = false;
        const int n = days.toInt(&ok);
        if (!severity || !ok)
            throw Error(ErrorKind::Usage,
                        QStringLiteral("--max-duration takes SEVERITY=DAYS[,...], e.g. critical=30,high=90, "
                                       "or none; not '%1'")
                            .arg(item));
        policy.maxDays[size_t(*severity)] = n;
    }
}

void parseRequireUrl(const QString &spec, ExemptionPolicy &policy)
{
    policy.urlRequiredReasons.clear();
    for (const QString &item : spec.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (item.trimmed() == QLatin1String("none"))
            continue;
        const auto reason = exemptionReasonFromText(item);
        if (!reason)
            throw Error(ErrorKind::Usage,
                        QStringLiteral("'%1' is not a reason type (%2)")
                            .arg(item.trimmed(), exemptionReasonNames().join(QStringLiteral(", "))));
        policy.urlRequiredReasons.append(*reason);
    }
}

// --default-baseline TYPE=REGEX (TYPE= removes it), or "conventional": repositories
// ^(main|master)$, containers ^latest$.
void parseDefaultBaseline(const QString &value, ExemptionPolicy &policy)
{
    if (value == QLatin1String("conventional")) {
        const QMap<QString, QString> conventional = ExemptionPolicy::conventionalBaselines();
        policy.defaultBaselines.insert(conventional);
        return;
    }
    const qsizetype eq = value.indexOf(QLatin1Char('='));
    const QString type = value.left(eq);
    static const QStringList types{QStringLiteral("repository"), QStringLiteral("container"), QStringLiteral("instance"),
                                   QStringLiteral("configuration")};
    if (eq < 0 || !types.contains(type))
        throw Error(ErrorKind::Usage, QStringLiteral("--default-baseline is TYPE=REGEX (TYPE one of %1) or conventional, "
                                                     "not '%2'")
                                          .arg(types.join(QStringLiteral(", ")), safe(value)));
    const QString pattern = value.mid(eq + 1);
    if (pattern.isEmpty()) {
        policy.defaultBaselines.remove(type);
        return;
    }
    const QRegularExpression re(pattern);
    if (!re.isValid())
        throw Error(ErrorKind::Usage, QStringLiteral("--default-baseline %1: '%2' is not a valid regular expression: %3")
                                          .arg(type, safe(pattern), re.errorString()));
    policy.defaultBaselines.insert(type, pattern);
}

} // namespace

int policyCommand(const Context &c)
{
    const Arguments &a = c.args();
    const QString verb = c.verb();
    a.allowOnly({QStringLiteral("--project"), QStringLiteral("--max-duration"),
                 QStringLiteral("--require-url"), QStringLiteral("--self-approval"), QStringLiteral("--gate-scans"),
                 QStringLiteral("--default-baseline")},
                QStringLiteral("policy ") + verb);
    a.allowPositionals(2, QStringLiteral("policy ") + verb);
    const QString project =
        a.value(QStringLiteral("--project"), QString::fromLatin1(Catalog::kDefaultProject));
    const Database db = c.openDatabase();
    const Session actor = c.signIn(db);
    const ExemptionPolicyStore store(db);
    ExemptionPolicy policy = store.get(project);
    if (verb == QLatin1String("set")) {
        if (a.has(QStringLiteral("--max-duration")))
            parseMaxDuration(a.value(QStringLiteral("--max-duration")), policy);
        if (a.has(QStringLiteral("--require-url")))
            parseRequireUrl(a.value(QStringLiteral("--require-url")), policy);
        if (a.has(QStringLiteral("--self-approval"))) {
            const QString v = a.value(QStringLiteral("--self-approval"));
            if (v != QLatin1String("on") && v != QLatin1String("off"))
                throw Error(ErrorKind::Usage, QStringLiteral("--self-approval is on or off"));
            policy.allowSelfApproval = v == QLatin1String("on");
        }
        if (a.has(QStringLiteral("--gate-scans"))) {
            const auto g = ExemptionPolicy::gateScansFromKey(a.value(QStringLiteral("--gate-scans")));
            if (!g)
                throw Error(ErrorKind::Usage, QStringLiteral("--gate-scans is any or ci"));
            policy.gateScans = *g;
        }
        if (a.has(QStringLiteral("--default-baseline")))
            parseDefaultBaseline(a.value(QStringLiteral("--default-baseline")), policy);
        store.set(actor, project, policy);
    } else if (verb != QLatin1String("show")) {
        throw Error(ErrorKind::Usage, QStringLiteral("policy needs show or set"));
    }
    c.print(QStringLiteral("exemption policy of %1: %2").arg(safe(project), policy.text()),
            {{QStringLiteral("project"), project}, {QStringLiteral("policy"), policy.toJson()}});
    return 0;
}

} // namespace secreview::cli
