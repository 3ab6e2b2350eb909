#include "model/pipelines/PipelineEvaluator.h"

#include "model/core/Error.h"
#include "model/core/KeyTable.h"
#include "model/exemptions/ExemptionPolicyStore.h"
#include "model/exemptions/GateRun.h"
#include "model/pipelines/Expressions.h"
#include "model/pipelines/PipelineStore.h"
#include "model/pipelines/ScanStepTypes.h"
#include "model/pipelines/WhenCondition.h"
#include "model/scans/Catalog.h"
#include "model/scans/Gate.h"

#include <QRegularExpression>

namespace secreview {

QString stepStatusKey(StepStatus status)
{
    static constexpr auto keys = makeKeyTable<StepStatus>({{StepStatus::Pass, "pass"},
                                                           {StepStatus::Fail, "fail"},
                                                           {StepStatus::Ignored, "ignored"},
                                                           {StepStatus::Skipped, "skipped"},
                                                           {StepStatus::NoScan, "no-scan"},
                                                           {StepStatus::Waiting, "waiting"},
                                                           {StepStatus::Unresolved, "unresolved"}});
    return keys.key(status);
}

namespace {

// Does a scan by `scanScanner` (as imported: "Bandit", "Trivy", a SARIF tool name) belong to a
// scan step? A known step type takes the scanners the table names for it (CustomIngest and a
// Security step without a product_name any); a legacy product_name or a type secreview does not
// know takes a scanner whose name holds it, or that it holds.
bool scannerMatches(const ScanSettings &step, const QString &scanScanner)
{
    const QString scan = normalizedScannerName(scanScanner);
    const ScanStepType *known = findScanStepType(step.stepType);
    if (step.recognition == ScanRecognition::StepType && known && !known->scans.isEmpty()) {
        for (const char *token : known->scans) {
            if (scan.contains(QLatin1String(token)))
                return true;
        }
        return false;
    }
    const QString name = normalizedScannerName(step.scanner);
    if (name.isEmpty() || name == QLatin1String("customingest") || name == QLatin1String("security") ||
        name == QLatin1String("external") || name == QLatin1String("template"))
        return true;
    return !scan.isEmpty() && (scan.contains(name) || name.contains(scan));
}

// Messages are sentences: "Exited with message: ... reached. Ignored by its failure strategy."
void addSentence(QString &message, const QString &sentence)
{
    if (sentence.isEmpty())
        return;
    if (!message.isEmpty())
        message += message.endsWith(QLatin1Char('.')) ? QStringLiteral(" ") : QStringLiteral(". ");
    message += sentence;
    if (!sentence.endsWith(QLatin1Char('.')))
        message += QLatin1Char('.');
}

struct StageState
{
    bool failed = false;
};

class Run
{
public:
    Run(const Database &db, const PipelineInfo &info, const PipelineDefinition &def,
        const EvaluationInput &in)
        : m_db(db), m_info(info), m_def(def), m_in(in)
    {
    }

