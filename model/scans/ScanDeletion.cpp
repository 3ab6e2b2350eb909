#include "model/scans/ScanDeletion.h"

#include "model/core/Clock.h"
#include "model/core/Error.h"
#include "model/scans/Catalog.h"
#include "model/scans/ScanOrder.h"
#include "model/store/AuditLog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace secreview {

ScanDeleted ScanDeletion::remove(const Session &actor, qint64 scanId) const
{
    actor.require(Permission::DeleteScans, QStringLiteral("delete scans"));
    Transaction tx(m_db);
    const ScanInfoRow scan = Catalog(m_db).scan(scanId); // NotFound
    ScanDeleted done;
    done.scanId = scanId;
    done.target = scan.target;
    done.variant = scan.variant;
    done.scanner = scan.scanner;
    done.file = scan.fileName;
    if (m_db.isServer()) {
        // The server checks the role, deletes, recomputes and marks the deletion for the entry.
        const QJsonObject out = QJsonDocument::fromJson(Query(m_db, QStringLiteral("SELECT scan_delete(:s)::text"))
                                                            .bind(QStringLiteral(":s"), scanId)
                                                            .scalar()
                                                            .toString()
                                                            .toUtf8())
                                    .object();
        if (const QJsonValue r = out.value(QStringLiteral("replacement")); !r.isNull())
            done.replacement = r.toInteger();
        for (const QJsonValue v : out.value(QStringLiteral("recomputed")).toArray())
            done.recomputed.append(v.toInteger());
    } else {
        const QVariant previous =
            // The scan before it on its variant: under a 'ci' gate policy, a ci account's (a
            // developer's scan would make CI's findings common: decision 92).
            Query(m_db, QStringLiteral("SELECT p.id FROM scan p JOIN scan s ON s.id = :s JOIN target t ON t.id = s.target_id"
                                       " JOIN project pr ON pr.id = t.project_id WHERE p.variant_id = s.variant_id"
                                       " AND p.scanner = s.scanner AND (pr.gate_scans <> 'ci' OR p.imported_by_ci = 1) AND ") +
                            scanOrder::isAfter(QStringLiteral("s"), QStringLiteral("p")) + QStringLiteral(" ORDER BY ") +
                            scanOrder::newestFirst(QStringLiteral("p")) + QStringLiteral(" LIMIT 1"))
                .bind(QStringLiteral(":s"), scanId)
                .scalar();
        if (previous.isValid() && !previous.isNull())
            done.replacement = previous.toLongLong();
        Query dependants(m_db, QStringLiteral("SELECT id FROM scan WHERE comparison_scan_id = :s ORDER BY id"));
        dependants.bind(QStringLiteral(":s"), scanId).exec();
        while (dependants.next())
            done.recomputed.append(dependants.integer(u"id"));
        Query(m_db, QStringLiteral("UPDATE scan SET comparison_scan_id = :r WHERE comparison_scan_id = :s"))
            .bind(QStringLiteral(":r"), done.replacement ? QVariant(*done.replacement) : QVariant())
            .bind(QStringLiteral(":s"), scanId)
            .exec();
        for (const char *table : {"occurrence", "scan_raw", "scan_issue"})
            Query(m_db, QStringLiteral("DELETE FROM %1 WHERE scan_id = :s").arg(QLatin1String(table)))
                .bind(QStringLiteral(":s"), scanId)
                .exec();
        Query(m_db, QStringLiteral("DELETE FROM scan WHERE id = :s")).bind(QStringLiteral(":s"), scanId).exec();
        Query(m_db, QStringLiteral("INSERT INTO scan_deletion(scan_id, deleted_at, deleted_by) VALUES (:s, :at, :by)"))
            .bind(QStringLiteral(":s"), scanId)
            .bind(QStringLiteral(":at"), Clock::nowMs())
            .bind(QStringLiteral(":by"), actor.userId())
            .exec();
    }
    QJsonObject recomputed;
    for (const qint64 id : std::as_const(done.recomputed))
        recomputed.insert(QString::number(id), done.replacement ? QJsonValue(*done.replacement) : QJsonValue());
    AuditLog(m_db).append(actor.name(), QLatin1String(kAction), QStringLiteral("scan"), QString::number(scanId),
                          {{QStringLiteral("target"), scan.target},
                           {QStringLiteral("project"), scan.project},
                           {QStringLiteral("variant"), scan.variant},
                           {QStringLiteral("scanner"), scan.scanner},
                           {QStringLiteral("file"), scan.fileName},
                           {QStringLiteral("sha256"), scan.sha256},
                           {QStringLiteral("recomputed"), recomputed}});
    tx.commit();
    return done;
}

} // namespace secreview
