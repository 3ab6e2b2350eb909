#pragma once

#include "model/pipelines/PipelineDefinition.h"
#include "model/pipelines/PipelineEvaluator.h"
#include "model/pipelines/PipelinePolicy.h"
#include "model/pipelines/PipelineStore.h"

#include <QJsonArray>
#include <QJsonObject>

namespace secreview::json {

QJsonObject pipeline(const PipelineInfo &p);            // identity, version, who imported it when
QJsonArray pipelineStages(const PipelineDefinition &d); // stages and their step trees
QJsonObject policyViolation(const PolicyViolation &v);
QJsonObject evaluation(const PipelineEvaluation &e); // `pipeline gate` (SPEC section 5)

} // namespace secreview::json