    PipelineEvaluation evaluate()
    {
        m_result.pipeline = m_info.identifier;
        m_result.project = m_info.project;
        m_result.version = m_info.version;
        m_result.variant = m_in.variant;
        QString sequenceNote;
        if (m_in.execution) {
            m_result.sequenceId = QString::number(*m_in.execution);
        } else if (auto latest = Catalog(m_db).latestExecution(m_info.identifier, m_in.variant,
                                                                trustOf(m_info.project))) {
            m_result.sequenceId = QString::number(*latest);
            sequenceNote = QStringLiteral(" (execution %1: the latest imported for %2)")
                               .arg(m_result.sequenceId, m_in.variant);
        }
        m_expressions.setSequenceId(m_result.sequenceId);

        if (m_def.templateLink.isSet() && m_def.stages.isEmpty()) {
            // Nothing here to walk: the pipeline is Harness's to resolve. Fails closed.
            m_result.status = StepStatus::Fail;
            m_result.failedForMissingScans = true;
            m_result.message = QStringLiteral("the pipeline is template %1, which is not resolvable offline: "
                                              "nothing evaluated, the gate fails closed")
                                   .arg(m_def.templateLink.text());
            return m_result;
        }

        bool pipelineFailed = false;
        int group = 0;
        bool failedAtGroupStart = false;
        for (const PipelineStage &stage : m_def.stages) {
            if (stage.parallelGroup == 0 || stage.parallelGroup != group)
                failedAtGroupStart = pipelineFailed;
            group = stage.parallelGroup;
            StageEvaluation se{stage.identifier, stage.name, stage.type, stage.templateLink.text(), {}, {}};
            setStage(&stage);
            QString skipReason;
            if (m_halt.size())
                skipReason = m_halt;
            else if (!runs(stage.whenStatus, failedAtGroupStart))
                skipReason = failedAtGroupStart
                                 ? QStringLiteral("skipped: an earlier stage failed")
                                 : QStringLiteral("skipped: the stage runs only after a failure");
            ConditionOutcome condition;
            if (skipReason.isEmpty()) {
                condition =
                    applyCondition(stage.whenCondition,
                                   QStringLiteral("pipeline.stages.%1.when.condition").arg(stage.identifier));
                skipReason = condition.skipReason;
            }
            if (!skipReason.isEmpty()) {
                se.status = StepStatus::Skipped;
                se.message = skipReason;
                skipAll(stage.steps, 0, skipReason);
            } else if (stage.templateLink.isSet()) {
                se.status = StepStatus::Unresolved;
                const bool securityTests =
                    stage.type.compare(QLatin1String("SecurityTests"), Qt::CaseInsensitive) == 0;
                if (securityTests || !stage.templateLink.scans.isEmpty()) {
                    // A stage there to scan (a Security Tests stage, or inputs naming a scan
                    // step): what cannot be judged fails closed.
                    se.message = QStringLiteral("stage template %1 (%2) is not resolvable offline: its scans "
                                                "cannot be judged, so it fails closed")
                                     .arg(stage.templateLink.text(),
                                          securityTests ? QStringLiteral("a SecurityTests stage")
                                                        : stage.templateLink.scans);
                    m_failures.append(
                        QStringLiteral("stage %1 (a template) not evaluated").arg(stage.identifier));
                    ++m_missingFailures;
                    pipelineFailed = true;
                } else {
                    se.message =
                        QStringLiteral("stage template %1 is not resolvable offline: its steps are not "
                                       "evaluated")
                            .arg(stage.templateLink.text());
                    m_notEvaluated.append(QStringLiteral("stage %1 (template %2)")
                                              .arg(stage.identifier, stage.templateLink.text()));
                }
            } else {
                StageState st;
                QList<const QList<FailureStrategy> *> chain{&stage.failureStrategies};
                runNodes(stage.steps, chain, 0, st);
                se.status = m_paused ? StepStatus::Waiting : st.failed ? StepStatus::Fail : StepStatus::Pass;
                se.message = condition.note;
                if (st.failed)
                    pipelineFailed = true;
            }
            m_result.stages.append(se);
        }
        renderEmails();

        // A pipeline without any scan step (and no template that might hold one) has nothing for
        // a security gate to judge: it fails closed, like `gate` on a target with no scan.
        const bool anyScanStep = std::any_of(m_result.steps.cbegin(), m_result.steps.cend(),
                                             [](const StepEvaluation &s) { return s.scanStep; });
        if (!anyScanStep && m_notEvaluated.isEmpty() && !pipelineFailed && !m_aborted && !m_paused &&
            !m_def.templateLink.isSet()) {
            m_failures.append(QStringLiteral("the pipeline has no scan step: nothing was judged"));
            ++m_missingFailures;
            pipelineFailed = true;
        }

        if (m_paused) {
            m_result.status = StepStatus::Waiting;
            m_result.message = QStringLiteral("waiting for manual intervention at %1").arg(m_pausedAt);
        } else if (pipelineFailed || m_aborted) {
            m_result.status = StepStatus::Fail;
            m_result.message = m_failures.join(QStringLiteral("; "));
        } else {
            m_result.status = StepStatus::Pass;
            m_result.message = m_notEvaluated.isEmpty() ? QStringLiteral("every stage passed")
                                                        : QStringLiteral("every stage evaluated passed");
        }
        if (!m_notEvaluated.isEmpty())
            m_result.message +=
                QStringLiteral("; not evaluated offline: %1").arg(m_notEvaluated.join(QStringLiteral(", ")));
        m_result.message += sequenceNote;
        // A step whose variant is written in the pipeline judges that variant, whatever --variant
        // says (decision 46): the headline names the variant asked for, so say which were not it.
        QStringList otherVariants;
        for (const StepEvaluation &s : m_result.steps) {
            if (s.variantFixed && !s.scanIds.isEmpty() && !m_in.variant.isEmpty() && s.variant != m_in.variant)
                otherVariants.append(QStringLiteral("%1 judged %2 @ %3").arg(s.step, s.target, s.variant));
        }
        if (!otherVariants.isEmpty())
            m_result.message += QStringLiteral("; not variant %1: %2 (a variant written in the pipeline wins)")
                                    .arg(m_in.variant, otherVariants.join(QStringLiteral(", ")));
        m_result.failedForMissingScans =
            (pipelineFailed || m_aborted) && m_thresholdFailures == 0 && m_missingFailures > 0;
        return m_result;
    }

private:
    static bool runs(const QString &when, bool failedSoFar)
    {
        if (when.compare(QLatin1String("All"), Qt::CaseInsensitive) == 0)
            return true;
        if (when.compare(QLatin1String("Failure"), Qt::CaseInsensitive) == 0)
            return failedSoFar;
        return !failedSoFar;
    }

