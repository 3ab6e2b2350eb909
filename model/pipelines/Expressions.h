#pragma once

#include "model/pipelines/PipelineDefinition.h"
#include "model/scans/IssueQuery.h"

#include <QHash>
#include <optional>

namespace secreview {

struct EvaluationInput;

// The values Harness <+...> expressions have at one point of an offline evaluation: the inputs
// given with --set, the variant (<+codebase.branch>), the execution (<+pipeline.sequenceId>),
// the pipeline's identity, the pipeline's, the stage's and the step groups' variables, and the
// output variables of the scan steps evaluated so far. What an evaluation cannot know renders as
// Harness renders an expression without a value: null; explain() says why and what gives it one.
class Expressions
{
public:
    Expressions(const PipelineDefinition &definition, const EvaluationInput &input)
        : m_def(definition), m_in(input)
    {
    }

    void setSequenceId(const QString &sequenceId) { m_sequenceId = sequenceId; }
    void setStage(const PipelineStage *stage) { m_stage = stage; }
    // The step groups around the steps evaluated now, outermost first.
    void setGroups(const QList<const PipelineNode *> &groups) { m_groups = groups; }
    // A scan step's output variables, for the steps after it (path under its stage).
    void addOutputs(const QString &stage, const QString &path, const OutputVariables &variables);

    // text with every <+...> replaced by its value; field is the YAML path of the text (a
    // runtime input <+input> takes the --set value named by the path's end, else its
    // .default(...), else inputFallback when given). Expressions without a value become "null"
    // and are listed in unresolved, as written.
    QString resolve(const QString &text, const QString &field, QStringList *unresolved = nullptr,
                    const std::optional<QString> &inputFallback = std::nullopt) const;
    // The same with every value HTML-escaped (the text itself kept): an HTML e-mail body whose
    // values (a branch's name, a target's) stay text.
    QString resolveHtml(const QString &text, const QString &field) const;
    // An e-mail address list (an Email step's to or cc): the text split at its commas and
    // semicolons first, then each part resolved, so that a value (a branch's name) can name at
    // most the one address it stands in. A part that is then not one address (addr-spec) goes to
    // refused, as resolved.
    QStringList resolveAddresses(const QString &text, const QString &field, QStringList *refused) const;
    static bool isAddress(const QString &text);
    // For each expression of text that has no value: which one, why, and the option that gives it
    // one ("<+stage.variables.REPO> is a runtime input of stage 'scan': give it with --set REPO=VALUE").
    QStringList explain(const QString &text, const QString &field) const;
    std::optional<QString> input(const QString &field) const; // the --set value for a field
    std::optional<QString> lookup(const QString &name) const; // "pipeline.sequenceId", ...

private:
    // A variables entry's value: a literal, else what its runtime input or its expressions
    // resolve to; field is the variable's own path (for --set).
    struct Declared
    {
        const Variable *variable = nullptr;
        QString field; // "pipeline.stages.s.variables.X"
        QString owner; // "stage 's'", "the pipeline", "step group 'g'"
    };
    std::optional<Declared> declared(const QString &name) const;
    std::optional<QString> value(const QString &name, int depth) const;
    QString resolveAt(const QString &text, const QString &field, QStringList *unresolved,
                      const std::optional<QString> &inputFallback, int depth, bool html = false) const;
    QString why(const QString &name, const QString &field, int depth) const;

    // Expressions resolved per call of resolve(), explain() or lookup(): variables that refer to
    // variables many times over would otherwise expand exponentially (a few KB of YAML, gigabytes).
    static constexpr qint64 kMaxExpansions = 100000;
    static constexpr qsizetype kMaxLength = 1 << 20; // characters of one resolved text
    void startBudget() const { m_budget = kMaxExpansions; }
    bool spend() const { return --m_budget >= 0; }

    const PipelineDefinition &m_def;
    const EvaluationInput &m_in;
    mutable qint64 m_budget = kMaxExpansions;
    QString m_sequenceId;
    const PipelineStage *m_stage = nullptr;
    QList<const PipelineNode *> m_groups;
    QHash<QString, OutputVariables> m_outputs; // "stage/path" -> the step's output variables
};

} // namespace secreview
