#pragma once

#include "model/pipelines/PipelineDefinition.h"
#include "model/pipelines/PipelineEvaluator.h"
#include "model/pipelines/PipelinePolicy.h"

#include <QTreeWidget>

namespace secreview::views {

// A pipeline's stages and steps as a tree: icons by step type, groups and parallel blocks as
// branches, each scan step with its scanner, target, threshold and failure strategy; after an
// evaluation each row's result (groups show the worst of what they hold), and the steps that
// break a policy rule marked.
class PipelineTree : public QTreeWidget
{
    Q_OBJECT
public:
    enum Column
    {
        StepColumn,
        TypeColumn,
        TargetColumn,
        ThresholdColumn,
        StrategyColumn,
        ResultColumn,
        ColumnCount
    };

    explicit PipelineTree(QWidget *parent = nullptr);

    // Shows the definition's stages and steps and selects the first scan step.
    void showDefinition(const PipelineDefinition &definition);
    void showEvaluation(const PipelineEvaluation &evaluation);
    void markViolations(const PipelineDefinition &definition, const QList<PolicyViolation> &violations);

    // The item of a stage ("stage") or a step ("stage/path"), or null.
    QTreeWidgetItem *itemFor(const QString &stage, const QString &path = {}) const;
    static QString keyOf(const QTreeWidgetItem *item);  // "stage" or "stage/path"
    static QString yamlOf(const QTreeWidgetItem *item); // the node's YAML as written

    // The result column's text and colour for a status, with its symbol.
    static QString statusText(StepStatus status);
    static QColor statusColour(StepStatus status);

private:
    void addNodes(QTreeWidgetItem *parent, const PipelineStage &stage, const QList<PipelineNode> &nodes);
    void setResult(QTreeWidgetItem *item, StepStatus status);
};

} // namespace secreview::views
