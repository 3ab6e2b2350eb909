#pragma once

#include "model/core/Severity.h"
#include "model/core/Vocabulary.h"
#include "model/scans/Catalog.h"
#include "model/store/Database.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QStringList>
#include <array>
#include <functional>
#include <mutex>
#include <optional>

namespace secreview {

namespace issuesql {
struct Sql;
// A condition on a row of the list (si, i, tr, cmp), " AND ...", its values bound in the Sql.
using RowCondition = std::function<QString(Sql &)>;
}

// Which scans an issue list covers, each with the scan it is compared with (new vs. common).
struct IssueScope
{
    struct Entry
    {
        qint64 scanId = 0;
        std::optional<qint64> comparisonScanId;
    };
    QList<Entry> scans;
    // The pipeline the scans are evaluated for: its pipeline-scoped exemptions apply as well as
    // those of the pipeline each scan was imported under.
    QString pipeline;
    bool isEmpty() const { return scans.isEmpty(); }
};

enum class ExemptedFilter
{
    Hide,
    Show,
    Only
};

// What the console groups issues by: their rule, the files or packages their occurrences are
// in, their CWE (as the scanner listed them).
enum class IssueGrouping
{
    Rule,
    File,
    Package,
    Cwe
};

struct IssueGroup
{
    QString key; // empty: issues without one (no file, no package, no CWE)
    int issues = 0;
    Severity worst = Severity::Info;
};

struct IssueFilter
{
    static constexpr int kMaxSearch = 1000; // characters; a longer search is refused
    QList<Severity> severities; // empty: all
    ExemptedFilter exempted = ExemptedFilter::Show;
    QString scanner;                       // empty: all
    QString search;                        // in title, rule, key and description; empty: none
    // nullopt: new and common; Remediated: the issues of each scan's comparison scan that the scan
    // no longer has (as they were there: severity, occurrences, that scan's id).
    std::optional<IssueCategory> category;
    bool withRemediated = false; // with category nullopt: the remediated issues too (the console's toggle)
    bool listsRemediated() const { return withRemediated || category == IssueCategory::Remediated; }
    // The triage state (model/triage): narrowing like scanner and search.
    std::optional<bool> reviewed; // nullopt: either
    QString assignee;             // a user's name (any case); empty: anyone or no one
    std::optional<bool> hasNotes; // nullopt: either
    // One group's issues (an issue is in every file or package one of its occurrences is in).
    std::optional<std::pair<IssueGrouping, QString>> group;
};

enum class IssueSortColumn
{
    Severity,
    Title,
    Rule,
    Scanner,
    Occurrences,
    Category,
    Exemption,
    Reviewed,
    Assignee,
    Notes,
    Id
};

struct IssueSort
{
    IssueSortColumn column = IssueSortColumn::Severity;
    bool descending = true;
};

struct IssueRow
{
    qint64 id = 0;
    qint64 scanId = 0;
    QString key;
    QString scanner;
    QString rule;
    QString title;
    Severity severity = Severity::Info;
    std::optional<double> score;
    QString scannerSeverity;
    int occurrences = 0;
    IssueCategory category = IssueCategory::New;
    // The exemption state in scope: an approved, unexpired rule wins, then a pending request, a
    // rejected one, an expired rule (never cancelled or deleted); nullopt: none.
    std::optional<ExemptionStatus> exemption;
    bool reviewed = false;
    QString assignee; // empty: no one
    int notes = 0;
};

// Counts for the severity toggles: issues not exempted, per severity, and the exempted ones.
struct SeverityCounts
{
    std::array<int, 5> notExempted{}; // indexed by int(Severity)
    int exempted = 0;
    int count(Severity s) const { return notExempted[size_t(s)]; }
    int total() const;
};

// The output variables of SPEC section 3.
struct OutputVariables
{
    std::array<int, 5> bySeverity{};    // not exempted
    std::array<int, 5> newBySeverity{}; // category new, not exempted
    int ignored = 0;
    int total() const;
    int newTotal() const;
    // Name -> value in SPEC order: CRITICAL HIGH MEDIUM LOW INFO TOTAL IGNORED NEW_CRITICAL ... NEW_TOTAL.
    QList<std::pair<QString, int>> named() const;
};

struct OccurrenceRow
{
    qint64 id = 0;
    QString location;
    QString filePath;
    int line = 0;
    QString package;
    QString installedVersion;
    QString fixedVersion;
    Severity severity = Severity::Info;
    QString scannerSeverity;
    QString confidence;
    std::optional<double> score;
    QString message;
    QString snippet;
    QString fingerprint;
    bool suppressed = false;
    QString suppression; // the scanner's kind, status and justification
    QString raw;         // the entry as the scanner wrote it (JSON or XML)
};

// Whether an issue was in one scan of its variant and scanner (the issue's history there).
struct IssuePresence
{
    qint64 scan = 0;
    QDateTime at;
    bool present = false;
};

struct IssueDetails
{
    IssueRow row;
    QString kind;
    QString description;
    QString remediation;
    QStringList references;
    QStringList cwes;
    QString confidence;
    QString target;
    QString variant;
    // What the category was computed against: the baseline then in force ("main", "/^rel/",
    // empty: none) and the comparison scan, as recorded at the scan's import (or computed with
    // the baseline now, for a scan imported before schema 12).
    QString baseline;
    std::optional<qint64> comparisonScan;
    bool comparisonRecorded = false;
    QList<OccurrenceRow> occurrences;
    // Every scan of the variant and scanner of the scan shown, oldest first: where the issue came,
    // went (remediated) and came back (new again).
    QList<IssuePresence> presence;
    // presence as events for people: "new in scan 1 (2026-11-29)", "remediated in scan 3 (...)",
    // "back in scan 4 (...), new again"; consecutive scans that hold it are one event.
    QStringList presenceEvents() const;
};

// Read side of issues, shared by the command line and the console. Filtering, sorting and
// counting are SQL over the scans of a scope; nothing loads all rows to filter them in memory.
// Callable from any thread (each thread uses its own connection).
class IssueQuery
{
public:
    explicit IssueQuery(Database db) : m_db(std::move(db)) {}