    void skipAll(const QList<PipelineNode> &nodes, int depth, const QString &reason)
    {
        for (const PipelineNode &n : nodes) {
            if (n.kind != PipelineNode::Kind::Step) {
                skipAll(n.children, depth + 1, reason);
                continue;
            }
            StepEvaluation s = row(n, depth);
            s.status = StepStatus::Skipped;
            s.message = reason;
            m_result.steps.append(s);
        }
    }

    StepEvaluation row(const PipelineNode &n, int depth) const
    {
        StepEvaluation s;
        s.stage = m_stage->identifier;
        s.step = n.identifier;
        s.path = n.path;
        s.name = n.name;
        s.type = n.type;
        s.templateRef = n.templateLink.text();
        s.depth = depth;
        s.scanStep = n.isScan();
        if (n.scan) {
            s.target = n.scan->targetName;
            s.targetType = n.scan->targetType;
            s.variant = n.scan->targetVariant;
            s.failOnSeverity = n.scan->failOnSeverity;
        }
        return s;
    }

    void runNodes(const QList<PipelineNode> &nodes, QList<const QList<FailureStrategy> *> chain, int depth,
                  StageState &st)
    {
        for (const PipelineNode &n : nodes) {
            if (n.kind == PipelineNode::Kind::Parallel) {
                // Every branch starts with the stage as it was when the block began.
                const bool failedBefore = st.failed;
                bool anyFailed = false;
                for (const PipelineNode &child : n.children) {
                    StageState branch{failedBefore};
                    runNodes({child}, chain, depth + 1, branch);
                    anyFailed = anyFailed || branch.failed;
                }
                st.failed = st.failed || anyFailed;
                continue;
            }
            if (!m_halt.isEmpty()) {
                skipAll({n}, depth, m_halt);
                continue;
            }
            const int rowDepth = depth + (n.kind == PipelineNode::Kind::StepGroup ? 1 : 0);
            if (!runs(n.whenStatus, st.failed)) {
                skipAll({n}, rowDepth,
                        st.failed ? QStringLiteral("skipped: an earlier step of the stage failed")
                                  : QStringLiteral("skipped: runs only after a failure"));
                continue;
            }
            const ConditionOutcome condition = applyCondition(
                n.whenCondition, QStringLiteral("pipeline.stages.%1.spec.execution.steps.%2.when.condition")
                                     .arg(m_stage->identifier, n.path));
            if (!condition.skipReason.isEmpty()) {
                skipAll({n}, rowDepth, condition.skipReason);
                continue;
            }
            if (n.kind == PipelineNode::Kind::StepGroup) {
                QList<const QList<FailureStrategy> *> inner{&n.failureStrategies};
                inner.append(chain);
                m_groups.append(&n);
                m_expressions.setGroups(m_groups);
                runNodes(n.children, inner, depth + 1, st);
                m_groups.removeLast();
                m_expressions.setGroups(m_groups);
                continue;
            }
            runStep(n, chain, depth, st,
                    condition.note.isEmpty() ? QString() : QStringLiteral("; ") + condition.note);
        }
    }

