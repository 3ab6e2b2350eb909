// The `pipeline` verbs: import, list, show, history, diff, check (governance) and gate
// (evaluation, SPEC section 3).
#include "app/cli/CliOutput.h"
#include "app/cli/CommandLine.h"

#include "model/core/Error.h"
#include "model/core/TextDiff.h"
#include "model/pipelines/PipelineDefinition.h"
#include "model/pipelines/PipelineEvaluator.h"
#include "model/pipelines/PipelinePolicy.h"
#include "model/pipelines/PipelineStore.h"
#include "model/store/Database.h"
#include "model/users/Session.h"

#include <QFileInfo>
#include <QJsonArray>

namespace secreview::cli {
namespace {

QJsonObject pipelineJson(const PipelineInfo &p)
{
    return {
        {QStringLiteral("id"), p.identifier},        {QStringLiteral("name"), p.name},
        {QStringLiteral("project"), p.project},      {QStringLiteral("organization"), p.organization},
        {QStringLiteral("version"), p.version},      {QStringLiteral("importedAt"), isoOrEmpty(p.importedAt)},
        {QStringLiteral("importedBy"), p.importedBy}};
}

QJsonArray strategiesJson(const QList<FailureStrategy> &list)
{
    QJsonArray out;
    for (const FailureStrategy &f : list) {
        out.append(QJsonObject{{QStringLiteral("errors"), QJsonArray::fromStringList(f.errors)},
                               {QStringLiteral("action"), f.action},
                               {QStringLiteral("text"), f.text()}});
    }
    return out;
}

QJsonArray nodesJson(const QList<PipelineNode> &nodes)
{
    QJsonArray out;
    for (const PipelineNode &n : nodes) {
        QJsonObject o{{QStringLiteral("kind"), n.kind == PipelineNode::Kind::Step ? QStringLiteral("step")
                                               : n.kind == PipelineNode::Kind::StepGroup
                                                   ? QStringLiteral("stepGroup")
                                                   : QStringLiteral("parallel")},
                      {QStringLiteral("identifier"), n.identifier},
                      {QStringLiteral("name"), n.name},
                      {QStringLiteral("line"), n.line}};
        if (n.kind == PipelineNode::Kind::Step)
            o.insert(QStringLiteral("type"), n.type);
        if (!n.failureStrategies.isEmpty())
            o.insert(QStringLiteral("failureStrategies"), strategiesJson(n.failureStrategies));
        if (n.scan) {
            o.insert(QStringLiteral("scan"),
                     QJsonObject{{QStringLiteral("scanner"), n.scan->scanner},
                                 {QStringLiteral("mode"), n.scan->mode},
                                 {QStringLiteral("targetType"), n.scan->targetType},
                                 {QStringLiteral("targetName"), n.scan->targetName},
                                 {QStringLiteral("variant"), n.scan->targetVariant},
                                 {QStringLiteral("failOnSeverity"), n.scan->failOnSeverity},
                                 {QStringLiteral("ingestionFile"), n.scan->ingestionFile}});
        }
        if (!n.children.isEmpty())
            o.insert(QStringLiteral("steps"), nodesJson(n.children));
        out.append(o);
    }
    return out;
}

QJsonArray stagesJson(const PipelineDefinition &d)
{
    QJsonArray out;
    for (const PipelineStage &s : d.stages) {
        out.append(QJsonObject{{QStringLiteral("identifier"), s.identifier},
                               {QStringLiteral("name"), s.name},
                               {QStringLiteral("type"), s.type},
                               {QStringLiteral("line"), s.line},
                               {QStringLiteral("failureStrategies"), strategiesJson(s.failureStrategies)},
                               {QStringLiteral("steps"), nodesJson(s.steps)}});
    }
    return out;
}

void printTree(QString &text, const QList<PipelineNode> &nodes, int depth)
{
    for (const PipelineNode &n : nodes) {
        const QString indent(2 * depth + 4, QLatin1Char(' '));
        if (n.kind == PipelineNode::Kind::Parallel) {
            text += indent + QStringLiteral("parallel:\n");
        } else if (n.kind == PipelineNode::Kind::StepGroup) {
            text += indent + QStringLiteral("stepGroup %1\n").arg(n.identifier);
        } else {
            text += indent + QStringLiteral("%1 (%2)").arg(n.identifier, n.type);
            if (n.scan) {
                text += QStringLiteral("  target %1 [%2]  fail_on_severity %3")
                            .arg(n.scan->targetName.isEmpty() ? QStringLiteral("-")
                                                              : n.scan->targetName.trimmed(),
                                 n.scan->targetType.isEmpty() ? QStringLiteral("-") : n.scan->targetType,
                                 n.scan->failOnSeverity.isEmpty() ? QStringLiteral("(not set)")
                                                                  : n.scan->failOnSeverity);
            }
            if (!n.failureStrategies.isEmpty())
                text += QStringLiteral("  on failure: ") + n.failureStrategies.first().text();
            text += QLatin1Char('\n');
        }
        printTree(text, n.children, depth + 1);
    }
}

int parseVersion(const Arguments &args, const QString &option)
{
    if (!args.has(option))
        return 0;
    return int(parseId(args.value(option), option));
}

} // namespace

int CommandLine::pipeline()
{
    const QString verb = m_args.positionals.value(1);
    const QString id = m_args.positionals.value(2);
    QStringList options;
    if (verb == QLatin1String("show") || verb == QLatin1String("check"))
        options.append(QStringLiteral("--version"));
    if (verb == QLatin1String("check"))
        options.append(QStringLiteral("--policy"));
    if (verb == QLatin1String("diff"))
        options.append({QStringLiteral("--from"), QStringLiteral("--to")});
    if (verb == QLatin1String("gate"))
        options.append({QStringLiteral("--variant"), QStringLiteral("--execution"), QStringLiteral("--set")});
    m_args.allowOnly(options, QStringLiteral("pipeline ") + verb);
    const QStringList verbs{QStringLiteral("import"),  QStringLiteral("list"), QStringLiteral("show"),
                            QStringLiteral("history"), QStringLiteral("diff"), QStringLiteral("check"),
                            QStringLiteral("gate")};
    if (!verbs.contains(verb))
        throw Error(ErrorKind::Usage,
                    QStringLiteral("pipeline needs one of %1").arg(verbs.join(QStringLiteral(", "))));
    if (verb != QLatin1String("import") && verb != QLatin1String("list") && id.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("pipeline %1 needs a pipeline identifier").arg(verb));
    // A policy file is read before the database is opened: a bad file is exit 3 either way.
    std::optional<PipelinePolicy> policy;
    if (verb == QLatin1String("check"))
        policy = m_args.has(QStringLiteral("--policy"))
                     ? PipelinePolicy::load(m_args.value(QStringLiteral("--policy")))
                     : PipelinePolicy::defaults();
    const Database db = openDatabase();
    const Session actor = signIn(db);
    const PipelineStore store(db);

    if (verb == QLatin1String("import")) {
        const QStringList files = m_args.positionals.mid(2);
        if (files.isEmpty())
            throw Error(ErrorKind::Usage, QStringLiteral("pipeline import needs a YAML file"));
        QJsonArray imported;
        QString text;
        for (const QString &file : files) {
            const PipelineInfo p = store.import(actor, file, QFileInfo(file).fileName());
            QJsonObject o = pipelineJson(p);
            o.insert(QStringLiteral("unchanged"), p.unchanged);
            imported.append(o);
            text += p.unchanged ? QStringLiteral("pipeline %1 (%2): unchanged, still version %3\n")
                                      .arg(p.identifier, p.name)
                                      .arg(p.version)
                                : QStringLiteral("pipeline %1 (%2) version %3 in project %4\n")
                                      .arg(p.identifier, p.name)
                                      .arg(p.version)
                                      .arg(p.project);
        }
        QJsonObject json{{QStringLiteral("pipelines"), imported}};
        if (imported.size() == 1)
            json.insert(QStringLiteral("pipeline"), imported.first());
        print(text, json);
        return 0;
    }
    if (verb == QLatin1String("list")) {
        QJsonArray list;
        QString text;
        for (const PipelineInfo &p : store.list()) {
            list.append(pipelineJson(p));
            text += QStringLiteral("%1  %2  v%3  %4/%5\n")
                        .arg(padded(p.identifier, 28), padded(p.name, 36))
                        .arg(p.version)
                        .arg(p.organization, p.project);
        }
        print(text.isEmpty() ? QStringLiteral("no pipelines") : text, {{QStringLiteral("pipelines"), list}});
        return 0;
    }
    if (verb == QLatin1String("show")) {
        const PipelineInfo p = store.get(id, parseVersion(m_args, QStringLiteral("--version")));
        const PipelineDefinition d = PipelineStore::definition(p);
        QJsonObject o = pipelineJson(p);
        o.insert(QStringLiteral("yaml"), p.yaml);
        o.insert(QStringLiteral("stages"), stagesJson(d));
        QString text = QStringLiteral("pipeline %1 (%2) version %3, project %4/%5\n")
                           .arg(p.identifier, p.name)
                           .arg(p.version)
                           .arg(p.organization, p.project);
        for (const PipelineStage &s : d.stages) {
            text += QStringLiteral("  stage %1 (%2)%3\n")
                        .arg(s.identifier, s.type.isEmpty() ? QStringLiteral("no type") : s.type,
                             s.failureStrategies.isEmpty()
                                 ? QString()
                                 : QStringLiteral("  on failure: ") + s.failureStrategies.first().text());
            printTree(text, s.steps, 0);
        }
        text += QStringLiteral("\n") + p.yaml;
        print(text, {{QStringLiteral("pipeline"), o}});
        return 0;
    }
    if (verb == QLatin1String("history")) {
        QJsonArray list;
        QString text;
        for (const PipelineInfo &p : store.versions(id)) {
            list.append(pipelineJson(p));
            text += QStringLiteral("v%1  %2  %3\n")
                        .arg(p.version)
                        .arg(isoOrEmpty(p.importedAt),
                             p.importedBy.isEmpty() ? QStringLiteral("-") : p.importedBy);
        }
        print(text, {{QStringLiteral("versions"), list}});
        return 0;
    }
    if (verb == QLatin1String("diff")) {
        const QList<PipelineInfo> all = store.versions(id);
        const int to = m_args.has(QStringLiteral("--to")) ? parseVersion(m_args, QStringLiteral("--to"))
                                                          : all.first().version;
        const int from =
            m_args.has(QStringLiteral("--from")) ? parseVersion(m_args, QStringLiteral("--from")) : to - 1;
        if (from < 1)
            throw Error(ErrorKind::NotFound,
                        QStringLiteral("pipeline '%1' has only version %2: nothing to compare it with")
                            .arg(id)
                            .arg(to));
        const PipelineInfo a = store.get(id, from);
        const PipelineInfo b = store.get(id, to);
        const QString diff = TextDiff::unified(a.yaml, b.yaml, QStringLiteral("%1 v%2").arg(id).arg(from),
                                               QStringLiteral("%1 v%2").arg(id).arg(to));
        print(diff.isEmpty() ? QStringLiteral("versions %1 and %2 are the same").arg(from).arg(to) : diff,
              {{QStringLiteral("from"), from}, {QStringLiteral("to"), to}, {QStringLiteral("diff"), diff}});
        return 0;
    }
    if (verb == QLatin1String("check")) {
        const PipelineInfo p = store.get(id, parseVersion(m_args, QStringLiteral("--version")));
        const QList<PolicyViolation> violations = policy->check(PipelineStore::definition(p));
        QJsonArray list;
        QString text;
        for (const PolicyViolation &v : violations) {
            list.append(QJsonObject{{QStringLiteral("rule"), v.rule},
                                    {QStringLiteral("stage"), v.stage},
                                    {QStringLiteral("step"), v.step},
                                    {QStringLiteral("message"), v.message}});
            text += QStringLiteral("deny [%1] %2\n").arg(v.rule, v.message);
        }
        if (violations.isEmpty())
            text =
                QStringLiteral("pipeline %1 version %2 passes the policy\n").arg(p.identifier).arg(p.version);
        print(text, {{QStringLiteral("pipeline"), p.identifier},
                     {QStringLiteral("version"), p.version},
                     {QStringLiteral("status"),
                      violations.isEmpty() ? QStringLiteral("pass") : QStringLiteral("fail")},
                     {QStringLiteral("violations"), list}});
        return violations.isEmpty() ? 0 : 1;
    }

    // gate
    EvaluationInput input;
    input.variant = m_args.required(QStringLiteral("--variant"), QStringLiteral("pipeline gate"));
    if (m_args.has(QStringLiteral("--execution")))
        input.execution = parseId(m_args.value(QStringLiteral("--execution")), QStringLiteral("--execution"));
    for (const QString &set : m_args.values(QStringLiteral("--set"))) {
        const qsizetype eq = set.indexOf(QLatin1Char('='));
        if (eq <= 0)
            throw Error(ErrorKind::Usage, QStringLiteral("--set takes NAME=VALUE, not '%1'").arg(set));
        input.inputs.insert(set.left(eq).trimmed(), set.mid(eq + 1));
    }
    const PipelineInfo p = store.get(id);
    const PipelineEvaluation e = PipelineEvaluator(db).evaluate(p, input);

    QJsonArray steps;
    QString text = QStringLiteral("pipeline %1 v%2, variant %3, execution %4: %5\n%6\n")
                       .arg(e.pipeline)
                       .arg(e.version)
                       .arg(e.variant, e.sequenceId.isEmpty() ? QStringLiteral("unknown") : e.sequenceId,
                            e.status, e.message);
    QString stage;
    for (const StepEvaluation &s : e.steps) {
        QJsonObject o{{QStringLiteral("stage"), s.stage},
                      {QStringLiteral("step"), s.step},
                      {QStringLiteral("path"), s.path},
                      {QStringLiteral("name"), s.name},
                      {QStringLiteral("type"), s.type},
                      {QStringLiteral("scanStep"), s.scanStep},
                      {QStringLiteral("target"), s.target},
                      {QStringLiteral("variant"), s.variant},
                      {QStringLiteral("failOnSeverity"), s.failOnSeverity},
                      {QStringLiteral("status"), s.status},
                      {QStringLiteral("message"), s.message},
                      {QStringLiteral("thresholdReached"), s.thresholdReached},
                      {QStringLiteral("strategy"), s.strategy},
                      {QStringLiteral("outputVariables"),
                       s.variables ? QJsonValue(variablesJson(*s.variables)) : QJsonValue(QJsonValue::Null)}};
        if (s.scanId)
            o.insert(QStringLiteral("scan"), s.scanId);
        if (s.status == QLatin1String("waiting")) {
            o.insert(QStringLiteral("timeout"), s.waitTimeout);
            o.insert(QStringLiteral("onTimeout"), s.onTimeout);
        }
        steps.append(o);
        if (s.stage != stage) {
            stage = s.stage;
            for (const StageEvaluation &st : e.stages) {
                if (st.identifier == stage)
                    text += QStringLiteral("stage %1 (%2): %3%4\n")
                                .arg(st.identifier, st.type, st.status,
                                     st.message.isEmpty() ? QString() : QStringLiteral(" - ") + st.message);
            }
        }
        text += QStringLiteral("  %1 %2 %3 %4\n")
                    .arg(padded(s.status, 8), padded(QString(2 * s.depth, QLatin1Char(' ')) + s.step, 30),
                         padded(s.type, 28), s.message);
        if (s.variables) {
            QStringList pairs;
            for (const auto &[name, value] : s.variables->named())
                pairs.append(QStringLiteral("%1=%2").arg(name).arg(value));
            text += QStringLiteral("           %1\n").arg(pairs.join(QLatin1Char(' ')));
        }
    }
    QJsonArray stages;
    for (const StageEvaluation &st : e.stages) {
        stages.append(QJsonObject{{QStringLiteral("stage"), st.identifier},
                                  {QStringLiteral("name"), st.name},
                                  {QStringLiteral("type"), st.type},
                                  {QStringLiteral("status"), st.status},
                                  {QStringLiteral("message"), st.message}});
    }
    QJsonArray emails;
    for (const EmailPreview &m : e.emails) {
        emails.append(QJsonObject{{QStringLiteral("stage"), m.stage},
                                  {QStringLiteral("step"), m.step},
                                  {QStringLiteral("to"), m.to},
                                  {QStringLiteral("cc"), m.cc},
                                  {QStringLiteral("subject"), m.subject},
                                  {QStringLiteral("body"), m.body},
                                  {QStringLiteral("sent"), m.sent},
                                  {QStringLiteral("unresolved"), QJsonArray::fromStringList(m.unresolved)}});
        text += QStringLiteral("\nemail %1 (%2) to %3\nSubject: %4\n%5\n")
                    .arg(m.step,
                         m.sent ? QStringLiteral("would be sent")
                                : QStringLiteral("not sent: the step does not run"),
                         m.to, m.subject, m.body);
    }
    print(text, {{QStringLiteral("pipeline"), e.pipeline},
                 {QStringLiteral("version"), e.version},
                 {QStringLiteral("variant"), e.variant},
                 {QStringLiteral("sequenceId"), e.sequenceId},
                 {QStringLiteral("status"), e.status},
                 {QStringLiteral("message"), e.message},
                 {QStringLiteral("stages"), stages},
                 {QStringLiteral("steps"), steps},
                 {QStringLiteral("emails"), emails}});
    if (e.status == QLatin1String("pass"))
        return 0;
    return e.failedForMissingScans ? int(ErrorKind::NotFound) : int(ErrorKind::Failed);
}

} // namespace secreview::cli
