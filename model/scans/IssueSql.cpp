#include "model/scans/IssueSql.h"

#include "model/core/Clock.h"
#include "model/core/Error.h"
#include "model/core/Text.h"

#include <QHash>

#include <algorithm>
#include <limits>
#include <vector>

namespace secreview::issuesql {

QString comparisonValues(Sql &sql, const IssueScope &scope)
{
    QStringList values;
    for (const IssueScope::Entry &e : scope.scans) {
        // Typed: a server infers a bare parameter in VALUES as text.
        values.append(QStringLiteral("(CAST(%1 AS BIGINT), CAST(%2 AS BIGINT))")
                          .arg(sql.bind(e.scanId),
                               sql.bind(e.comparisonScanId ? QVariant(*e.comparisonScanId)
                                                           : QVariant(QMetaType::fromType<qlonglong>()))));
    }
    return values.join(QStringLiteral(", "));
}

QString exemptionStates(Sql &sql, const QString &pipeline)
{
    const QString now = sql.bind(Clock::nowMs());
    const QString context =
        sql.bind(pipeline.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(pipeline));
    // An occurrence-level exemption exempts the issue in a scan only when it covers every
    // occurrence there: a new place of the same finding is not waved through. CROSS JOIN keeps
    // SQLite's join order (from the exemptions); a server plans it as an inner join.
    return QStringLiteral(
               "ex(scan_id, issue_id, ex_rank) AS (SELECT si.scan_id, si.issue_id,"
               " MIN(CASE WHEN e.status = 'approved' AND (e.expires_at IS NULL OR e.expires_at > %1)"
               " AND (e.occurrence_level = 0 OR NOT EXISTS (SELECT 1 FROM occurrence o"
               "  WHERE o.scan_id = si.scan_id AND o.issue_id = si.issue_id AND NOT EXISTS (SELECT 1"
               "  FROM exemption_occurrence eo WHERE eo.exemption_id = e.id AND eo.fingerprint = "
               "o.fingerprint)))"
               " THEN 1 WHEN e.status = 'pending' THEN 2 WHEN e.status = 'rejected' THEN 3"
               " WHEN e.expires_at IS NOT NULL AND e.expires_at <= %1 THEN 4 ELSE 5 END)"
               " FROM exemption e CROSS JOIN issue i CROSS JOIN cmp CROSS JOIN scan_issue si CROSS JOIN scan s"
               " CROSS JOIN target t CROSS JOIN project p"
               " WHERE e.status IN ('pending', 'approved', 'rejected') AND i.scanner = e.scanner"
               " AND i.issue_key = e.issue_key AND si.scan_id = cmp.scan_id AND si.issue_id = i.id"
               " AND s.id = si.scan_id AND t.id = i.target_id AND p.id = t.project_id"
               " AND ((e.scope = 'target' AND e.target_id = i.target_id)"
               " OR (e.scope = 'project' AND e.project_id = t.project_id)"
               " OR (e.scope = 'organization' AND e.organization_id = p.organization_id)"
               " OR (e.scope = 'pipeline' AND e.project_id = t.project_id"
               " AND (e.pipeline_identifier = s.pipeline_identifier OR e.pipeline_identifier = %2)))"
               " GROUP BY si.scan_id, si.issue_id)")
        .arg(now, context);
}

QString searchIndexMatch(const Database &db, const IssueScope &scope, const QString &text)
{
    if (db.isServer() || scope.isEmpty())
        return {};
    const QList<uint> codePoints = text.toUcs4();
    QStringList trigrams;
    for (qsizetype i = 0; i + 3 <= codePoints.size(); ++i) {
        QString trigram = QString::fromUcs4(reinterpret_cast<const char32_t *>(codePoints.constData() + i), 3);
        const QString quoted =
            QLatin1Char('"') + trigram.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
        if (!trigrams.contains(quoted))
            trigrams.append(quoted);
    }
    if (trigrams.isEmpty())
        return {};
    // Each scan's issue id span (two index seeks a scan).
    Sql spans;
    QStringList scans;
    for (const IssueScope::Entry &e : scope.scans)
        scans.append(QStringLiteral("(%1)").arg(spans.bind(e.scanId)));
    spans.text = QStringLiteral(
                     "WITH s(id) AS (VALUES %1) SELECT (SELECT min(issue_id) FROM scan_issue WHERE scan_id ="
                     " s.id) AS lo, (SELECT max(issue_id) FROM scan_issue WHERE scan_id = s.id) AS hi FROM s")
                     .arg(scans.join(QStringLiteral(", ")));
    Query sq = spans.prepare(db);
    sq.exec();
    qint64 span = 0, lo = std::numeric_limits<qint64>::max(), hi = std::numeric_limits<qint64>::min();
    while (sq.next()) {
        if (sq.isNull(u"lo"))
            continue;
        span += sq.integer(u"hi") - sq.integer(u"lo") + 1;
        lo = qMin(lo, sq.integer(u"lo"));
        hi = qMax(hi, sq.integer(u"hi"));
    }
    const qint64 worthNarrowing = qMin<qint64>(150000, span / 3);
    if (worthNarrowing < 1)
        return {};
    // Both statements below are prepared once and asked for each candidate.
    Query holding(
        db, QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM issue_search WHERE issue_search MATCH :m"
                           " LIMIT %1)")
                .arg(worthNarrowing));
    const auto narrows = [&](const QString &match) {
        return holding.bind(QStringLiteral(":m"), match).scalar().toLongLong() < worthNarrowing;
    };
    // Every statement of the search reads the match again, and each trigram of it costs a pass
    // over the issues holding it (a common one: nearly all). When one trigram alone narrows
    // enough, it is the match (LIKE decides in any case), else all of them together if they
    // narrow. Which narrows is estimated from a sample (three windows of ids across the scope:
    // a seek and a few thousand issues each, where counting each trigram up to what narrows
    // cost 7 ms apiece at a million issues), and confirmed by counting, the likeliest first; what
    // the sample says holds in far more than narrows is not counted. An estimate only ever costs
    // time, never a match.
    constexpr qint64 kWindow = 2000;
    const bool sampled = hi - lo + 1 >= 3 * kWindow;
    Sql sample;
    const QString match = sample.bind(QString());
    QStringList windows;
    for (const qint64 at : {lo + (hi - lo) / 6, lo + (hi - lo) / 2, lo + (hi - lo) * 5 / 6})
        windows.append(QStringLiteral("(SELECT count(*) FROM issue_search WHERE issue_search MATCH %1"
                                      " AND rowid BETWEEN %2 AND %3)")
                           .arg(match, sample.bind(at), sample.bind(at + kWindow - 1)));
    sample.text = QStringLiteral("SELECT ") + windows.join(QStringLiteral(" + "));
    Query sampling = sample.prepare(db);
    const auto inSample = [&](const QString &candidate) {
        return sampled ? sampling.bind(match, candidate).scalar().toLongLong() : qint64(0);
    };
    const auto farTooCommon = [&](qint64 n) {
        return double(n) / double(3 * kWindow) * double(span) > 2.0 * double(worthNarrowing);
    };
    if (trigrams.size() > 1) {
        std::vector<std::pair<qint64, QString>> likeliest;
        for (const QString &t : std::as_const(trigrams))
            likeliest.emplace_back(inSample(t), t);
        std::stable_sort(likeliest.begin(), likeliest.end(),
                         [](const auto &a, const auto &b) { return a.first < b.first; });
        for (const auto &[n, t] : likeliest) {
            if (farTooCommon(n))
                break;
            if (narrows(t))
                return t;
        }
    }
    const QString all = trigrams.join(QStringLiteral(" AND "));
    return !farTooCommon(inSample(all)) && narrows(all) ? all : QString();
}