    void runStep(const PipelineNode &n, const QList<const QList<FailureStrategy> *> &chain, int depth,
                 StageState &st, const QString &note)
    {
        StepEvaluation s = row(n, depth);
        const QList<qint64> tied = tiedScans(n);
        if (!n.isScan() && !(n.isTemplate() && !tied.isEmpty())) {
            if (n.isTemplate() && !n.templateLink.scans.isEmpty()) {
                // Its inputs show it scans (a step group template holding a Bandit step, say):
                // without a scan imported for it, nothing can be judged. Fails closed.
                s.scanStep = true;
                s.status = StepStatus::NoScan;
                s.message = QStringLiteral("%1 template %2 scans (%3) but is not resolvable "
                                           "offline, and no scan was imported for it (import --pipeline %4 --step "
                                           "%5 --execution N): it fails closed")
                                .arg(n.templateLink.kind, n.templateLink.text(), n.templateLink.scans,
                                     m_info.identifier, n.identifier) +
                            note;
                applyStrategy(n, chain, s, st, true);
            } else if (n.isTemplate()) {
                s.status = StepStatus::Unresolved;
                s.message = QStringLiteral("%1 template %2 is not resolvable offline: what it runs is not "
                                           "evaluated (no scan was imported for it)")
                                .arg(n.templateLink.kind, n.templateLink.text()) +
                            note;
                m_notEvaluated.append(
                    QStringLiteral("%1 (template %2)").arg(n.identifier, n.templateLink.text()));
            } else {
                s.status = StepStatus::Pass;
                s.message = (n.isEmail() ? QStringLiteral("email rendered below")
                                         : QStringLiteral("not a scan step: assumed to succeed")) +
                            note;
            }
            m_result.steps.append(s);
            return;
        }
        s.scanStep = true;
        const ScanSettings settings = n.scan.value_or(ScanSettings{QStringLiteral("Template"),
                                                                   QStringLiteral("Template"),
                                                                   ScanRecognition::TemplateInput,
                                                                   QStringLiteral("a scan imported for it"),
                                                                   {},
                                                                   {},
                                                                   {},
                                                                   {},
                                                                   {},
                                                                   {},
                                                                   {},
                                                                   {}});
        QString recognized;
        if (settings.recognition == ScanRecognition::UnknownType)
            recognized =
                QStringLiteral("step type '%1' is not one of STO's scanner steps secreview knows, but "
                               "its %2 is a scan's: judged as a scan step of an unknown scanner")
                    .arg(n.type, settings.evidence);
        else if (settings.recognition == ScanRecognition::TemplateInput)
            recognized = QStringLiteral("%1 template %2 is judged as a scan step (%3)")
                             .arg(n.templateLink.kind, n.templateLink.text(), settings.evidence);
        const QString field = QStringLiteral("pipeline.stages.%1.spec.execution.steps.%2.spec.")
                                  .arg(m_stage->identifier, n.path);
        QStringList unresolvedTarget;
        QStringList unresolvedVariant;
        s.target = m_expressions
                       .resolve(settings.targetName, field + QStringLiteral("target.name"), &unresolvedTarget)
                       .trimmed();
        // The step's own variant wins; --variant fills what the step leaves open (no variant,
        // a runtime input without --set, <+codebase.branch>).
        s.variant = settings.targetVariant.isEmpty()
                        ? m_in.variant
                        : m_expressions
                              .resolve(settings.targetVariant, field + QStringLiteral("target.variant"),
                                       &unresolvedVariant, m_in.variant)
                              .trimmed();
        s.variantFixed = !settings.targetVariant.trimmed().isEmpty() && !settings.targetVariant.contains(QLatin1String("<+"));
        QString variantNote;
        if (!unresolvedVariant.isEmpty() && isRunTimeValue(settings.targetVariant)) {
            // A variable given at run time (the branch, say) is what --variant says.
            variantNote = QStringLiteral("%1, so --variant %2 is evaluated")
                              .arg(describeUnresolved(QStringLiteral("the variant"), settings.targetVariant,
                                                      field + QStringLiteral("target.variant")),
                                   m_in.variant);
            s.variant = m_in.variant;
            unresolvedVariant.clear();
        }
        QStringList unresolvedThreshold;
        s.failOnSeverity =
            m_expressions
                .resolve(settings.failOnSeverity, field + QStringLiteral("advanced.fail_on_severity"),
                         &unresolvedThreshold)
                .trimmed()
                .toLower();
        // Written but empty once resolved (a variable of "", <+input>.default(), --set X=) is not
        // "not set": it fails closed like a threshold without a value.
        const bool thresholdEmptied = (settings.thresholdWritten || !settings.failOnSeverity.trimmed().isEmpty()) &&
                                      s.failOnSeverity.trimmed().isEmpty();
        const bool thresholdSet = !s.failOnSeverity.isEmpty();
        if (!thresholdSet && !thresholdEmptied)
            s.failOnSeverity = QStringLiteral("none");

        m_unresolvedTarget = unresolvedTarget.isEmpty()
                                 ? QString()
                                 : describeUnresolved(QStringLiteral("the target name"), settings.targetName,
                                                      field + QStringLiteral("target.name"));
        m_unresolvedVariant = unresolvedVariant.isEmpty()
                                  ? QString()
                                  : describeUnresolved(QStringLiteral("the variant"), settings.targetVariant,
                                                       field + QStringLiteral("target.variant"));
        const QList<qint64> scans = findScans(n, settings, s, tied);
        bool failed = false;
        bool missing = false;
        if (!scans.isEmpty())
            s.scanId = scans.first();
        s.scanIds = scans;
        if (scans.isEmpty()) {
            s.status = StepStatus::NoScan;
            s.message = m_noScanReason;
            failed = missing = true;
        } else if (settings.recognition == ScanRecognition::TemplateInput && !thresholdSet) {
            // The threshold is inside the template: what it is cannot be known offline.
            s.status = StepStatus::Unresolved;
            s.message =
                QStringLiteral("its fail_on_severity is set inside template %1, which is not resolvable "
                               "offline: the scan cannot be judged, so the step fails closed")
                    .arg(n.templateLink.text());
            failed = missing = true;
        } else if (!unresolvedThreshold.isEmpty()) {
            s.status = StepStatus::Fail;
            s.message = describeUnresolved(QStringLiteral("fail_on_severity"), settings.failOnSeverity,
                                           field + QStringLiteral("advanced.fail_on_severity"));
            failed = true;
        } else if (thresholdEmptied) {
            s.status = StepStatus::Fail;
            s.message = (settings.failOnSeverity.trimmed().isEmpty()
                             ? QStringLiteral("fail_on_severity is written without a value")
                             : QStringLiteral("fail_on_severity %1 is empty once resolved").arg(settings.failOnSeverity.trimmed())) +
                        QStringLiteral(": a threshold that is written must be a level (critical, high, medium, "
                                       "low, info, none)");
            failed = true;
        } else if (!Gate::parseThreshold(s.failOnSeverity)) {
            s.status = StepStatus::Fail;
            s.message =
                QStringLiteral("fail_on_severity '%1' is not one of critical, high, medium, low, info, none")
                    .arg(s.failOnSeverity);
            failed = true;
        } else {
            // Every scan the step judges, together: a second scanner name ("Trivy (SARIF)") or
            // a CustomIngest step's several scanners cannot hide one another.
            IssueScope scope;
            for (qint64 id : scans)
                scope.scans.append({id, Catalog(m_db).comparisonScan(id)});
            scope.pipeline = m_info.identifier;
            const GateResult gate = runGate(m_db, scope, s.failOnSeverity);
            s.variables = gate.variables;
            m_expressions.addOutputs(m_stage->identifier, n.path, gate.variables);
            s.thresholdReached = !gate.passed && gate.tampering.isEmpty();
            s.status = gate.passed ? StepStatus::Pass : StepStatus::Fail;
            s.message = thresholdSet || !gate.tampering.isEmpty()
                            ? gate.message
                            : QStringLiteral("fail_on_severity is not set: the step does not fail on issues");
            for (const QString &warning : gate.warnings)
                addSentence(s.message, QStringLiteral("Warning: %1").arg(warning));
            failed = !gate.passed;
        }
        if (!m_tieNote.isEmpty())
            addSentence(s.message, m_tieNote);
        s.judged = judgedText(scans);
        if (!variantNote.isEmpty())
            addSentence(s.message, variantNote);
        if (!recognized.isEmpty())
            addSentence(s.message, recognized);
        s.message += note;
        if (failed)
            applyStrategy(n, chain, s, st, missing);
        m_result.steps.append(s);
    }

