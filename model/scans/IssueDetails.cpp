#include "model/scans/IssueQuery.h"

#include "model/core/Error.h"
#include "model/core/Text.h"
#include "model/scans/Catalog.h"
#include "model/scans/RawEntries.h"
#include "model/scans/ScanOrder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>

namespace secreview {

// An issue's details: the row, what only the details show, and its occurrences with their raw
// entries (from the scan's chunks, decision 79, read in chunk order).
IssueDetails IssueQuery::details(qint64 issueId, qint64 scanId) const
{
    if (scanId == 0) {
        const QVariant latest =
            Query(m_db, QStringLiteral("SELECT ") + scanOrder::latestScanHolding(QStringLiteral(":i")))
                .bind(QStringLiteral(":i"), issueId)
                .scalar();
        if (latest.isNull())
            throw Error(ErrorKind::NotFound, QStringLiteral("no issue with id %1").arg(issueId));
        scanId = latest.toLongLong();
    }
    IssueDetails d;
    d.row = rowIn(issueId, scanId);
    Query info(
        m_db,
        QStringLiteral(
            "SELECT i.kind AS kind, i.description AS description, i.remediation AS remediation,"
            " i.refs AS refs, i.cwe AS cwe, si.confidence AS confidence, t.name AS target, v.name AS variant"
            " FROM issue i JOIN scan_issue si ON si.issue_id = i.id AND si.scan_id = :s"
            " JOIN scan s ON s.id = si.scan_id JOIN target t ON t.id = s.target_id"
            " JOIN variant v ON v.id = s.variant_id WHERE i.id = :i"));
    info.bind(QStringLiteral(":s"), scanId).bind(QStringLiteral(":i"), issueId).exec();
    if (info.next()) {
        d.kind = info.text(u"kind");
        d.description = info.text(u"description");
        d.remediation = info.text(u"remediation");
        for (const QJsonValue &v : QJsonDocument::fromJson(info.text(u"refs").toUtf8()).array())
            d.references.append(v.toString());
        for (const QJsonValue &v : QJsonDocument::fromJson(info.text(u"cwe").toUtf8()).array())
            d.cwes.append(v.toString());
        d.confidence = info.text(u"confidence");
        d.target = info.text(u"target");
        d.variant = info.text(u"variant");
    }
    const ScanComparisonBasis basis = Catalog(m_db).comparison(scanId);
    d.baseline = basis.baseline;
    d.comparisonScan = basis.scanId;
    d.comparisonRecorded = basis.recorded;
    Query presence(m_db, QStringLiteral("SELECT s.id AS id, s.imported_at AS imported_at, EXISTS (SELECT 1 FROM scan_issue h"
                                        " WHERE h.scan_id = s.id AND h.issue_id = :i) AS present FROM scan s"
                                        " JOIN scan x ON x.id = :s WHERE s.variant_id = x.variant_id"
                                        " AND s.scanner = x.scanner ORDER BY s.imported_at, s.id"));
    presence.bind(QStringLiteral(":i"), issueId).bind(QStringLiteral(":s"), scanId).exec();
    while (presence.next())
        d.presence.append({presence.integer(u"id"), presence.time(u"imported_at"), presence.flag(u"present")});
    Query occ(m_db,
              QStringLiteral(
                  "SELECT id, location, file_path, line, package, installed_version, fixed_version,"
                  " severity, scanner_severity, confidence, score, message, snippet, fingerprint, suppressed,"
                  " suppression, raw, raw_chunk, raw_offset, raw_length FROM occurrence WHERE scan_id = :s"
                  " AND issue_id = :i ORDER BY severity DESC, location, id"));
    occ.bind(QStringLiteral(":s"), scanId).bind(QStringLiteral(":i"), issueId).exec();
    QList<std::pair<RawPlace, qsizetype>> places; // entries in the scan's chunks, read in chunk order
    while (occ.next()) {
        OccurrenceRow o;
        o.id = occ.integer(u"id");
        o.location = occ.text(u"location");
        o.filePath = occ.text(u"file_path");
        o.line = int(occ.integer(u"line"));
        o.package = occ.text(u"package");
        o.installedVersion = occ.text(u"installed_version");
        o.fixedVersion = occ.text(u"fixed_version");
        o.severity = occ.severity(u"severity");
        o.scannerSeverity = occ.text(u"scanner_severity");
        o.confidence = occ.text(u"confidence");
        o.score = occ.optionalReal(u"score");
        o.message = occ.text(u"message");
        o.snippet = occ.text(u"snippet");
        o.fingerprint = occ.text(u"fingerprint");
        o.suppressed = occ.flag(u"suppressed");
        o.suppression = occ.text(u"suppression");
        o.raw = occ.text(u"raw");
        if (!occ.isNull(u"raw_chunk"))
            places.append({rawPlace(occ), d.occurrences.size()});
        d.occurrences.append(o);
    }
    std::sort(places.begin(), places.end(), [](const auto &a, const auto &b) {
        return std::pair(a.first.chunk, a.first.offset) < std::pair(b.first.chunk, b.first.offset);
    });
    RawEntryReader raw(m_db, scanId);
    for (const auto &[place, index] : std::as_const(places)) {
        const std::optional<QByteArray> entry = raw.entry(place);
        // As the seal reads it (U+FFFE and U+FFFF as U+FFFD): what is shown is what is checked.
        d.occurrences[index].raw = entry ? storableText(QString::fromUtf8(*entry))
                                         : QStringLiteral("(the raw entry cannot be read: the scan was changed after "
                                                          "its import; `secreview audit verify` says how)");
    }
    return d;
}

QStringList IssueDetails::presenceEvents() const
{
    QStringList events;
    bool held = false, seen = false;
    for (const IssuePresence &p : presence) {
        const QString when = p.at.toUTC().toString(QStringLiteral("yyyy-MM-dd"));
        if (p.present && !held)
            events.append(seen ? QStringLiteral("back in scan %1 (%2), new again").arg(p.scan).arg(when)
                               : QStringLiteral("new in scan %1 (%2)").arg(p.scan).arg(when));
        else if (!p.present && held)
            events.append(QStringLiteral("remediated in scan %1 (%2)").arg(p.scan).arg(when));
        seen = seen || p.present;
        held = p.present;
    }
    return events;
}

} // namespace secreview
