#pragma once

#include "model/store/Database.h"

#include "model/core/Sha256.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QVariantList>
#include <array>
#include <optional>
#include <string>

namespace secreview {

// What lets the gate check a scan without reading all of it (decision 75), recorded beside the
// seal in the import's audit entry: the scan row's digest, the issues by severity (what the gate
// counts, from the index scan_issue_counts), and the issue rows in buckets of consecutive issue
// ids, one digest per bucket. The gate checks the row, the totals and only the buckets that hold
// an issue an approved exemption could subtract; `audit verify` checks every bucket.
struct ScanSealIndex
{
    struct Bucket
    {
        qint64 firstIssueId = 0;
        QString digest;
    };
    QString scan;
    std::array<int, 5> totals{};
    QList<Bucket> buckets; // ascending firstIssueId

    QJsonObject toJson() const;
    static std::optional<ScanSealIndex> fromJson(const QJsonValue &value);

    // What of the stored scan no longer matches, each naming `scanId`: the scan row, the totals
    // as counted from the index, the buckets that hold `issueIds` (every bucket when none are
    // given).
    QStringList problems(const Database &db, qint64 scanId, const std::optional<QList<qint64>> &issueIds) const;
};

// A digest of what an import stored, recorded in the import's audit entry (which the chain
// protects), so that a scan changed afterwards by SQL is found and named: `audit verify`
// recomputes it whole, the gate recomputes the part it counts before counting.
//
// Two parts: the scan row and its issues (scanner, key, severity, score, occurrence count, the
// scanner's severity and confidence, in key order), which is what a gate counts; and the
// occurrences (every column, in the order they were stored), which the exemptions of chosen
// places match on.
struct ScanSeal
{
    QString issues;
    QString occurrences;
    // Filled by ScanSealer::seal() (ScanSeal::of: from the rows as they are now, its totals the
    // severities the rows hold, which the gate compares with the index for older imports).
    ScanSealIndex index;

    QString text() const; // "v1 <issues> <occurrences>"
    static std::optional<ScanSeal> parse(const QString &text);

    // The seal of a stored scan, recomputed. Without occurrences its occurrences part is empty.
    static ScanSeal of(const Database &db, qint64 scanId, bool withOccurrences = true);
};

// Where a scan is, by the names the gate and the console look it up by: its target, variant,
// project and organization as the database names them now.
QJsonObject scanPlace(const Database &db, qint64 scanId);
// What of the place its import recorded (the import entry's target and variant; its project and
// organization for imports since those were recorded) no longer matches scanPlace(): names
// swapped or a target moved to another project by SQL would make a gate read another scan, or
// another project's policy and exemptions (found by a hostile review).
QStringList scanPlaceProblems(const Database &db, qint64 scanId, const QJsonObject &importDetails);

// Builds a seal row by row, as the values are stored (ScanWriter) or read back (ScanSeal::of):
// the same values give the same digest either way.
class ScanSealer
{
public:

    // The scan row's columns, in kScanColumns' order.
    void setScan(const QVariantList &values) { m_scanRow = values; }
    // The occurrence columns, in kOccurrenceColumns' order: as values read back, or as the UTF-8
    // texts bound (a NULL as an empty text, numbers in decimal, reals as QByteArray::number(v,
    // 'g', 17)), which give the same digest.
    void addOccurrence(const QVariantList &values);
    void addOccurrenceTexts(const QByteArrayView *texts, qsizetype count);
    // One issue row of the scan (kIssueColumns' values) and its issue id: added in any order,
    // sorted when the seal is taken.
    void addIssue(qint64 issueId, const QVariantList &values);
    ScanSeal seal();

    static const QString kOccurrenceColumns; // "o.location, o.file_path, ..." (SQL)
    static const QString kIssueColumns;      // "i.scanner, i.issue_key, si.severity, ..." (SQL)
    static const QString kScanColumns;       // "target_id, variant_id, scanner, ..." (SQL)

private:
    Sha256Stream m_occurrences; // hashed on a second thread as rows come
    std::string m_row; // reused: no allocation per occurrence
    QList<std::pair<qint64, QByteArray>> m_issueRows; // issue id, serialized values
    std::array<int, 5> m_bySeverity{};
    QVariantList m_scanRow;
};

} // namespace secreview