    // "the variant <+stage.variables.B> has no value: it is a runtime input of stage 's': give it
    // with --set B=VALUE": which expression, why, and what gives it a value.
    QString describeUnresolved(const QString &what, const QString &text, const QString &field) const
    {
        const QString whole = text.trimmed();
        QStringList reasons = m_expressions.explain(text, field);
        for (QString &r : reasons) {
            if (r.startsWith(whole + QLatin1Char(' ')))
                r = QStringLiteral("it") + r.mid(whole.size());
        }
        return QStringLiteral("%1 %2 has no value: %3").arg(what, whole, reasons.join(QStringLiteral("; ")));
    }

    // The whole text is one variable reference (a value given at run time), not a value
    // built around one ("new-<+pipeline.sequenceId>").
    static bool isRunTimeValue(const QString &text)
    {
        static const QRegularExpression variable(QStringLiteral(
            R"(^<\+\s*(?:stage\.variables|pipeline\.variables|stepGroup\.variables|variable|pipeline\.stages\.[^.]+\.variables)\.[^<>]+>$)"));
        return variable.match(text.trimmed()).hasMatch();
    }

    // The scans imported for this step in the evaluated execution (import --pipeline --step
    // --execution), the latest of each scanner.
    QList<qint64> tiedScans(const PipelineNode &n) const
    {
        if (m_result.sequenceId.isEmpty())
            return {};
        return Catalog(m_db).scansForStep(m_info.identifier, n.identifier, m_result.sequenceId.toLongLong(),
                                          trustOf(m_info.project));
    }

