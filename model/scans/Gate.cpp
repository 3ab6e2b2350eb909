#include "model/scans/Gate.h"

#include "model/core/Error.h"

namespace secreview {

std::optional<int> Gate::parseThreshold(const QString &word)
{
    if (word.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        return kNever;
    if (auto s = severityFromKey(word))
        return int(*s);
    return std::nullopt;
}

QString Gate::failMessage(const QString &threshold)
{
    return QStringLiteral(
               "Exited with message: fail_on_severity is set to %1 and that threshold was reached.")
        .arg(threshold);
}

QString Gate::passMessage(const QString &threshold)
{
    return QStringLiteral("fail_on_severity is set to %1 and that threshold was not reached.").arg(threshold);
}

GateResult Gate::evaluate(const IssueQuery &issues, const IssueScope &scope, const QString &thresholdWord)
{
    const auto parsed = parseThreshold(thresholdWord);
    if (!parsed)
        throw Error(ErrorKind::Usage,
                    QStringLiteral("fail_on_severity '%1' is not one of critical, high, medium, "
                                   "low, info, none")
                        .arg(thresholdWord));
    if (scope.isEmpty())
        throw Error(ErrorKind::NotFound, QStringLiteral("no scan to evaluate"));
    GateResult result;
    result.threshold = thresholdWord.toLower();
    result.variables = issues.outputVariables(scope);
    int reached = 0;
    if (*parsed != kNever) {
        for (Severity s : kSeveritiesDescending) {
            if (int(s) >= *parsed)
                reached += result.variables.bySeverity[size_t(s)];
        }
    }
    result.passed = reached == 0;
    result.message = result.passed ? passMessage(result.threshold) : failMessage(result.threshold);
    return result;
}

} // namespace secreview
