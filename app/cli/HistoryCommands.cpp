// scans, compare and trend: what was imported when, and what changed between scans (issue 16).
#include "app/cli/CliOutput.h"
#include "app/cli/Commands.h"
#include "model/core/Error.h"
#include "model/report/Exports.h"
#include "model/report/ScanJson.h"
#include "model/scans/ScanDeletion.h"
#include "model/scans/ScanHistory.h"

#include <QJsonArray>
#include <QTimeZone>

namespace secreview::cli {
namespace {

ScanFilter scanFilter(const Arguments &a)
{
    ScanFilter f;
    f.project = a.value(QStringLiteral("--project"));
    f.target = a.value(QStringLiteral("--target"));
    f.variant = a.value(QStringLiteral("--variant"));
    f.scanner = a.value(QStringLiteral("--scanner"));
    if (!f.variant.isEmpty() && f.target.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("--variant needs --target"));
    if (a.has(QStringLiteral("--since")))
        f.since = QDateTime(parseDate(a.value(QStringLiteral("--since")), QStringLiteral("--since")), QTime(0, 0),
                            QTimeZone::utc());
    return f;
}

QString countsText(const std::array<int, 5> &counts)
{
    QStringList parts;
    for (Severity s : kSeveritiesDescending)
        parts.append(QString::number(counts[size_t(s)]));
    return parts.join(QLatin1Char('/'));
}

QString comparedLine(const ComparedIssue &c)
{
    const IssueRow &r = c.either();
    const auto state = [](const IssueRow &side) {
        return QStringLiteral("%1, %2 occ., %3")
            .arg(severityName(side.severity))
            .arg(side.occurrences)
            .arg(side.exemption ? exemptionStatusKey(*side.exemption) : QStringLiteral("no exemption"));
    };
    QString line = QStringLiteral("  %1 %2 %3").arg(padded(QString::number(r.id), 6), padded(r.rule, 16),
                                                    padded(r.title, 44));
    if (c.before && c.after)
        return line + QStringLiteral("  %1 -> %2\n").arg(state(*c.before), state(*c.after));
    return line + QStringLiteral("  %1\n").arg(state(r));
}

} // namespace

int scansCommand(const Context &c)
{
    c.args().allowOnly({QStringLiteral("--target"), QStringLiteral("--variant"), QStringLiteral("--scanner"),
                        QStringLiteral("--project"), QStringLiteral("--since")},
                       QStringLiteral("scans"));
    c.args().allowPositionals(1, QStringLiteral("scans"));
    const ScanFilter filter = scanFilter(c.args());
    const Database db = c.openDatabase();
    c.signIn(db);
    const QList<ScanSummary> scans = ScanHistory(db).scans(filter);
    QString text = QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9\n")
                       .arg(padded(QStringLiteral("ID"), 6), padded(QStringLiteral("TARGET"), 16),
                            padded(QStringLiteral("VARIANT"), 14), padded(QStringLiteral("SCANNER"), 12),
                            padded(QStringLiteral("IMPORTED"), 20), padded(QStringLiteral("C/H/M/L/I"), 16),
                            padded(QStringLiteral("NEW"), 5), padded(QStringLiteral("FIXED"), 5),
                            QStringLiteral("FILE"));
    QJsonArray rows;
    for (const ScanSummary &s : scans) {
        text += QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9\n")
                    .arg(padded(QString::number(s.scan.id), 6), padded(s.scan.target, 16),
                         padded(s.scan.variant, 14), padded(s.scan.scanner, 12),
                         padded(isoOrEmpty(s.scan.importedAt), 20), padded(countsText(s.counts), 16),
                         padded(QString::number(s.newIssues), 5),
                         padded(s.comparisonScan ? QString::number(s.remediated) : QStringLiteral("-"), 5),
                         safe(s.scan.fileName));
        rows.append(json::scanSummary(s));
    }
    text += QStringLiteral("%1 scan(s)").arg(scans.size());
    c.print(text, {{QStringLiteral("scans"), rows}});
    return 0;
}

int compareCommand(const Context &c)
{
    c.args().allowOnly({}, QStringLiteral("compare"));
    c.args().allowPositionals(3, QStringLiteral("compare"));
    if (c.args().positionals.size() != 3)
        throw Error(ErrorKind::Usage, QStringLiteral("usage: compare SCAN_A SCAN_B"));
    const qint64 first = parseId(c.args().positionals.at(1), QStringLiteral("scan id"));
    const qint64 second = parseId(c.args().positionals.at(2), QStringLiteral("scan id"));
    const Database db = c.openDatabase();
    c.signIn(db);
    const ScanComparison cmp = ScanHistory(db).compare(first, second);
    QString text = QStringLiteral("scan %1 (%2) -> scan %3 (%4), %5 of %6: %7 added, %8 removed, %9 changed, "
                                  "%10 unchanged\n")
                       .arg(QString::number(first), isoOrEmpty(cmp.first.scan.importedAt), QString::number(second),
                            isoOrEmpty(cmp.second.scan.importedAt), safe(cmp.first.scan.scanner),
                            safe(cmp.first.scan.target))
                       .arg(cmp.added.size())
                       .arg(cmp.removed.size())
                       .arg(cmp.changed.size())
                       .arg(cmp.unchanged);
    const auto section = [&text](const QString &title, const QList<ComparedIssue> &issues) {
        if (issues.isEmpty())
            return;
        text += title + QLatin1Char('\n');
        for (const ComparedIssue &i : issues)
            text += comparedLine(i);
    };
    section(QStringLiteral("added:"), cmp.added);
    section(QStringLiteral("removed:"), cmp.removed);
    section(QStringLiteral("changed:"), cmp.changed);
    text.chop(1);
    c.print(text, json::comparison(cmp));
    return 0;
}

// scan delete ID: SecOps remove a scan imported by mistake (the wrong file, target or variant).
int scanCommand(const Context &c)
{
    c.args().allowOnly({}, QStringLiteral("scan delete"));
    c.args().allowPositionals(3, QStringLiteral("scan delete"));
    if (c.verb() != QLatin1String("delete") || c.args().positionals.size() != 3)
        throw Error(ErrorKind::Usage, QStringLiteral("usage: scan delete SCAN_ID"));
    const qint64 id = parseId(c.args().positionals.at(2), QStringLiteral("scan id"));
    const Database db = c.openDatabase();
    const Session actor = c.signIn(db);
    const ScanDeleted done = ScanDeletion(db).remove(actor, id);
    QJsonArray recomputed;
    for (const qint64 scan : done.recomputed)
        recomputed.append(scan);
    QString text = QStringLiteral("deleted scan %1 (%2 of %3 variant %4, %5)")
                       .arg(QString::number(done.scanId), safe(done.scanner), safe(done.target), safe(done.variant),
                            safe(done.file));
    if (!done.recomputed.isEmpty()) {
        QStringList ids;
        for (const qint64 scan : done.recomputed)
            ids.append(QString::number(scan));
        text += QStringLiteral("; compared with %1 now: scan(s) %2")
                    .arg(done.replacement ? QStringLiteral("scan %1").arg(*done.replacement) : QStringLiteral("no scan"),
                         ids.join(QStringLiteral(", ")));
    }
    c.print(text, {{QStringLiteral("deleted"), done.scanId},
                   {QStringLiteral("target"), done.target},
                   {QStringLiteral("variant"), done.variant},
                   {QStringLiteral("scanner"), done.scanner},
                   {QStringLiteral("replacement"), done.replacement ? QJsonValue(*done.replacement) : QJsonValue()},
                   {QStringLiteral("recomputed"), recomputed}});
    return 0;
}

int trendCommand(const Context &c)
{
    c.args().allowOnly({QStringLiteral("--target"), QStringLiteral("--variant"), QStringLiteral("--project"),
                        QStringLiteral("--scanner"), QStringLiteral("--since"), QStringLiteral("--per")},
                       QStringLiteral("trend"));
    c.args().allowPositionals(1, QStringLiteral("trend"));
    c.args().required(QStringLiteral("--target"), QStringLiteral("trend"));
    c.args().required(QStringLiteral("--variant"), QStringLiteral("trend"));
    const ScanFilter filter = scanFilter(c.args());
    TrendGrouping grouping = TrendGrouping::Automatic;
    if (c.args().has(QStringLiteral("--per"))) {
        const QString per = c.args().value(QStringLiteral("--per"));
        if (per == QLatin1String("scan"))
            grouping = TrendGrouping::PerScan;
        else if (per == QLatin1String("day"))
            grouping = TrendGrouping::PerDay;
        else
            throw Error(ErrorKind::Usage, QStringLiteral("--per takes scan or day, not '%1'").arg(per));
    }
    const Database db = c.openDatabase();
    c.signIn(db);
    const QList<TrendPoint> points = ScanHistory(db).trend(filter, grouping); // oldest first
    const auto dayText = [](const TrendPoint &p) { return p.day ? p.day->toString(Qt::ISODate) : QString(); };
    if (c.format() == QLatin1String("csv")) {
        // RFC 4180; every field is a number, a date or scanner names (quoted, never a formula: the
        // exports' csvField).
        QString csv = QStringLiteral(
            "scan,at,scanner,critical,high,medium,low,info,new,remediated,exempted,day,scans\r\n");
        for (const TrendPoint &p : points) {
            // Control characters shown, never sent to a terminal.
            csv += QStringLiteral("%1,%2,%3").arg(QString::number(p.scan), isoOrEmpty(p.at), report::csvField(safe(p.scanner)));
            for (Severity sev : kSeveritiesDescending)
                csv += QLatin1Char(',') + QString::number(p.counts[size_t(sev)]);
            csv += QStringLiteral(",%1,%2,%3,%4,%5\r\n")
                       .arg(p.newIssues)
                       .arg(p.remediated)
                       .arg(p.exempted)
                       .arg(dayText(p))
                       .arg(p.scans);
        }
        out() << csv;
        out().flush();
        return 0;
    }
    const bool perDay = !points.isEmpty() && points.first().day;
    QString text = QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                       .arg(padded(perDay ? QStringLiteral("DAY (SCANS)") : QStringLiteral("SCAN"), perDay ? 16 : 6),
                            padded(perDay ? QStringLiteral("LAST AT") : QStringLiteral("AT"), 20),
                            padded(QStringLiteral("SCANNER"), 12), padded(QStringLiteral("C/H/M/L/I"), 16),
                            padded(QStringLiteral("NEW"), 5), padded(QStringLiteral("FIXED"), 5),
                            QStringLiteral("EXEMPTED"));
    QJsonArray array;
    for (const TrendPoint &p : points) {
        const QString first = p.day ? QStringLiteral("%1 (%2)").arg(dayText(p)).arg(p.scans) : QString::number(p.scan);
        text += QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                    .arg(padded(first, perDay ? 16 : 6), padded(isoOrEmpty(p.at), 20), padded(p.scanner, 12),
                         padded(countsText(p.counts), 16), padded(QString::number(p.newIssues), 5),
                         padded(p.day || p.comparisonScan ? QString::number(p.remediated) : QStringLiteral("-"), 5),
                         QString::number(p.exempted));
        array.append(json::trendPoint(p));
    }
    text += perDay ? QStringLiteral("%1 point(s), one per day (UTC); counts at each day's end").arg(points.size())
                   : QStringLiteral("%1 point(s)").arg(points.size());
    c.print(text, {{QStringLiteral("points"), array}});
    return 0;
}

} // namespace secreview::cli