    // "Bandit scan #4 of dvpwa @ main": what the verdict rests on, shown with every step (the
    // step's own variant may not be the evaluated one).
    QString judgedText(const QList<qint64> &scans) const
    {
        const Catalog catalog(m_db);
        QStringList parts;
        for (qint64 id : scans) {
            const ScanInfoRow scan = catalog.scan(id);
            parts.append(QStringLiteral("%1 scan #%2 of %3 @ %4").arg(scan.scanner).arg(id).arg(scan.target, scan.variant));
        }
        return parts.join(QStringLiteral(", "));
    }

    // The scans a scan step judges: those imported for it in this execution when they are its own
    // (its scanner, and the target and variant it writes, when it writes them); else the latest
    // scan of every scanner name of the step's scanner for its target and variant.
    QList<qint64> findScans(const PipelineNode &n, const ScanSettings &settings, StepEvaluation &s,
                            const QList<qint64> &tied)
    {
        const Catalog catalog(m_db);
        m_tieNote.clear();
        const bool targetWritten = !settings.targetName.trimmed().isEmpty() && m_unresolvedTarget.isEmpty();
        const bool variantWritten = !settings.targetVariant.trimmed().isEmpty() && m_unresolvedVariant.isEmpty();
        QList<qint64> accepted;
        QStringList refused;
        for (qint64 id : tied) {
            const ScanInfoRow scan = catalog.scan(id);
            QString why;
            if (!scannerMatches(settings, scan.scanner))
                why = QStringLiteral("%1 is not the step's scanner (%2)").arg(scan.scanner, settings.scanner);
            else if (targetWritten && scan.target != s.target)
                why = QStringLiteral("its target is %1, not the step's %2").arg(scan.target, s.target);
            else if (variantWritten && scan.variant != s.variant)
                why = QStringLiteral("its variant is %1, not the step's %2").arg(scan.variant, s.variant);
            if (why.isEmpty())
                accepted.append(id);
            else
                refused.append(QStringLiteral("scan #%1 imported for this step in execution %2 (%3 of %4 @ %5): %6")
                                   .arg(id)
                                   .arg(m_result.sequenceId, scan.scanner, scan.target, scan.variant, why));
        }
        if (!refused.isEmpty())
            m_tieNote = QStringLiteral("Not counted: ") + refused.join(QStringLiteral("; "));
        if (!accepted.isEmpty()) {
            const ScanInfoRow first = catalog.scan(accepted.first());
            s.target = first.target;
            s.variant = first.variant;
            return accepted;
        }
        const QString tie =
            m_result.sequenceId.isEmpty()
                ? QStringLiteral("no execution is known (import its scan with --pipeline %1 --step %2 "
                                 "--execution N, or give --execution N)")
                      .arg(m_info.identifier, n.identifier)
                : QStringLiteral("no scan was imported for step %1 in execution %2")
                      .arg(n.identifier, m_result.sequenceId);
        // An expression left without a value is never looked up as a name ("new-null").
        if (!m_unresolvedTarget.isEmpty()) {
            m_noScanReason = QStringLiteral("no scan: %1; and %2").arg(m_unresolvedTarget, tie);
            return {};
        }
        if (s.target.isEmpty()) {
            m_noScanReason = QStringLiteral("no scan: the step names no target, and %1").arg(tie);
            return {};
        }
        if (!m_unresolvedVariant.isEmpty()) {
            m_noScanReason =
                QStringLiteral("no scan of %1: %2; and %3").arg(s.target, m_unresolvedVariant, tie);
            return {};
        }
        if (s.variant.isEmpty()) {
            m_noScanReason =
                QStringLiteral("no scan of %1: the step's variant is empty, and %2").arg(s.target, tie);
            return {};
        }
        std::optional<TargetInfo> target;
        for (const QString &project : {m_info.project, QString()}) {
            try {
                target = catalog.target(s.target, project);
                break;
            } catch (const Error &) {
            }
        }
        QList<qint64> found;
        if (target) {
            if (s.targetType.isEmpty())
                s.targetType = target->type;
            for (qint64 id : catalog.latestScans(target->id, s.variant, trustOf(target->project))) {
                if (scannerMatches(settings, catalog.scan(id).scanner))
                    found.append(id);
            }
        }
        if (found.isEmpty()) {
            m_noScanReason =
                QStringLiteral("no scan of %1 variant %2 by %3").arg(s.target, s.variant, settings.scanner);
        }
        return found;
    }

