#include "model/report/ExemptionJson.h"

#include "model/report/JsonValues.h"

#include <QJsonArray>

namespace secreview::json {

QJsonObject exemption(const ExemptionInfo &e, bool full)
{
    QJsonObject o{{QStringLiteral("id"), e.id},
                  {QStringLiteral("issue"), e.issueId},
                  {QStringLiteral("scope"), exemptionScopeKey(e.scope)},
                  {QStringLiteral("status"), exemptionStatusKey(e.status)},
                  {QStringLiteral("reason"), exemptionReasonName(e.reason)},
                  {QStringLiteral("expiresAt"), isoOrNull(e.expiresAt)}};
    if (full) {
        o.insert(QStringLiteral("requestedBy"), e.requestedBy);
        o.insert(QStringLiteral("reviewedBy"), textOrNull(e.reviewedBy));
        o.insert(QStringLiteral("key"), e.issueKey);
        o.insert(QStringLiteral("scanner"), e.scanner);
        o.insert(QStringLiteral("target"), e.target);
        o.insert(QStringLiteral("duration"), e.duration.text());
        o.insert(QStringLiteral("coveredSeverity"), severityKey(e.coveredSeverity));
        o.insert(QStringLiteral("description"), e.description);
        o.insert(QStringLiteral("occurrences"), QJsonArray::fromStringList(e.occurrences));
        o.insert(QStringLiteral("requestedAt"), isoTime(e.requestedAt));
        o.insert(QStringLiteral("reviewedAt"),
                 e.reviewedAt.isValid() ? QJsonValue(isoTime(e.reviewedAt)) : QJsonValue(QJsonValue::Null));
    }
    return o;
}

} // namespace secreview::json
