// libFuzzer target for WhenCondition: the bytes are a `when.condition` as a pipeline would hold
// it. Any input must end decided (a value, no reason) or undecided (no value, a reason); a crash,
// a hang, deep recursion or a sanitizer report is a bug.
#include "model/pipelines/WhenCondition.h"

#include <cstdint>
#include <cstdlib>

using namespace secreview;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString condition = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto resolve = [](const QString &name) -> std::optional<QString> {
        if (name == QLatin1String("codebase.branch"))
            return QStringLiteral("main");
        if (name.endsWith(QLatin1String("CRITICAL")))
            return QStringLiteral("2");
        if (name.startsWith(QLatin1String("pipeline.variables.")))
            return name.mid(19); // the value is the rest of the name: lets inputs choose values
        return std::nullopt;
    };
    const ConditionResult r = WhenCondition::evaluate(condition, resolve);
    if (r.value.has_value() == !r.reason.isEmpty())
        std::abort(); // a decided condition has no reason; an undecided one always has one
    return 0;
}