bool isPlain(const IssueFilter &filter)
{
    return !filter.reviewed && filter.assignee.isEmpty() && !filter.hasNotes && !filter.group &&
           filter.scanner.isEmpty() && filter.search.isEmpty() && !filter.listsRemediated();
}

std::optional<qint64> singleTarget(const Database &db, const IssueScope &scope)
{
    Sql sql;
    QStringList ids;
    for (const IssueScope::Entry &e : scope.scans)
        ids.append(sql.bind(e.scanId));
    sql.text = QStringLiteral("SELECT DISTINCT target_id FROM scan WHERE id IN (%1)").arg(ids.join(QStringLiteral(", ")));
    Query q = sql.prepare(db);
    q.exec();
    std::optional<qint64> target;
    while (q.next()) {
        if (target)
            return std::nullopt;
        target = q.integer(u"target_id");
    }
    return target;
}

QString indexWalk(Sql &sql, const QString &select, const QString &column, qint64 targetId, const QString &entries,
                  bool descending)
{
    const QString dir = descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    // CROSS JOIN keeps the walk the outer loop: an issue, then its rows in the scope's scans.
    return QStringLiteral(", walked AS NOT MATERIALIZED (%1 FROM (SELECT id AS walk_id FROM issue INDEXED BY"
                          " issue_by_%2 WHERE target_id = %3 ORDER BY %2 %4, id %4 LIMIT %5) w CROSS JOIN"
                          " issue i CROSS JOIN cmp JOIN scan_issue si ON si.scan_id = cmp.scan_id AND si.issue_id = i.id"
                          " LEFT JOIN issue_triage tr ON tr.issue_id = i.id WHERE i.id = w.walk_id")
        .arg(select, column, sql.bind(targetId), dir, entries);
}

