// The `pipeline` verbs: import, list, show, history, diff, check (governance) and gate
// (evaluation, SPEC section 3).
#include "app/cli/CliOutput.h"
#include "app/cli/Commands.h"
#include "model/core/Clock.h"
#include "model/core/Error.h"
#include "model/core/TextDiff.h"
#include "model/pipelines/Expressions.h"
#include "model/pipelines/PipelineDefinition.h"
#include "model/pipelines/PipelineEvaluator.h"
#include "model/pipelines/PipelinePolicy.h"
#include "model/pipelines/PipelineStore.h"
#include "model/report/Exports.h"
#include "model/report/PipelineJson.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <QUuid>
#include <QJsonArray>

namespace secreview::cli {
namespace {

// What a pipeline verb is given besides the context: the pipeline's identifier (positional) and
// the store, with the user signed in.
struct PipelineVerb
{
    const Context &c;
    const Database &db;
    const Session &actor;
    const PipelineStore &store;
    QString id;
    QString project; // --project; empty: the project the identifier was first imported under
};

void printTree(QString &text, const QList<PipelineNode> &nodes, int depth)
{
    for (const PipelineNode &n : nodes) {
        const QString indent(2 * depth + 4, QLatin1Char(' '));
        if (n.kind == PipelineNode::Kind::Parallel) {
            text += indent + QStringLiteral("parallel:\n");
        } else if (n.kind == PipelineNode::Kind::StepGroup) {
            text += indent + QStringLiteral("stepGroup %1\n").arg(safe(n.identifier));
        } else {
            text += indent + QStringLiteral("%1 (%2)").arg(safe(n.identifier), safe(n.type));
            if (n.isTemplate())
                text += QStringLiteral("  %1 template %2, not resolvable offline")
                            .arg(n.templateLink.kind, safe(n.templateLink.text()));
            if (n.scan && n.scan->recognition == ScanRecognition::UnknownType)
                text += QStringLiteral("  judged as a scan step (its %1)").arg(safe(n.scan->evidence));
            if (n.scan) {
                text += QStringLiteral("  target %1 [%2]  fail_on_severity %3")
                            .arg(n.scan->targetName.isEmpty() ? QStringLiteral("-")
                                                              : safe(n.scan->targetName.trimmed()),
                                 n.scan->targetType.isEmpty() ? QStringLiteral("-") : safe(n.scan->targetType),
                                 n.scan->failOnSeverity.isEmpty() ? QStringLiteral("(not set)")
                                                                  : safe(n.scan->failOnSeverity));
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

int importPipelines(const PipelineVerb &v)
{
    const QStringList files = v.c.args().positionals.mid(2);
    if (files.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("pipeline import needs a YAML file"));
    // Each file on its own, as `import` does: a refused file does not stop the others.
    QJsonArray imported;
    QJsonArray errors;
    QString text;
    for (const QString &file : files) {
        try {
            const PipelineInfo p = v.store.import(v.actor, file, QFileInfo(file).fileName());
            QJsonObject o = json::pipeline(p);
            o.insert(QStringLiteral("unchanged"), p.unchanged);
            o.insert(QStringLiteral("file"), file);
            imported.append(o);
            text += p.unchanged ? QStringLiteral("%1: pipeline %2 (%3) unchanged, still version %4\n")
                                      .arg(safe(file), safe(p.identifier), safe(p.name))
                                      .arg(p.version)
                                : QStringLiteral("%1: pipeline %2 (%3) version %4 in project %5\n")
                                      .arg(safe(file), safe(p.identifier), safe(p.name))
                                      .arg(p.version)
                                      .arg(safe(p.project));
        } catch (const Error &e) {
            if (e.kind() != ErrorKind::BadInput || files.size() == 1)
                throw;
            err() << "secreview: " << safe(e.message()) << "\n";
            text += QStringLiteral("%1: refused\n").arg(safe(file));
            errors.append(QJsonObject{{QStringLiteral("file"), file}, {QStringLiteral("error"), e.message()}});
        }
    }
    QJsonObject result{{QStringLiteral("pipelines"), imported}};
    if (imported.size() == 1 && files.size() == 1)
        result.insert(QStringLiteral("pipeline"), imported.first());
    if (!errors.isEmpty())
        result.insert(QStringLiteral("errors"), errors);
    if (files.size() > 1)
        text += QStringLiteral("%1 of %2 imported, %3 refused\n").arg(imported.size()).arg(files.size()).arg(errors.size());
    v.c.print(text, result);
    return errors.isEmpty() ? 0 : int(ErrorKind::BadInput);
}

int listPipelines(const PipelineVerb &v)
{
    QJsonArray list;
    QString text;
    for (const PipelineInfo &p : v.store.list()) {
        list.append(json::pipeline(p));
        text += QStringLiteral("%1  %2  v%3  %4/%5\n")
                    .arg(padded(p.identifier, 28), padded(p.name, 36))
                    .arg(p.version)
                    .arg(safe(p.organization), safe(p.project));
    }
    v.c.print(text.isEmpty() ? QStringLiteral("no pipelines") : text, {{QStringLiteral("pipelines"), list}});
    return 0;
}

int showPipeline(const PipelineVerb &v)
{
    const PipelineInfo p = v.store.get(v.id, parseVersion(v.c.args(), QStringLiteral("--version")), v.project);
    const PipelineDefinition d = PipelineStore::definition(p);
    QJsonObject o = json::pipeline(p);
    o.insert(QStringLiteral("yaml"), p.yaml);
    o.insert(QStringLiteral("stages"), json::pipelineStages(d));
    QString text = QStringLiteral("pipeline %1 (%2) version %3, project %4/%5\n")
                       .arg(safe(p.identifier), safe(p.name))
                       .arg(p.version)
                       .arg(safe(p.organization), safe(p.project));
    if (d.templateLink.isSet())
        text += QStringLiteral("  the pipeline is template %1, not resolvable offline\n").arg(safe(d.templateLink.text()));
    for (const PipelineStage &s : d.stages) {
        text += QStringLiteral("  stage %1 (%2)%3%4\n")
                    .arg(safe(s.identifier), s.type.isEmpty() ? QStringLiteral("no type") : safe(s.type),
                         s.templateLink.isSet()
                             ? QStringLiteral("  stage template %1, not resolvable offline").arg(safe(s.templateLink.text()))
                             : QString(),
                         s.failureStrategies.isEmpty()
                             ? QString()
                             : QStringLiteral("  on failure: ") + s.failureStrategies.first().text());
        printTree(text, s.steps, 0);
    }
    text += QStringLiteral("\n") + block(p.yaml, 0);
    v.c.print(text, {{QStringLiteral("pipeline"), o}});
    return 0;
}

int pipelineHistory(const PipelineVerb &v)
{
    QJsonArray list;
    QString text;
    for (const PipelineInfo &p : v.store.versions(v.id, v.project)) {
        list.append(json::pipeline(p));
        text +=
            QStringLiteral("v%1  %2  %3\n")
                .arg(p.version)
                .arg(isoOrEmpty(p.importedAt), p.importedBy.isEmpty() ? QStringLiteral("-") : safe(p.importedBy));
    }
    v.c.print(text, {{QStringLiteral("versions"), list}});
    return 0;
}

int pipelineDiff(const PipelineVerb &v)
{
    const Arguments &a = v.c.args();
    const QList<PipelineInfo> all = v.store.versions(v.id, v.project);
    const int to =
        a.has(QStringLiteral("--to")) ? parseVersion(a, QStringLiteral("--to")) : all.first().version;
    const int from = a.has(QStringLiteral("--from")) ? parseVersion(a, QStringLiteral("--from")) : to - 1;
    if (from < 1)
        throw Error(ErrorKind::NotFound,
                    QStringLiteral("pipeline '%1' has only version %2: nothing to compare it with")
                        .arg(v.id)
                        .arg(to));
    const PipelineInfo older = v.store.get(v.id, from, v.project);
    const PipelineInfo newer = v.store.get(v.id, to, v.project);
    const QString diff =
        TextDiff::unified(older.yaml, newer.yaml, QStringLiteral("%1 v%2").arg(v.id).arg(from),
                          QStringLiteral("%1 v%2").arg(v.id).arg(to));
    v.c.print(diff.isEmpty() ? QStringLiteral("versions %1 and %2 are the same").arg(from).arg(to) : block(diff, 0),
              {{QStringLiteral("from"), from}, {QStringLiteral("to"), to}, {QStringLiteral("diff"), diff}});
    return 0;
}

int checkPipeline(const PipelineVerb &v, const PipelinePolicy &policy)
{
    const PipelineInfo p = v.store.get(v.id, parseVersion(v.c.args(), QStringLiteral("--version")), v.project);
    const PipelineDefinition definition = PipelineStore::definition(p);
    const QList<PolicyViolation> violations = policy.check(definition);
    const QStringList notes = policy.uncheckable(definition);
    QJsonArray list;
    QString text;
    for (const PolicyViolation &violation : violations) {
        list.append(json::policyViolation(violation));
        text += QStringLiteral("deny [%1] %2\n").arg(safe(violation.rule), safe(violation.message));
    }
    if (violations.isEmpty())
        text = QStringLiteral("pipeline %1 version %2 passes the policy%3\n")
                   .arg(safe(p.identifier))
                   .arg(p.version)
                   .arg(notes.isEmpty() ? QString() : QStringLiteral(" where it could check"));
    for (const QString &note : notes)
        text += QStringLiteral("not checked: %1\n").arg(safe(note));
    v.c.print(text, {{QStringLiteral("pipeline"), p.identifier},
                     {QStringLiteral("version"), p.version},
                     {QStringLiteral("status"),
                      violations.isEmpty() ? QStringLiteral("pass") : QStringLiteral("fail")},
                     {QStringLiteral("violations"), list},
                     {QStringLiteral("notChecked"), QJsonArray::fromStringList(notes)}});
    return violations.isEmpty() ? 0 : 1;
}

QString stepText(const StepEvaluation &s)
{
    QString text = QStringLiteral("  %1 %2 %3 %4\n")
                       .arg(padded(stepStatusKey(s.status), 10), // "unresolved", whole
                            padded(QString(2 * s.depth, QLatin1Char(' ')) + s.step, 30),
                            padded(s.templateRef.isEmpty() ? s.type : QStringLiteral("template ") + s.templateRef, 28),
                            safe(s.message));
    if (!s.judged.isEmpty())
        text += QStringLiteral("             judged: %1\n").arg(safe(s.judged));
    if (s.variables) {
        QStringList pairs;
        for (const auto &[name, value] : s.variables->named())
            pairs.append(QStringLiteral("%1=%2").arg(name).arg(value));
        text += QStringLiteral("             %1\n").arg(pairs.join(QLatin1Char(' ')));
    }
    return text;
}

QString evaluationText(const PipelineEvaluation &e)
{
    QString text = QStringLiteral("pipeline %1 v%2 (project %3), variant %4, execution %5: %6\n%7\n")
                       .arg(safe(e.pipeline))
                       .arg(e.version)
                       .arg(safe(e.project))
                       .arg(safe(e.variant), e.sequenceId.isEmpty() ? QStringLiteral("unknown") : safe(e.sequenceId),
                            stepStatusKey(e.status), safe(e.message));
    // Every stage the JSON lists, those without steps (a stage template) too.
    for (const StageEvaluation &st : e.stages) {
        text += QStringLiteral("stage %1 (%2): %3%4\n")
                    .arg(safe(st.identifier), st.type.isEmpty() ? QStringLiteral("no type") : safe(st.type),
                         stepStatusKey(st.status),
                         st.message.isEmpty() ? QString() : QStringLiteral(" - ") + safe(st.message));
        for (const StepEvaluation &s : e.steps) {
            if (s.stage != st.identifier)
                continue;
            text += stepText(s);
        }
    }
    for (const EmailPreview &m : e.emails) {
        text += QStringLiteral("\nemail %1 (%2) to %3\nSubject: %4\n%5\n")
                    .arg(safe(m.step),
                         m.sent ? QStringLiteral("would be sent")
                                : QStringLiteral("not sent: the step does not run"),
                         safe(m.to), safe(m.subject), block(m.body, 0));
    }
    return text;
}

// Each Email step the run would send as STAGE.STEP.eml in dir (made when missing); the ones the
// run would skip are named on stderr. False when a step's addresses were refused (no file).
bool writeEmails(const QString &dir, const QString &from, const PipelineEvaluation &e)
{
    if (!QDir().mkpath(dir))
        throw Error(ErrorKind::BadInput, QStringLiteral("%1: cannot make the folder").arg(dir));
    if (dir.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("--email-dir needs a folder"));
    if (!Expressions::isAddress(from))
        throw Error(ErrorKind::Usage, QStringLiteral("--email-from is one e-mail address, not '%1'").arg(from));
    const QDateTime at = Clock::now();
    QSet<QString> written;
    bool refused = false;
    for (const EmailPreview &mail : e.emails) {
        QString name = mail.stage + QLatin1Char('.') + mail.step;
        for (QChar &ch : name) {
            if (!(ch.isLetterOrNumber() && ch.unicode() < 128) && ch != QLatin1Char('.') && ch != QLatin1Char('-'))
                ch = QLatin1Char('_');
        }
        if (!mail.sent) {
            err() << "secreview: note: Email step " << safe(mail.stage) << "." << safe(mail.step)
                  << " would not run in this evaluation; no .eml written\n";
            continue;
        }
        // A value that is not one address (a branch named "a@evil.example,dev") names no one.
        if (!mail.refusedAddresses.isEmpty() || mail.toAddresses.isEmpty()) {
            err() << "secreview: Email step " << safe(mail.stage) << "." << safe(mail.step) << ": "
                  << (mail.toAddresses.isEmpty() && mail.refusedAddresses.isEmpty()
                          ? QStringLiteral("no address to send to")
                          : QStringLiteral("not an e-mail address: ") + safe(mail.refusedAddresses.join(QStringLiteral(", "))))
                  << "; no .eml written\n";
            refused = true;
            continue;
        }
        // Two steps whose names read the same ("a.b"+"c", "a"+"b.c") get two files.
        const QString base = name;
        for (int n = 2; written.contains(name); ++n)
            name = base + QLatin1Char('-') + QString::number(n);
        written.insert(name);
        // A Message-ID of our own per message: name and a random part, no spaces, one @.
        const QString id = QStringLiteral("%1.%2@secreview.invalid")
                               .arg(name, QUuid::createUuid().toString(QUuid::WithoutBraces));
        report::writeFile(QDir(dir).filePath(name + QStringLiteral(".eml")), report::eml(mail, from, at, id));
    }
    return !refused;
}

int gatePipeline(const PipelineVerb &v)
{
    const Arguments &a = v.c.args();
    EvaluationInput input;
    input.variant = a.required(QStringLiteral("--variant"), QStringLiteral("pipeline gate"));
    if (a.has(QStringLiteral("--execution")))
        input.execution = parseId(a.value(QStringLiteral("--execution")), QStringLiteral("--execution"));
    for (const QString &set : a.values(QStringLiteral("--set"))) {
        const qsizetype eq = set.indexOf(QLatin1Char('='));
        if (eq <= 0)
            throw Error(ErrorKind::Usage, QStringLiteral("--set takes NAME=VALUE, not '%1'").arg(set));
        input.inputs.insert(set.left(eq).trimmed(), set.mid(eq + 1));
    }
    QString judged;
    const PipelineInfo pipeline = v.store.gateVersion(v.id, v.project, &judged);
    if (!judged.isEmpty())
        err() << "secreview: note: " << safe(judged) << "\n";
    for (auto it = input.inputs.constBegin(); it != input.inputs.constEnd(); ++it) {
        // A misspelt --set fills nothing and the input stays unset: say so rather than let the
        // result read as if the value had been used.
        const QString word = it.key().section(QLatin1Char('.'), -1);
        if (!pipeline.yaml.contains(word))
            err() << "secreview: note: --set " << safe(it.key()) << " names nothing in pipeline '"
                  << safe(pipeline.identifier) << "' (no field or variable " << safe(word) << ")\n";
    }
    PipelineEvaluation e = PipelineEvaluator(v.db).evaluate(pipeline, input);
    e.versionNote = judged;
    v.c.print(evaluationText(e), json::evaluation(e));
    // CI hand-off: STATUS, then each scan step's output variables as STEP_NAME (dotenv, GitHub).
    QList<std::pair<QString, QString>> variables{
        {QStringLiteral("GATE_STATUS"), e.status == StepStatus::Pass ? QStringLiteral("pass") : QStringLiteral("fail")}};
    for (const StepEvaluation &s : std::as_const(e.steps)) {
        if (!s.scanStep)
            continue;
        variables.append({s.step + QStringLiteral("_STATUS"), stepStatusKey(s.status)});
        if (s.variables) {
            for (const auto &[name, value] : s.variables->named())
                variables.append({s.step + QLatin1Char('_') + name, QString::number(value)});
        }
    }
    handOff(v.c, v.db, pipeline.identifier, e.status == StepStatus::Pass, e.message, variables, report::pipelineChecks(e));
    bool mailed = true;
    if (a.has(QStringLiteral("--email-dir")))
        mailed = writeEmails(a.value(QStringLiteral("--email-dir")),
                             a.value(QStringLiteral("--email-from"), QStringLiteral("secreview@localhost")), e);
    if (e.status == StepStatus::Pass)
        return mailed ? 0 : int(ErrorKind::BadInput); // a passing gate whose e-mail could not be written
    return e.failedForMissingScans ? int(ErrorKind::NotFound) : int(ErrorKind::Failed);
}

} // namespace

int pipelineCommand(const Context &c)
{
    const QString verb = c.verb();
    const QString id = c.args().positionals.value(2);
    QStringList options;
    if (verb != QLatin1String("import") && verb != QLatin1String("list"))
        options.append(QStringLiteral("--project"));
    if (verb == QLatin1String("show") || verb == QLatin1String("check"))
        options.append(QStringLiteral("--version"));
    if (verb == QLatin1String("check"))
        options.append(QStringLiteral("--policy"));
    if (verb == QLatin1String("diff"))
        options.append({QStringLiteral("--from"), QStringLiteral("--to")});
    if (verb == QLatin1String("gate"))
        options.append(QStringList{QStringLiteral("--variant"), QStringLiteral("--execution"), QStringLiteral("--set"),
                                   QStringLiteral("--email-dir"), QStringLiteral("--email-from")}
                       + handOffOptions());
    c.args().allowOnly(options, QStringLiteral("pipeline ") + verb, {QStringLiteral("--set")});
    if (verb == QLatin1String("list"))
        c.args().allowPositionals(2, QStringLiteral("pipeline list"));
    else if (verb != QLatin1String("import"))
        c.args().allowPositionals(3, QStringLiteral("pipeline ") + verb);
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
        policy = c.args().has(QStringLiteral("--policy"))
                     ? PipelinePolicy::load(c.args().value(QStringLiteral("--policy")))
                     : PipelinePolicy::defaults();
    const Database db = c.openDatabase();
    const Session actor = c.signIn(db);
    const PipelineStore store(db);
    const QString project = c.args().value(QStringLiteral("--project"));
    if (!id.isEmpty() && project.isEmpty()) {
        // Another project's pipeline of the same identifier never takes this one's place
        // (decision 48), but whoever reads the answer should know there are two.
        if (const QStringList projects = store.projectsWith(id); projects.size() > 1)
            err() << "secreview: note: pipeline '" << safe(id) << "' is in " << projects.size()
                  << " projects; without --project it means the one in '" << safe(projects.first())
                  << "' (first imported), not " << safe(QStringList(projects.mid(1)).join(QStringLiteral(", ")))
                  << "\n";
    }
    const PipelineVerb v{c, db, actor, store, id, project};
    if (verb == QLatin1String("import"))
        return importPipelines(v);
    if (verb == QLatin1String("list"))
        return listPipelines(v);
    if (verb == QLatin1String("show"))
        return showPipeline(v);
    if (verb == QLatin1String("history"))
        return pipelineHistory(v);
    if (verb == QLatin1String("diff"))
        return pipelineDiff(v);
    if (verb == QLatin1String("check"))
        return checkPipeline(v, *policy);
    return gatePipeline(v);
}

} // namespace secreview::cli
