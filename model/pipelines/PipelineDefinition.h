#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

namespace secreview {

// One onFailure entry of a failureStrategies list (Harness v0 schema).
struct FailureStrategy
{
    QStringList errors; // AllErrors, Unknown, Timeout, ...
    QString action;     // Ignore, Retry, MarkAsSuccess, Abort, StageRollback, PipelineRollback,
                        // ManualIntervention, MarkAsFailure, ProceedWithDefaultValues
    int retryCount = 0;
    QString timeout;                                 // ManualIntervention: how long it waits
    QString onTimeout;                               // ManualIntervention: the action after the timeout
    std::shared_ptr<FailureStrategy> onRetryFailure; // Retry: what happens when retries run out

    bool matches(const QString &errorType) const;
    QString text() const; // "Ignore", "Retry 3x, then Abort", "ManualIntervention (1d, then Abort)"
};

// How a step came to be read as a scan step.
enum class ScanRecognition
{
    StepType,      // one of STO's scanner step types (ScanStepTypes.h)
    UnknownType,   // a type secreview does not know whose spec is a scan's (a target, a threshold)
    TemplateInput, // a template whose inputs are a scan step's
};

// A scan step's settings, from spec (the scanner steps) or spec.settings (the legacy Security step).
struct ScanSettings
{
    QString scanner;  // the step type, or the Security step's product_name
    QString stepType; // the STO step type it is: the type, or the one a legacy product_name means
    ScanRecognition recognition = ScanRecognition::StepType;
    QString evidence; // UnknownType, TemplateInput: what made it a scan step ("spec.target")
    QString mode;     // orchestration, ingestion, extraction
    QString targetType;
    QString targetName;
    QString targetVariant;
    QString workspace;
    QString detection;
    QString failOnSeverity; // as written; empty when not set
    QString ingestionFile;
    bool thresholdWritten = false; // fail_on_severity is there, even with no value ("", ~): not "not set"
};

// A step, step group, stage or pipeline that is a template reference (template.templateRef):
// its content lives in Harness, not in the file, and is not resolvable offline.
struct TemplateLink
{
    QString ref;     // templateRef: "Compile_Application", "org.scan", "account.x"
    QString version; // versionLabel; empty: the template's stable version
    QString kind;    // "step", "step group", "stage", "pipeline"
    // Why it is taken to scan: "its inputs hold a Bandit step", "its name bandit_scan says it
    // scans ('bandit')"; empty when nothing shows it does.
    QString scans;

    bool isSet() const { return !ref.isEmpty(); }
    QString text() const; // "Compile_Application@v0.1"
};

// A variables entry: `- name: X  type: String  value: ...` (pipeline, stage, step group).
struct Variable
{
    QString name;
    QString value; // as written: a literal, <+input>, or an expression
};

struct PipelineNode
{
    enum class Kind
    {
        Step,
        StepGroup,
        Parallel
    };
    Kind kind = Kind::Step;
    QString identifier;
    QString name;
    QString type; // steps only
    QString path; // "Bandit_1", "group1.steps.Bandit_1": as expressions name it under a stage
    QList<FailureStrategy> failureStrategies;
    QString whenStatus; // when.stageStatus: Success (default), Failure, All
    QString whenCondition;
    QString timeout;
    std::optional<ScanSettings> scan;
    TemplateLink templateLink; // a step or step group template: a leaf, not resolvable offline
    QList<Variable> variables; // step groups: <+stepGroup.variables.X>
    // Email steps.
    QString emailTo;
    QString emailCc;
    QString emailSubject;
    QString emailBody;
    QList<PipelineNode> children; // groups and parallel blocks
    int line = 0;                 // 1-based, in the pipeline's YAML
    QString yaml;                 // the node's own text, cut from the file as written

    bool isScan() const { return kind == Kind::Step && scan.has_value(); }
    bool isTemplate() const { return templateLink.isSet(); }
    bool isEmail() const { return kind == Kind::Step && type == QLatin1String("Email"); }
};

struct PipelineStage
{
    QString identifier;
    QString name;
    QString type; // CI, SecurityTests, Custom, Deployment, Approval, ...
    QString description;
    QList<FailureStrategy> failureStrategies;
    QString whenStatus; // when.pipelineStatus: Success (default), Failure, All
    QString whenCondition;
    QList<PipelineNode> steps;
    QList<Variable> variables; // <+stage.variables.X>
    TemplateLink templateLink; // a stage template: no steps of its own here
    int parallelGroup = 0;     // stages of one 'parallel' block share a number; 0: not in one
    int line = 0;
    QString yaml;

    // Every step in order, groups and parallel blocks flattened (the nodes stay owned here).
    QList<const PipelineNode *> allSteps() const;
    // Steps and step groups (not parallel blocks), in order.
    QList<const PipelineNode *> allNodes() const;
};

// A Harness pipeline (v0 YAML) as secreview understands it: what the Pipelines page draws, what
// evaluation walks and what governance rules check. Unknown step and stage types are kept with
// their YAML; nothing about a pipeline is an error unless its shape is not a pipeline at all.
struct PipelineDefinition
{
    QString identifier;
    QString name;
    QString project;
    QString organization;
    QString codebaseRepo;
    QString codebaseBuild; // as written (often <+input>)
    QList<Variable> variables;
    QList<PipelineStage> stages;
    TemplateLink templateLink; // the whole pipeline is a template: no stages here

    // Throws Error(BadInput) with the file, line and column: malformed YAML, YAML that is not a
    // pipeline (saying what was expected), or YAML past BoundedYaml's bounds.
    static PipelineDefinition parse(const QByteArray &yaml, const QString &fileName);

    // The step types that scan (STO's scanner steps and the legacy Security step).
    static bool isScanStepType(const QString &type);
    // Step types that never scan (CI and CD steps): an unknown type is judged by its spec instead.
    static bool isKnownOtherStepType(const QString &type);
    static constexpr int kMaxGroupDepth = 8;
};

} // namespace secreview
