#pragma once

#include "model/pipelines/PipelineDefinition.h"
#include "model/scans/IssueQuery.h"

#include <QHash>
#include <optional>

namespace secreview {

struct EvaluationInput;

// The values Harness <+...> expressions have at one point of an offline evaluation: the inputs
// given with --set, the variant (<+codebase.branch>), the execution (<+pipeline.sequenceId>),
// the pipeline's identity and variables, the current stage, and the output variables of the
// scan steps evaluated so far. What an evaluation cannot know renders as Harness renders an
// expression without a value: null.
class Expressions
{
public:
    Expressions(const PipelineDefinition &definition, const EvaluationInput &input)
        : m_def(definition), m_in(input)
    {
    }

    void setSequenceId(const QString &sequenceId) { m_sequenceId = sequenceId; }
    void setStage(const PipelineStage *stage) { m_stage = stage; }
    // A scan step's output variables, for the steps after it (path under its stage).
    void addOutputs(const QString &stage, const QString &path, const OutputVariables &variables);

    // text with every <+...> replaced by its value; field is the YAML path of the text (a
    // runtime input <+input> takes the --set value named by the path's end). Expressions without
    // a value become "null" and are listed in unresolved.
    QString resolve(const QString &text, const QString &field, QStringList *unresolved = nullptr) const;
    std::optional<QString> input(const QString &field) const; // the --set value for a field
    std::optional<QString> lookup(const QString &name) const;  // "pipeline.sequenceId", ...

private:
    const PipelineDefinition &m_def;
    const EvaluationInput &m_in;
    QString m_sequenceId;
    const PipelineStage *m_stage = nullptr;
    QHash<QString, OutputVariables> m_outputs; // "stage/path" -> the step's output variables
};

} // namespace secreview
