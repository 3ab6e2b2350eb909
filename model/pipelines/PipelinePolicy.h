#pragma once

#include "model/pipelines/PipelineDefinition.h"

#include <QMap>

namespace secreview {

struct PolicyViolation
{
    QString rule;
    QString stage; // identifier; empty for pipeline-wide violations
    QString step;  // identifier; empty for stage-wide ones
    QString message;
};

// Governance rules for pipeline definitions (`pipeline check`), each on or off and parameterised,
// read from and written to a YAML policy file (docs/pipelines.md shows one). The defaults are
// the tutorial's: CI stages need a scan step, and every scan step sets fail_on_severity.
struct PipelinePolicy
{
    struct ScanStepRequired
    {
        bool enabled = true;
        QStringList stageTypes{QStringLiteral("CI")};
    } scanStepRequired;

    struct FailOnSeverityRequired
    {
        bool enabled = true;
        QString atLeast; // critical ... info: the threshold must be this strict or stricter; empty: any
        bool allowNone = false; // fail_on_severity: none (the step never fails) passes only when allowed
    } failOnSeverity;

    struct NoIgnoreOnScanSteps
    {
        bool enabled = false;
        QStringList allowedStages; // stage identifiers where Ignore / MarkAsSuccess are accepted
    } noIgnore;

    struct ScanStepsRun
    {
        bool enabled = true;
        // false: a scan step (with its step groups and stage) may not have a when condition at
        // all; true: only one that is false whatever the values is refused.
        bool allowConditions = true;
    } scanStepsRun;

    struct ScannerForTarget
    {
        bool enabled = false;
        QMap<QString, QStringList> required; // target type -> step types that may scan it
    } scannerForTarget;

    static PipelinePolicy defaults();
    // Throws Error(BadInput) with the file, line and column; unknown rules and keys are errors
    // (a misspelt rule must not silently turn a check off).
    static PipelinePolicy load(const QString &path);
    static PipelinePolicy parse(const QByteArray &yaml, const QString &fileName);
    QByteArray toYaml() const;
    void save(const QString &path) const; // throws Error(BadInput) when it cannot write

    QList<PolicyViolation> check(const PipelineDefinition &pipeline) const;
    // What the enabled rules could not check: the content of templates, which is in Harness.
    // Each note names the template and the rules; a note is not a violation.
    QStringList uncheckable(const PipelineDefinition &pipeline) const;

    // The rule names as the policy file spells them.
    static QStringList ruleNames();
};

} // namespace secreview