std::array<int, 5> severityTotals(const Database &db, qint64 scanId)
{
    // Grouped in the order of scan_issue_counts, so that the database only walks the index.
    Sql sql;
    sql.text = QStringLiteral("SELECT severity, count(*) AS n FROM scan_issue WHERE scan_id = %1"
                              " AND severity IS NOT NULL GROUP BY severity") // the index's condition
                   .arg(sql.bind(scanId));
    Query q = sql.prepare(db);
    q.exec();
    std::array<int, 5> totals{};
    while (q.next())
        totals[size_t(q.severity(u"severity"))] += int(q.integer(u"n"));
    return totals;
}

namespace {

// A scan's issues by severity, and those also in its comparison scan (common).
ScanCounts readScanCounts(const Database &db, qint64 scanId, std::optional<qint64> comparisonScanId)
{
    ScanCounts counts{};
    const std::array<int, 5> totals = severityTotals(db, scanId);
    for (size_t s = 0; s < totals.size(); ++s)
        counts[s][PlainCounts::kNew] = totals[s];
    if (!comparisonScanId)
        return counts;
    Sql common;
    common.text = QStringLiteral("SELECT si.severity AS severity, count(*) AS n FROM scan_issue si"
                                 " WHERE si.scan_id = %1 AND si.severity IS NOT NULL AND EXISTS (SELECT 1 FROM scan_issue c"
                                 " WHERE c.scan_id = %2 AND c.issue_id = si.issue_id) GROUP BY si.severity")
                      .arg(common.bind(scanId), common.bind(*comparisonScanId));
    Query cq = common.prepare(db);
    cq.exec();
    while (cq.next()) {
        const size_t s = size_t(cq.severity(u"severity"));
        const int n = int(cq.integer(u"n"));
        counts[s][PlainCounts::kNew] -= n;
        counts[s][PlainCounts::kCommon] += n;
    }
    return counts;
}

// What a scan holds never changes once imported (its rows are written by its import only: a
// server refuses any other write, and the gate checks a file's against the seal before it counts,
// from the rows), yet the console counted them again on every toggle: 65 ms at a million issues.
// Kept per process by database, scan and comparison scan, each scan named by its id, import time
// and file digest (a file replaced under the same path holds other scans under the same ids).
ScanCache<ScanCounts> g_scanCounts(4096);

} // namespace

