#pragma once

// The SQL that IssueQuery's statements share (internal to model/scans): named values, the scope's
// scans with their comparison scans, and each issue's exemption state; and the counts that need
// no row built (PlainCounts).

#include "model/core/Severity.h"
#include "model/scans/IssueQuery.h"
#include "model/store/Database.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>
#include <QVariant>
#include <array>
#include <functional>

namespace secreview::issuesql {

// Statement text and its values, bound by name (:v0, :v1...).
struct Sql
{
    QString text;
    QList<std::pair<QString, QVariant>> values;

    QString bind(const QVariant &value)
    {
        const QString name = QStringLiteral(":v%1").arg(values.size());
        values.append({name, value});
        return name;
    }
    Query prepare(const Database &db) const
    {
        Query q(db, text);
        for (const auto &[name, value] : values)
            q.bind(name, value);
        return q;
    }
};

// The scope as the rows of `cmp(scan_id, cmp_id)`: "(scan, comparison), ..." for VALUES.
QString comparisonValues(Sql &sql, const IssueScope &scope);

// The effective exemption state of each issue of the scope's scans, as `ex(scan_id, issue_id,
// ex_rank)`: an approved, unexpired rule in scope wins (1), then a pending request (2), then a
// rejected one (3), then an expired rule (4); 5 is an approved rule for chosen places that does
// not cover them all. Evaluated with the current time on every query, so an exemption stops
// exempting the moment it runs out. Computed from the exemptions (few) towards the issues they
// name, once per query, not as a subquery per row: at a million issues that was most of a
// count's time. An issue without a row in ex has none.
// Needs `cmp` defined before it.
QString exemptionStates(Sql &sql, const QString &pipeline);

// Whether a filter narrows only by severity, Exempted and category: then every count it asks for
// follows from PlainCounts, read from the covering index scan_issue_counts and the few exempted
// issues, instead of from every row of the scope (at a million issues, 0.1 s instead of 1.5 s).
bool isPlain(const IssueFilter &filter);

// A search narrowed through the trigram index (schema 9, SQLite): the FTS5 query that every
// issue containing the text also matches (one of its trigrams, quoted, that narrows alone, the
// likeliest first by a sample of the index; else all of them; the index folds case as LIKE does
// and more), or empty when the index would not narrow it: a server (no index), fewer than three
// characters (no trigram), or so many issues in the database holding the trigrams that reading
// the scope's rows is cheaper than looking those up one by one: a third of the scope's issue id
// span (its size or more, from two index seeks a scan), at most 150,000 (decision 78). LIKE
// still decides.
QString searchIndexMatch(const Database &db, const IssueScope &scope, const QString &text);

// The target of every scan of the scope, when they have one.
std::optional<qint64> singleTarget(const Database &db, const IssueScope &scope);

// `, walked AS NOT MATERIALIZED (<select> FROM <the first `entries` issues of the target in the
// order of column (title or rule), then id> ... WHERE ...` (left open for more conditions): the
// scope's rows of those issues, through the file's index issue_by_<column> (decision 80). The
// first rows of the list in that order are the first of these whenever they hold enough of them.
// entries is a placeholder, bound by the caller for each walk.
QString indexWalk(Sql &sql, const QString &select, const QString &column, qint64 targetId, const QString &entries,
                  bool descending);

// Every issue of a scan by severity, read from the partial covering index scan_issue_counts.
std::array<int, 5> severityTotals(const Database &db, qint64 scanId);

// For each scan of the scope, what names its rows for a cache kept per process: the database,
// the scan (id, import time, file digest) and its comparison scan. A scan's rows never change
// after its import (a server refuses it; the gate checks a file's against the seal).
QStringList scanKeys(const Database &db, const IssueScope &scope);

// What is read once per process of a scan's rows (by scanKeys' key): its counts by severity,
// by occurrences, by scanner. Read outside the lock; emptied when it holds too many.
template <typename T> class ScanCache
{
public:
    explicit ScanCache(qsizetype capacity) : m_capacity(capacity) {}
    // The kept value, else read(), kept when it is a value (an optional that is empty is not).
    template <typename F> auto get(const QString &key, F &&read)
    {
        {
            const QMutexLocker lock(&m_mutex);
            if (const auto it = m_values.constFind(key); it != m_values.cend())
                return decltype(read())(*it);
        }
        auto value = read();
        if constexpr (std::is_same_v<decltype(value), std::optional<T>>) {
            if (!value)
                return value;
        }
        const QMutexLocker lock(&m_mutex);
        if (m_values.size() >= m_capacity)
            m_values.clear();
        if constexpr (std::is_same_v<decltype(value), std::optional<T>>)
            m_values.insert(key, *value);
        else
            m_values.insert(key, value);
        return value;
    }

private:
    QMutex m_mutex;
    QHash<QString, T> m_values;
    qsizetype m_capacity;
};

// One scan's issues by severity, and those also in its comparison scan (PlainCounts::all of
// that scan alone), kept per process under key (scanKeys).
using ScanCounts = std::array<std::array<int, 2>, 5>;
ScanCounts scanCounts(const Database &db, const IssueScope::Entry &scan, const QString &key);

// The scope's issues per severity and category: all of them, and those an approved, unexpired
// exemption covers (the rows' exemption 'approved').
struct PlainCounts
{
    static constexpr size_t kNew = 0, kCommon = 1;
    std::array<std::array<int, 2>, 5> all{};      // [severity][category]
    std::array<std::array<int, 2>, 5> exempted{}; // [severity][category]

    static PlainCounts read(const Database &db, const IssueScope &scope);
    // What IssueQuery::count gives for a plain filter.
    int count(const IssueFilter &filter) const;
    // The same for the filter's three parts (no severities: all).
    int count(const QList<Severity> &severities, ExemptedFilter exempted,
              std::optional<IssueCategory> category = std::nullopt) const;
};

// --- The rows of the list (IssueQuery's pages and counts, IssueGroupPages) ---------------------

// The columns of a row of the list: the issue in a scan (si), its category and exemption state.
QString rowSelect(const QString &category = {}); // category: the expression; default new or common
// The filter is one severity (a single toggle on, or a page of the severity order).
bool isOneSeverity(const IssueFilter &filter);
// The conditions on a row of si, i and tr that narrow the list by one severity, triage, group,
// scanner and search (the filters the toggle counts honour), each " AND ...".
QString rowConditions(Sql &sql, const Database &db, const IssueFilter &filter, const QString &searchNarrowing);
// WITH cmp(...), ex(...), rows AS (...): one row per issue of the scope's scans, with its
// category and exemption state, narrowed by rowConditions and extra.
void appendRows(Sql &sql, const Database &db, const IssueScope &scope, const IssueFilter &filter,
                const QString &searchNarrowing = {}, const RowCondition &extra = {});
// " AND ...": the row's issue has an approved exemption in force (exemption = 'approved'),
// looked up from ex's few rows rather than asked of every row (an extra of appendRows).
QString approvedOnly(Sql &sql);
// " WHERE ..." on the rows' severity, category and exemption.
QString whereSeverityAndExempted(Sql &sql, const IssueFilter &filter);
// " ORDER BY ...": the sort, made total (id, scan).
QString orderBy(const IssueSort &sort);
IssueRow readRow(const Query &q);
extern const QString kRowColumnList; // "SELECT id, scan_id, ..." of rows
extern const QString kRowColumns;    // the same FROM rows

} // namespace secreview::issuesql
