// libFuzzer target for the YAML readers: a Harness pipeline (and its when conditions, decided
// by WhenCondition), and the pipeline policy file. Refusal (secreview::Error) is fine; a crash,
// a hang or a sanitizer report is not.
#include "model/core/Error.h"
#include "model/pipelines/PipelineDefinition.h"
#include "model/pipelines/PipelinePolicy.h"
#include "model/pipelines/WhenCondition.h"

#include <cstdint>

using namespace secreview;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    try {
        const PipelineDefinition d = PipelineDefinition::parse(bytes, QStringLiteral("fuzz.yaml"));
        PipelinePolicy::defaults().check(d);
        // Every condition, with some expressions known and the rest not.
        const auto resolve = [](const QString &name) -> std::optional<QString> {
            if (name.startsWith(QLatin1String("codebase")))
                return QStringLiteral("main");
            if (name.contains(QLatin1String("outputVariables")))
                return QStringLiteral("3");
            return std::nullopt;
        };
        for (const PipelineStage &stage : d.stages) {
            WhenCondition::evaluate(stage.whenCondition, resolve);
            for (const PipelineNode *n : stage.allSteps())
                WhenCondition::evaluate(n->whenCondition, resolve);
        }
    } catch (const Error &) {
    }
    try {
        const PipelinePolicy p = PipelinePolicy::parse(bytes, QStringLiteral("policy.yaml"));
        PipelinePolicy::parse(p.toYaml(), QStringLiteral("again.yaml")); // what it writes, it reads
    } catch (const Error &) {
    }
    return 0;
}
