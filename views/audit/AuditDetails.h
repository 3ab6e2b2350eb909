#pragma once

#include <QHash>
#include <QString>

namespace secreview::views {

// An audit entry's details (compact JSON, as hashed into the chain) as a reviewer reads them:
// "pending → approved · “fine” · B602, target scope, 7 days, requested by alice on 2026-11-30
// 20:38". Times are local, user ids are names (users: id -> name), digests are cut short, and a
// password's digest is left out. The JSON itself stays in the tooltip and in `audit log`.
QString describeAuditDetails(const QString &details, const QHash<qint64, QString> &users);

} // namespace secreview::views
