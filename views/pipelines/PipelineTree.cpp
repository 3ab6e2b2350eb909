#include "views/pipelines/PipelineTree.h"
#include "views/common/Theme.h"

#include "views/common/PaintedIcon.h"
#include "views/common/PlainText.h"
#include "views/common/SeverityStyle.h"

#include <QHeaderView>
#include <QPainter>
#include <QStyle>

namespace secreview::views {
namespace {

constexpr int kKeyRole = Qt::UserRole + 1;  // "stage" or "stage/path"
constexpr int kYamlRole = Qt::UserRole + 2; // the node's YAML as written

// A small badge per step kind: scanners blue with their initials, email green, build and run
// steps grey, groups and parallel blocks in their own colours. Drawn, so every type has one.
QIcon badge(const QString &text, const QColor &colour)
{
    static QHash<QString, QIcon> cache;
    const QString key = text + colour.name();
    if (const auto it = cache.constFind(key); it != cache.constEnd())
        return *it;
    const QIcon icon = paintedIcon(40, [text, colour](QPainter &p) {
        p.setBrush(colour);
        p.setPen(Qt::NoPen);
        p.drawRoundedRect(QRectF(2, 2, 36, 36), 8, 8);
        QFont f = p.font();
        f.setBold(true);
        f.setPixelSize(text.size() > 1 ? 17 : 21);
        p.setFont(f);
        p.setPen(Qt::white);
        p.drawText(QRectF(2, 2, 36, 36), Qt::AlignCenter, text);
    });
    cache.insert(key, icon);
    return icon;
}

QIcon iconFor(const PipelineNode &n)
{
    if (n.kind == PipelineNode::Kind::StepGroup)
        return badge(QStringLiteral("G"), QColor(0x6a, 0x4c, 0x93));
    if (n.kind == PipelineNode::Kind::Parallel)
        return badge(QStringLiteral("∥"), QColor(0xc1, 0x6a, 0x00));
    if (n.isTemplate() && !n.isScan())
        return badge(QStringLiteral("T"), QColor(0x8d, 0x6e, 0x63));
    if (n.isScan()) {
        QString letters = n.scan->scanner.left(2);
        if (n.type.compare(QLatin1String("AquaTrivy"), Qt::CaseInsensitive) == 0)
            letters = QStringLiteral("Tr");
        return badge(letters.isEmpty() ? QStringLiteral("S") : letters, QColor(0x15, 0x65, 0xc0));
    }
    if (n.isEmail())
        return badge(QStringLiteral("@"), QColor(0x2e, 0x7d, 0x32));
    if (n.type.contains(QLatin1String("Build"), Qt::CaseInsensitive))
        return badge(QStringLiteral("⬆"), QColor(0x54, 0x6e, 0x7a));
    if (n.type == QLatin1String("Background"))
        return badge(QStringLiteral("Bg"), QColor(0x78, 0x90, 0x9c));
    return badge(n.type.left(1).toUpper(), QColor(0x78, 0x90, 0x9c));
}

// The worst status among a group's children, in the order a reviewer cares about.
std::optional<StepStatus> worst(const QList<StepStatus> &statuses)
{
    for (StepStatus s : {StepStatus::Fail, StepStatus::Waiting, StepStatus::NoScan, StepStatus::Unresolved,
                         StepStatus::Ignored, StepStatus::Pass, StepStatus::Skipped}) {
        if (statuses.contains(s))
            return s;
    }
    return std::nullopt;
}

} // namespace

PipelineTree::PipelineTree(QWidget *parent) : QTreeWidget(parent)
{
    setColumnCount(ColumnCount);
    setHeaderLabels(
        {tr("Stage / step"), tr("Type"), tr("Target"), tr("Threshold"), tr("On failure"), tr("Result")});
    setIconSize(QSize(18, 18));
    setAlternatingRowColors(true);
    setUniformRowHeights(true);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(TargetColumn, QHeaderView::Stretch);
    setColumnWidth(StepColumn, 270);
    setColumnWidth(TypeColumn, 170);
    setColumnWidth(ThresholdColumn, 85);
    setColumnWidth(StrategyColumn, 100);
    setColumnWidth(ResultColumn, 95);
}

QString PipelineTree::statusText(StepStatus status)
{
    switch (status) {
    case StepStatus::Pass:
        return tr("✔ pass");
    case StepStatus::Fail:
        return tr("✘ fail");
    case StepStatus::Ignored:
        return tr("⚠ ignored");
    case StepStatus::Skipped:
        return tr("– skipped");
    case StepStatus::NoScan:
        return tr("? no scan");
    case StepStatus::Unresolved:
        return tr("◇ unresolved");
    case StepStatus::Waiting:
        break;
    }
    return tr("… waiting");
}

QColor PipelineTree::statusColour(StepStatus status)
{
    switch (status) {
    case StepStatus::Pass:
        return readable(QColor(0x2e, 0x7d, 0x32));
    case StepStatus::Fail:
        return readable(QColor(0xb0, 0x1e, 0x2d));
    case StepStatus::Ignored:
        return readable(QColor(0xa1, 0x5c, 0x00));
    case StepStatus::Waiting:
        return readable(QColor(0x15, 0x65, 0xc0));
    case StepStatus::Skipped:
    case StepStatus::NoScan:
    case StepStatus::Unresolved:
        break;
    }
    return readable(QColor(0x75, 0x75, 0x75));
}

QString PipelineTree::keyOf(const QTreeWidgetItem *item)
{
    return item ? item->data(StepColumn, kKeyRole).toString() : QString();
}

QString PipelineTree::yamlOf(const QTreeWidgetItem *item)
{
    return item ? item->data(StepColumn, kYamlRole).toString() : QString();
}

void PipelineTree::showDefinition(const PipelineDefinition &definition)
{
    clear();
    for (const PipelineStage &stage : definition.stages) {
        auto *item = new QTreeWidgetItem(this);
        item->setText(StepColumn, stage.name == stage.identifier
                                      ? stage.name
                                      : QStringLiteral("%1 (%2)").arg(stage.name, stage.identifier));
        item->setText(TypeColumn, tr("%1 stage").arg(stage.type.isEmpty() ? tr("untyped") : stage.type));
        if (stage.templateLink.isSet())
            item->setText(TypeColumn, tr("stage template %1").arg(stage.templateLink.text()));
        item->setIcon(StepColumn, badge(QStringLiteral("S"), QColor(0x37, 0x47, 0x4f)));
        if (!stage.failureStrategies.isEmpty())
            item->setText(StrategyColumn, stage.failureStrategies.first().text());
        if (stage.parallelGroup)
            item->setText(TypeColumn, tr("%1 stage, parallel").arg(stage.type));
        QFont f = item->font(StepColumn);
        f.setBold(true);
        item->setFont(StepColumn, f);
        item->setData(StepColumn, kKeyRole, stage.identifier);
        item->setData(StepColumn, kYamlRole, stage.yaml);
        addNodes(item, stage, stage.steps);
    }
    expandAll();
    // Start on the first scan step: its YAML is what a reviewer looks at first.
    QTreeWidgetItem *first = nullptr;
    for (const PipelineStage &stage : definition.stages) {
        for (const PipelineNode *n : stage.allSteps()) {
            if (!first && n->isScan())
                first = itemFor(stage.identifier, n->path);
        }
    }
    if (!first && topLevelItemCount() > 0)
        first = topLevelItem(0);
    setCurrentItem(first);
}

void PipelineTree::addNodes(QTreeWidgetItem *parent, const PipelineStage &stage,
                            const QList<PipelineNode> &nodes)
{
    for (const PipelineNode &n : nodes) {
        auto *item = new QTreeWidgetItem(parent);
        item->setIcon(StepColumn, iconFor(n));
        item->setData(StepColumn, kYamlRole, n.yaml);
        if (n.kind == PipelineNode::Kind::Parallel) {
            item->setText(StepColumn, tr("parallel"));
            item->setText(TypeColumn, tr("%n steps at once", nullptr, int(n.children.size())));
        } else {
            item->setText(StepColumn, n.name == n.identifier
                                          ? n.name
                                          : QStringLiteral("%1 (%2)").arg(n.name, n.identifier));
            item->setText(TypeColumn, n.kind == PipelineNode::Kind::StepGroup ? tr("step group") : n.type);
            if (n.isTemplate())
                item->setText(TypeColumn, tr("%1 template %2").arg(n.templateLink.kind, n.templateLink.text()));
            item->setData(StepColumn, kKeyRole, QString(stage.identifier + QLatin1Char('/') + n.path));
        }
        if (n.scan) {
            const QString target = n.scan->targetName.trimmed();
            item->setText(TargetColumn,
                          QStringLiteral("%1%2").arg(target.isEmpty() ? tr("(from the scan)") : target,
                                                     n.scan->targetType.isEmpty()
                                                         ? QString()
                                                         : QStringLiteral(" [%1]").arg(n.scan->targetType)));
            item->setText(ThresholdColumn,
                          n.scan->failOnSeverity.isEmpty() ? tr("not set") : n.scan->failOnSeverity);
            if (const auto level = severityFromKey(n.scan->failOnSeverity.trimmed()))
                item->setIcon(ThresholdColumn, SeverityStyle::dot(*level));
            item->setToolTip(TypeColumn,
                             plainToolTip(tr("scanner %1, mode %2")
                                              .arg(n.scan->scanner,
                                                   n.scan->mode.isEmpty() ? tr("not set") : n.scan->mode)));
        }
        if (!n.failureStrategies.isEmpty())
            item->setText(StrategyColumn, n.failureStrategies.first().text());
        addNodes(item, stage, n.children);
    }
}

QTreeWidgetItem *PipelineTree::itemFor(const QString &stage, const QString &path) const
{
    const QString key = path.isEmpty() ? stage : stage + QLatin1Char('/') + path;
    QList<QTreeWidgetItem *> pending;
    for (int i = 0; i < topLevelItemCount(); ++i)
        pending.append(topLevelItem(i));
    while (!pending.isEmpty()) {
        QTreeWidgetItem *item = pending.takeFirst();
        if (keyOf(item) == key)
            return item;
        for (int i = 0; i < item->childCount(); ++i)
            pending.append(item->child(i));
    }
    return nullptr;
}

void PipelineTree::setResult(QTreeWidgetItem *item, StepStatus status)
{
    item->setText(ResultColumn, statusText(status));
    item->setForeground(ResultColumn, statusColour(status));
}

void PipelineTree::showEvaluation(const PipelineEvaluation &e)
{
    QHash<const QTreeWidgetItem *, QList<StepStatus>> byGroup; // a group's (or stage's) steps' statuses
    for (const StepEvaluation &s : e.steps) {
        QTreeWidgetItem *item = itemFor(s.stage, s.path);
        if (!item)
            continue;
        setResult(item, s.status);
        item->setToolTip(ResultColumn, plainToolTip(s.message));
        if (s.scanStep && !s.target.isEmpty())
            item->setText(TargetColumn, QStringLiteral("%1 @ %2").arg(s.target, s.variant));
        for (QTreeWidgetItem *p = item->parent(); p; p = p->parent())
            byGroup[p].append(s.status);
    }
    for (const StageEvaluation &st : e.stages) {
        if (QTreeWidgetItem *item = itemFor(st.identifier)) {
            setResult(item, st.status);
            item->setToolTip(ResultColumn, plainToolTip(st.message));
        }
    }
    // Groups and parallel blocks show the worst of what they hold.
    QList<QTreeWidgetItem *> pending;
    for (int i = 0; i < topLevelItemCount(); ++i)
        pending.append(topLevelItem(i));
    while (!pending.isEmpty()) {
        QTreeWidgetItem *item = pending.takeFirst();
        for (int i = 0; i < item->childCount(); ++i) {
            QTreeWidgetItem *child = item->child(i);
            pending.append(child);
            if (child->childCount() == 0)
                continue;
            if (const std::optional<StepStatus> status = worst(byGroup.value(child))) {
                setResult(child, *status);
            } else {
                child->setText(ResultColumn, QString());
                child->setForeground(ResultColumn, statusColour(StepStatus::Skipped));
            }
        }
    }
}

void PipelineTree::markViolations(const PipelineDefinition &definition,
                                  const QList<PolicyViolation> &violations)
{
    for (const PolicyViolation &v : violations) {
        QTreeWidgetItem *item = nullptr;
        if (!v.step.isEmpty()) {
            for (const PipelineStage &s : definition.stages) {
                for (const PipelineNode *n : s.allSteps()) {
                    if (s.identifier == v.stage && n->identifier == v.step)
                        item = itemFor(s.identifier, n->path);
                }
            }
        } else {
            item = itemFor(v.stage);
        }
        if (item) {
            item->setIcon(TypeColumn, style()->standardIcon(QStyle::SP_MessageBoxWarning));
            item->setToolTip(StepColumn, plainToolTip(v.message));
        }
    }
}

} // namespace secreview::views
