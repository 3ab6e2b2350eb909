// export --format csv: the issues as rows for spreadsheets and trackers.
#include "model/report/Exports.h"

#include "model/report/JsonValues.h"

#include <QRegularExpression>

namespace secreview::report {
namespace {

QString row(const QStringList &fields)
{
    QStringList quoted;
    quoted.reserve(fields.size());
    for (const QString &f : fields)
        quoted.append(csvField(f));
    return quoted.join(QLatin1Char(',')) + QStringLiteral("\r\n");
}

QString exemptionWord(const IssueRow &r)
{
    return r.exemption ? exemptionStatusKey(*r.exemption) : QStringLiteral("none");
}

// Jira's priorities (its default scheme) for our severities.
QString jiraPriority(Severity s)
{
    switch (s) {
    case Severity::Critical:
        return QStringLiteral("Highest");
    case Severity::High:
        return QStringLiteral("High");
    case Severity::Medium:
        return QStringLiteral("Medium");
    case Severity::Low:
        return QStringLiteral("Low");
    case Severity::Info:
        break;
    }
    return QStringLiteral("Lowest");
}

// A Jira label: no spaces (Jira splits labels on them).
QString label(QString text)
{
    for (QChar &c : text) {
        if (c.isSpace())
            c = QLatin1Char('_');
    }
    return text;
}

// Scanner text in Jira's wiki markup: inside {noformat}, where nothing is markup (a
// "{noformat}" in the text would end the block early, so it is broken up).
QString noformat(QString text)
{
    static const QRegularExpression tag(QStringLiteral("\\{(noformat[:}])"), QRegularExpression::CaseInsensitiveOption);
    text.replace(tag, QStringLiteral("{ \\1"));
    return QStringLiteral("{noformat}\n") + text + QStringLiteral("\n{noformat}");
}

QString jiraDescription(const ReportIssue &issue)
{
    const IssueDetails &d = issue.details;
    QStringList lines{QStringLiteral("%1 issue %2 (%3, rule %4) in %5 @ %6, scan %7.")
                          .arg(severityName(d.row.severity))
                          .arg(d.row.id)
                          .arg(d.row.scanner, d.row.rule, d.target, d.variant)
                          .arg(d.row.scanId)};
    if (!d.description.isEmpty())
        lines << QString() << d.description;
    if (!d.remediation.isEmpty())
        lines << QString() << QStringLiteral("Remediation: ") + d.remediation;
    lines << QString() << QStringLiteral("Occurrences (%1):").arg(d.occurrences.size());
    for (const OccurrenceRow &o : d.occurrences)
        lines << QStringLiteral("- ") + o.location;
    if (!d.references.isEmpty())
        lines << QString() << QStringLiteral("References:");
    for (const QString &r : d.references)
        lines << QStringLiteral("- ") + r;
    // Jira takes at most 32,767 characters in a cell: the block, escapes and all, stays under
    // 30,000; the rest is in secreview.
    constexpr qsizetype kMax = 30000;
    const QString raw = lines.join(QLatin1Char('\n'));
    QString text = noformat(raw);
    if (text.size() > kMax) {
        // What the escapes and the block add, taken off what is kept (at most all of it).
        const qsizetype added = text.size() - raw.size();
        const QString cut = QStringLiteral("\n... (cut; secreview issue %1 has the rest)").arg(issue.details.row.id);
        text = noformat(raw.left(kMax - 100 - added) + cut);
    }
    return text;
}

} // namespace

QString csvField(const QString &text)
{
    QString value = text;
    qsizetype first = 0;
    while (first < value.size() && value.at(first) == QLatin1Char(' '))
        ++first;
    if (first < value.size() && QStringLiteral("=+-@\t\r").contains(value.at(first)))
        value.prepend(QLatin1Char('\''));
    value.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + value + QLatin1Char('"');
}

QByteArray csv(const ReportContents &report, const CsvOptions &options)
{
    QString out;
    if (options.jira) {
        out += row({QStringLiteral("Summary"), QStringLiteral("Description"), QStringLiteral("Priority"),
                    QStringLiteral("Labels"), QStringLiteral("Labels"), QStringLiteral("Labels"),
                    QStringLiteral("Labels")});
        for (const ReportIssue &issue : report.issues) {
            const IssueRow &r = issue.details.row;
            // Jira's summary is one line of at most 255 characters.
            QString summary = QStringLiteral("[%1] %2 (%3)").arg(severityName(r.severity), r.title, issue.details.target);
            for (QChar &c : summary) {
                if (c.category() == QChar::Other_Control || c.category() == QChar::Separator_Line ||
                    c.category() == QChar::Separator_Paragraph)
                    c = QLatin1Char(' ');
            }
            if (summary.size() > 250)
                summary = summary.left(249) + QChar(0x2026);
            out += row({summary,
                        jiraDescription(issue), jiraPriority(r.severity), QStringLiteral("security"),
                        label(r.scanner.toLower()), label(severityKey(r.severity)),
                        label(QStringLiteral("secreview-issue-%1").arg(r.id))});
        }
        return out.toUtf8();
    }
    QStringList header{QStringLiteral("id"),       QStringLiteral("scan"),      QStringLiteral("target"),
                       QStringLiteral("variant"),  QStringLiteral("scanner"),   QStringLiteral("rule"),
                       QStringLiteral("key"),      QStringLiteral("title"),     QStringLiteral("severity"),
                       QStringLiteral("score"),    QStringLiteral("category"),  QStringLiteral("exemption"),
                       QStringLiteral("exemption_reason"), QStringLiteral("exemption_expires"),
                       QStringLiteral("reviewed"), QStringLiteral("assignee"),  QStringLiteral("notes")};
    if (options.perOccurrence)
        header << QStringLiteral("location") << QStringLiteral("file") << QStringLiteral("line")
               << QStringLiteral("package") << QStringLiteral("installed_version") << QStringLiteral("fixed_version")
               << QStringLiteral("message");
    else
        header << QStringLiteral("occurrences") << QStringLiteral("locations");
    out += row(header);
    for (const ReportIssue &issue : report.issues) {
        const IssueDetails &d = issue.details;
        const IssueRow &r = d.row;
        const QStringList common{QString::number(r.id), QString::number(r.scanId), d.target, d.variant, r.scanner,
                                 r.rule, r.key, r.title, severityKey(r.severity),
                                 r.score ? QString::number(*r.score) : QString(), issueCategoryKey(r.category),
                                 exemptionWord(r),
                                 issue.exemption ? exemptionReasonName(issue.exemption->reason) : QString(),
                                 issue.exemption && issue.exemption->expiresAt ? json::isoTime(*issue.exemption->expiresAt)
                                                                               : QString(),
                                 r.reviewed ? QStringLiteral("yes") : QStringLiteral("no"), r.assignee,
                                 QString::number(issue.triage.notes.size())};
        if (!options.perOccurrence) {
            QStringList locations;
            for (const OccurrenceRow &o : d.occurrences)
                locations.append(o.location);
            out += row(common + QStringList{QString::number(r.occurrences), locations.join(QLatin1Char('\n'))});
            continue;
        }
        for (const OccurrenceRow &o : d.occurrences) {
            out += row(common + QStringList{o.location, o.filePath, o.line > 0 ? QString::number(o.line) : QString(),
                                            o.package, o.installedVersion, o.fixedVersion, o.message});
        }
    }
    return out.toUtf8();
}

} // namespace secreview::report
