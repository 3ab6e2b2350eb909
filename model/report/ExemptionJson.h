#pragma once

#include "model/exemptions/ExemptionPolicy.h"
#include "model/exemptions/ExemptionStore.h"

#include <QJsonObject>

namespace secreview::json {

// An exemption as `exemption request` and the workflow verbs print it (SPEC section 5); full adds
// what `exemption list` shows (requester, reviewer, the issue, the description, the times).
QJsonObject exemption(const ExemptionInfo &e, bool full);

} // namespace secreview::json