    // Which scans the project's gates count (its policy: any scan, or ci imports only).
    ScanTrust trustOf(const QString &project) const
    {
        try {
            return ExemptionPolicyStore(m_db).get(project).gateScans == ExemptionPolicy::GateScans::Ci
                       ? ScanTrust::CiOnly
                       : ScanTrust::Any;
        } catch (const Error &) { // no such project yet: nothing imported under it, nothing to trust
            return ScanTrust::Any;
        }
    }

    const FailureStrategy *strategyFor(const PipelineNode &n,
                                       const QList<const QList<FailureStrategy> *> &chain) const
    {
        QList<const QList<FailureStrategy> *> all{&n.failureStrategies};
        all.append(chain);
        for (const QList<FailureStrategy> *list : all) {
            for (const FailureStrategy &f : *list) {
                if (f.matches(QLatin1String(PipelineEvaluator::kErrorType)))
                    return &f;
            }
        }
        return nullptr;
    }

    void applyStrategy(const PipelineNode &n, const QList<const QList<FailureStrategy> *> &chain,
                       StepEvaluation &s, StageState &st, bool missing)
    {
        const FailureStrategy *f = strategyFor(n, chain);
        const QString where = QStringLiteral("%1 in stage %2").arg(n.identifier, m_stage->identifier);
        if (f)
            s.strategy = f->text();
        // Retry re-runs the step: offline it reads the same scan, so the retries fail alike and
        // what happens after them decides.
        int retries = 0;
        while (f && f->action == QLatin1String("Retry")) {
            retries += f->retryCount;
            f = f->onRetryFailure.get();
        }
        if (retries > 0)
            addSentence(s.message, QStringLiteral("Retried %1 times with the same result").arg(retries));
        const QString action = f ? f->action : QString();
        auto fail = [&](const QString &why) {
            if (!missing)
                s.status = StepStatus::Fail;
            st.failed = true;
            m_failures.append(QStringLiteral("%1 failed").arg(where));
            if (missing)
                ++m_missingFailures;
            else
                ++m_thresholdFailures;
            if (!why.isEmpty())
                addSentence(s.message, why);
        };
        // A step without a scan settled by its strategy shows what the strategy made of it, as
        // Harness would (docs/pipelines.md); the message keeps why it had nothing to judge.
        if (action == QLatin1String("Ignore")) {
            s.status = StepStatus::Ignored;
            addSentence(s.message, QStringLiteral("Ignored by its failure strategy: the stage goes on"));
        } else if (action == QLatin1String("MarkAsSuccess")) {
            s.status = StepStatus::Pass;
            addSentence(s.message, QStringLiteral("Marked as success by its failure strategy"));
        } else if (action == QLatin1String("ManualIntervention")) {
            s.status = StepStatus::Waiting;
            s.waitTimeout = f->timeout;
            s.onTimeout = f->onTimeout;
            addSentence(s.message,
                        QStringLiteral("Waiting for manual intervention (timeout %1, then %2)")
                            .arg(f->timeout.isEmpty() ? QStringLiteral("none") : f->timeout,
                                 f->onTimeout.isEmpty() ? QStringLiteral("nothing") : f->onTimeout));
            m_paused = true;
            m_pausedAt = where;
            m_halt =
                QStringLiteral("not reached: the pipeline waits for manual intervention at %1").arg(where);
        } else if (action == QLatin1String("Abort") || action == QLatin1String("PipelineRollback")) {
            fail(action == QLatin1String("Abort") ? QStringLiteral("The pipeline is aborted")
                                                  : QStringLiteral("The pipeline rolls back"));
            m_aborted = true;
            m_halt = QStringLiteral("not reached: the pipeline was %1 at %2")
                         .arg(action == QLatin1String("Abort") ? QStringLiteral("aborted")
                                                               : QStringLiteral("rolled back"),
                              where);
        } else if (action == QLatin1String("StageRollback")) {
            fail(QStringLiteral("The stage rolls back"));
        } else if (action.isEmpty() || action == QLatin1String("MarkAsFailure")) {
            fail({});
        } else {
            fail(QStringLiteral("Failure strategy '%1' is not one secreview evaluates: treated as a failure")
                     .arg(action));
        }
    }

