#include "model/pipelines/Expressions.h"

#include "model/pipelines/PipelineEvaluator.h"

#include <QRegularExpression>

namespace secreview {
namespace {

constexpr int kMaxDepth = 8; // variables that refer to variables, at most this deep

const QRegularExpression &expressionPattern()
{
    static const QRegularExpression expression(
        QStringLiteral(R"(<\+([^<>]+)>((?:\.(?:default|allowedValues|executionInput|regex)\([^()]*\))*))"));
    return expression;
}

std::optional<QString> defaultOf(const QString &modifiers)
{
    static const QRegularExpression defaultValue(QStringLiteral(R"(\.default\(([^()]*)\))"));
    const QRegularExpressionMatch d = defaultValue.match(modifiers);
    if (!d.hasMatch())
        return std::nullopt;
    return d.captured(1).trimmed().remove(QLatin1Char('"')).remove(QLatin1Char('\''));
}

const Variable *findVariable(const QList<Variable> &variables, const QString &name)
{
    for (const Variable &v : variables) {
        if (v.name == name)
            return &v;
    }
    return nullptr;
}

} // namespace

void Expressions::addOutputs(const QString &stage, const QString &path, const OutputVariables &variables)
{
    m_outputs.insert(stage + QLatin1Char('/') + path, variables);
}

QString Expressions::resolve(const QString &text, const QString &field, QStringList *unresolved,
                             const std::optional<QString> &inputFallback) const
{
    startBudget();
    return resolveAt(text, field, unresolved, inputFallback, 0);
}

QStringList Expressions::resolveAddresses(const QString &text, const QString &field, QStringList *refused) const
{
    static const QRegularExpression separators(QStringLiteral("[,;]"));
    QStringList out;
    for (const QString &part : text.split(separators, Qt::SkipEmptyParts)) {
        const QString address = resolve(part, field).trimmed();
        if (address.isEmpty())
            continue;
        if (isAddress(address))
            out.append(address);
        else if (refused)
            refused->append(address);
    }
    return out;
}

bool Expressions::isAddress(const QString &text)
{
    // The HTML standard's "valid e-mail address": one addr-spec, no display name, no spaces.
    static const QRegularExpression addrSpec(QStringLiteral(
        "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
        "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"));
    return text.size() <= 254 && addrSpec.match(text).hasMatch();
}

QString Expressions::resolveHtml(const QString &text, const QString &field) const
{
    startBudget();
    return resolveAt(text, field, nullptr, std::nullopt, 0, true);
}

QString Expressions::resolveAt(const QString &text, const QString &field, QStringList *unresolved,
                               const std::optional<QString> &inputFallback, int depth, bool html) const
{
    QString out;
    qsizetype last = 0;
    auto it = expressionPattern().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += text.mid(last, m.capturedStart() - last);
        last = m.capturedEnd();
        const QString name = m.captured(1).trimmed();
        std::optional<QString> v;
        if (!spend() || out.size() > kMaxLength) {
            v = std::nullopt; // past the budget: no value, and explain() says why
        } else if (name == QLatin1String("input")) {
            v = input(field);
            if (!v)
                v = defaultOf(m.captured(2));
            if (!v)
                v = inputFallback;
        } else {
            v = value(name, depth);
        }
        if (v) {
            out += html ? v->toHtmlEscaped() : *v;
        } else {
            out += QStringLiteral("null");
            if (unresolved)
                unresolved->append(m.captured(0));
        }
    }
    out += text.mid(last);
    return out;
}

QStringList Expressions::explain(const QString &text, const QString &field) const
{
    startBudget();
    QStringList out;
    auto it = expressionPattern().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const QString name = m.captured(1).trimmed();
        const bool known = name == QLatin1String("input") ? (input(field) || defaultOf(m.captured(2)))
                                                          : value(name, 0).has_value();
        if (!known)
            out.append(QStringLiteral("%1 %2").arg(m.captured(0), m_budget < 0 ? QStringLiteral("expands past %1 "
                                                                                                "expressions (variables "
                                                                                                "that refer to variables "
                                                                                                "many times over)")
                                                                                     .arg(kMaxExpansions)
                                                                               : why(name, field, 0)));
    }
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

