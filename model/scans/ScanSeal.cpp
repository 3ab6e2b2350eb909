#include "model/scans/ScanSeal.h"

#include "model/core/Text.h"
#include "model/scans/IssueSql.h"
#include "model/scans/RawEntries.h"

#include <QJsonArray>
#include <algorithm>
#include <charconv>

namespace secreview {
namespace {

// Each value as "<length>:<text>": no text can pass for a field boundary. NULL and an empty
// text read alike (a driver may store one as the other).
QByteArray text(const QVariant &v)
{
    if (v.isNull())
        return {};
    return v.typeId() == QMetaType::Double ? QByteArray::number(v.toDouble(), 'g', 17)
                                           : storableText(v.toString()).toUtf8();
}

QByteArray serialize(const QVariantList &values)
{
    QByteArray row;
    for (const QVariant &v : values) {
        const QByteArray t = text(v);
        row += QByteArray(QByteArray::number(t.size()) + ':' + t);
    }
    return row;
}

void appendLength(std::string &out, qsizetype length)
{
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, qint64(length)).ptr;
    out.append(digits, end);
    out.push_back(':');
}

QByteArray lengthPrefixed(const QByteArray &row)
{
    return QByteArray::number(row.size()) + ':' + row;
}

QString hexDigest(Sha256 &hash)
{
    return QString::fromLatin1(hash.result().toHex());
}

// A bucket holds this many issue rows (the last one fewer): 256 buckets at most, so that the
// audit entry stays small, and a gate reads a few thousand rows per bucket at a million issues.
qsizetype rowsPerBucket(qsizetype issues)
{
    return std::max<qsizetype>(64, (issues + 255) / 256);
}

// The issue rows of a scan as they are sealed into buckets: the issue id, the issue's target
// (an exemption of another target must not come to cover it), then kIssueColumns. Both bounds
// inclusive: no id is outside every bucket (a hostile review put a row at the largest id).
const QString kBucketSelect = QStringLiteral(
    "SELECT si.issue_id AS issue_id, i.target_id AS target_id, i.scanner AS scanner, i.issue_key AS issue_key,"
    " si.severity AS severity, si.score AS score, si.occurrences AS occurrences,"
    " si.scanner_severity AS scanner_severity, si.confidence AS confidence"
    " FROM scan_issue si LEFT JOIN issue i ON i.id = si.issue_id"
    " WHERE si.scan_id = :s AND si.issue_id >= :lo AND si.issue_id <= :hi ORDER BY si.issue_id");

QVariantList scanRow(const Database &db, qint64 scanId)
{
    Query scan(db, QStringLiteral("SELECT %1 FROM scan WHERE id = :s").arg(ScanSealer::kScanColumns));
    scan.bind(QStringLiteral(":s"), scanId).exec();
    QVariantList row;
    if (scan.next()) {
        for (QStringView c : {u"target_id", u"variant_id", u"scanner", u"format", u"file_name", u"file_sha256",
                              u"file_size", u"imported_at", u"imported_by", u"pipeline_identifier", u"step_identifier",
                              u"execution", u"imported_by_ci"})
            row.append(scan.value(c));
    }
    return row;
}

QString scanDigest(const QVariantList &row)
{
    Sha256 hash;
    hash.addData(lengthPrefixed(serialize(row)));
    return hexDigest(hash);
}

QString severityList(const std::array<int, 5> &totals)
{
    QStringList parts;
    for (Severity s : kSeveritiesDescending)
        parts.append(QStringLiteral("%1 %2").arg(severityName(s)).arg(totals[size_t(s)]));
    return parts.join(QStringLiteral(", "));
}

} // namespace

QJsonObject ScanSealIndex::toJson() const
{
    QJsonArray totalsJson, bucketsJson;
    for (int n : totals)
        totalsJson.append(n);
    for (const Bucket &b : buckets)
        bucketsJson.append(QJsonArray{b.firstIssueId, b.digest});
    return {{QStringLiteral("scan"), scan}, {QStringLiteral("totals"), totalsJson},
            {QStringLiteral("buckets"), bucketsJson}};
}