    // What a when.condition does to the stage, group or step it guards, decided with the values
    // expressions have at this point of the run (the outputs of the steps before it, the inputs,
    // the variant): false skips it; undecided lets it run, with a note saying why.
    struct ConditionOutcome
    {
        QString skipReason;
        QString note;
    };
    ConditionOutcome applyCondition(const QString &text, const QString &field) const
    {
        if (text.isEmpty())
            return {};
        const ConditionResult c =
            WhenCondition::evaluate(text, [&](const QString &name) -> std::optional<QString> {
                if (name == QLatin1String("input"))
                    return m_expressions.input(field);
                return m_expressions.lookup(name);
            });
        if (c.value == false)
            return {QStringLiteral("skipped: its condition is false (%1)").arg(text), {}};
        if (!c.value)
            return {
                {},
                QStringLiteral("condition not decided offline (%1), assumed true: %2").arg(c.reason, text)};
        return {};
    }

    void setStage(const PipelineStage *stage)
    {
        m_stage = stage;
        m_expressions.setStage(stage);
    }

    void renderEmails()
    {
        for (const PipelineStage &stage : m_def.stages) {
            setStage(&stage);
            for (const PipelineNode *n : stage.allSteps()) {
                if (!n->isEmail())
                    continue;
                const QString field = QStringLiteral("pipeline.stages.%1.spec.execution.steps.%2.spec.")
                                          .arg(stage.identifier, n->path);
                EmailPreview e;
                e.stage = stage.identifier;
                e.step = n->identifier;
                e.to = m_expressions.resolve(n->emailTo, field + QStringLiteral("to"), &e.unresolved);
                e.cc = m_expressions.resolve(n->emailCc, field + QStringLiteral("cc"), &e.unresolved);
                e.subject =
                    m_expressions.resolve(n->emailSubject, field + QStringLiteral("subject"), &e.unresolved);
                e.body = m_expressions.resolve(n->emailBody, field + QStringLiteral("body"), &e.unresolved);
                e.htmlBody = m_expressions.resolveHtml(n->emailBody, field + QStringLiteral("body"));
                e.toAddresses = m_expressions.resolveAddresses(n->emailTo, field + QStringLiteral("to"), &e.refusedAddresses);
                e.ccAddresses = m_expressions.resolveAddresses(n->emailCc, field + QStringLiteral("cc"), &e.refusedAddresses);
                for (const StepEvaluation &s : std::as_const(m_result.steps)) {
                    if (s.stage == stage.identifier && s.path == n->path)
                        e.sent = s.status == StepStatus::Pass;
                }
                m_result.emails.append(e);
            }
        }
    }

    const Database &m_db;
    const PipelineInfo &m_info;
    const PipelineDefinition &m_def;
    const EvaluationInput &m_in;
    PipelineEvaluation m_result;
    const PipelineStage *m_stage = nullptr;
    Expressions m_expressions{m_def, m_in};
    QString m_halt; // why nothing more runs (pause, abort)
    bool m_paused = false;
    bool m_aborted = false;
    QString m_pausedAt;
    QString m_noScanReason;
    QString m_tieNote; // scans imported for the step that are not its own, and why
    QString m_unresolvedTarget;           // the step's target name, with what has no value and why
    QString m_unresolvedVariant;          // the same for its variant
    QStringList m_notEvaluated;           // templates shown, not evaluated
    QList<const PipelineNode *> m_groups; // the step groups around the steps run now
    QStringList m_failures;
    int m_thresholdFailures = 0;
    int m_missingFailures = 0;
};

} // namespace

PipelineEvaluation PipelineEvaluator::evaluate(const PipelineInfo &pipeline,
                                               const EvaluationInput &input) const
{
    return evaluate(pipeline, PipelineStore::definition(pipeline), input);
}

PipelineEvaluation PipelineEvaluator::evaluate(const PipelineInfo &pipeline,
                                               const PipelineDefinition &definition,
                                               const EvaluationInput &input) const
{
    if (input.variant.trimmed().isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("an evaluation needs the variant (--variant)"));
    Run run(m_db, pipeline, definition, input);
    return run.evaluate();
}

} // namespace secreview
