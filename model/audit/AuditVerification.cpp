#include "model/audit/AuditVerification.h"

#include "model/exemptions/ExemptionWorkflow.h"
#include "model/store/AuditLog.h"

namespace secreview {

QStringList verifyAudit(const Database &db)
{
    QStringList problems;
    if (const std::optional<qint64> broken = AuditLog(db).firstBrokenEntry())
        problems.append(QStringLiteral("audit chain broken at entry %1").arg(*broken));
    problems += ExemptionWorkflow(db).verifyAgainstAudit();
    return problems;
}

} // namespace secreview
