#include "model/pipelines/Expressions.h"

#include "model/pipelines/PipelineEvaluator.h"

#include <QRegularExpression>

namespace secreview {

void Expressions::addOutputs(const QString &stage, const QString &path, const OutputVariables &variables)
{
    m_outputs.insert(stage + QLatin1Char('/') + path, variables);
}

QString Expressions::resolve(const QString &text, const QString &field, QStringList *unresolved) const
{
    static const QRegularExpression expression(QStringLiteral(
        R"(<\+([^<>]+)>((?:\.(?:default|allowedValues|executionInput|regex)\([^()]*\))*))"));
    static const QRegularExpression defaultValue(QStringLiteral(R"(\.default\(([^()]*)\))"));
    QString out;
    qsizetype last = 0;
    auto it = expression.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += text.mid(last, m.capturedStart() - last);
        last = m.capturedEnd();
        const QString name = m.captured(1).trimmed();
        std::optional<QString> value;
        if (name == QLatin1String("input")) {
            value = input(field);
            if (!value) {
                const QRegularExpressionMatch d = defaultValue.match(m.captured(2));
                if (d.hasMatch())
                    value = d.captured(1).trimmed().remove(QLatin1Char('"')).remove(QLatin1Char('\''));
            }
        } else {
            value = lookup(name);
        }
        if (value) {
            out += *value;
        } else {
            out += QStringLiteral("null");
            if (unresolved)
                unresolved->append(m.captured(0));
        }
    }
    out += text.mid(last);
    return out;
}

std::optional<QString> Expressions::input(const QString &field) const
{
    for (auto it = m_in.inputs.constBegin(); it != m_in.inputs.constEnd(); ++it) {
        if (field == it.key() || field.endsWith(QLatin1Char('.') + it.key()))
            return it.value();
    }
    return std::nullopt;
}

std::optional<QString> Expressions::lookup(const QString &name) const
{
    if (name == QLatin1String("pipeline.sequenceId"))
        return m_sequenceId.isEmpty() ? std::nullopt : std::optional<QString>(m_sequenceId);
    if (name == QLatin1String("codebase.branch") || name == QLatin1String("trigger.branch") ||
        name == QLatin1String("trigger.sourceBranch"))
        return m_in.variant;
    if (name == QLatin1String("codebase.repoName"))
        return m_def.codebaseRepo;
    if (name == QLatin1String("pipeline.name"))
        return m_def.name;
    if (name == QLatin1String("pipeline.identifier"))
        return m_def.identifier;
    if (name == QLatin1String("project.identifier"))
        return m_def.project;
    if (name == QLatin1String("org.identifier"))
        return m_def.organization;
    if (name == QLatin1String("stage.name") && m_stage)
        return m_stage->name;
    if (name == QLatin1String("stage.identifier") && m_stage)
        return m_stage->identifier;
    for (const QString &prefix : {QStringLiteral("pipeline.variables."), QStringLiteral("variable.")}) {
        if (name.startsWith(prefix)) {
            const QString key = name.mid(prefix.size());
            for (const auto &[k, v] : m_def.variables) {
                if (k == key)
                    return v;
            }
            return std::nullopt;
        }
    }
    static const QRegularExpression absolute(QStringLiteral(
        R"(^pipeline\.stages\.([^.]+)\.spec\.execution\.steps\.(.+)\.output\.outputVariables\.(\w+)$)"));
    static const QRegularExpression relative(QStringLiteral(
        R"(^(?:stage\.spec\.)?(?:execution\.)?steps\.(.+)\.output\.outputVariables\.(\w+)$)"));
    QString stage, path, variable;
    if (const auto m = absolute.match(name); m.hasMatch()) {
        stage = m.captured(1);
        path = m.captured(2);
        variable = m.captured(3);
    } else if (const auto r = relative.match(name); r.hasMatch() && m_stage) {
        stage = m_stage->identifier;
        path = r.captured(1);
        variable = r.captured(2);
    } else {
        return std::nullopt;
    }
    const auto found = m_outputs.constFind(stage + QLatin1Char('/') + path);
    if (found == m_outputs.constEnd())
        return std::nullopt;
    for (const auto &[n, v] : found->named()) {
        if (n == variable)
            return QString::number(v);
    }
    return std::nullopt;
}

} // namespace secreview
