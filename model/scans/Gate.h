#pragma once

#include "model/scans/IssueQuery.h"

#include <optional>

namespace secreview {

struct GateResult
{
    bool passed = true;
    QString threshold; // critical, high, medium, low, info, none
    QString message;
    OutputVariables variables;
    QStringList warnings;  // a scan emptied since the one before it, ...
    QStringList tampering; // what the gate found changed behind the program's back (it then fails)
};

// fail_on_severity (SPEC section 3): fails when the scope holds at least one issue of the
// threshold or higher that no approved, unexpired exemption in scope covers.
class Gate
{
public:
    // "critical" ... "info" as int(Severity), "none" as kNever; nullopt for any other word.
    static constexpr int kNever = -1;
    static std::optional<int> parseThreshold(const QString &word);
    static QString failMessage(const QString &threshold);
    static QString passMessage(const QString &threshold);

    // An empty scope is not a pass: the caller reports "no scan" (fail closed).
    static GateResult evaluate(const IssueQuery &issues, const IssueScope &scope, const QString &threshold);
};

} // namespace secreview