QStringList scanKeys(const Database &db, const IssueScope &scope)
{
    Sql named;
    QStringList ids;
    for (const IssueScope::Entry &e : scope.scans) {
        ids.append(named.bind(e.scanId));
        if (e.comparisonScanId)
            ids.append(named.bind(*e.comparisonScanId));
    }
    named.text = QStringLiteral("SELECT id, imported_at, file_sha256 FROM scan WHERE id IN (%1)")
                     .arg(ids.join(QStringLiteral(", ")));
    QHash<qint64, QString> identity;
    Query q = named.prepare(db);
    q.exec();
    while (q.next())
        identity.insert(q.integer(u"id"), QStringLiteral("%1/%2/%3")
                                              .arg(q.integer(u"id"))
                                              .arg(q.integer(u"imported_at"))
                                              .arg(q.text(u"file_sha256")));
    QStringList keys;
    for (const IssueScope::Entry &e : scope.scans)
        keys.append(db.location() + QLatin1Char('\x1f') + identity.value(e.scanId) + QLatin1Char('\x1f') +
                    (e.comparisonScanId ? identity.value(*e.comparisonScanId) : QString()));
    return keys;
}

ScanCounts scanCounts(const Database &db, const IssueScope::Entry &scan, const QString &key)
{
    return g_scanCounts.get(key, [&] { return readScanCounts(db, scan.scanId, scan.comparisonScanId); });
}

PlainCounts PlainCounts::read(const Database &db, const IssueScope &scope)
{
    PlainCounts c;
    if (scope.isEmpty())
        return c;
    const QStringList keys = scanKeys(db, scope);
    for (qsizetype n = 0; n < scope.scans.size(); ++n) {
        const ScanCounts counts = scanCounts(db, scope.scans.at(n), keys.at(n));
        for (size_t s = 0; s < counts.size(); ++s)
            for (size_t k : {kNew, kCommon})
                c.all[s][k] += counts[s][k];
    }
    // The exempted few, from the exemptions towards the issues they name (read every time: an
    // exemption changes, and runs out).
    Sql sql;
    sql.text = QStringLiteral("WITH cmp(scan_id, cmp_id) AS (VALUES %1), %2"
                              " SELECT si.severity AS severity, CASE WHEN cmp.cmp_id IS NOT NULL AND EXISTS"
                              " (SELECT 1 FROM scan_issue c WHERE c.scan_id = cmp.cmp_id AND c.issue_id = si.issue_id)"
                              " THEN 1 ELSE 0 END AS common, count(*) AS n FROM ex"
                              " JOIN cmp ON cmp.scan_id = ex.scan_id"
                              " JOIN scan_issue si ON si.scan_id = ex.scan_id AND si.issue_id = ex.issue_id"
                              " WHERE ex.ex_rank = 1 GROUP BY 1, 2")
                   .arg(comparisonValues(sql, scope), exemptionStates(sql, scope.pipeline));
    Query q = sql.prepare(db);
    q.exec();
    while (q.next())
        c.exempted[size_t(q.severity(u"severity"))][q.flag(u"common") ? kCommon : kNew] += int(q.integer(u"n"));
    return c;
}

int PlainCounts::count(const IssueFilter &filter) const
{
    return count(filter.severities, filter.exempted, filter.category);
}

int PlainCounts::count(const QList<Severity> &severities, ExemptedFilter exemptedFilter,
                       std::optional<IssueCategory> category) const
{
    int n = 0;
    for (Severity s : kSeveritiesDescending) {
        if (!severities.isEmpty() && !severities.contains(s))
            continue;
        for (size_t c : {kNew, kCommon}) {
            if (category && (*category == IssueCategory::New) != (c == kNew))
                continue;
            const int issues = all[size_t(s)][c], ex = exempted[size_t(s)][c];
            switch (exemptedFilter) {
            case ExemptedFilter::Hide:
                n += issues - ex;
                break;
            case ExemptedFilter::Show:
                n += issues;
                break;
            case ExemptedFilter::Only:
                n += ex;
                break;
            }
        }
    }
    return n;
}

// --- The rows of the list ------------------------------------------------------------------