std::optional<ScanSealIndex> ScanSealIndex::fromJson(const QJsonValue &value)
{
    const QJsonObject o = value.toObject();
    const QJsonArray totals = o.value(QStringLiteral("totals")).toArray();
    if (o.isEmpty() || totals.size() != 5)
        return std::nullopt;
    ScanSealIndex index;
    index.scan = o.value(QStringLiteral("scan")).toString();
    for (qsizetype s = 0; s < 5; ++s)
        index.totals[size_t(s)] = totals.at(s).toInt();
    for (const QJsonValue &b : o.value(QStringLiteral("buckets")).toArray()) {
        const QJsonArray pair = b.toArray();
        index.buckets.append({pair.at(0).toInteger(), pair.at(1).toString()});
    }
    return index;
}

QStringList ScanSealIndex::problems(const Database &db, qint64 scanId, const std::optional<QList<qint64>> &issueIds) const
{
    QStringList problems;
    if (scanDigest(scanRow(db, scanId)) != scan)
        problems.append(QStringLiteral("scan %1 was changed after its import (its own row: target, variant, scanner, "
                                       "file or who imported it, no longer matches the seal in the audit log)")
                            .arg(scanId));
    // What the gate counts (decision 73), against what the import stored.
    const std::array<int, 5> now = issuesql::severityTotals(db, scanId);
    if (now != totals)
        problems.append(QStringLiteral("scan %1 was changed after its import: its issues are counted differently "
                                       "from what its import sealed (now %2; sealed %3): the database's index scan_issue_counts or its rows were changed "
                                       "behind the program's back (`secreview db check` says where)")
                            .arg(scanId)
                            .arg(severityList(now), severityList(totals)));

    // The buckets to read: those that hold the issues named (an id below the first bucket falls
    // in the first, which then holds a row it did not), or all.
    if (buckets.isEmpty()) {
        if (issueIds && !issueIds->isEmpty()) // the scan held no issue when it was imported
            problems.append(QStringLiteral("scan %1 was changed after its import (its issues no longer match the "
                                           "seal in the audit log)")
                                .arg(scanId));
        return problems;
    }
    QList<qsizetype> chosen;
    if (!issueIds) {
        for (qsizetype b = 0; b < buckets.size(); ++b)
            chosen.append(b);
    } else {
        for (qint64 id : *issueIds) {
            const auto after = std::upper_bound(buckets.cbegin(), buckets.cend(), id,
                                                [](qint64 v, const Bucket &b) { return v < b.firstIssueId; });
            const qsizetype b = after == buckets.cbegin() ? 0 : qsizetype(after - buckets.cbegin()) - 1;
            if (!chosen.contains(b)) // a few exempted issues: a list is enough
                chosen.append(b);
        }
    }
    for (qsizetype b : std::as_const(chosen)) {
        const qint64 lo = b == 0 ? std::numeric_limits<qint64>::min() : buckets.at(b).firstIssueId;
        const qint64 hi =
            b + 1 < buckets.size() ? buckets.at(b + 1).firstIssueId - 1 : std::numeric_limits<qint64>::max();
        Query rows(db, kBucketSelect);
        rows.bind(QStringLiteral(":s"), scanId).bind(QStringLiteral(":lo"), lo).bind(QStringLiteral(":hi"), hi).exec();
        Sha256 hash;
        while (rows.next()) {
            QVariantList row;
            for (QStringView c : {u"issue_id", u"target_id", u"scanner", u"issue_key", u"severity", u"score",
                                  u"occurrences", u"scanner_severity", u"confidence"})
                row.append(rows.value(c));
            hash.addData(lengthPrefixed(serialize(row)));
        }
        if (hexDigest(hash) != buckets.at(b).digest) {
            problems.append(QStringLiteral("scan %1 was changed after its import (its issues no longer match the seal "
                                           "in the audit log)")
                                .arg(scanId));
            break;
        }
    }
    // Why the rows of the other issues need no reading: the gate counts T[s] from the index,
    // checked above against the sealed totals, and subtracts the exempted issues' severities as
    // their rows hold them (a join without a condition on severity cannot read the partial index),
    // which are the rows checked here. An index that disagrees with its rows only moves issues
    // the gate does not subtract between severities it counts as a whole.
    return problems;
}

