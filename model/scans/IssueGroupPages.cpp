// Pages in the order of a column of few values, one value's rows at a time (decision 82).
#include "model/core/Error.h"
#include "model/scans/IssueQuery.h"
#include "model/scans/IssueSql.h"

#include <algorithm>
#include <limits>

namespace secreview {
namespace {

using issuesql::PlainCounts;
using issuesql::RowCondition;
using issuesql::Sql;

// The rows of one value of the sort column: a condition that leaves them and how many of each
// severity pass the filter (they are read as pages of the severity order), or the rows
// themselves, read whole and in the page's order.
struct Group
{
    RowCondition condition;
    std::array<qint64, 5> counts{};
    std::optional<QList<IssueRow>> rows;
};

// Rows of the triage and exemption columns' other values read whole at most; more are sorted as
// before (a team that reviewed most of a million issues).
constexpr qsizetype kMaxRare = 20000;

// The triage and exemption columns: the rows whose value is not the column's default (none, not
// reviewed, no one, no notes) named from the small tables that hold them.
QString rareRows(IssueSortColumn column)
{
    switch (column) {
    case IssueSortColumn::Exemption: // ranks 1-4: approved, pending, rejected, expired
        return QStringLiteral("(si.scan_id, si.issue_id) IN (SELECT scan_id, issue_id FROM ex WHERE ex_rank < 5)");
    case IssueSortColumn::Reviewed:
        return QStringLiteral("i.id IN (SELECT issue_id FROM issue_triage WHERE reviewed_by IS NOT NULL)");
    case IssueSortColumn::Assignee:
        return QStringLiteral("i.id IN (SELECT t.issue_id FROM issue_triage t JOIN app_user u ON u.id = t.assignee_id)");
    case IssueSortColumn::Notes:
        return QStringLiteral("i.id IN (SELECT issue_id FROM issue_note)");
    default:
        return {};
    }
}

// The same rows named from those tables (issue_id, scan_id), so that the query starts there: told
// only the condition, SQLite walks every row of the scope and tests it.
QString rareCandidates(IssueSortColumn column)
{
    const QString inScope = QStringLiteral("CROSS JOIN cmp CROSS JOIN scan_issue si WHERE si.scan_id = cmp.scan_id"
                                           " AND si.issue_id = t.issue_id");
    switch (column) {
    case IssueSortColumn::Exemption:
        return QStringLiteral("SELECT issue_id, scan_id FROM ex WHERE ex_rank < 5");
    case IssueSortColumn::Reviewed:
        return QStringLiteral("SELECT si.issue_id, si.scan_id FROM issue_triage t %1 AND t.reviewed_by IS NOT NULL")
            .arg(inScope);
    case IssueSortColumn::Assignee:
        return QStringLiteral("SELECT si.issue_id, si.scan_id FROM issue_triage t CROSS JOIN app_user u %1"
                              " AND u.id = t.assignee_id")
            .arg(inScope);
    case IssueSortColumn::Notes:
        return QStringLiteral("SELECT DISTINCT si.issue_id, si.scan_id FROM issue_note t %1").arg(inScope);
    default:
        return {};
    }
}

// The rows of the scope that candidates names, narrowed by the (plain) filter, in the sort's
// order, at most limit of them.
QList<IssueRow> readCandidates(const Database &db, const IssueScope &scope, const IssueFilter &filter,
                               const IssueSort &sort, const QString &candidates, qsizetype limit)
{
    Sql sql;
    issuesql::appendRows(sql, db, scope, filter);
    const QString where = issuesql::whereSeverityAndExempted(sql, filter);
    // CROSS JOIN: the candidates stay the outer loop, a lookup in rows each.
    sql.text += QStringLiteral(", candidate(page_id, page_scan) AS (%1) ").arg(candidates) + issuesql::kRowColumnList +
                QStringLiteral(" FROM candidate CROSS JOIN rows") + where +
                QStringLiteral(" AND rows.id = candidate.page_id AND rows.scan_id = candidate.page_scan") +
                issuesql::orderBy(sort) + QStringLiteral(" LIMIT %1").arg(sql.bind(limit));
    Query q = sql.prepare(db);
    q.exec();
    QList<IssueRow> out;
    while (q.next())
        out.append(issuesql::readRow(q));
    return out;
}

// A scan's issues of one scanner counted at most in a target of several (50,000 lookups, about
// 40 ms); a larger one is sorted by scanner as before.
constexpr qint64 kMaxScannerCheck = 50000;

// Whether a rare row's value sorts after the default one ("none" is between the exemption states).
bool afterDefault(IssueSortColumn column, const IssueRow &r)
{
    return column != IssueSortColumn::Exemption ||
           (r.exemption && exemptionStatusKey(*r.exemption) > QLatin1String("none"));
}

QString commonRow()
{
    return QStringLiteral("(cmp.cmp_id IS NOT NULL AND EXISTS (SELECT 1 FROM scan_issue c WHERE c.scan_id = cmp.cmp_id"
                          " AND c.issue_id = si.issue_id))");
}

QString valueColumn(IssueSortColumn column)
{
    return column == IssueSortColumn::Scanner ? QStringLiteral("i.scanner") : QStringLiteral("si.occurrences");
}

// The SQL order of two values of a column: text by its UTF-8 bytes (SQLite's BINARY), numbers.
bool valueLess(const QVariant &a, const QVariant &b)
{
    if (a.typeId() == QMetaType::QString || b.typeId() == QMetaType::QString)
        return a.toString().toUtf8() < b.toString().toUtf8();
    return a.toLongLong() < b.toLongLong();
}

using ValueCounts = QList<std::pair<QVariant, PlainCounts>>; // in the value's order

PlainCounts &countsOfValue(ValueCounts &counts, const QVariant &v)
{
    auto it = std::find_if(counts.begin(), counts.end(), [&v](const auto &p) { return p.first == v; });
    if (it == counts.end())
        it = counts.insert(counts.end(), {v, PlainCounts{}});
    return it->second;
}

// A scan's issues by value of the column (occurrences, scanner), severity and category, kept per
// process like PlainCounts (what a scan holds never changes once imported).
issuesql::ScanCache<ValueCounts> g_valueCounts(1024);

// From the indexes of schema 11, or nullopt (an index missing, or a scan of several scanners'
// issues, which would mean reading every row: those pages are sorted).
std::optional<ValueCounts> readValueCounts(const Database &db, const IssueScope::Entry &e, const QString &key,
                                           IssueSortColumn column)
{
    try {
        if (column == IssueSortColumn::Scanner) {
            // A scan is most often one tool's: its counts are then that scanner's. Its first issue
            // names the scanner; when the target holds others too, counting the scan's issues of
            // that scanner (the target's issues of it, each looked up in the scan) says whether
            // all of them are.
            Sql first;
            first.text = QStringLiteral("SELECT i.scanner AS scanner, i.target_id AS target_id FROM scan_issue si"
                                        " JOIN issue i ON i.id = si.issue_id WHERE si.scan_id = %1 LIMIT 1")
                             .arg(first.bind(e.scanId));
            Query q = first.prepare(db);
            q.exec();
            if (!q.next())
                return ValueCounts{};
            const QString scanner = q.text(u"scanner");
            const qint64 target = q.integer(u"target_id");
            PlainCounts counts;
            counts.all = issuesql::scanCounts(db, e, key);
            Sql others;
            others.text = QStringLiteral("SELECT count(*) FROM (SELECT DISTINCT scanner FROM issue INDEXED BY issue_by_scanner"
                                         " WHERE target_id = %1 AND scanner IS NOT NULL LIMIT 2)")
                              .arg(others.bind(target));
            if (others.prepare(db).scalar().toInt() > 1) {
                // As many lookups as the target has issues of that scanner: past kMaxScannerCheck
                // the page is sorted instead (as long as a sort, once for each sort).
                Sql issues;
                issues.text = QStringLiteral("SELECT count(*) FROM issue INDEXED BY issue_by_scanner WHERE target_id = %1"
                                             " AND scanner = %2 AND scanner IS NOT NULL")
                                  .arg(issues.bind(target), issues.bind(scanner));
                if (issues.prepare(db).scalar().toLongLong() > kMaxScannerCheck)
                    return std::nullopt;
                Sql held;
                held.text = QStringLiteral("SELECT count(*) FROM issue i INDEXED BY issue_by_scanner CROSS JOIN scan_issue si"
                                           " WHERE i.target_id = %1 AND i.scanner = %2 AND i.scanner IS NOT NULL"
                                           " AND si.scan_id = %3 AND si.issue_id = i.id")
                                .arg(held.bind(target), held.bind(scanner), held.bind(e.scanId));
                if (held.prepare(db).scalar().toLongLong() != counts.count({}, ExemptedFilter::Show))
                    return std::nullopt; // issues of several scanners (a log of several tools' runs)
            }
            return ValueCounts{{QVariant(scanner), counts}};
        }
        ValueCounts out;
        auto add = [&out](const Query &q, bool common) {
            auto &cell = countsOfValue(out, q.value(u"v")).all[size_t(q.severity(u"severity"))];
            const int n = int(q.integer(u"n"));
            if (common) { // counted as new by the first query
                cell[PlainCounts::kNew] -= n;
                cell[PlainCounts::kCommon] += n;
            } else {
                cell[PlainCounts::kNew] += n;
            }
        };
        Sql all;
        all.text = QStringLiteral("SELECT occurrences AS v, severity, count(*) AS n FROM scan_issue INDEXED BY"
                                  " scan_issue_by_occurrences WHERE scan_id = %1 AND occurrences IS NOT NULL"
                                  " AND severity IS NOT NULL GROUP BY 1, 2")
                       .arg(all.bind(e.scanId));
        Query q = all.prepare(db);
        q.exec();
        while (q.next())
            add(q, false);
        if (e.comparisonScanId) {
            Sql common;
            common.text =
                QStringLiteral("SELECT si.occurrences AS v, si.severity AS severity, count(*) AS n FROM scan_issue si"
                               " INDEXED BY scan_issue_by_occurrences WHERE si.scan_id = %1 AND si.occurrences IS NOT NULL"
                               " AND si.severity IS NOT NULL"
                               " AND EXISTS (SELECT 1 FROM scan_issue c WHERE c.scan_id = %2 AND c.issue_id = si.issue_id)"
                               " GROUP BY 1, 2")
                    .arg(common.bind(e.scanId), common.bind(*e.comparisonScanId));
            Query cq = common.prepare(db);
            cq.exec();
            while (cq.next())
                add(cq, true);
        }
        return out;
    } catch (const Error &) {
        return std::nullopt; // the index is gone (`db check` says so)
    }
}

// The scope's issues by value, merged over its scans, with the exempted few (read every time).
std::optional<ValueCounts> valueCounts(const Database &db, const IssueScope &scope, IssueSortColumn column)
{
    const QStringList keys = issuesql::scanKeys(db, scope);
    ValueCounts merged;
    for (qsizetype n = 0; n < scope.scans.size(); ++n) {
        const std::optional<ValueCounts> counts =
            g_valueCounts.get(keys.at(n) + QLatin1Char('\x1f') + valueColumn(column),
                              [&] { return readValueCounts(db, scope.scans.at(n), keys.at(n), column); });
        if (!counts)
            return std::nullopt;
        for (const auto &[v, c] : std::as_const(*counts)) {
            PlainCounts &m = countsOfValue(merged, v);
            for (size_t s = 0; s < m.all.size(); ++s)
                for (size_t k : {PlainCounts::kNew, PlainCounts::kCommon})
                    m.all[s][k] += c.all[s][k];
        }
    }
    Sql sql;
    sql.text = QStringLiteral("WITH cmp(scan_id, cmp_id) AS (VALUES %1), %2 SELECT %3 AS v, si.severity AS severity,"
                              " CASE WHEN %4 THEN 1 ELSE 0 END AS common, count(*) AS n FROM ex"
                              " JOIN cmp ON cmp.scan_id = ex.scan_id"
                              " JOIN scan_issue si ON si.scan_id = ex.scan_id AND si.issue_id = ex.issue_id"
                              " JOIN issue i ON i.id = si.issue_id WHERE ex.ex_rank = 1 GROUP BY 1, 2, 3")
                   .arg(issuesql::comparisonValues(sql, scope), issuesql::exemptionStates(sql, scope.pipeline),
                        valueColumn(column), commonRow());
    Query q = sql.prepare(db);
    q.exec();
    while (q.next())
        countsOfValue(merged, q.value(u"v")).exempted[size_t(q.severity(u"severity"))]
                                   [q.flag(u"common") ? PlainCounts::kCommon : PlainCounts::kNew] += int(q.integer(u"n"));
    std::sort(merged.begin(), merged.end(), [](const auto &a, const auto &b) { return valueLess(a.first, b.first); });
    return merged;
}

std::array<qint64, 5> countsOf(const PlainCounts &counts, const IssueFilter &filter,
                               std::optional<IssueCategory> category = std::nullopt)
{
    std::array<qint64, 5> out{};
    for (Severity s : kSeveritiesDescending)
        out[size_t(s)] = filter.severities.isEmpty() || filter.severities.contains(s)
                             ? counts.count({s}, filter.exempted, category ? category : filter.category)
                             : 0;
    return out;
}

// A search's or triage filter's rows of a value, not counted: as many as a page may take of
// each severity the filter shows.
std::array<qint64, 5> uncounted(const IssueFilter &filter)
{
    std::array<qint64, 5> out{};
    for (Severity s : kSeveritiesDescending)
        out[size_t(s)] = filter.severities.isEmpty() || filter.severities.contains(s)
                             ? std::numeric_limits<int>::max()
                             : 0;
    return out;
}

} // namespace

bool IssueQuery::pageByGroups(const IssueScope &scope, const IssueFilter &filter, const IssueSort &sort,
                              const std::function<void(const IssueRow &)> &row, int offset, int limit) const
{
    const IssueSortColumn column = sort.column;
    const QString rareCondition = rareRows(column);
    const bool rare = !rareCondition.isEmpty();
    if (!rare && column != IssueSortColumn::Category && column != IssueSortColumn::Scanner &&
        column != IssueSortColumn::Occurrences)
        return false;
    // The values' pages walk a target's title index (a file's). A search or triage filter has no
    // counts to skip by: its first page only is read a value at a time (as the severity order's
    // is), each value's severities read until the page is full; not by occurrences (values too
    // many to ask each).
    const bool counted = issuesql::isPlain(filter);
    if (m_db.isServer() || limit <= 0 || scope.isEmpty() ||
        (!counted && (offset > 0 || filter.listsRemediated() || column == IssueSortColumn::Occurrences)) ||
        !issuesql::singleTarget(m_db, scope))
        return false;
    const auto counts = [&](const auto &read, const auto &...by) {
        return counted ? countsOf(read(), filter, by...) : uncounted(filter);
    };
    const auto plain = [&] { return PlainCounts::read(m_db, scope); };

    QList<Group> groups; // in the page's order (the values' groups listed ascending, reversed below)
    if (rare) {
        // The other values' rows, few, read whole in the page's order; the default value's are
        // the rest.
        const QList<IssueRow> found = readCandidates(m_db, scope, filter, sort, rareCandidates(column), kMaxRare + 1);
        if (found.size() > kMaxRare)
            return false;
        Group before, rest, after;
        before.rows.emplace();
        after.rows.emplace();
        rest.counts = counts(plain);
        for (const IssueRow &r : std::as_const(found)) {
            --rest.counts[size_t(r.severity)];
            // Read in the page's order: before the default value's rows are the smaller values
            // (ascending) or the larger ones (descending).
            (afterDefault(column, r) != sort.descending ? after : before).rows->append(r);
        }
        rest.condition = [rareCondition](Sql &) -> QString { return QStringLiteral(" AND NOT ") + rareCondition; };
        groups = {before, rest, after};
    } else if (column == IssueSortColumn::Category) {
        std::optional<PlainCounts> read;
        const auto once = [&]() -> const PlainCounts & { return read ? *read : read.emplace(plain()); };
        for (IssueCategory category : {IssueCategory::Common, IssueCategory::New}) { // 'common' < 'new'
            if (filter.category && *filter.category != category)
                continue;
            Group g;
            g.counts = counts(once, category);
            const bool common = category == IssueCategory::Common;
            g.condition = [common](Sql &) -> QString {
                return (common ? QStringLiteral(" AND ") : QStringLiteral(" AND NOT ")) + commonRow();
            };
            groups.append(g);
        }
    } else {
        const QString expression = valueColumn(column);
        const std::optional<ValueCounts> values = valueCounts(m_db, scope, column);
        if (!values)
            return false;
        for (const auto &[value, valueCounts] : *values) {
            Group g;
            g.counts = counts([&c = valueCounts] { return c; }); // (clang 14 captures no binding)
            g.condition = [expression, v = value](Sql &sql) -> QString {
                return QStringLiteral(" AND %1 = %2").arg(expression, sql.bind(v));
            };
            groups.append(g);
        }
    }
    if (sort.descending && !rare)
        std::reverse(groups.begin(), groups.end());

    // Skip whole values and severities by their counts; read the rest a severity at a time, in the
    // severity order (severity, then title, id and scan ascending: the column's ties).
    qint64 skip = qMax(0, offset), wanted = limit;
    const IssueSort bySeverity{IssueSortColumn::Severity, true};
    for (const Group &g : std::as_const(groups)) {
        if (g.rows) {
            for (const IssueRow &r : *g.rows) {
                if (skip > 0) {
                    --skip;
                    continue;
                }
                row(r);
                if (--wanted == 0)
                    return true;
            }
            continue;
        }
        for (Severity s : kSeveritiesDescending) {
            const qint64 n = g.counts[size_t(s)];
            if (n <= 0)
                continue;
            if (skip >= n) {
                skip -= n;
                continue;
            }
            IssueFilter one = filter;
            one.severities = {s};
            const qint64 take = qMin(wanted, n - skip);
            qint64 read = 0;
            forEachInOneQuery(
                scope, one, bySeverity,
                [&](const IssueRow &r) {
                    ++read;
                    row(r);
                },
                int(skip), int(take), g.condition, counted ? std::optional<qint64>(n) : std::nullopt);
            wanted -= read;
            skip = 0;
            if (wanted <= 0)
                return true;
        }
    }
    return true; // the list ended before the page did
}

} // namespace secreview
