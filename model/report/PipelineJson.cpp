#include "model/report/PipelineJson.h"

#include "model/report/IssueJson.h"
#include "model/report/JsonValues.h"

namespace secreview::json {
namespace {

QJsonArray strategies(const QList<FailureStrategy> &list)
{
    QJsonArray out;
    for (const FailureStrategy &f : list) {
        out.append(QJsonObject{{QStringLiteral("errors"), QJsonArray::fromStringList(f.errors)},
                               {QStringLiteral("action"), f.action},
                               {QStringLiteral("text"), f.text()}});
    }
    return out;
}

QJsonValue templateLink(const TemplateLink &t)
{
    if (!t.isSet())
        return QJsonValue(QJsonValue::Null);
    return QJsonObject{{QStringLiteral("ref"), t.ref},
                       {QStringLiteral("version"), t.version},
                       {QStringLiteral("kind"), t.kind}};
}

QJsonArray variables(const QList<Variable> &list)
{
    QJsonArray out;
    for (const Variable &v : list)
        out.append(QJsonObject{{QStringLiteral("name"), v.name}, {QStringLiteral("value"), v.value}});
    return out;
}

QString recognitionKey(ScanRecognition r)
{
    switch (r) {
    case ScanRecognition::StepType:
        return QStringLiteral("step type");
    case ScanRecognition::UnknownType:
        return QStringLiteral("unknown type, by its spec");
    case ScanRecognition::TemplateInput:
        break;
    }
    return QStringLiteral("template inputs");
}

QString nodeKind(PipelineNode::Kind kind)
{
    switch (kind) {
    case PipelineNode::Kind::Step:
        return QStringLiteral("step");
    case PipelineNode::Kind::StepGroup:
        return QStringLiteral("stepGroup");
    case PipelineNode::Kind::Parallel:
        break;
    }
    return QStringLiteral("parallel");
}

QJsonArray nodes(const QList<PipelineNode> &list)
{
    QJsonArray out;
    for (const PipelineNode &n : list) {
        QJsonObject o{{QStringLiteral("kind"), nodeKind(n.kind)},
                      {QStringLiteral("identifier"), n.identifier},
                      {QStringLiteral("name"), n.name},
                      {QStringLiteral("line"), n.line}};
        if (n.kind == PipelineNode::Kind::Step)
            o.insert(QStringLiteral("type"), n.type);
        if (!n.failureStrategies.isEmpty())
            o.insert(QStringLiteral("failureStrategies"), strategies(n.failureStrategies));
        if (n.isTemplate())
            o.insert(QStringLiteral("template"), templateLink(n.templateLink));
        if (!n.variables.isEmpty())
            o.insert(QStringLiteral("variables"), variables(n.variables));
        if (n.scan) {
            o.insert(QStringLiteral("scan"),
                     QJsonObject{{QStringLiteral("scanner"), n.scan->scanner},
                                 {QStringLiteral("stepType"), n.scan->stepType},
                                 {QStringLiteral("recognizedBy"), recognitionKey(n.scan->recognition)},
                                 {QStringLiteral("evidence"), n.scan->evidence},
                                 {QStringLiteral("mode"), n.scan->mode},
                                 {QStringLiteral("targetType"), n.scan->targetType},
                                 {QStringLiteral("targetName"), n.scan->targetName},
                                 {QStringLiteral("variant"), n.scan->targetVariant},
                                 {QStringLiteral("failOnSeverity"), n.scan->failOnSeverity},
                                 {QStringLiteral("ingestionFile"), n.scan->ingestionFile}});
        }
        if (!n.children.isEmpty())
            o.insert(QStringLiteral("steps"), nodes(n.children));
        out.append(o);
    }
    return out;
}

QJsonObject step(const StepEvaluation &s)
{
    QJsonObject o{{QStringLiteral("stage"), s.stage},
                  {QStringLiteral("step"), s.step},
                  {QStringLiteral("path"), s.path},
                  {QStringLiteral("name"), s.name},
                  {QStringLiteral("type"), s.type},
                  {QStringLiteral("template"), s.templateRef.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                                       : QJsonValue(s.templateRef)},
                  {QStringLiteral("scanStep"), s.scanStep},
                  {QStringLiteral("target"), s.target},
                  {QStringLiteral("variant"), s.variant},
                  {QStringLiteral("failOnSeverity"), s.failOnSeverity},
                  {QStringLiteral("status"), stepStatusKey(s.status)},
                  {QStringLiteral("message"), s.message},
                  {QStringLiteral("thresholdReached"), s.thresholdReached},
                  {QStringLiteral("strategy"), s.strategy},
                  {QStringLiteral("outputVariables"),
                   s.variables ? QJsonValue(outputVariables(*s.variables)) : QJsonValue(QJsonValue::Null)}};
    if (s.scanId) {
        o.insert(QStringLiteral("scan"), s.scanId);
        QJsonArray scans;
        for (qint64 id : s.scanIds)
            scans.append(id);
        o.insert(QStringLiteral("scans"), scans);
        o.insert(QStringLiteral("judged"), s.judged);
    }
    if (s.status == StepStatus::Waiting) {
        o.insert(QStringLiteral("timeout"), s.waitTimeout);
        o.insert(QStringLiteral("onTimeout"), s.onTimeout);
    }
    return o;
}

} // namespace

QJsonObject pipeline(const PipelineInfo &p)
{
    return {
        {QStringLiteral("id"), p.identifier},        {QStringLiteral("name"), p.name},
        {QStringLiteral("project"), p.project},      {QStringLiteral("organization"), p.organization},
        {QStringLiteral("version"), p.version},      {QStringLiteral("importedAt"), isoTime(p.importedAt)},
        {QStringLiteral("importedBy"), p.importedBy}};
}

QJsonArray pipelineStages(const PipelineDefinition &d)
{
    QJsonArray out;
    for (const PipelineStage &s : d.stages) {
        out.append(QJsonObject{{QStringLiteral("identifier"), s.identifier},
                               {QStringLiteral("name"), s.name},
                               {QStringLiteral("type"), s.type},
                               {QStringLiteral("line"), s.line},
                               {QStringLiteral("template"), templateLink(s.templateLink)},
                               {QStringLiteral("variables"), variables(s.variables)},
                               {QStringLiteral("failureStrategies"), strategies(s.failureStrategies)},
                               {QStringLiteral("steps"), nodes(s.steps)}});
    }
    return out;
}

QJsonObject policyViolation(const PolicyViolation &v)
{
    return {{QStringLiteral("rule"), v.rule},
            {QStringLiteral("stage"), v.stage},
            {QStringLiteral("step"), v.step},
            {QStringLiteral("message"), v.message}};
}

QJsonObject evaluation(const PipelineEvaluation &e)
{
    QJsonArray stages;
    for (const StageEvaluation &st : e.stages) {
        stages.append(QJsonObject{{QStringLiteral("stage"), st.identifier},
                                  {QStringLiteral("name"), st.name},
                                  {QStringLiteral("type"), st.type},
                                  {QStringLiteral("template"), st.templateRef.isEmpty()
                                                                   ? QJsonValue(QJsonValue::Null)
                                                                   : QJsonValue(st.templateRef)},
                                  {QStringLiteral("status"), stepStatusKey(st.status)},
                                  {QStringLiteral("message"), st.message}});
    }
    QJsonArray steps;
    for (const StepEvaluation &s : e.steps)
        steps.append(step(s));
    QJsonArray emails;
    for (const EmailPreview &m : e.emails) {
        emails.append(QJsonObject{{QStringLiteral("stage"), m.stage},
                                  {QStringLiteral("step"), m.step},
                                  {QStringLiteral("to"), m.to},
                                  {QStringLiteral("cc"), m.cc},
                                  {QStringLiteral("subject"), m.subject},
                                  {QStringLiteral("body"), m.body},
                                  {QStringLiteral("sent"), m.sent},
                                  {QStringLiteral("unresolved"), QJsonArray::fromStringList(m.unresolved)}});
    }
    return {{QStringLiteral("pipeline"), e.pipeline},
            {QStringLiteral("project"), e.project},
            {QStringLiteral("version"), e.version},
            {QStringLiteral("versionNote"), e.versionNote},
            {QStringLiteral("variant"), e.variant},
            {QStringLiteral("sequenceId"), e.sequenceId},
            {QStringLiteral("status"), stepStatusKey(e.status)},
            {QStringLiteral("message"), e.message},
            {QStringLiteral("stages"), stages},
            {QStringLiteral("steps"), steps},
            {QStringLiteral("emails"), emails}};
}

} // namespace secreview::json