// The columns of a row of the list: the issue in a scan (si), its category and exemption state.
QString rowSelect(const QString &category)
{
    return QStringLiteral(
               "SELECT i.id AS id, si.scan_id AS scan_id, i.issue_key AS issue_key, i.scanner AS scanner, i.rule AS rule,"
               " i.title AS title, si.severity AS severity, si.score AS score,"
               " si.scanner_severity AS scanner_severity, si.occurrences AS occurrences, ") +
           (category.isEmpty() ? QStringLiteral("CASE WHEN cmp.cmp_id IS NOT NULL AND EXISTS (SELECT 1 FROM scan_issue c"
                                                " WHERE c.scan_id = cmp.cmp_id AND c.issue_id = si.issue_id) THEN 'common'"
                                                " ELSE 'new' END")
                               : category) +
           QStringLiteral(
        " AS category, CASE WHEN tr.reviewed_by IS NULL THEN 0 ELSE 1 END AS reviewed,"
        " (SELECT u.name FROM app_user u WHERE u.id = tr.assignee_id) AS assignee,"
        " (SELECT COUNT(*) FROM issue_note n WHERE n.issue_id = i.id) AS notes, i.cwe AS cwe,"
        // The IN is one lookup in an index built once; the rank is read for the few
        // issues that have one (a join would scan ex for every row).
        " CASE WHEN (si.scan_id, si.issue_id) IN (SELECT scan_id, issue_id FROM ex) THEN"
        " (SELECT CASE ex.ex_rank WHEN 1 THEN 'approved' WHEN 2 THEN 'pending' WHEN 3 THEN 'rejected'"
        " WHEN 4 THEN 'expired' ELSE 'none' END FROM ex WHERE ex.scan_id = si.scan_id"
        " AND ex.issue_id = si.issue_id) ELSE 'none' END AS exemption");
}

// One severity (a single toggle on, or forEach's page of the severity order): only its rows,
// read through scan_issue_counts (whose condition the second term states).
bool isOneSeverity(const IssueFilter &filter)
{
    return filter.severities.size() == 1 &&
           severityFromLevel(int(filter.severities.first())) == filter.severities.first(); // not "none shown"
}

QString oneSeverity(Sql &sql, const IssueFilter &filter)
{
    if (!isOneSeverity(filter))
        return {};
    return QStringLiteral(" AND si.severity = %1 AND si.severity IS NOT NULL").arg(sql.bind(int(filter.severities.first())));
}

// The conditions on a row of si, i and tr that narrow the list by one severity, triage, group,
// scanner and search (the filters that the toggle counts honour), each " AND ...".
QString rowConditions(Sql &sql, const Database &db, const IssueFilter &filter, const QString &searchNarrowing)
{
    const SqlDialect &dialect = db.dialect();
    QString where = oneSeverity(sql, filter);
    if (filter.reviewed)
        where += *filter.reviewed ? QStringLiteral(" AND tr.reviewed_by IS NOT NULL")
                                  : QStringLiteral(" AND tr.reviewed_by IS NULL");
    if (!filter.assignee.isEmpty())
        where += QStringLiteral(" AND tr.assignee_id IN (SELECT u.id FROM app_user u WHERE lower(u.name) = lower(%1))")
                     .arg(sql.bind(filter.assignee));
    if (filter.hasNotes)
        where += QStringLiteral(" AND %1 EXISTS (SELECT 1 FROM issue_note n WHERE n.issue_id = i.id)")
                     .arg(*filter.hasNotes ? QString() : QStringLiteral("NOT"));
    if (filter.group) {
        const QString key = sql.bind(filter.group->second);
        switch (filter.group->first) {
        case IssueGrouping::Rule:
            where += QStringLiteral(" AND i.rule = %1").arg(key);
            break;
        case IssueGrouping::Cwe:
            where += QStringLiteral(" AND coalesce(i.cwe, '') = %1").arg(key);
            break;
        case IssueGrouping::File:
        case IssueGrouping::Package:
            where += QStringLiteral(" AND EXISTS (SELECT 1 FROM occurrence o WHERE o.scan_id = si.scan_id"
                                    " AND o.issue_id = si.issue_id AND coalesce(o.%1, '') = %2)")
                         .arg(filter.group->first == IssueGrouping::File ? QStringLiteral("file_path")
                                                                         : QStringLiteral("package"),
                              key);
            break;
        }
    }
    if (!filter.scanner.isEmpty())
        where += QStringLiteral(" AND i.scanner = %1").arg(sql.bind(filter.scanner));
    requireAtMost(filter.search, IssueFilter::kMaxSearch, QStringLiteral("the search"));
    if (!filter.search.trimmed().isEmpty()) {
        if (!searchNarrowing.isEmpty())
            where += QStringLiteral(" AND i.id IN (SELECT rowid FROM issue_search WHERE issue_search MATCH %1)")
                         .arg(sql.bind(searchNarrowing));
        const QString like =
            sql.bind(SqlDialect::likePattern(filter.search.trimmed())) + dialect.likeEscape();
        where += QStringLiteral(" AND (i.title %2 %1 OR i.rule %2 %1 OR i.issue_key %2 %1"
                                " OR i.description %2 %1)")
                     .arg(like, dialect.caseInsensitiveLike());
    }
    return where;
}

