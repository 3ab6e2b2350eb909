#include "model/scans/IssueQuery.h"

#include "model/core/Clock.h"
#include "model/core/Error.h"
#include "model/scans/Catalog.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace secreview {
namespace {

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

// The effective exemption state of issue i in scan s: an approved, unexpired rule in scope wins,
// then a pending request, then a rejected one, then an expired rule. Evaluated with the current
// time on every query, so an exemption stops exempting the moment it runs out.
QString exemptionExpression(Sql &sql, const QString &pipeline)
{
    const QString now = sql.bind(Clock::nowMs());
    const QString context =
        sql.bind(pipeline.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(pipeline));
    // An occurrence-level exemption exempts the issue in a scan only when it covers every
    // occurrence there: a new place of the same finding is not waved through.
    return QStringLiteral(
               "(SELECT CASE MIN(CASE WHEN e.status = 'approved' AND (e.expires_at IS NULL OR e.expires_at > "
               "%1)"
               " AND (e.occurrence_level = 0 OR NOT EXISTS (SELECT 1 FROM occurrence o"
               "  WHERE o.scan_id = si.scan_id AND o.issue_id = si.issue_id AND NOT EXISTS (SELECT 1"
               "  FROM exemption_occurrence eo WHERE eo.exemption_id = e.id AND eo.fingerprint = "
               "o.fingerprint)))"
               " THEN 1 WHEN e.status = 'pending' THEN 2 WHEN e.status = 'rejected' THEN 3"
               " WHEN e.expires_at IS NOT NULL AND e.expires_at <= %1 THEN 4 ELSE 5 END)"
               " WHEN 1 THEN 'approved' WHEN 2 THEN 'pending' WHEN 3 THEN 'rejected' WHEN 4 THEN 'expired'"
               " ELSE 'none' END"
               " FROM exemption e WHERE e.scanner = i.scanner AND e.issue_key = i.issue_key"
               " AND e.status IN ('pending', 'approved', 'rejected')"
               " AND ((e.scope = 'target' AND e.target_id = i.target_id)"
               " OR (e.scope = 'project' AND e.project_id = t.project_id)"
               " OR (e.scope = 'organization' AND e.organization_id = p.organization_id)"
               " OR (e.scope = 'pipeline' AND e.project_id = t.project_id"
               " AND (e.pipeline_identifier = s.pipeline_identifier OR e.pipeline_identifier = %2))))")
        .arg(now, context);
}

// WITH cmp(...), rows AS (...): one row per issue of the scope's scans, with its category and
// exemption state, narrowed by scanner and search (the filters that the toggle counts honour).
void appendRows(Sql &sql, const IssueScope &scope, const IssueFilter &filter)
{
    QStringList values;
    for (const IssueScope::Entry &e : scope.scans) {
        values.append(QStringLiteral("(%1, %2)")
                          .arg(sql.bind(e.scanId),
                               sql.bind(e.comparisonScanId ? QVariant(*e.comparisonScanId)
                                                           : QVariant(QMetaType::fromType<qlonglong>()))));
    }
    sql.text += QStringLiteral(
                    "WITH cmp(scan_id, cmp_id) AS (VALUES %1), rows AS (SELECT i.id AS id,"
                    " si.scan_id AS scan_id, i.issue_key AS issue_key, i.scanner AS scanner, i.rule AS rule,"
                    " i.title AS title, si.severity AS severity, si.score AS score,"
                    " si.scanner_severity AS scanner_severity, si.occurrences AS occurrences,"
                    " CASE WHEN cmp.cmp_id IS NOT NULL AND EXISTS (SELECT 1 FROM scan_issue c"
                    " WHERE c.scan_id = cmp.cmp_id AND c.issue_id = si.issue_id) THEN 'common' ELSE 'new' END"
                    " AS category, ")
                    .arg(values.join(QStringLiteral(", ")));
    sql.text += exemptionExpression(sql, scope.pipeline);
    sql.text += QStringLiteral(
        " AS exemption FROM cmp JOIN scan_issue si ON si.scan_id = cmp.scan_id"
        " JOIN issue i ON i.id = si.issue_id JOIN scan s ON s.id = si.scan_id"
        " JOIN target t ON t.id = i.target_id JOIN project p ON p.id = t.project_id WHERE 1 = 1");
    if (!filter.scanner.isEmpty())
        sql.text += QStringLiteral(" AND i.scanner = %1").arg(sql.bind(filter.scanner));
    if (!filter.search.trimmed().isEmpty()) {
        QString pattern = filter.search.trimmed();
        pattern.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('%'), QStringLiteral("\\%"))
            .replace(QLatin1Char('_'), QStringLiteral("\\_"));
        const QString like = sql.bind(QString(QLatin1Char('%') + pattern + QLatin1Char('%')));
        sql.text +=
            QStringLiteral(" AND (i.title LIKE %1 ESCAPE '\\' OR i.rule LIKE %1 ESCAPE '\\'"
                           " OR i.issue_key LIKE %1 ESCAPE '\\' OR i.description LIKE %1 ESCAPE '\\')")
                .arg(like);
    }
    sql.text += QStringLiteral(") ");
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
    if (!filter.category.isEmpty())
        where += QStringLiteral(" AND category = %1").arg(sql.bind(filter.category));
    if (filter.exempted == ExemptedFilter::Hide)
        where += QStringLiteral(" AND exemption <> 'approved'");
    else if (filter.exempted == ExemptedFilter::Only)
        where += QStringLiteral(" AND exemption = 'approved'");
    return where;
}