    IssueScope scopeForVariant(qint64 targetId, const QString &variant, ScanTrust trust = ScanTrust::Any) const;
    IssueScope scopeForScan(qint64 scanId) const;
    IssueScope scopeForAll() const;

    QList<IssueRow> list(const IssueScope &scope, const IssueFilter &filter, const IssueSort &sort = {},
                         int offset = 0, int limit = -1) const;
    // The same rows, each handed over as it is read (`issues` streams a million of them).
    void forEach(const IssueScope &scope, const IssueFilter &filter, const IssueSort &sort,
                 const std::function<void(const IssueRow &)> &row, int offset = 0, int limit = -1) const;
    int count(const IssueScope &scope, const IssueFilter &filter) const;
    // Counts for the toggles: the filter's scanner and search apply, its severities and
    // exempted setting do not (the toggles show what each choice would give).
    SeverityCounts severityCounts(const IssueScope &scope, const IssueFilter &filter) const;
    // What severityCounts depends on, as text: two filters with the same key over unchanged data
    // give the same counts (a severity, Exempted or Category toggle need not count again).
    static QString countsKey(const IssueScope &scope, const IssueFilter &filter);
    OutputVariables outputVariables(const IssueScope &scope) const;
    // Every issue of a scan by severity, as the counts above read them (from the index
    // scan_issue_counts, not from the rows: GateEvidence checks the two agree).
    std::array<int, 5> severityTotals(qint64 scanId) const;
    QStringList scanners(const IssueScope &scope) const;
    // The groups of the issues the filter lets through (its own group ignored), the worst first,
    // with how many issues each holds.
    QList<IssueGroup> groups(const IssueScope &scope, IssueFilter filter, IssueGrouping by) const;

    // One issue as it stands in a scan (the latest scan holding it when scanId is 0).
    IssueDetails details(qint64 issueId, qint64 scanId = 0) const;

private:
    IssueRow rowIn(qint64 issueId, qint64 scanId) const; // NotFound when the scan does not hold it
    // extra: a further condition on the rows (a group's, decision 82), leaving matching rows.
    void forEachInOneQuery(const IssueScope &scope, const IssueFilter &filter, const IssueSort &sort,
                           const std::function<void(const IssueRow &)> &row, int offset, int limit,
                           const issuesql::RowCondition &extra = {},
                           std::optional<qint64> matching = std::nullopt) const;
    // A page in title or rule order (or severity, then title) read by walking the target's index
    // of that column (decision 80): false when the walk does not apply or could not fill the page
    // (the page is then read by sorting).
    bool pageByIndexWalk(const IssueScope &scope, const IssueFilter &filter, const IssueSort &sort,
                         const std::function<void(const IssueRow &)> &row, int offset, int limit,
                         const issuesql::RowCondition &extra = {},
                         std::optional<qint64> matching = std::nullopt) const;
    // A page in the order of a column of few values (scanner, occurrences, category, exemption,
    // review, assignee, notes), read one value's rows at a time (decision 82): each a page of the
    // severity order among them (walked), or, for the rare values of the triage and exemption
    // columns, read whole from their small tables. False when that does not apply.
    bool pageByGroups(const IssueScope &scope, const IssueFilter &filter, const IssueSort &sort,
                      const std::function<void(const IssueRow &)> &row, int offset, int limit) const;
    // How a search is narrowed through the search index (decision 78), decided once per scope
    // and text for this object (a count and its pages, or a page's severities, ask again).
    QString searchNarrowing(const IssueScope &scope, const IssueFilter &filter) const;

    static constexpr qint64 kMaxIndexWalk = 65536; // entries of an index a page walks at most

    Database m_db;
    mutable std::mutex m_narrowingLock;
    mutable QHash<QString, QString> m_narrowing; // scope and text -> the FTS5 query, or empty
};

} // namespace secreview
