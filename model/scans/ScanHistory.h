#pragma once

#include "model/scans/Catalog.h"
#include "model/scans/IssueQuery.h"

#include <QDateTime>
#include <array>
#include <optional>

namespace secreview {

// One scan as the history shows it: what was imported, its issues by severity, and how it
// differs from the scan it is compared with (SPEC section 2: the baseline's latest scan of the
// same scanner, or this variant's previous one).
struct ScanSummary
{
    ScanInfoRow scan;
    std::array<int, 5> counts{}; // the scan's issues by severity (exempted or not), by int(Severity)
    int exempted = 0;            // of those, covered by an approved, unexpired exemption now
    std::array<int, 5> open{};   // the others (not exempted now), by int(Severity)
    std::optional<qint64> comparisonScan;
    int newIssues = 0;  // not in the comparison scan (all of them when there is none)
    int remediated = 0; // in the comparison scan and gone from this one
};

// One variant of a target as the Targets page shows it: its latest scan of each scanner (what
// a gate on it judges) and their issues by severity.
struct VariantSummary
{
    QString name;
    QList<ScanSummary> latestScans; // by scanner
    std::array<int, 5> counts{};    // the latest scans' issues by severity (exempted or not)
    int newIssues = 0;
    int remediated = 0;
    QDateTime lastScanned;
    bool isBaseline = false; // the baseline names it (a fixed variant, or matched by the pattern)
};

struct TargetSummary
{
    TargetInfo target;
    std::optional<BaselineInfo> baseline;
    QList<VariantSummary> variants; // the most recently scanned first
};

// One point of a trend: a scan, or a day's scans (the UTC day they were imported on).
struct TrendPoint
{
    QDateTime at;             // the scan's import; per day: the day's last import
    std::optional<QDate> day; // set for a point per day
    qint64 scan = 0;          // the scan; per day: the day's last one
    QString scanner;          // the scan's; per day: the day's scanners, comma-separated
    QString target;           // of `scan`
    QString variant;          // of `scan`
    int scans = 1;            // how many scans the point stands for
    // Per scan: that scan's issues. Per day: what the scope held at the day's end, the latest
    // scan of each target, variant and scanner up to then added up.
    std::array<int, 5> counts{}; // by int(Severity), exempted or not
    std::array<int, 5> open{};   // not exempted now
    int exempted = 0;
    int newIssues = 0;  // per day: added up over the day's scans
    int remediated = 0; // per day: added up over the day's scans
    std::optional<qint64> comparisonScan; // per scan
};

enum class TrendGrouping
{
    Automatic, // per scan up to kTrendPerDayAbove scans, per day beyond
    PerScan,
    PerDay
};

// Which scans a listing shows; empty fields: all.
struct ScanFilter
{
    QString project;
    QString target;
    QString variant;
    QString scanner;
    std::optional<QDateTime> since; // imported at or after
};

// An issue in a comparison of two scans: as it was in each (absent: not in that scan).
struct ComparedIssue
{
    std::optional<IssueRow> before; // in the first scan
    std::optional<IssueRow> after;  // in the second scan
    const IssueRow &either() const { return after ? *after : *before; }
};

struct ScanComparison
{
    ScanSummary first;
    ScanSummary second;
    QList<ComparedIssue> added;   // in the second scan only
    QList<ComparedIssue> removed; // in the first scan only
    QList<ComparedIssue> changed; // in both, with another severity or number of occurrences
    int unchanged = 0;
};

// What was imported when, and what each scan added and fixed: the scans listing, the
// comparison of two scans and a variant's trend (issue 16). Reads only.
class ScanHistory
{
public:
    explicit ScanHistory(Database db) : m_db(std::move(db)) {}

    // Newest first. A target, variant or scanner named but absent is NotFound (a typo is not
    // "no scans").
    QList<ScanSummary> scans(const ScanFilter &filter) const;
    ScanSummary summary(qint64 scanId) const; // NotFound
    // Two scans of the same target and scanner (else a Usage error), in either order: the
    // issues of the second that the first lacks, those it dropped, and those whose severity or
    // occurrences changed, each with its exemption state in that scan.
    ScanComparison compare(qint64 firstScan, qint64 secondScan) const;
    // Every target with its baseline and its variants (the Targets page).
    QList<TargetSummary> targets() const;
    // The scans the filter lets through as a trend, oldest first (`secreview trend`, the Dashboard).
    QList<TrendPoint> trend(const ScanFilter &filter, TrendGrouping grouping = TrendGrouping::Automatic) const;
    // The same from scans already read (any order).
    static QList<TrendPoint> trendOf(QList<ScanSummary> scans, TrendGrouping grouping);
    static constexpr int kTrendPerDayAbove = 100; // scans; more make one point per day

private:
    ScanSummary summarize(const ScanInfoRow &scan) const;
    Database m_db;
};

} // namespace secreview