// WITH cmp(...), rows AS (...): one row per issue of the scope's scans, with its category and
// exemption state, narrowed by rowConditions (and a group's condition, decision 82).
void appendRows(Sql &sql, const Database &db, const IssueScope &scope, const IssueFilter &filter,
                const QString &searchNarrowing, const RowCondition &extra)
{
    sql.text += QStringLiteral("WITH cmp(scan_id, cmp_id) AS (VALUES %1), %2, rows AS NOT MATERIALIZED (")
                    .arg(comparisonValues(sql, scope), exemptionStates(sql, scope.pipeline));
    const bool current = filter.category != IssueCategory::Remediated;
    if (current) {
        sql.text += rowSelect() +
                    QStringLiteral(" FROM cmp JOIN scan_issue si ON si.scan_id = cmp.scan_id JOIN issue i ON i.id ="
                                   " si.issue_id LEFT JOIN issue_triage tr ON tr.issue_id = i.id WHERE 1 = 1") +
                    rowConditions(sql, db, filter, searchNarrowing) + (extra ? extra(sql) : QString());
    }
    if (filter.listsRemediated()) {
        // The comparison scan's issues that the scan no longer has, as they were there (its
        // severity and occurrences; scan_id names it: where the issue was last seen). No
        // exemption applies to what is gone: the rows' exemption reads 'none'.
        sql.text += (current ? QStringLiteral(" UNION ALL ") : QString()) + rowSelect(QStringLiteral("'remediated'")) +
                    QStringLiteral(" FROM cmp JOIN scan_issue si ON si.scan_id = cmp.cmp_id JOIN issue i ON i.id ="
                                   " si.issue_id LEFT JOIN issue_triage tr ON tr.issue_id = i.id WHERE NOT EXISTS"
                                   " (SELECT 1 FROM scan_issue cur WHERE cur.scan_id = cmp.scan_id"
                                   " AND cur.issue_id = si.issue_id)") +
                    rowConditions(sql, db, filter, searchNarrowing) + (extra ? extra(sql) : QString());
    }
    sql.text += QStringLiteral(") ");
}

QString approvedOnly(Sql &)
{
    // Not a remediated row (si is then the comparison scan's, cmp_id): those read 'none'.
    return QStringLiteral(
        " AND si.scan_id = cmp.scan_id"
        " AND (si.scan_id, si.issue_id) IN (SELECT scan_id, issue_id FROM ex WHERE ex_rank = 1)");
}

