#include "model/scans/ScanHistory.h"

#include "model/core/Error.h"
#include "model/scans/IssueSql.h"

#include <QHash>
#include <QSet>
#include <QRegularExpression>

namespace secreview {

ScanSummary ScanHistory::summarize(const ScanInfoRow &scan) const
{
    ScanSummary s;
    s.scan = scan;
    // The scan's own scope, from the row already read (scopeForScan would read it again).
    IssueScope scope;
    scope.scans.append({scan.id, Catalog(m_db).comparisonScan(scan.id)});
    s.comparisonScan = scope.scans.first().comparisonScanId;
    // The scan's counts by severity and category (read once per process, as the list's are).
    const issuesql::PlainCounts counts = issuesql::PlainCounts::read(m_db, scope);
    using P = issuesql::PlainCounts;
    for (size_t severity = 0; severity < s.counts.size(); ++severity) {
        s.counts[severity] = counts.all[severity][P::kNew] + counts.all[severity][P::kCommon];
        s.newIssues += counts.all[severity][P::kNew];
        const int exempted = counts.exempted[severity][P::kNew] + counts.exempted[severity][P::kCommon];
        s.exempted += exempted;
        s.open[severity] = s.counts[severity] - exempted;
    }
    IssueFilter gone;
    gone.category = IssueCategory::Remediated;
    s.remediated = IssueQuery(m_db).count(scope, gone); // from the scans' counts, not issue by issue
    return s;
}

ScanSummary ScanHistory::summary(qint64 scanId) const
{
    return summarize(Catalog(m_db).scan(scanId));
}

QList<ScanSummary> ScanHistory::scans(const ScanFilter &filter) const
{
    const Catalog catalog(m_db);
    qint64 targetId = 0;
    QSet<qint64> inProject; // with --project alone: its targets
    if (!filter.target.isEmpty()) {
        targetId = catalog.target(filter.target, filter.project).id;
        if (!filter.variant.isEmpty() && !catalog.variants(targetId).contains(filter.variant))
            throw Error(ErrorKind::NotFound,
                        QStringLiteral("no variant %1 of target %2").arg(filter.variant, filter.target));
    } else if (!filter.project.isEmpty()) {
        for (const TargetInfo &t : catalog.targets()) {
            if (t.project == filter.project)
                inProject.insert(t.id);
        }
        if (inProject.isEmpty())
            throw Error(ErrorKind::NotFound, QStringLiteral("no target in project %1").arg(filter.project));
    }
    QList<ScanInfoRow> rows;
    for (const ScanInfoRow &row : catalog.scans(targetId)) {
        if ((!inProject.isEmpty() && !inProject.contains(row.targetId)) ||
            (!filter.variant.isEmpty() && row.variant != filter.variant))
            continue;
        rows.append(row);
    }
    // A scanner named that has no scan where the other filters look is a typo, not "no scans".
    if (!filter.scanner.isEmpty() &&
        std::none_of(rows.cbegin(), rows.cend(), [&](const ScanInfoRow &r) { return r.scanner == filter.scanner; }))
        throw Error(ErrorKind::NotFound, QStringLiteral("no scan of scanner %1 there").arg(filter.scanner));
    QList<ScanSummary> out;
    for (const ScanInfoRow &row : std::as_const(rows)) {
        if ((!filter.scanner.isEmpty() && row.scanner != filter.scanner) || (filter.since && row.importedAt < *filter.since))
            continue;
        out.append(summarize(row));
    }
    return out;
}

ScanComparison ScanHistory::compare(qint64 firstScan, qint64 secondScan) const
{
    ScanComparison c;
    c.first = summary(firstScan);
    c.second = summary(secondScan);
    if (firstScan == secondScan)
        throw Error(ErrorKind::Usage, QStringLiteral("compare needs two different scans"));
    if (c.first.scan.targetId != c.second.scan.targetId || c.first.scan.scanner != c.second.scan.scanner)
        throw Error(ErrorKind::Usage,
                    QStringLiteral("compare needs two scans of the same target and scanner: scan %1 is %2 of %3,"
                                   " scan %4 is %5 of %6%7")
                        .arg(QString::number(firstScan), c.first.scan.scanner, c.first.scan.target,
                             QString::number(secondScan), c.second.scan.scanner, c.second.scan.target,
                             c.first.scan.targetId != c.second.scan.targetId && c.first.scan.target == c.second.scan.target
                                 ? QStringLiteral(" (another project's target)")
                                 : QString()));
    // Each scan's issues as its own list shows them (severity, occurrences, exemption state in
    // that scan's scope), in the list's order.
    const IssueQuery query(m_db);
    IssueFilter all;
    all.exempted = ExemptedFilter::Show;
    QHash<qint64, IssueRow> before;
    QList<qint64> beforeOrder;
    query.forEach(query.scopeForScan(firstScan), all, {}, [&](const IssueRow &r) {
        before.insert(r.id, r);
        beforeOrder.append(r.id);
    });
    query.forEach(query.scopeForScan(secondScan), all, {}, [&](const IssueRow &r) {
        const auto it = before.find(r.id);
        if (it == before.end()) {
            c.added.append({std::nullopt, r});
            return;
        }
        if (it->severity != r.severity || it->occurrences != r.occurrences)
            c.changed.append({*it, r});
        else
            ++c.unchanged;
        before.erase(it);
    });
    for (const qint64 id : std::as_const(beforeOrder)) {
        if (const auto it = before.constFind(id); it != before.cend())
            c.removed.append({*it, std::nullopt});
    }
    return c;
}

QList<TargetSummary> ScanHistory::targets() const
{
    const Catalog catalog(m_db);
    QList<TargetSummary> out;
    for (const TargetInfo &target : catalog.targets()) {
        TargetSummary t;
        t.target = target;
        t.baseline = catalog.baseline(target.id);
        const std::optional<QRegularExpression> pattern =
            t.baseline && t.baseline->isPattern() ? std::optional(QRegularExpression(t.baseline->pattern)) : std::nullopt;
        for (const QString &variant : catalog.variants(target.id)) {
            VariantSummary v;
            v.name = variant;
            v.isBaseline = t.baseline && (pattern ? pattern->match(variant).hasMatch() : t.baseline->variant == variant);
            for (const qint64 scan : catalog.latestScans(target.id, variant)) {
                const ScanSummary s = summary(scan);
                for (size_t severity = 0; severity < v.counts.size(); ++severity)
                    v.counts[severity] += s.counts[severity];
                v.newIssues += s.newIssues;
                v.remediated += s.remediated;
                if (!v.lastScanned.isValid() || s.scan.importedAt > v.lastScanned)
                    v.lastScanned = s.scan.importedAt;
                v.latestScans.append(s);
            }
            t.variants.append(v);
        }
        out.append(t);
    }
    return out;
}

QList<TrendPoint> ScanHistory::trend(const ScanFilter &filter, TrendGrouping grouping) const
{
    return trendOf(scans(filter), grouping);
}

QList<TrendPoint> ScanHistory::trendOf(QList<ScanSummary> scans, TrendGrouping grouping)
{
    std::sort(scans.begin(), scans.end(), [](const ScanSummary &a, const ScanSummary &b) {
        return a.scan.importedAt != b.scan.importedAt ? a.scan.importedAt < b.scan.importedAt : a.scan.id < b.scan.id;
    });
    const bool perDay = grouping == TrendGrouping::PerDay ||
                        (grouping == TrendGrouping::Automatic && scans.size() > kTrendPerDayAbove);
    QList<TrendPoint> out;
    if (!perDay) {
        for (const ScanSummary &s : std::as_const(scans)) {
            TrendPoint p;
            p.at = s.scan.importedAt;
            p.scan = s.scan.id;
            p.scanner = s.scan.scanner;
            p.target = s.scan.target;
            p.variant = s.scan.variant;
            p.counts = s.counts;
            p.open = s.open;
            p.exempted = s.exempted;
            p.newIssues = s.newIssues;
            p.remediated = s.remediated;
            p.comparisonScan = s.comparisonScan;
            out.append(p);
        }
        return out;
    }
    // Each day's end: the latest scan of every stream (target, variant, scanner) so far.
    QHash<QString, const ScanSummary *> latest;
    QStringList dayScanners;
    for (qsizetype i = 0; i < scans.size(); ++i) {
        const ScanSummary &s = scans.at(i);
        const QDate day = s.scan.importedAt.toUTC().date();
        if (out.isEmpty() || out.last().day != day) {
            TrendPoint p;
            p.day = day;
            p.scans = 0;
            out.append(p);
            dayScanners.clear();
        }
        TrendPoint &p = out.last();
        latest.insert(QStringLiteral("%1\n%2\n%3").arg(s.scan.targetId).arg(s.scan.variant, s.scan.scanner), &s);
        p.at = s.scan.importedAt;
        p.scan = s.scan.id;
        p.target = s.scan.target;
        p.variant = s.scan.variant;
        ++p.scans;
        p.newIssues += s.newIssues;
        p.remediated += s.remediated;
        if (!dayScanners.contains(s.scan.scanner))
            dayScanners.append(s.scan.scanner);
        p.scanner = dayScanners.join(QStringLiteral(", "));
        const bool dayEnds = i + 1 == scans.size() || scans.at(i + 1).scan.importedAt.toUTC().date() != day;
        if (dayEnds) {
            for (const ScanSummary *l : std::as_const(latest)) {
                for (size_t severity = 0; severity < p.counts.size(); ++severity) {
                    p.counts[severity] += l->counts[severity];
                    p.open[severity] += l->open[severity];
                }
                p.exempted += l->exempted;
            }
        }
    }
    return out;
}

} // namespace secreview
