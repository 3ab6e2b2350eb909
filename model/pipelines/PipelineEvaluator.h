#pragma once

#include "model/pipelines/PipelineDefinition.h"
#include "model/scans/IssueQuery.h"
#include "model/store/Database.h"

#include <QHash>
#include <optional>

namespace secreview {

struct PipelineInfo;

// How a step, a stage or a whole evaluation ends. A stage ends Pass, Fail, Skipped, Waiting or
// Unresolved; an evaluation Pass, Fail or Waiting. NoScan is a scan step without a scan to judge
// (failing closed, decision 23). Unresolved is a template, whose content is in Harness: a step
// or stage template that scans fails closed like NoScan, any other is shown as not evaluated.
enum class StepStatus
{
    Pass,
    Fail,
    Ignored,
    Skipped,
    NoScan,
    Waiting,
    Unresolved
};
QString stepStatusKey(StepStatus status); // "pass", "no-scan": what JSON and the text output say

struct EvaluationInput
{
    QString variant;                 // the branch / variant evaluated: <+codebase.branch>
    std::optional<qint64> execution; // <+pipeline.sequenceId>; none: the latest one imported
    QHash<QString, QString> inputs;  // <+input> values by field name or path (--set name=value)
};

// One step as the pipeline studio would show it after a run with today's scans and exemptions.
struct StepEvaluation
{
    QString stage; // stage identifier
    QString step;  // step identifier
    QString path;  // under the stage, as expressions name it ("group.steps.X")
    QString name;
    QString type;
    QString templateRef; // a template step: "ref@version"
    int depth = 0;       // nesting in groups / parallel blocks, for display
    bool scanStep = false;
    QString target;
    QString targetType;
    QString variant;
    bool variantFixed = false; // written as a literal in the pipeline: --variant does not change it
    QString failOnSeverity;
    StepStatus status = StepStatus::Pass;
    QString message;
    bool thresholdReached = false;
    QString strategy; // the failure strategy that decided, as text; empty when none applied
    std::optional<OutputVariables> variables;
    qint64 scanId = 0;      // the first of scanIds
    QList<qint64> scanIds;  // every scan the step judged (one per scanner name)
    QString judged;         // those scans, named: "Bandit scan #4 of dvpwa @ main"
    QString waitTimeout; // ManualIntervention
    QString onTimeout;
};

struct StageEvaluation
{
    QString identifier;
    QString name;
    QString type;
    QString templateRef; // a stage template: "ref@version"

    StepStatus status = StepStatus::Pass; // pass, fail, skipped or waiting
    QString message;
};

struct EmailPreview
{
    QString stage;
    QString step;
    QString to;
    QString cc;
    QString subject;
    QString body;
    QString htmlBody;       // body with every value HTML-escaped: the e-mail's HTML part
    QStringList toAddresses; // to and cc as addresses (Expressions::resolveAddresses)
    QStringList ccAddresses;
    QStringList refusedAddresses; // parts of to or cc that are not one address once resolved
    bool sent = false;      // the step would run in this evaluation
    QStringList unresolved; // expressions that had no value (rendered as Harness does: null)
};

struct PipelineEvaluation
{
    QString pipeline;
    QString project; // the project the pipeline was imported under
    int version = 0;
    QString versionNote; // why this version and not the latest (PipelineStore::gateVersion); empty when the latest
    QString variant;
    QString sequenceId;                   // empty when none could be found
    StepStatus status = StepStatus::Pass; // pass, fail or waiting
    QString message;
    bool failedForMissingScans = false; // every failure is a scan step without a scan
    QList<StageEvaluation> stages;
    QList<StepEvaluation> steps;
    QList<EmailPreview> emails;
};

// Walks a pipeline as Harness would run it (SPEC section 3): stages in order, steps in order
// (groups in order, parallel blocks together), each scan step's fail_on_severity against its scan
// with the exemptions in scope, failure strategies from the step outwards (step, groups, stage),
// when conditions, skipping after a failure, and the expressions that later steps read.
// Read-only; any thread.
class PipelineEvaluator
{
public:
    explicit PipelineEvaluator(Database db) : m_db(std::move(db)) {}

    PipelineEvaluation evaluate(const PipelineInfo &pipeline, const EvaluationInput &input) const;
    // With the pipeline already read (the console keeps it), so its YAML is not parsed again.
    PipelineEvaluation evaluate(const PipelineInfo &pipeline, const PipelineDefinition &definition,
                                const EvaluationInput &input) const;

    // The error type a fail_on_severity failure (and a missing scan) matches in onFailure.errors,
    // besides AllErrors: STO reports a threshold failure as a generic step failure.
    static constexpr const char *kErrorType = "Unknown";

private:
    Database m_db;
};

} // namespace secreview
