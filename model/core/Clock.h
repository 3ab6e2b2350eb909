#pragma once

#include <QDateTime>

namespace secreview {

// The one source of "now" for the model: exemption expiry, audit entries and scan times all ask
// it, so tests can move time with an override instead of waiting for it. The override is a test
// hook only; nothing on the command line or in the environment sets it.
class Clock
{
public:
    static QDateTime now(); // UTC
    static qint64 nowMs() { return now().toMSecsSinceEpoch(); }
    static void setOverride(const QDateTime &fixed); // invalid QDateTime clears it
    static QDateTime overridden();                   // invalid: none
};

} // namespace secreview