QString orderBy(const IssueSort &sort)
{
    const QString dir = sort.descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    QString column;
    switch (sort.column) {
    case IssueSortColumn::Severity:
        column = QStringLiteral("severity %1, title ASC");
        break;
    case IssueSortColumn::Title:
        column = QStringLiteral("title %1");
        break;
    case IssueSortColumn::Rule:
        column = QStringLiteral("rule %1");
        break;
    case IssueSortColumn::Scanner:
        column = QStringLiteral("scanner %1, severity DESC");
        break;
    case IssueSortColumn::Occurrences:
        column = QStringLiteral("occurrences %1, severity DESC");
        break;
    case IssueSortColumn::Category:
        column = QStringLiteral("category %1, severity DESC");
        break;
    case IssueSortColumn::Exemption:
        column = QStringLiteral("exemption %1, severity DESC");
        break;
    case IssueSortColumn::Id:
        column = QStringLiteral("id %1");
        break;
    }
    // The id makes the order total, so that paging never shows a row twice or skips one.
    return QStringLiteral(" ORDER BY ") + column.arg(dir) + QStringLiteral(", id ") + dir;
}

IssueRow readRow(Query &q)
{
    IssueRow r;
    r.id = q.value(0).toLongLong();
    r.scanId = q.value(1).toLongLong();
    r.key = q.value(2).toString();
    r.scanner = q.value(3).toString();
    r.rule = q.value(4).toString();
    r.title = q.value(5).toString();
    r.severity = Severity(qBound(0, q.value(6).toInt(), 4));
    if (!q.value(7).isNull())
        r.score = q.value(7).toDouble();
    r.scannerSeverity = q.value(8).toString();
    r.occurrences = q.value(9).toInt();
    r.category = q.value(10).toString();
    r.exemption = q.value(11).toString();
    return r;
}

const QString kRowColumns = QStringLiteral("SELECT id, scan_id, issue_key, scanner, rule, title, severity, "
                                           "score, scanner_severity, occurrences, category,"
                                           " exemption FROM rows");

} // namespace

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

