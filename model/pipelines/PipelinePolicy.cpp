#include "model/pipelines/PipelinePolicy.h"

#include "model/core/Error.h"
#include "model/input/BoundedYaml.h"
#include "model/pipelines/Expressions.h"
#include "model/pipelines/PipelineEvaluator.h"
#include "model/pipelines/WhenCondition.h"
#include "model/scans/Gate.h"

#include <QFile>
#include <QSaveFile>
#include <algorithm>
#include <functional>

namespace secreview {
namespace {

const char *const kScanStepRequired = "scan_step_in_stage";
const char *const kFailOnSeverity = "fail_on_severity_set";
const char *const kNoIgnore = "no_ignore_on_scan_steps";
const char *const kScannerForTarget = "scanner_for_target_type";
const char *const kScanStepsRun = "scan_steps_run";

[[noreturn]] void fail(const QString &file, const YAML::Node &at, const QString &what)
{
    throw Error(ErrorKind::BadInput, QStringLiteral("%1: %2").arg(BoundedYaml::where(file, at.Mark()), what));
}

void allowKeys(const QString &file, const YAML::Node &map, const QStringList &keys, const QString &context)
{
    for (auto it = map.begin(); it != map.end(); ++it) {
        const QString key = QString::fromStdString(it->first.as<std::string>(std::string()));
        if (!keys.contains(key))
            fail(file, it->first,
                 QStringLiteral("%1: unknown key '%2' (expected %3)")
                     .arg(context, key, keys.join(QStringLiteral(", "))));
    }
}

bool boolean(const QString &file, const YAML::Node &v, const QString &context)
{
    if (!v.IsScalar())
        fail(file, v, context + QStringLiteral(": expected true or false"));
    const QString s = QString::fromStdString(v.Scalar()).toLower();
    if (s == QLatin1String("true") || s == QLatin1String("yes") || s == QLatin1String("on"))
        return true;
    if (s == QLatin1String("false") || s == QLatin1String("no") || s == QLatin1String("off"))
        return false;
    fail(file, v, context + QStringLiteral(": expected true or false, not '%1'").arg(s));
}

bool flag(const QString &file, const YAML::Node &rule, const QString &context)
{
    const YAML::Node v = rule["enabled"];
    if (!v)
        return true; // a rule that is listed is on unless it says otherwise
    return boolean(file, v, context + QStringLiteral(".enabled"));
}

QStringList words(const QString &file, const YAML::Node &node, const QString &context)
{
    QStringList out;
    if (!node || node.IsNull())
        return out;
    if (!node.IsSequence())
        fail(file, node, context + QStringLiteral(": expected a list"));
    for (const YAML::Node &v : node) {
        if (!v.IsScalar())
            fail(file, v, context + QStringLiteral(": expected names"));
        out.append(QString::fromStdString(v.Scalar()));
    }
    return out;
}

bool containsIgnoreCase(const QStringList &list, const QString &word)
{
    return list.contains(word, Qt::CaseInsensitive);
}

QString stepLabel(const PipelineStage &stage, const PipelineNode &step)
{
    return QStringLiteral("step '%1' (%2) in stage '%3'").arg(step.identifier, step.type, stage.identifier);
}

bool letsPass(const QString &action)
{
    return action == QLatin1String("Ignore") || action == QLatin1String("MarkAsSuccess");
}

// Whether a strategy, followed to its end (after the retries, after a manual intervention's
// timeout), lets the failed step pass.
bool endsInPassing(const FailureStrategy &f, int depth = 0)
{
    if (depth > 8)
        return false;
    if (letsPass(f.action))
        return true;
    if (f.action == QLatin1String("ManualIntervention") && letsPass(f.onTimeout))
        return true;
    return f.onRetryFailure && endsInPassing(*f.onRetryFailure, depth + 1);
}

// The strategy that decides a scan step's failure (its own, its groups', its stage's: the first
// whose errors match a scan's failure, as the evaluation picks it), when it lets the step pass.
void ignoringStrategies(const QList<PipelineNode> &nodes, QList<const FailureStrategy *> outer,
                        const std::function<void(const PipelineNode &, const FailureStrategy &)> &visit)
{
    for (const PipelineNode &n : nodes) {
        QList<const FailureStrategy *> mine;
        for (const FailureStrategy &f : n.failureStrategies)
            mine.append(&f);
        mine.append(outer);
        if (n.kind != PipelineNode::Kind::Step) {
            ignoringStrategies(n.children, n.kind == PipelineNode::Kind::StepGroup ? mine : outer, visit);
            continue;
        }
        if (!n.isScan())
            continue;
        for (const FailureStrategy *f : mine) {
            if (!f->matches(QLatin1String(PipelineEvaluator::kErrorType)))
                continue; // a strategy for Timeout errors, say, never sees a scan's failure
            if (endsInPassing(*f))
                visit(n, *f);
            break;
        }
    }
}

// The values a `when` condition can have whatever the run: the pipeline's identity, stage names,
// literal variables of the pipeline, the stage and the step groups. Branches, triggers, the
// execution, --set inputs and step outputs depend on the run and stay unknown.
class StaticValues
{
public:
    explicit StaticValues(const PipelineDefinition &definition) : m_expressions(definition, m_input) {}
    void setStage(const PipelineStage *stage) { m_expressions.setStage(stage); }
    void setGroups(const QList<const PipelineNode *> &groups) { m_expressions.setGroups(groups); }
    std::optional<QString> operator()(const QString &name) const
    {
        if (name.startsWith(QLatin1String("codebase.")) || name.startsWith(QLatin1String("trigger.")))
            return std::nullopt;
        return m_expressions.lookup(name);
    }

private:
    EvaluationInput m_input;
    Expressions m_expressions;
};

// Why a `when` keeps what it guards from running whenever its stage (or pipeline) runs; empty
// when it does not. A condition is judged with the values it has whatever the run (literal
// variables, names): one that is false then ("false", "1 == 2", a literal variable compared with
// another value) never runs; one that needs the run's values is refused only when conditions are
// not allowed.
QString neverRuns(const QString &status, const QString &condition, bool allowConditions, const StaticValues &values)
{
    if (status.trimmed().compare(QLatin1String("Failure"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("runs only after a failure (when: Failure)");
    if (condition.trimmed().isEmpty())
        return {};
    const ConditionResult c = WhenCondition::evaluate(condition, [&](const QString &name) { return values(name); });
    if (c.value == false)
        return QStringLiteral("has a condition that is never true (%1)").arg(condition.trimmed());
    if (!allowConditions)
        return QStringLiteral("runs only when its condition holds (%1)").arg(condition.trimmed());
    return {};
}

// Each scan step with what keeps it (or a step group around it) from running.
void skippedScans(const QList<PipelineNode> &nodes, const QString &outerWhy, bool allowConditions,
                  StaticValues &values, QList<const PipelineNode *> groups,
                  const std::function<void(const PipelineNode &, const QString &)> &visit)
{
    for (const PipelineNode &n : nodes) {
        QString why = outerWhy;
        if (why.isEmpty() && n.kind != PipelineNode::Kind::Parallel) {
            values.setGroups(groups);
            why = neverRuns(n.whenStatus, n.whenCondition, allowConditions, values);
            if (!why.isEmpty() && n.kind == PipelineNode::Kind::StepGroup)
                why = QStringLiteral("its step group '%1' %2").arg(n.identifier, why);
        }
        if (n.kind != PipelineNode::Kind::Step) {
            QList<const PipelineNode *> inner = groups;
            if (n.kind == PipelineNode::Kind::StepGroup)
                inner.append(&n);
            skippedScans(n.children, why, allowConditions, values, inner, visit);
            continue;
        }
        if (n.isScan() && !why.isEmpty())
            visit(n, why);
    }
}

} // namespace

QStringList PipelinePolicy::ruleNames()
{
    return {QString::fromLatin1(kScanStepRequired), QString::fromLatin1(kFailOnSeverity),
            QString::fromLatin1(kNoIgnore), QString::fromLatin1(kScannerForTarget),
            QString::fromLatin1(kScanStepsRun)};
}

PipelinePolicy PipelinePolicy::defaults()
{
    PipelinePolicy p;
    p.scannerForTarget.required.insert(QStringLiteral("container"),
                                       {QStringLiteral("AquaTrivy"), QStringLiteral("Grype"),
                                        QStringLiteral("Snyk"), QStringLiteral("Wiz"),
                                        QStringLiteral("Sysdig"), QStringLiteral("AquaSecurity"),
                                        QStringLiteral("AWSECR"), QStringLiteral("CustomIngest")});
    return p;
}

PipelinePolicy PipelinePolicy::load(const QString &path)
{
    return parse(BoundedYaml::readFile(path, path), path);
}

PipelinePolicy PipelinePolicy::parse(const QByteArray &yaml, const QString &file)
{
    const YAML::Node root = BoundedYaml::load(yaml, file);
    if (!root.IsMap() || !root["rules"] || !root["rules"].IsMap())
        fail(file, root,
             QStringLiteral("expected a pipeline policy (a top-level 'rules' mapping of %1)")
                 .arg(ruleNames().join(QStringLiteral(", "))));
    allowKeys(file, root, {QStringLiteral("rules"), QStringLiteral("description")}, QStringLiteral("policy"));
    const YAML::Node rules = root["rules"];
    allowKeys(file, rules, ruleNames(), QStringLiteral("rules"));
    // A policy file says what it wants: rules it does not list are off.
    PipelinePolicy p = defaults();
    p.scanStepRequired.enabled = false;
    p.failOnSeverity.enabled = false;
    p.scanStepsRun.enabled = false;
    for (auto it = rules.begin(); it != rules.end(); ++it) {
        const QString name = QString::fromStdString(it->first.Scalar());
        const YAML::Node rule = it->second;
        const QString context = QStringLiteral("rules.") + name;
        if (!rule.IsNull() && !rule.IsMap())
            fail(file, rule, context + QStringLiteral(": expected a mapping (enabled: true, ...)"));
        const bool enabled = rule.IsNull() ? true : flag(file, rule, context);
        if (name == QLatin1String(kScanStepRequired)) {
            allowKeys(file, rule, {QStringLiteral("enabled"), QStringLiteral("stage_types")}, context);
            p.scanStepRequired.enabled = enabled;
            if (rule["stage_types"])
                p.scanStepRequired.stageTypes =
                    words(file, rule["stage_types"], context + QStringLiteral(".stage_types"));
        } else if (name == QLatin1String(kFailOnSeverity)) {
            allowKeys(file, rule,
                      {QStringLiteral("enabled"), QStringLiteral("at_least"), QStringLiteral("allow_none")},
                      context);
            p.failOnSeverity.enabled = enabled;
            if (const YAML::Node allow = rule["allow_none"]; allow && !allow.IsNull())
                p.failOnSeverity.allowNone = boolean(file, allow, context + QStringLiteral(".allow_none"));
            if (const YAML::Node level = rule["at_least"]; level && !level.IsNull()) {
                const QString word = QString::fromStdString(level.as<std::string>(std::string())).toLower();
                const auto parsed = Gate::parseThreshold(word);
                if (!parsed || *parsed == Gate::kNever)
                    fail(file, level,
                         context + QStringLiteral(".at_least: expected critical, high, medium, low or info"));
                p.failOnSeverity.atLeast = word;
            }
        } else if (name == QLatin1String(kScanStepsRun)) {
            allowKeys(file, rule, {QStringLiteral("enabled"), QStringLiteral("allow_conditions")}, context);
            p.scanStepsRun.enabled = enabled;
            if (const YAML::Node allow = rule["allow_conditions"]; allow && !allow.IsNull())
                p.scanStepsRun.allowConditions = boolean(file, allow, context + QStringLiteral(".allow_conditions"));
        } else if (name == QLatin1String(kNoIgnore)) {
            allowKeys(file, rule, {QStringLiteral("enabled"), QStringLiteral("allowed_stages")}, context);
            p.noIgnore.enabled = enabled;
            p.noIgnore.allowedStages =
                words(file, rule["allowed_stages"], context + QStringLiteral(".allowed_stages"));
        } else {
            allowKeys(file, rule, {QStringLiteral("enabled"), QStringLiteral("required")}, context);
            p.scannerForTarget.enabled = enabled;
            if (const YAML::Node required = rule["required"]; required && !required.IsNull()) {
                if (!required.IsMap())
                    fail(file, required,
                         context + QStringLiteral(".required: expected target type: [step types]"));
                p.scannerForTarget.required.clear();
                for (auto r = required.begin(); r != required.end(); ++r) {
                    const QString type = QString::fromStdString(r->first.as<std::string>(std::string()));
                    p.scannerForTarget.required.insert(
                        type, words(file, r->second, context + QStringLiteral(".required.") + type));
                }
            }
        }
    }
    return p;
}

QByteArray PipelinePolicy::toYaml() const
{
    YAML::Emitter out;
    out << YAML::Comment("secreview pipeline policy: `secreview pipeline check ID --policy FILE`");
    out << YAML::BeginMap << YAML::Key << "rules" << YAML::Value << YAML::BeginMap;
    auto list = [&](const QStringList &words) {
        out << YAML::Flow << YAML::BeginSeq;
        for (const QString &w : words)
            out << w.toStdString();
        out << YAML::EndSeq;
    };
    out << YAML::Key << kScanStepRequired << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "enabled" << YAML::Value << scanStepRequired.enabled;
    out << YAML::Key << "stage_types" << YAML::Value;
    list(scanStepRequired.stageTypes);
    out << YAML::EndMap;
    out << YAML::Key << kFailOnSeverity << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "enabled" << YAML::Value << failOnSeverity.enabled;
    if (!failOnSeverity.atLeast.isEmpty())
        out << YAML::Key << "at_least" << YAML::Value << failOnSeverity.atLeast.toStdString();
    out << YAML::Key << "allow_none" << YAML::Value << failOnSeverity.allowNone;
    out << YAML::EndMap;
    out << YAML::Key << kNoIgnore << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "enabled" << YAML::Value << noIgnore.enabled;
    out << YAML::Key << "allowed_stages" << YAML::Value;
    list(noIgnore.allowedStages);
    out << YAML::EndMap;
    out << YAML::Key << kScanStepsRun << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "enabled" << YAML::Value << scanStepsRun.enabled;
    out << YAML::Key << "allow_conditions" << YAML::Value << scanStepsRun.allowConditions;
    out << YAML::EndMap;
    out << YAML::Key << kScannerForTarget << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "enabled" << YAML::Value << scannerForTarget.enabled;
    out << YAML::Key << "required" << YAML::Value << YAML::BeginMap;
    for (auto it = scannerForTarget.required.constBegin(); it != scannerForTarget.required.constEnd(); ++it) {
        out << YAML::Key << it.key().toStdString() << YAML::Value;
        list(it.value());
    }
    out << YAML::EndMap << YAML::EndMap;
    out << YAML::EndMap << YAML::EndMap;
    return QByteArray(out.c_str()) + '\n';
}

void PipelinePolicy::save(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(toYaml()) < 0 || !file.commit())
        throw Error(ErrorKind::BadInput,
                    QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
}

QList<PolicyViolation> PipelinePolicy::check(const PipelineDefinition &pipeline) const
{
    QList<PolicyViolation> out;
    for (const PipelineStage &stage : pipeline.stages) {
        const QList<const PipelineNode *> steps = stage.allSteps();
        // A stage template's content is in Harness: uncheckable() says so.
        if (scanStepRequired.enabled && !stage.templateLink.isSet() &&
            containsIgnoreCase(scanStepRequired.stageTypes, stage.type)) {
            const bool hasScan =
                std::any_of(steps.begin(), steps.end(), [](const PipelineNode *n) { return n->isScan(); });
            if (!hasScan) {
                // Fails closed: a template step may hold a scan, but what cannot be seen is not one.
                QStringList templates;
                for (const PipelineNode *n : steps) {
                    if (n->isTemplate())
                        templates.append(n->templateLink.text());
                }
                out.append(
                    {QString::fromLatin1(kScanStepRequired),
                     stage.identifier,
                     {},
                     QStringLiteral("stage '%1' (%2) has no security scan step: %3 stages must scan%4")
                         .arg(stage.identifier, stage.type,
                              scanStepRequired.stageTypes.join(QStringLiteral(", ")),
                              templates.isEmpty()
                                  ? QString()
                                  : QStringLiteral(" (its templates %1 may hold one, which cannot be "
                                                   "seen offline: name the step type in templateInputs)")
                                        .arg(templates.join(QStringLiteral(", "))))});
            }
        }
        for (const PipelineNode *n : steps) {
            if (!n->isScan())
                continue;
            const QString threshold = n->scan->failOnSeverity.trimmed().toLower();
            // A template's own threshold is not in the file: uncheckable() names it.
            const bool thresholdInTemplate =
                n->scan->recognition == ScanRecognition::TemplateInput && threshold.isEmpty();
            if (failOnSeverity.enabled && !thresholdInTemplate) {
                QString problem;
                const auto parsed = Gate::parseThreshold(threshold);
                if (threshold.isEmpty())
                    problem = QStringLiteral("does not set fail_on_severity");
                else if (threshold.contains(QLatin1String("<+")))
                    problem = QStringLiteral(
                                  "sets fail_on_severity from an expression (%1) that a policy cannot check")
                                  .arg(n->scan->failOnSeverity.trimmed());
                else if (!parsed)
                    problem =
                        QStringLiteral("sets fail_on_severity to '%1', which is not a level").arg(threshold);
                else if (*parsed == Gate::kNever && !failOnSeverity.allowNone)
                    problem =
                        QStringLiteral("sets fail_on_severity to none: the step can never fail (a policy "
                                       "file may allow it with allow_none: true)");
                else if (!failOnSeverity.atLeast.isEmpty() &&
                         (*parsed == Gate::kNever || *parsed > *Gate::parseThreshold(failOnSeverity.atLeast)))
                    problem = QStringLiteral("sets fail_on_severity to %1, less strict than the required %2")
                                  .arg(threshold, failOnSeverity.atLeast);
                if (!problem.isEmpty())
                    out.append({QString::fromLatin1(kFailOnSeverity), stage.identifier, n->identifier,
                                stepLabel(stage, *n) + QLatin1Char(' ') + problem});
            }
            if (scannerForTarget.enabled) {
                // containerImage (the legacy Security step's spelling) is a container target; a
                // legacy step is the scanner its product_name names (aqua-trivy: AquaTrivy).
                QString type = n->scan->targetType.trimmed().toLower();
                if (type == QLatin1String("containerimage"))
                    type = QStringLiteral("container");
                const auto required = scannerForTarget.required.constFind(type);
                if (required != scannerForTarget.required.constEnd() &&
                    !containsIgnoreCase(*required, n->type) &&
                    !containsIgnoreCase(*required, n->scan->stepType)) {
                    out.append({QString::fromLatin1(kScannerForTarget), stage.identifier, n->identifier,
                                stepLabel(stage, *n) +
                                    QStringLiteral(" scans a %1 target; a %1 target needs one of: %2")
                                        .arg(type, required->join(QStringLiteral(", ")))});
                }
            }
        }
        if (scanStepsRun.enabled) {
            StaticValues values(pipeline);
            values.setStage(&stage);
            const QString stageWhy =
                neverRuns(stage.whenStatus, stage.whenCondition, scanStepsRun.allowConditions, values);
            skippedScans(stage.steps, stageWhy.isEmpty() ? QString() : QStringLiteral("its stage %1").arg(stageWhy),
                         scanStepsRun.allowConditions, values, {}, [&](const PipelineNode &n, const QString &why) {
                             out.append({QString::fromLatin1(kScanStepsRun), stage.identifier, n.identifier,
                                         stepLabel(stage, n) + QStringLiteral(" may never run: ") + why});
                         });
        }
        if (noIgnore.enabled && !containsIgnoreCase(noIgnore.allowedStages, stage.identifier)) {
            QList<const FailureStrategy *> stageStrategies;
            for (const FailureStrategy &f : stage.failureStrategies)
                stageStrategies.append(&f);
            ignoringStrategies(
                stage.steps, stageStrategies, [&](const PipelineNode &n, const FailureStrategy &f) {
                    out.append(
                        {QString::fromLatin1(kNoIgnore), stage.identifier, n.identifier,
                         stepLabel(stage, n) +
                             QStringLiteral(" lets a failed scan pass (failure strategy %1)").arg(f.text())});
                });
        }
    }
    return out;
}

QStringList PipelinePolicy::uncheckable(const PipelineDefinition &pipeline) const
{
    QStringList enabled;
    if (scanStepRequired.enabled)
        enabled.append(QString::fromLatin1(kScanStepRequired));
    if (failOnSeverity.enabled)
        enabled.append(QString::fromLatin1(kFailOnSeverity));
    if (noIgnore.enabled)
        enabled.append(QString::fromLatin1(kNoIgnore));
    if (scannerForTarget.enabled)
        enabled.append(QString::fromLatin1(kScannerForTarget));
    if (scanStepsRun.enabled)
        enabled.append(QString::fromLatin1(kScanStepsRun));
    QStringList out;
    if (enabled.isEmpty())
        return out;
    const QString rules = enabled.join(QStringLiteral(", "));
    if (pipeline.templateLink.isSet() && pipeline.stages.isEmpty())
        out.append(QStringLiteral("the pipeline is template %1: %2 not checked (its stages are in Harness)")
                       .arg(pipeline.templateLink.text(), rules));
    for (const PipelineStage &stage : pipeline.stages) {
        if (stage.templateLink.isSet()) {
            out.append(QStringLiteral("stage '%1' is template %2: %3 not checked inside it")
                           .arg(stage.identifier, stage.templateLink.text(), rules));
            continue;
        }
        for (const PipelineNode *n : stage.allSteps()) {
            if (!n->isTemplate())
                continue;
            if (n->isScan()) {
                if (failOnSeverity.enabled && n->scan->failOnSeverity.trimmed().isEmpty())
                    out.append(
                        QStringLiteral("step '%1' in stage '%2' is %3 template %4: its fail_on_severity is "
                                       "inside the template, %5 not checked")
                            .arg(n->identifier, stage.identifier, n->templateLink.kind,
                                 n->templateLink.text(), QString::fromLatin1(kFailOnSeverity)));
                continue;
            }
            QStringList stepRules = enabled;
            stepRules.removeAll(QString::fromLatin1(kScanStepRequired));
            if (!stepRules.isEmpty())
                out.append(
                    QStringLiteral("step '%1' in stage '%2' is %3 template %4: %5 not checked inside it")
                        .arg(n->identifier, stage.identifier, n->templateLink.kind, n->templateLink.text(),
                             stepRules.join(QStringLiteral(", "))));
        }
    }
    return out;
}

} // namespace secreview
