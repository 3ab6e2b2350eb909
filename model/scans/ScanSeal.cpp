#include "model/scans/ScanSeal.h"

#include "model/core/Text.h"

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

} // namespace

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

void ScanSealer::addIssue(const QVariantList &values)
{
    m_issueRows.append(serialize(values));
}

ScanSeal ScanSealer::seal()
{
    std::sort(m_issueRows.begin(), m_issueRows.end());
    Sha256 issues;
    const QByteArray scanRow = serialize(m_scanRow);
    issues.addData(QByteArray(QByteArray::number(scanRow.size()) + ':' + scanRow));
    for (const QByteArray &row : std::as_const(m_issueRows))
        issues.addData(QByteArray(QByteArray::number(row.size()) + ':' + row));
    return {QString::fromLatin1(issues.result().toHex()), QString::fromLatin1(m_occurrences.result().toHex())};
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
    return ScanSeal{parts.at(1), parts.at(2)};
}

ScanSeal ScanSeal::of(const Database &db, qint64 scanId, bool withOccurrences)
{
    ScanSealer sealer;
    Query scan(db, QStringLiteral("SELECT %1 FROM scan WHERE id = :s").arg(ScanSealer::kScanColumns));
    scan.bind(QStringLiteral(":s"), scanId).exec();
    if (scan.next()) {
        QVariantList row;
        for (QStringView c : {u"target_id", u"variant_id", u"scanner", u"format", u"file_name", u"file_sha256",
                              u"file_size", u"imported_at", u"imported_by", u"pipeline_identifier", u"step_identifier",
                              u"execution", u"imported_by_ci"})
            row.append(scan.value(c));
        sealer.setScan(row);
    }
    Query issues(db, QStringLiteral("SELECT %1 FROM scan_issue si JOIN issue i ON i.id = si.issue_id"
                                    " WHERE si.scan_id = :s")
                         .arg(ScanSealer::kIssueColumns));
    issues.bind(QStringLiteral(":s"), scanId).exec();
    std::array<int, 5> bySeverity{};
    while (issues.next()) {
        ++bySeverity[size_t(issues.severity(u"severity"))];
        QVariantList row;
        for (QStringView c : {u"scanner", u"issue_key", u"severity", u"score", u"occurrences", u"scanner_severity",
                              u"confidence"})
            row.append(issues.value(c));
        sealer.addIssue(row);
    }
    if (withOccurrences) {
        Query occurrences(db, QStringLiteral("SELECT %1 FROM occurrence o JOIN issue i ON i.id = o.issue_id"
                                             " WHERE o.scan_id = :s ORDER BY o.id")
                                  .arg(ScanSealer::kOccurrenceColumns));
        occurrences.bind(QStringLiteral(":s"), scanId).exec();
        while (occurrences.next()) {
            QVariantList row;
            for (QStringView c : {u"scanner", u"issue_key", u"location", u"file_path", u"line", u"package",
                                  u"installed_version", u"fixed_version", u"fingerprint", u"severity",
                                  u"scanner_severity", u"confidence", u"score", u"message", u"snippet",
                                  u"suppressed", u"suppression", u"raw"})
                row.append(occurrences.value(c));
            sealer.addOccurrence(row);
        }
    }
    ScanSeal seal = sealer.seal();
    if (!withOccurrences)
        seal.occurrences.clear();
    seal.bySeverity = bySeverity;
    return seal;
}

} // namespace secreview