IssueScope IssueQuery::scopeForVariant(qint64 targetId, const QString &variant) const
{
    const Catalog catalog(m_db);
    IssueScope scope;
    for (qint64 id : catalog.latestScans(targetId, variant))
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

QList<IssueRow> IssueQuery::list(const IssueScope &scope, const IssueFilter &filter, const IssueSort &sort,
                                 int offset, int limit) const
{
    if (scope.isEmpty())
        return {};
    Sql sql;
    appendRows(sql, scope, filter);
    sql.text += kRowColumns + whereSeverityAndExempted(sql, filter) + orderBy(sort);
    sql.text += QStringLiteral(" LIMIT %1 OFFSET %2")
                    .arg(sql.bind(limit < 0 ? -1 : limit), sql.bind(qMax(0, offset)));
    Query q = sql.prepare(m_db);
    q.exec();
    QList<IssueRow> out;
    while (q.next())
        out.append(readRow(q));
    return out;
}

int IssueQuery::count(const IssueScope &scope, const IssueFilter &filter) const
{
    if (scope.isEmpty())
        return 0;
    Sql sql;
    appendRows(sql, scope, filter);
    sql.text += QStringLiteral("SELECT count(*) FROM rows") + whereSeverityAndExempted(sql, filter);
    return sql.prepare(m_db).scalar().toInt();
}

SeverityCounts IssueQuery::severityCounts(const IssueScope &scope, const IssueFilter &filter) const
{
    SeverityCounts counts;
    if (scope.isEmpty())
        return counts;
    Sql sql;
    appendRows(sql, scope, filter);
    sql.text += QStringLiteral("SELECT severity, exemption = 'approved', count(*) FROM rows GROUP BY 1, 2");
    Query q = sql.prepare(m_db);
    q.exec();
    while (q.next()) {
        const int n = q.value(2).toInt();
        if (q.value(1).toInt() != 0)
            counts.exempted += n;
        else
            counts.notExempted[size_t(qBound(0, q.value(0).toInt(), 4))] += n;
    }
    return counts;
}

OutputVariables IssueQuery::outputVariables(const IssueScope &scope) const
{
    OutputVariables vars;
    if (scope.isEmpty())
        return vars;
    Sql sql;
    appendRows(sql, scope, {});
    sql.text += QStringLiteral(
        "SELECT severity, category, exemption = 'approved', count(*) FROM rows GROUP BY 1, 2, 3");
    Query q = sql.prepare(m_db);
    q.exec();
    while (q.next()) {
        const size_t s = size_t(qBound(0, q.value(0).toInt(), 4));
        const int n = q.value(3).toInt();
        if (q.value(2).toInt() != 0) {
            vars.ignored += n;
            continue;
        }
        vars.bySeverity[s] += n;
        if (q.value(1).toString() == QLatin1String("new"))
            vars.newBySeverity[s] += n;
    }
    return vars;
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
        QStringLiteral("SELECT DISTINCT i.scanner FROM scan_issue si JOIN issue i ON i.id = si.issue_id"
                       " WHERE si.scan_id IN (%1) ORDER BY 1")
            .arg(ids.join(QStringLiteral(", ")));
    Query q = sql.prepare(m_db);
    q.exec();
    QStringList out;
    while (q.next())
        out.append(q.value(0).toString());
    return out;
}

IssueDetails IssueQuery::details(qint64 issueId, qint64 scanId) const
{
    if (scanId == 0) {
        const QVariant latest =
            Query(m_db,
                  QStringLiteral("SELECT s.id FROM scan_issue si JOIN scan s ON s.id = si.scan_id"
                                 " WHERE si.issue_id = :i ORDER BY s.imported_at DESC, s.id DESC LIMIT 1"))
                .bind(QStringLiteral(":i"), issueId)
                .scalar();
        if (!latest.isValid())
            throw Error(ErrorKind::NotFound, QStringLiteral("no issue with id %1").arg(issueId));
        scanId = latest.toLongLong();
    }
    const IssueScope scope = scopeForScan(scanId);
    Sql sql;
    appendRows(sql, scope, {});
    sql.text += kRowColumns + QStringLiteral(" WHERE id = %1").arg(sql.bind(issueId));
    Query rowQuery = sql.prepare(m_db);
    rowQuery.exec();
    if (!rowQuery.next())
        throw Error(ErrorKind::NotFound,
                    QStringLiteral("issue %1 is not in scan %2").arg(issueId).arg(scanId));

    IssueDetails d;
    d.row = readRow(rowQuery);
    Query info(m_db,
               QStringLiteral(
                   "SELECT i.kind, i.description, i.remediation, i.refs, i.cwe, si.confidence, t.name, v.name"
                   " FROM issue i JOIN scan_issue si ON si.issue_id = i.id AND si.scan_id = :s"
                   " JOIN scan s ON s.id = si.scan_id JOIN target t ON t.id = s.target_id"
                   " JOIN variant v ON v.id = s.variant_id WHERE i.id = :i"));
    info.bind(QStringLiteral(":s"), scanId).bind(QStringLiteral(":i"), issueId).exec();
    if (info.next()) {
        d.kind = info.value(0).toString();
        d.description = info.value(1).toString();
        d.remediation = info.value(2).toString();
        for (const QJsonValue &v : QJsonDocument::fromJson(info.value(3).toString().toUtf8()).array())
            d.references.append(v.toString());
        for (const QJsonValue &v : QJsonDocument::fromJson(info.value(4).toString().toUtf8()).array())
            d.cwes.append(v.toString());
        d.confidence = info.value(5).toString();
        d.target = info.value(6).toString();
        d.variant = info.value(7).toString();
    }
    Query occ(m_db,
              QStringLiteral(
                  "SELECT id, location, file_path, line, package, installed_version, fixed_version,"
                  " severity, scanner_severity, confidence, score, message, snippet, fingerprint, suppressed,"
                  " suppression, raw FROM occurrence WHERE scan_id = :s AND issue_id = :i ORDER BY severity "
                  "DESC, location, id"));
    occ.bind(QStringLiteral(":s"), scanId).bind(QStringLiteral(":i"), issueId).exec();
    while (occ.next()) {
        OccurrenceRow o;
        o.id = occ.value(0).toLongLong();
        o.location = occ.value(1).toString();
        o.filePath = occ.value(2).toString();
        o.line = occ.value(3).toInt();
        o.package = occ.value(4).toString();
        o.installedVersion = occ.value(5).toString();
        o.fixedVersion = occ.value(6).toString();
        o.severity = Severity(qBound(0, occ.value(7).toInt(), 4));
        o.scannerSeverity = occ.value(8).toString();
        o.confidence = occ.value(9).toString();
        if (!occ.value(10).isNull())
            o.score = occ.value(10).toDouble();
        o.message = occ.value(11).toString();
        o.snippet = occ.value(12).toString();
        o.fingerprint = occ.value(13).toString();
        o.suppressed = occ.value(14).toInt() != 0;
        o.suppression = occ.value(15).toString();
        o.raw = occ.value(16).toString();
        d.occurrences.append(o);
    }
    return d;
}

} // namespace secreview
