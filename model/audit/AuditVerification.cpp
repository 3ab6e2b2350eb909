#include "model/audit/AuditVerification.h"

#include "model/core/Numbers.h"
#include "model/exemptions/ExemptionStore.h"
#include "model/store/AuditLog.h"

#include <QHash>
#include <QJsonDocument>
#include <QLocale>

namespace secreview {
namespace {

// Numbers written as JSON may come back as doubles: compare their text. An edited row may hold
// any number; only a whole one within 64 bits reads as an integer.
QString comparable(const QJsonValue &v)
{
    if (!v.isDouble())
        return v.toVariant().toString();
    const double d = v.toDouble();
    if (const std::optional<qint64> whole = wholeNumber(d))
        return QString::number(*whole);
    return QString::number(d, 'g', QLocale::FloatingPointShortest);
}

// Replays the audit log against the exemption table: every exemption's latest audit entry must
// describe the row as it is.
QStringList exemptionsAgainstAudit(const Database &db, const QList<AuditEntry> &entries)
{
    QStringList problems;
    QHash<qint64, QJsonObject> lastState;
    for (const AuditEntry &e : entries) {
        if (e.objectType == QLatin1String("exemption"))
            lastState.insert(e.objectId.toLongLong(), QJsonDocument::fromJson(e.details.toUtf8())
                                                          .object()
                                                          .value(QStringLiteral("state"))
                                                          .toObject());
    }
    const ExemptionStore store(db);
    const QList<qint64> all = store.ids();
    for (qint64 id : all) {
        const auto it = lastState.constFind(id);
        if (it == lastState.constEnd()) {
            problems.append(
                QStringLiteral("exemption %1 exists but the audit log never recorded it").arg(id));
            continue;
        }
        const QJsonObject now = store.auditState(id);
        for (auto field = now.begin(); field != now.end(); ++field) {
            const QJsonValue logged = it->value(field.key());
            if (comparable(logged) != comparable(field.value()))
                problems.append(
                    QStringLiteral("exemption %1: %2 is '%3' in the table but '%4' in the audit log")
                        .arg(id)
                        .arg(field.key(), comparable(field.value()), comparable(logged)));
        }
    }
    for (auto it = lastState.cbegin(); it != lastState.cend(); ++it) {
        if (!all.contains(it.key()))
            problems.append(
                QStringLiteral("exemption %1 is in the audit log but missing from the table").arg(it.key()));
    }
    return problems;
}

} // namespace

QStringList verifyAudit(const Database &db)
{
    QStringList problems;
    const AuditLog log(db);
    if (const std::optional<qint64> broken = log.firstBrokenEntry())
        problems.append(QStringLiteral("audit chain broken at entry %1").arg(*broken));
    problems += exemptionsAgainstAudit(db, log.entries());
    return problems;
}

} // namespace secreview
