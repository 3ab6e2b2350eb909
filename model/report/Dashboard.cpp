#include "model/report/Dashboard.h"

#include "model/core/Clock.h"
#include "model/core/Error.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

namespace secreview {
namespace {

// When each issue was first seen: its earliest scan, any variant of its target.
QHash<qint64, QDateTime> firstSeen(const Database &db, const QList<qint64> &issues)
{
    QHash<qint64, QDateTime> out;
    constexpr qsizetype kChunk = 500;
    for (qsizetype from = 0; from < issues.size(); from += kChunk) {
        QStringList ids;
        for (qsizetype i = from; i < qMin(issues.size(), from + kChunk); ++i)
            ids.append(QString::number(issues.at(i))); // integers: safe to write into the SQL
        Query q(db, QStringLiteral("SELECT si.issue_id AS id, MIN(s.imported_at) AS first_seen FROM scan_issue si"
                                   " JOIN scan s ON s.id = si.scan_id WHERE si.issue_id IN (%1)"
                                   " GROUP BY si.issue_id")
                        .arg(ids.join(QLatin1Char(','))));
        q.exec();
        while (q.next())
            out.insert(q.integer(u"id"), q.time(u"first_seen"));
    }
    return out;
}

} // namespace

QList<Dashboard::Choice> Dashboard::choices() const
{
    const Catalog catalog(m_db);
    QList<Choice> out;
    for (const TargetInfo &target : catalog.targets()) {
        Choice c;
        c.target = target;
        c.variants = catalog.variants(target.id); // the most recently scanned first
        if (c.variants.isEmpty())
            continue;
        c.mainLine = c.variants.first();
        if (const std::optional<BaselineInfo> base = catalog.baseline(target.id)) {
            const QRegularExpression pattern(base->isPattern() ? base->pattern : QString());
            for (const QString &v : std::as_const(c.variants)) {
                if (base->isPattern() ? pattern.match(v).hasMatch() : v == base->variant) {
                    c.mainLine = v;
                    break;
                }
            }
        }
        out.append(c);
    }
    return out;
}

DashboardData Dashboard::read(const DashboardScope &scope, int top) const
{
    DashboardData d;
    d.readAt = Clock::now();
    const QList<Choice> all = choices();
    const ScanHistory history(m_db);
    const IssueQuery query(m_db);

    // The streams looked at: the chosen target and variant, or every target's main line.
    QList<std::pair<const Choice *, QString>> lines;
    for (const Choice &c : all) {
        if (scope.isAll())
            lines.append({&c, c.mainLine});
        else if (c.target.id == scope.targetId)
            lines.append({&c, scope.variant});
    }
    if (!scope.isAll() && (lines.isEmpty() || !lines.first().first->variants.contains(scope.variant)))
        throw Error(ErrorKind::NotFound, QStringLiteral("no scanned variant %1 of target %2")
                                             .arg(scope.variant, lines.isEmpty() ? QString::number(scope.targetId)
                                                                                 : lines.first().first->target.name));

    // Severity over time, new and remediated: the scans of those lines.
    QList<ScanSummary> scans;
    IssueScope openScope;
    QHash<qint64, std::pair<QString, QString>> scanLine; // scan -> target, variant
    QHash<qint64, IssueScope> mainLineScopes;            // target -> its main line's latest scans
    for (const auto &[choice, variant] : std::as_const(lines)) {
        ScanFilter filter;
        filter.project = choice->target.project;
        filter.target = choice->target.name;
        filter.variant = variant;
        scans.append(history.scans(filter));
        const IssueScope s = query.scopeForVariant(choice->target.id, variant);
        if (variant == choice->mainLine)
            mainLineScopes.insert(choice->target.id, s); // the riskiest targets read it again below
        for (const IssueScope::Entry &e : s.scans) {
            openScope.scans.append(e);
            scanLine.insert(e.scanId, {choice->target.name, variant});
        }
    }
    d.trend = ScanHistory::trendOf(scans, scope.isAll() ? TrendGrouping::PerDay : TrendGrouping::Automatic);

    // The riskiest targets, always over every target's main line (the chosen one among them).
    for (const Choice &c : all) {
        TargetRisk r;
        r.targetId = c.target.id;
        r.target = c.target.name;
        r.project = c.target.project;
        r.variant = c.mainLine;
        const auto known = mainLineScopes.constFind(c.target.id);
        const SeverityCounts counts = query.severityCounts(
            known != mainLineScopes.cend() ? *known : query.scopeForVariant(c.target.id, c.mainLine), {});
        r.critical = counts.count(Severity::Critical);
        r.high = counts.count(Severity::High);
        if (r.critical + r.high > 0)
            d.riskiest.append(r);
    }
    std::stable_sort(d.riskiest.begin(), d.riskiest.end(), [](const TargetRisk &a, const TargetRisk &b) {
        return a.critical != b.critical ? a.critical > b.critical : a.high > b.high;
    });
    if (d.riskiest.size() > top)
        d.riskiest.resize(top);

    // The open Critical issues of the scope, the longest known first.
    if (!openScope.isEmpty()) {
        const SeverityCounts counts = query.severityCounts(openScope, {});
        d.openCritical = counts.count(Severity::Critical);
        d.openHigh = counts.count(Severity::High);
        IssueFilter critical;
        critical.severities = {Severity::Critical};
        critical.exempted = ExemptedFilter::Hide;
        QList<AgedIssue> aged;
        QSet<qint64> seen;
        query.forEach(openScope, critical, {}, [&](const IssueRow &r) {
            if (seen.contains(r.id))
                return;
            seen.insert(r.id);
            AgedIssue a;
            a.row = r;
            std::tie(a.target, a.variant) = scanLine.value(r.scanId);
            aged.append(a);
        });
        QList<qint64> ids(seen.cbegin(), seen.cend());
        const QHash<qint64, QDateTime> first = firstSeen(m_db, ids);
        for (AgedIssue &a : aged) {
            a.firstSeen = first.value(a.row.id);
            a.ageDays = a.firstSeen.isValid() ? a.firstSeen.daysTo(d.readAt) : 0;
        }
        std::stable_sort(aged.begin(), aged.end(), [](const AgedIssue &a, const AgedIssue &b) {
            return a.firstSeen != b.firstSeen ? a.firstSeen < b.firstSeen : a.row.id < b.row.id;
        });
        if (aged.size() > top)
            aged.resize(top);
        d.oldestCritical = aged;
    }

    // Exemptions of the scope's targets: waiting for a decision, and running out soon.
    QSet<qint64> targets;
    for (const auto &[choice, variant] : std::as_const(lines))
        targets.insert(choice->target.id);
    const ExemptionStore store(m_db);
    const auto inScope = [&](const ExemptionInfo &e) { return scope.isAll() || targets.contains(e.targetId); };
    for (const ExemptionInfo &e : store.list(ExemptionStatus::Pending)) {
        if (inScope(e))
            d.pending.append(e);
    }
    std::stable_sort(d.pending.begin(), d.pending.end(),
                     [](const ExemptionInfo &a, const ExemptionInfo &b) { return a.requestedAt < b.requestedAt; });
    const QDateTime soon = d.readAt.addDays(kExpiringDays);
    for (const ExemptionInfo &e : store.list(ExemptionStatus::Approved)) {
        if (inScope(e) && e.expiresAt && *e.expiresAt > d.readAt && *e.expiresAt <= soon)
            d.expiring.append(e);
    }
    std::stable_sort(d.expiring.begin(), d.expiring.end(),
                     [](const ExemptionInfo &a, const ExemptionInfo &b) { return *a.expiresAt < *b.expiresAt; });
    return d;
}

} // namespace secreview
