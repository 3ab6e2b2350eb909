#include "model/core/Clock.h"

#include <QMutex>

namespace secreview {
namespace {
QMutex overrideMutex;
QDateTime overrideTime;
} // namespace

QDateTime Clock::now()
{
    QMutexLocker lock(&overrideMutex);
    if (overrideTime.isValid())
        return overrideTime;
    return QDateTime::currentDateTimeUtc();
}

void Clock::setOverride(const QDateTime &fixed)
{
    QMutexLocker lock(&overrideMutex);
    overrideTime = fixed.isValid() ? fixed.toUTC() : QDateTime();
}

QDateTime Clock::overridden()
{
    QMutexLocker lock(&overrideMutex);
    return overrideTime;
}

} // namespace secreview