QString whereSeverityAndExempted(Sql &sql, const IssueFilter &filter)
{
    QString where = QStringLiteral(" WHERE 1 = 1");
    if (!filter.severities.isEmpty()) {
        QStringList in;
        for (Severity s : filter.severities)
            in.append(sql.bind(int(s)));
        where += QStringLiteral(" AND severity IN (%1)").arg(in.join(QStringLiteral(", ")));
    }
    if (filter.category)
        where += QStringLiteral(" AND category = %1").arg(sql.bind(issueCategoryKey(*filter.category)));
    if (filter.exempted == ExemptedFilter::Hide)
        where += QStringLiteral(" AND exemption <> 'approved'");
    else if (filter.exempted == ExemptedFilter::Only)
        where += QStringLiteral(" AND exemption = 'approved'");
    return where;
}

QString orderBy(const IssueSort &sort)
{
    const QString dir = sort.descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    // A column of few values breaks its ties as the severity order does (severity, then title, id
    // and scan ascending): a page of one of its values is then a page of the severity order
    // among that value's rows, which walks the title index (decision 82).
    const QString likeSeverityOrder = QStringLiteral(" %1, severity DESC, title ASC, id ASC, scan_id ASC");
    QString column;
    switch (sort.column) {
    case IssueSortColumn::Severity:
        // Within a severity always by title, then id, ascending: the order of the target's title
        // index, which a page walks (decision 80).
        return QStringLiteral(" ORDER BY severity %1, title ASC, id ASC, scan_id ASC").arg(dir);
    case IssueSortColumn::Title:
        column = QStringLiteral("title %1");
        break;
    case IssueSortColumn::Rule:
        column = QStringLiteral("rule %1");
        break;
    case IssueSortColumn::Scanner:
        return QStringLiteral(" ORDER BY scanner") + likeSeverityOrder.arg(dir);
    case IssueSortColumn::Occurrences:
        return QStringLiteral(" ORDER BY occurrences") + likeSeverityOrder.arg(dir);
    case IssueSortColumn::Category:
        return QStringLiteral(" ORDER BY category") + likeSeverityOrder.arg(dir);
    case IssueSortColumn::Exemption:
        return QStringLiteral(" ORDER BY exemption") + likeSeverityOrder.arg(dir);
    case IssueSortColumn::Reviewed:
        return QStringLiteral(" ORDER BY reviewed") + likeSeverityOrder.arg(dir);
    case IssueSortColumn::Assignee:
        return QStringLiteral(" ORDER BY assignee") + likeSeverityOrder.arg(dir);
    case IssueSortColumn::Notes:
        return QStringLiteral(" ORDER BY notes") + likeSeverityOrder.arg(dir);
    case IssueSortColumn::Id:
        column = QStringLiteral("id %1");
        break;
    }
    // The id and the scan make the order total, so that paging never shows a row twice or skips
    // one, and both engines list in one order: an issue is in several scans of a wide scope (a
    // target's main and branch).
    return QStringLiteral(" ORDER BY ") + column.arg(dir) + QStringLiteral(", id ") + dir + QStringLiteral(", scan_id ") +
           dir;
}

IssueRow readRow(const Query &q)
{
    IssueRow r;
    r.id = q.integer(u"id");
    r.scanId = q.integer(u"scan_id");
    r.key = q.text(u"issue_key");
    r.scanner = q.text(u"scanner");
    r.rule = q.text(u"rule");
    r.title = q.text(u"title");
    r.severity = q.severity(u"severity");
    r.score = q.optionalReal(u"score");
    r.scannerSeverity = q.text(u"scanner_severity");
    r.occurrences = int(q.integer(u"occurrences"));
    r.category = issueCategoryFromKey(q.text(u"category")).value_or(IssueCategory::New);
    r.exemption = exemptionStatusFromKey(q.text(u"exemption")); // "none": nullopt
    r.reviewed = q.flag(u"reviewed");
    r.assignee = q.text(u"assignee");
    r.notes = int(q.integer(u"notes"));
    return r;
}

const QString kRowColumnList = QStringLiteral("SELECT id, scan_id, issue_key, scanner, rule, title, severity, "
                                              "score, scanner_severity, occurrences, category,"
                                              " exemption, reviewed, assignee, notes");
const QString kRowColumns = kRowColumnList + QStringLiteral(" FROM rows");


} // namespace secreview::issuesql