QJsonObject scanPlace(const Database &db, qint64 scanId)
{
    Query q(db, QStringLiteral("SELECT t.name AS target, v.name AS variant, p.name AS project, o.name AS organization,"
                               " p.id AS project_id, o.id AS organization_id"
                               " FROM scan s JOIN target t ON t.id = s.target_id JOIN variant v ON v.id = s.variant_id"
                               " AND v.target_id = s.target_id JOIN project p ON p.id = t.project_id"
                               " JOIN organization o ON o.id = p.organization_id WHERE s.id = :s"));
    q.bind(QStringLiteral(":s"), scanId).exec();
    if (!q.next())
        return {};
    return {{QStringLiteral("target"), q.text(u"target")},
            {QStringLiteral("variant"), q.text(u"variant")},
            {QStringLiteral("project"), q.text(u"project")},
            {QStringLiteral("organization"), q.text(u"organization")},
            {QStringLiteral("project_id"), q.integer(u"project_id")},
            {QStringLiteral("organization_id"), q.integer(u"organization_id")}};
}

QStringList scanPlaceProblems(const Database &db, qint64 scanId, const QJsonObject &importDetails)
{
    const QJsonObject now = scanPlace(db, scanId);
    QStringList changed;
    // Names and, since a second hostile review swapped project names too, the ids.
    for (const QString &key : {QStringLiteral("target"), QStringLiteral("variant"), QStringLiteral("project"),
                               QStringLiteral("organization"), QStringLiteral("project_id"),
                               QStringLiteral("organization_id")}) {
        if (!importDetails.contains(key))
            continue; // an import from before the project and organization were recorded
        const auto text = [](const QJsonValue &v) {
            return v.isDouble() ? QString::number(v.toInteger()) : storableText(v.toString());
        };
        const QString then = text(importDetails.value(key));
        const QString current = text(now.value(key));
        if (then != current)
            changed.append(QStringLiteral("%1 '%2' (imported into '%3')").arg(key, current, then));
    }
    if (changed.isEmpty())
        return {};
    return {QStringLiteral("scan %1 was moved after its import: its %2; names or targets were changed behind the "
                           "program's back")
                .arg(scanId)
                .arg(changed.join(QStringLiteral(", ")))};
}

const QString ScanSealer::kOccurrenceColumns = QStringLiteral(
    "i.scanner, i.issue_key, o.location, o.file_path, o.line, o.package, o.installed_version, o.fixed_version,"
    " o.fingerprint, o.severity, o.scanner_severity, o.confidence, o.score, o.message, o.snippet, o.suppressed,"
    " o.suppression, o.raw");
const QString ScanSealer::kScanColumns = QStringLiteral(
    "target_id, variant_id, scanner, format, file_name, file_sha256, file_size, imported_at, imported_by,"
    " pipeline_identifier, step_identifier, execution, imported_by_ci");
const QString ScanSealer::kIssueColumns = QStringLiteral(
    "i.scanner, i.issue_key, si.severity, si.score, si.occurrences, si.scanner_severity, si.confidence");

void ScanSealer::addOccurrence(const QVariantList &values)
{
    QList<QByteArray> texts;
    texts.reserve(values.size());
    for (const QVariant &v : values)
        texts.append(text(v));
    QList<QByteArrayView> views(texts.begin(), texts.end());
    addOccurrenceTexts(views.constData(), views.size());
}

void ScanSealer::addOccurrenceTexts(const QByteArrayView *texts, qsizetype count)
{
    // "<length>:<row>", the row being "<length>:<text>" per value.
    m_row.clear();
    for (qsizetype i = 0; i < count; ++i) {
        appendLength(m_row, texts[i].size());
        if (!texts[i].isEmpty())
            m_row.append(texts[i].data(), size_t(texts[i].size()));
    }
    std::string prefix;
    appendLength(prefix, qsizetype(m_row.size()));
    m_occurrences.addData(prefix.data(), qsizetype(prefix.size()));
    m_occurrences.addData(m_row.data(), qsizetype(m_row.size()));
}

void ScanSealer::addIssue(qint64 issueId, const QVariantList &values)
{
    const int severity = values.value(2).toInt();
    if (severity >= 0 && severity < int(m_bySeverity.size()))
        ++m_bySeverity[size_t(severity)];
    m_issueRows.append({issueId, serialize(values)});
}

