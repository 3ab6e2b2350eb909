#pragma once

#include "model/store/AuditLog.h"
#include "model/users/UserDirectory.h"

#include <QJsonObject>

namespace secreview::json {

QJsonObject auditEntry(const AuditEntry &entry); // `audit log`: details as an object
QJsonObject user(const UserInfo &user);          // `user list`, `user add`

} // namespace secreview::json
