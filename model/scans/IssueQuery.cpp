#include "model/scans/IssueQuery.h"

#include "model/core/Clock.h"
#include "model/core/Error.h"
#include "model/core/Text.h"
#include "model/scans/Catalog.h"
#include "model/scans/IssueSql.h"

namespace secreview {

using issuesql::appendRows;
using issuesql::isOneSeverity;
using issuesql::kRowColumnList;
using issuesql::kRowColumns;
using issuesql::orderBy;
using issuesql::readRow;
using issuesql::rowConditions;
using issuesql::rowSelect;
using issuesql::Sql;
using issuesql::whereSeverityAndExempted;

int SeverityCounts::total() const
{
    int sum = 0;
    for (int n : notExempted)
        sum += n;
    return sum;
}

int OutputVariables::total() const
{
    int sum = 0;
    for (int n : bySeverity)
        sum += n;
    return sum;
}

int OutputVariables::newTotal() const
{
    int sum = 0;
    for (int n : newBySeverity)
        sum += n;
    return sum;
}

QList<std::pair<QString, int>> OutputVariables::named() const
{
    QList<std::pair<QString, int>> out;
    for (Severity s : kSeveritiesDescending)
        out.append({severityName(s).toUpper(), bySeverity[size_t(s)]});
    out.append({QStringLiteral("TOTAL"), total()});
    out.append({QStringLiteral("IGNORED"), ignored});
    for (Severity s : kSeveritiesDescending)
        out.append({QStringLiteral("NEW_") + severityName(s).toUpper(), newBySeverity[size_t(s)]});
    out.append({QStringLiteral("NEW_TOTAL"), newTotal()});
    return out;
}

IssueScope IssueQuery::scopeForVariant(qint64 targetId, const QString &variant, ScanTrust trust) const
{
    const Catalog catalog(m_db);
    IssueScope scope;
    for (qint64 id : catalog.latestScans(targetId, variant, trust))
        scope.scans.append({id, catalog.comparisonScan(id)});
    return scope;
}

IssueScope IssueQuery::scopeForScan(qint64 scanId) const
{
    const Catalog catalog(m_db);
    catalog.scan(scanId); // NotFound
    IssueScope scope;
    scope.scans.append({scanId, catalog.comparisonScan(scanId)});
    return scope;
}

IssueScope IssueQuery::scopeForAll() const
{
    const Catalog catalog(m_db);
    IssueScope scope;
    for (qint64 id : catalog.allLatestScans())
        scope.scans.append({id, catalog.comparisonScan(id)});
    return scope;
}

void IssueQuery::forEach(const IssueScope &scope, const IssueFilter &filter, const IssueSort &sort,
                         const std::function<void(const IssueRow &)> &row, int offset, int limit) const
{
    if (scope.isEmpty())
        return;
    // In the severity order, a page is read one severity at a time (decision 76): each query then
    // reads and sorts that severity's rows only, not the whole scope's. Skipping whole severities
    // needs their counts: from the index when the filter is plain; otherwise only the first page
    // is split (a deeper page of a search or triage filter is read in one query).
    if (sort.column == IssueSortColumn::Severity && (offset <= 0 || issuesql::isPlain(filter))) {
        std::optional<issuesql::PlainCounts> counts;
        if (offset > 0)
            counts = issuesql::PlainCounts::read(m_db, scope);
        int skip = qMax(0, offset), wanted = limit;
        for (qsizetype k = 0; k < qsizetype(kSeveritiesDescending.size()) && wanted != 0; ++k) {
            const Severity s = kSeveritiesDescending[size_t(sort.descending ? k : 4 - k)];
            if (!filter.severities.isEmpty() && !filter.severities.contains(s))
                continue;
            if (counts) {
                const int n = counts->count({s}, filter.exempted, filter.category);
                if (skip >= n) {
                    skip -= n;
                    continue;
                }
            }
            IssueFilter one = filter;
            one.severities = {s};
            int read = 0;
            forEachInOneQuery(scope, one, sort,
                              [&](const IssueRow &r) {
                                  ++read;
                                  row(r);
                              },
                              skip, wanted);
            if (wanted > 0)
                wanted -= read;
            // Without counts (the first page) nothing was skipped; with them, the rest of this
            // severity was read from `skip` on.
            skip = 0;
        }
        return;
    }
    if (limit > 0 && pageByGroups(scope, filter, sort, row, offset, limit))
        return;
    forEachInOneQuery(scope, filter, sort, row, offset, limit);
}

void IssueQuery::forEachInOneQuery(const IssueScope &scope, const IssueFilter &filter, const IssueSort &sort,
                                   const std::function<void(const IssueRow &)> &row, int offset, int limit,
                                   const issuesql::RowCondition &extra, std::optional<qint64> matching) const
{
    if (limit > 0 && pageByIndexWalk(scope, filter, sort, row, offset, limit, extra, matching))
        return;
    Sql sql;
    appendRows(sql, m_db, scope, filter, searchNarrowing(scope, filter), extra);
    const QString where = whereSeverityAndExempted(sql, filter);
    const QString page = QStringLiteral(" LIMIT %1 OFFSET %2")
                             .arg(sql.bind(limit < 0 ? m_db.dialect().unlimited() : QVariant(limit)),
                                  sql.bind(qMax(0, offset)));
    if (limit < 0) {
        sql.text += kRowColumns + where + orderBy(sort) + page;
    } else {
        // A page: its rows chosen by the sort key alone, then only those read whole (decision 77):
        // the columns that cost a lookup each (assignee, notes, exemption) for a page, not for
        // every row of the scope.
        sql.text += QStringLiteral(", page AS (SELECT id AS page_id, scan_id AS page_scan FROM rows") + where +
                    orderBy(sort) + page + QStringLiteral(") ") + kRowColumnList +
                    // CROSS JOIN: SQLite keeps page the outer loop (a lookup per page row, not a
                    // scan of page per row of the scope).
                    QStringLiteral(" FROM page CROSS JOIN rows WHERE rows.id = page.page_id"
                                   " AND rows.scan_id = page.page_scan") +
                    orderBy(sort);
    }
    Query q = sql.prepare(m_db);
    q.exec();
    while (q.next())
        row(readRow(q));
}

bool IssueQuery::pageByIndexWalk(const IssueScope &scope, const IssueFilter &filter, const IssueSort &sort,
                                 const std::function<void(const IssueRow &)> &row, int offset, int limit,
                                 const issuesql::RowCondition &extra, std::optional<qint64> matching) const
{
    // SQLite (the indexes are a file's), and not a search the search index narrows (its few
    // matches are sorted faster than walked past). The severity order is by title within a
    // severity, a page of which holds one.
    const bool byRule = sort.column == IssueSortColumn::Rule;
    if (m_db.isServer() || filter.listsRemediated() || !searchNarrowing(scope, filter).isEmpty() ||
        !(byRule || sort.column == IssueSortColumn::Title ||
          (sort.column == IssueSortColumn::Severity && isOneSeverity(filter))))
        return false;
    const std::optional<qint64> target = issuesql::singleTarget(m_db, scope);
    if (!target)
        return false;
    // The walk meets the page's rows among the scope's others (and the target's issues outside
    // the scope): twice the share they should take (a plain filter's count is known), then eight
    // times more, then sorting.
    // A group's condition (decision 82) comes with how many rows it leaves.
    const qint64 wanted = qint64(qMax(0, offset)) + limit;
    qint64 entries = 8 * wanted;
    if (issuesql::isPlain(filter) && (!extra || matching)) {
        const issuesql::PlainCounts counts = issuesql::PlainCounts::read(m_db, scope);
        if (!extra)
            matching = counts.count(filter);
        if (*matching < wanted) // a page past the end: sorted as before
            return false;
        entries = 2 * wanted * ((counts.count({}, ExemptedFilter::Show) + *matching - 1) / *matching);
    }
    Sql sql;
    appendRows(sql, m_db, scope, filter);
    const QString where = whereSeverityAndExempted(sql, filter);
    const QString walked = sql.bind(entries); // bound again for each walk
    sql.text += issuesql::indexWalk(sql, rowSelect(), byRule ? QStringLiteral("rule") : QStringLiteral("title"),
                                    *target, walked, sort.column != IssueSortColumn::Severity && sort.descending) +
                rowConditions(sql, m_db, filter, {}) + (extra ? extra(sql) : QString()) +
                QStringLiteral("), page AS (SELECT id AS page_id, scan_id AS page_scan FROM walked") + where +
                orderBy(sort) + QStringLiteral(" LIMIT %1 OFFSET %2) ").arg(sql.bind(limit), sql.bind(qMax(0, offset))) +
                kRowColumnList +
                QStringLiteral(" FROM page CROSS JOIN rows WHERE rows.id = page.page_id AND rows.scan_id = page.page_scan") +
                orderBy(sort);
    std::optional<Query> q;
    for (; entries <= kMaxIndexWalk; entries *= 8) {
        QList<IssueRow> rows;
        try {
            if (!q)
                q.emplace(sql.prepare(m_db));
            q->bind(walked, entries).exec();
            while (q->next())
                rows.append(readRow(*q));
        } catch (const Error &) {
            return false; // the index is gone (`db check` says so): sorted as before
        }
        // Fewer rows: the walk ended before the page did (its entries held too few of the rows).
        if (rows.size() == limit) {
            for (const IssueRow &r : std::as_const(rows))
                row(r);
            return true;
        }
    }
    return false;
}

QString IssueQuery::searchNarrowing(const IssueScope &scope, const IssueFilter &filter) const
{
    const QString text = filter.search.trimmed();
    if (text.isEmpty())
        return {};
    QString key = text;
    for (const IssueScope::Entry &e : scope.scans)
        key += QStringLiteral("\x1f%1").arg(e.scanId);
    const std::lock_guard lock(m_narrowingLock);
    auto it = m_narrowing.constFind(key);
    if (it == m_narrowing.constEnd())
        it = m_narrowing.insert(key, issuesql::searchIndexMatch(m_db, scope, text));
    return *it;
}

QList<IssueRow> IssueQuery::list(const IssueScope &scope, const IssueFilter &filter, const IssueSort &sort,
                                 int offset, int limit) const
{
    QList<IssueRow> out;
    forEach(scope, filter, sort, [&out](const IssueRow &r) { out.append(r); }, offset, limit);
    return out;
}

int IssueQuery::count(const IssueScope &scope, const IssueFilter &filter) const
{
    if (scope.isEmpty())
        return 0;
    if (issuesql::isPlain(filter))
        return issuesql::PlainCounts::read(m_db, scope).count(filter);
    IssueFilter rest = filter;
    rest.category.reset();
    if (filter.category == IssueCategory::Remediated && filter.severities.isEmpty() && issuesql::isPlain(rest)) {
        // All of them: each comparison scan's issues minus the scan's common ones, from the
        // scans' counts (no exemption applies to what is gone: Only counts none).
        if (filter.exempted == ExemptedFilter::Only)
            return 0;
        const issuesql::PlainCounts counts = issuesql::PlainCounts::read(m_db, scope);
        int n = -counts.count({}, ExemptedFilter::Show, IssueCategory::Common);
        for (const IssueScope::Entry &e : scope.scans) {
            if (e.comparisonScanId)
                for (const int total : issuesql::severityTotals(m_db, *e.comparisonScanId))
                    n += total;
        }
        return n;
    }
    // Each row's exemption state is not asked for (a probe of ex per row, a third of a common
    // search's time at a million): the exempted are counted from the few exemptions, driven by
    // ex, and taken away.
    IssueFilter shown = filter;
    shown.exempted = ExemptedFilter::Show;
    const QString narrowing = searchNarrowing(scope, filter);
    const auto countRows = [&](const issuesql::RowCondition &extra) {
        Sql sql;
        appendRows(sql, m_db, scope, shown, narrowing, extra);
        sql.text += QStringLiteral("SELECT count(*) FROM rows") + whereSeverityAndExempted(sql, shown);
        return sql.prepare(m_db).scalar().toInt();
    };
    const int exempted = filter.exempted == ExemptedFilter::Show ? 0 : countRows(issuesql::approvedOnly);
    if (filter.exempted == ExemptedFilter::Only)
        return exempted;
    return countRows({}) - exempted;
}

SeverityCounts IssueQuery::severityCounts(const IssueScope &scope, const IssueFilter &asked) const
{
    SeverityCounts counts;
    if (scope.isEmpty())
        return counts;
    // The toggles count the scans' own issues, also while the remediated ones are listed with them.
    IssueFilter filter = asked;
    filter.withRemediated = false;
    if (issuesql::isPlain(filter)) {
        const issuesql::PlainCounts plain = issuesql::PlainCounts::read(m_db, scope);
        for (Severity s : kSeveritiesDescending)
            counts.notExempted[size_t(s)] = plain.count({s}, ExemptedFilter::Hide);
        counts.exempted = plain.count({}, ExemptedFilter::Only);
        return counts;
    }
    // All rows by severity, then the exempted among them (driven by the few exemptions): no
    // row's exemption state is computed (see count()). A count per severity in one pass, not a
    // GROUP BY: no sorter over a million rows.
    const QString narrowing = searchNarrowing(scope, filter);
    const auto bySeverity = [&](const issuesql::RowCondition &extra, int sign) {
        Sql sql;
        appendRows(sql, m_db, scope, filter, narrowing, extra);
        QStringList perSeverity;
        for (Severity s : kSeveritiesDescending)
            perSeverity.append(
                QStringLiteral("count(*) FILTER (WHERE severity = %1) AS s%2").arg(int(s)).arg(int(s)));
        sql.text +=
            QStringLiteral("SELECT %1, count(*) AS n FROM rows").arg(perSeverity.join(QStringLiteral(", ")));
        Query q = sql.prepare(m_db);
        q.exec();
        if (!q.next())
            return 0;
        for (Severity s : kSeveritiesDescending)
            counts.notExempted[size_t(s)] += sign * int(q.integer(QStringLiteral("s%1").arg(int(s))));
        return int(q.integer(u"n"));
    };
    bySeverity({}, 1);
    counts.exempted = bySeverity(issuesql::approvedOnly, -1);
    return counts;
}

QString IssueQuery::countsKey(const IssueScope &scope, const IssueFilter &filter)
{
    // Exactly the parts appendRows reads (scope, triage, group, scanner, search); not the
    // severities, Exempted or the category, which only whereSeverityAndExempted reads.
    QStringList parts;
    for (const IssueScope::Entry &e : scope.scans)
        parts.append(QStringLiteral("%1/%2").arg(e.scanId).arg(e.comparisonScanId.value_or(-1)));
    parts.append(scope.pipeline);
    parts.append(filter.reviewed ? QString::number(int(*filter.reviewed)) : QStringLiteral("-"));
    parts.append(filter.assignee);
    parts.append(filter.hasNotes ? QString::number(int(*filter.hasNotes)) : QStringLiteral("-"));
    parts.append(filter.group ? QStringLiteral("%1:%2").arg(int(filter.group->first)).arg(filter.group->second)
                              : QStringLiteral("-"));
    parts.append(filter.scanner);
    parts.append(filter.search.trimmed());
    QString key;
    for (const QString &p : std::as_const(parts))
        key += QString::number(p.size()) + QLatin1Char(':') + p; // no part can pass for two
    return key;
}

QList<IssueGroup> IssueQuery::groups(const IssueScope &scope, IssueFilter filter, IssueGrouping by) const
{
    if (scope.isEmpty())
        return {};
    filter.group.reset();
    Sql sql;
    appendRows(sql, m_db, scope, filter, searchNarrowing(scope, filter));
    const QString where = whereSeverityAndExempted(sql, filter);
    switch (by) {
    case IssueGrouping::Rule:
    case IssueGrouping::Cwe:
        sql.text += QStringLiteral("SELECT coalesce(%1, '') AS k, count(*) AS n, max(severity) AS worst FROM rows%2"
                                   " GROUP BY 1")
                        .arg(by == IssueGrouping::Rule ? QStringLiteral("rule") : QStringLiteral("cwe"), where);
        break;
    case IssueGrouping::File:
    case IssueGrouping::Package:
        sql.text += QStringLiteral("SELECT coalesce(o.%1, '') AS k, count(DISTINCT r.id) AS n, max(r.severity) AS worst"
                                   " FROM (SELECT id, scan_id, severity FROM rows%2) r LEFT JOIN occurrence o"
                                   " ON o.scan_id = r.scan_id AND o.issue_id = r.id GROUP BY 1")
                        .arg(by == IssueGrouping::File ? QStringLiteral("file_path") : QStringLiteral("package"), where);
        break;
    }
    sql.text += QStringLiteral(" ORDER BY worst DESC, n DESC, k");
    Query q = sql.prepare(m_db);
    q.exec();
    QList<IssueGroup> out;
    while (q.next())
        out.append({q.text(u"k"), int(q.integer(u"n")), q.severity(u"worst")});
    return out;
}

OutputVariables IssueQuery::outputVariables(const IssueScope &scope) const
{
    OutputVariables vars;
    if (scope.isEmpty())
        return vars;
    const issuesql::PlainCounts plain = issuesql::PlainCounts::read(m_db, scope);
    for (Severity s : kSeveritiesDescending) {
        vars.bySeverity[size_t(s)] = plain.count({s}, ExemptedFilter::Hide);
        vars.newBySeverity[size_t(s)] = plain.count({s}, ExemptedFilter::Hide, IssueCategory::New);
    }
    vars.ignored = plain.count({}, ExemptedFilter::Only);
    return vars;
}

std::array<int, 5> IssueQuery::severityTotals(qint64 scanId) const
{
    return issuesql::severityTotals(m_db, scanId);
}

QStringList IssueQuery::scanners(const IssueScope &scope) const
{
    if (scope.isEmpty())
        return {};
    Sql sql;
    QStringList ids;
    for (const IssueScope::Entry &e : scope.scans)
        ids.append(sql.bind(e.scanId));
    sql.text =
        QStringLiteral(
            "SELECT DISTINCT i.scanner AS scanner FROM scan_issue si JOIN issue i ON i.id = si.issue_id"
            " WHERE si.scan_id IN (%1) ORDER BY 1")
            .arg(ids.join(QStringLiteral(", ")));
    Query q = sql.prepare(m_db);
    q.exec();
    QStringList out;
    while (q.next())
        out.append(q.text(u"scanner"));
    return out;
}

IssueRow IssueQuery::rowIn(qint64 issueId, qint64 scanId) const
{
    const IssueScope scope = scopeForScan(scanId);
    Sql sql;
    appendRows(sql, m_db, scope, {});
    sql.text += kRowColumns + QStringLiteral(" WHERE id = %1").arg(sql.bind(issueId));
    Query rowQuery = sql.prepare(m_db);
    rowQuery.exec();
    if (!rowQuery.next())
        throw Error(ErrorKind::NotFound,
                    QStringLiteral("issue %1 is not in scan %2").arg(issueId).arg(scanId));
    return readRow(rowQuery);
}

} // namespace secreview
