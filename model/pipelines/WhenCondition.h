#pragma once

#include <QString>
#include <functional>
#include <optional>

namespace secreview {

// A Harness `when.condition` (a JEXL expression), decided as far as an offline review can.
//
// Read: comparisons (== != < <= > >=, and JEXL's eq ne lt le gt ge), && || ! (and, or, not),
// parentheses, string, number, boolean and null literals, and <+...> expressions, bare or inside a
// string literal, whose values the caller supplies. Numbers compare as numbers, anything else as
// text. Everything else (method calls, =~, ternaries, an expression the evaluation has no value
// for, a value that is not a boolean where one is needed) leaves the condition undecided: the
// result has no value and says why, and the evaluation assumes true as before.
struct ConditionResult
{
    std::optional<bool> value;
    QString reason; // why undecided; empty when decided
};

class WhenCondition
{
public:
    // The value of the expression inside <+ and >, or nothing when it has none offline.
    using Resolver = std::function<std::optional<QString>(const QString &expression)>;

    static ConditionResult evaluate(const QString &condition, const Resolver &resolve);
    static constexpr int kMaxDepth = 64; // nested parentheses and negations
};

} // namespace secreview