std::optional<Expressions::Declared> Expressions::declared(const QString &name) const
{
    static const QRegularExpression stageVariable(
        QStringLiteral(R"(^pipeline\.stages\.([^.]+)\.variables\.(.+)$)"));
    for (const QString &prefix : {QStringLiteral("pipeline.variables."), QStringLiteral("variable.")}) {
        if (name.startsWith(prefix)) {
            const QString key = name.mid(prefix.size());
            return Declared{findVariable(m_def.variables, key), QStringLiteral("pipeline.variables.") + key,
                            QStringLiteral("the pipeline")};
        }
    }
    const PipelineStage *stage = nullptr;
    QString key;
    if (name.startsWith(QLatin1String("stage.variables."))) {
        stage = m_stage;
        key = name.mid(16);
    } else if (const auto m = stageVariable.match(name); m.hasMatch()) {
        for (const PipelineStage &s : m_def.stages) {
            if (s.identifier == m.captured(1))
                stage = &s;
        }
        key = m.captured(2);
        if (!stage)
            return Declared{nullptr, name, QStringLiteral("no stage '%1' that").arg(m.captured(1))};
    }
    if (stage)
        return Declared{findVariable(stage->variables, key),
                        QStringLiteral("pipeline.stages.%1.variables.%2").arg(stage->identifier, key),
                        QStringLiteral("stage '%1'").arg(stage->identifier)};
    if (name.startsWith(QLatin1String("stepGroup.variables."))) {
        key = name.mid(20);
        for (qsizetype i = m_groups.size() - 1; i >= 0; --i) {
            if (const Variable *v = findVariable(m_groups[i]->variables, key))
                return Declared{v,
                                QStringLiteral("pipeline.stages.%1.spec.execution.steps.%2.variables.%3")
                                    .arg(m_stage ? m_stage->identifier : QString(), m_groups[i]->path, key),
                                QStringLiteral("step group '%1'").arg(m_groups[i]->identifier)};
        }
        return Declared{nullptr, name,
                        m_groups.isEmpty()
                            ? QStringLiteral("no step group around this step, so none")
                            : QStringLiteral("step group '%1'").arg(m_groups.last()->identifier)};
    }
    return std::nullopt;
}

std::optional<QString> Expressions::value(const QString &name, int depth) const
{
    if (depth > kMaxDepth)
        return std::nullopt;
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
    if (const std::optional<Declared> d = declared(name)) {
        // A literal value is the value; a runtime input takes --set NAME=VALUE (or the full
        // path); so does a variable the file does not declare.
        if (!d->variable)
            return input(d->field);
        QStringList inner;
        const QString v = resolveAt(d->variable->value, d->field, &inner, std::nullopt, depth + 1);
        return inner.isEmpty() ? std::optional<QString>(v) : std::nullopt;
    }
    static const QRegularExpression absolute(QStringLiteral(
        R"(^pipeline\.stages\.([^.]+)\.spec\.execution\.steps\.(.+)\.output\.outputVariables\.(\w+)$)"));
    static const QRegularExpression relative(
        QStringLiteral(R"(^(?:stage\.spec\.)?(?:execution\.)?steps\.(.+)\.output\.outputVariables\.(\w+)$)"));
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

std::optional<QString> Expressions::lookup(const QString &name) const
{
    startBudget();
    return value(name, 0);
}

QString Expressions::why(const QString &name, const QString &field, int depth) const
{
    if (name == QLatin1String("input")) {
        const QString key = field.section(QLatin1Char('.'), -1);
        return QStringLiteral("is a runtime input: give it with --set %1=VALUE (or --set %2=VALUE)")
            .arg(key, field);
    }
    if (name == QLatin1String("pipeline.sequenceId"))
        return QStringLiteral(
                   "needs the execution: give --execution N (no execution of pipeline %1 was imported "
                   "with a scan of variant %2)")
            .arg(m_def.identifier, m_in.variant);
    if (const std::optional<Declared> d = declared(name)) {
        const QString key = d->field.section(QLatin1Char('.'), -1);
        if (!d->variable)
            return QStringLiteral("is not declared: %1 declares no variable %2; give it with --set %2=VALUE")
                .arg(d->owner, key);
        if (depth >= kMaxDepth)
            return QStringLiteral("refers to variables more than %1 deep").arg(kMaxDepth);
        auto it = expressionPattern().globalMatch(d->variable->value);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            const QString inner = m.captured(1).trimmed();
            if (inner == QLatin1String("input")) {
                if (!input(d->field) && !defaultOf(m.captured(2)))
                    return QStringLiteral("is a runtime input of %1: give it with --set %2=VALUE")
                        .arg(d->owner, key);
            } else if (!value(inner, depth + 1)) {
                return QStringLiteral("is %1's %2 = %3, which %4")
                    .arg(d->owner, key, d->variable->value, why(inner, d->field, depth + 1));
            }
        }
        return QStringLiteral("has no value");
    }
    if (name.contains(QLatin1String(".output.outputVariables.")))
        return QStringLiteral("is the output of a scan step that has not run before this point");
    return QStringLiteral("has no value offline (secreview does not know it)");
}

} // namespace secreview