ScanSeal ScanSealer::seal()
{
    ScanSeal result;
    const QByteArray scanRow = serialize(m_scanRow);
    result.index.scan = scanDigest(m_scanRow);
    result.index.totals = m_bySeverity;

    // The index: the rows in issue id order, a digest per bucket of them.
    std::sort(m_issueRows.begin(), m_issueRows.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    const qsizetype perBucket = rowsPerBucket(m_issueRows.size());
    const QVariant target = m_scanRow.value(0); // kScanColumns begins with the scan's target
    for (qsizetype first = 0; first < m_issueRows.size(); first += perBucket) {
        Sha256 bucket;
        const qsizetype end = std::min(first + perBucket, m_issueRows.size());
        for (qsizetype r = first; r < end; ++r) {
            const auto &[id, row] = m_issueRows.at(r);
            bucket.addData(lengthPrefixed(serialize({id, target}) + row));
        }
        result.index.buckets.append({m_issueRows.at(first).first, hexDigest(bucket)});
    }

    // The whole seal: the rows in the order of their serialized values.
    QList<QByteArray> rows;
    rows.reserve(m_issueRows.size());
    for (const auto &[id, row] : std::as_const(m_issueRows))
        rows.append(row);
    std::sort(rows.begin(), rows.end());
    Sha256 issues;
    issues.addData(lengthPrefixed(scanRow));
    for (const QByteArray &row : std::as_const(rows))
        issues.addData(lengthPrefixed(row));
    result.issues = hexDigest(issues);
    result.occurrences = QString::fromLatin1(m_occurrences.result().toHex());
    return result;
}

QString ScanSeal::text() const
{
    return QStringLiteral("v1 %1 %2").arg(issues, occurrences);
}

std::optional<ScanSeal> ScanSeal::parse(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char(' '));
    if (parts.size() != 3 || parts.at(0) != QLatin1String("v1"))
        return std::nullopt;
    ScanSeal seal;
    seal.issues = parts.at(1);
    seal.occurrences = parts.at(2);
    return seal;
}

ScanSeal ScanSeal::of(const Database &db, qint64 scanId, bool withOccurrences)
{
    ScanSealer sealer;
    sealer.setScan(scanRow(db, scanId));
    Query issues(db, QStringLiteral("SELECT si.issue_id AS issue_id, %1 FROM scan_issue si JOIN issue i ON i.id = si.issue_id"
                                    " WHERE si.scan_id = :s")
                         .arg(ScanSealer::kIssueColumns));
    issues.bind(QStringLiteral(":s"), scanId).exec();
    while (issues.next()) {
        QVariantList row;
        for (QStringView c : {u"scanner", u"issue_key", u"severity", u"score", u"occurrences", u"scanner_severity",
                              u"confidence"})
            row.append(issues.value(c));
        sealer.addIssue(issues.integer(u"issue_id"), row);
    }
    if (withOccurrences) {
        // Only the occurrences of the scan's own issues: one moved to another target's issue of
        // the same scanner and key (which the sealed values cannot tell apart) drops out of the
        // seal (hostile review: it hid places from an exemption of chosen places).
        Query occurrences(db, QStringLiteral("SELECT %1, o.raw_chunk, o.raw_offset, o.raw_length FROM occurrence o"
                                             " JOIN scan_issue own ON own.scan_id = o.scan_id AND own.issue_id = o.issue_id"
                                             " JOIN issue i ON i.id = o.issue_id WHERE o.scan_id = :s ORDER BY o.id")
                                  .arg(ScanSealer::kOccurrenceColumns));
        occurrences.bind(QStringLiteral(":s"), scanId).exec();
        RawEntryReader raw(db, scanId);
        RawPlace last{-1, 0, 0};
        while (occurrences.next()) {
            QVariantList row;
            for (QStringView c : {u"scanner", u"issue_key", u"location", u"file_path", u"line", u"package",
                                  u"installed_version", u"fixed_version", u"fingerprint", u"severity",
                                  u"scanner_severity", u"confidence", u"score", u"message", u"snippet",
                                  u"suppressed", u"suppression", u"raw"})
                row.append(occurrences.value(c));
            if (!occurrences.isNull(u"raw_chunk")) {
                // In the scan's chunks, one after the other as the import wrote them: a place
                // before the last one is a changed scan, read as no entry without inflating its
                // chunk again (hostile review: places alternating between two chunks that each
                // inflate to the most a chunk may made a check take hours). Unreadable: no entry.
                const RawPlace place = rawPlace(occurrences);
                const bool inOrder = place.chunk > last.chunk ||
                                     (place.chunk == last.chunk && place.offset >= last.offset + last.length);
                row.last() = inOrder ? QString::fromUtf8(raw.entry(place).value_or(QByteArray())) : QString();
                last = place;
            }
            sealer.addOccurrence(row);
        }
    }
    ScanSeal seal = sealer.seal();
    if (!withOccurrences)
        seal.occurrences.clear();
    return seal;
}

} // namespace secreview
