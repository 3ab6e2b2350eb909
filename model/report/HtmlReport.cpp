// export --format html (and the PDF's pages): a report for a manager or an auditor, in one file.
#include "model/report/Exports.h"

#include "model/core/Text.h"
#include "model/report/JsonValues.h"

#include <QStringList>

namespace secreview::report {
namespace {

// The severity colours of the console (views/common/SeverityStyle), as CSS.
QString colourOf(Severity s)
{
    switch (s) {
    case Severity::Critical:
        return QStringLiteral("#b01e2d");
    case Severity::High:
        return QStringLiteral("#e05a10");
    case Severity::Medium:
        return QStringLiteral("#e8a300");
    case Severity::Low:
        return QStringLiteral("#2f74c0");
    case Severity::Info:
        break;
    }
    return QStringLiteral("#6b7280");
}

// Text from a scanner or a user, as text: markup escaped, control and direction characters
// written visibly (they could otherwise reorder what a reader sees, or break the document).
QString esc(const QString &text)
{
    return terminalSafe(text).toHtmlEscaped();
}

// A block of such text, its lines kept.
QString escBlock(const QString &text)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &line : lines)
        line = esc(line);
    return lines.join(QStringLiteral("<br/>"));
}

QString when(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")) : QString();
}

QString cell(const QString &escaped, const QString &attributes = {})
{
    return QStringLiteral("<td%1>%2</td>").arg(attributes.isEmpty() ? QString() : QLatin1Char(' ') + attributes, escaped);
}

QString severityCell(Severity s)
{
    return QStringLiteral("<td><span class=\"sev\" style=\"background-color:%1;color:%2\">%3</span></td>")
        .arg(colourOf(s), s == Severity::Medium ? QStringLiteral("#1f1f1f") : QStringLiteral("#ffffff"), severityName(s));
}

QString exemptionRows(const QList<ExemptionInfo> &list, bool decided)
{
    if (list.isEmpty())
        return QStringLiteral("<p>None.</p>\n");
    QString out = QStringLiteral(
        "<table width=\"100%\"><tr><th>#</th><th width=\"24%\">Issue</th><th>Scanner / key</th><th>Scope</th><th width=\"24%\">Reason</th>"
        "<th>Requested by</th><th>%1</th><th>Expires</th></tr>\n")
                      .arg(decided ? QStringLiteral("Approved by") : QStringLiteral("Requested at"));
    for (const ExemptionInfo &e : list) {
        out += QStringLiteral("<tr>") + cell(QString::number(e.id)) +
               cell(QString::number(e.issueId) + QStringLiteral(" ") + esc(e.issueTitle)) +
               cell(esc(e.scanner) + QStringLiteral(" / ") + esc(e.issueKey)) +
               cell(esc(exemptionScopeKey(e.scope)) + (e.scope == ExemptionScope::Target ? QStringLiteral(" ") + esc(e.target) : QString())) +
               cell(esc(exemptionReasonName(e.reason)) + (e.description.isEmpty() ? QString() : QStringLiteral(": ") + esc(e.description))) +
               cell(esc(e.requestedBy)) +
               cell(decided ? esc(e.reviewedBy) : esc(when(e.requestedAt))) +
               cell(e.expiresAt ? esc(when(*e.expiresAt)) : QStringLiteral("never")) + QStringLiteral("</tr>\n");
    }
    return out + QStringLiteral("</table>\n");
}

// Issues not exempted, by severity, and how many of them are new: over the selected issues.
struct Totals
{
    std::array<int, 5> open{};
    std::array<int, 5> fresh{};
    int exempted = 0;
};

Totals totalsOf(const ReportContents &report)
{
    Totals t;
    for (const ReportIssue &issue : report.issues) {
        const IssueRow &r = issue.details.row;
        if (r.category == IssueCategory::Remediated)
            continue;
        if (r.exemption == ExemptionStatus::Approved) {
            ++t.exempted;
            continue;
        }
        ++t.open[size_t(r.severity)];
        if (r.category == IssueCategory::New)
            ++t.fresh[size_t(r.severity)];
    }
    return t;
}

// A horizontal bar chart of the selected open issues by severity, the new ones darker.
QByteArray severityChart(const Totals &t)
{
    const int most = std::max(1, *std::max_element(t.open.begin(), t.open.end()));
    constexpr int kWidth = 560, kBar = 22, kGap = 10, kLabel = 80, kRoom = 400;
    QString svg = QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" height=\"%2\" viewBox=\"0 0 %1 %2\""
                                 " role=\"img\" aria-label=\"Open issues by severity\">"
                                 "<rect width=\"%1\" height=\"%2\" fill=\"#ffffff\"/>")
                      .arg(kWidth)
                      .arg(5 * (kBar + kGap) + kGap + 20);
    int y = kGap;
    for (Severity s : kSeveritiesDescending) {
        const int open = t.open[size_t(s)];
        const int fresh = t.fresh[size_t(s)];
        const int w = open * kRoom / most;
        const int wNew = fresh * kRoom / most;
        svg += QStringLiteral("<text x=\"0\" y=\"%1\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"13\" fill=\"#1f1f1f\">%2</text>")
                   .arg(y + 16)
                   .arg(severityName(s));
        svg += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"%5\" fill-opacity=\"0.45\"/>")
                   .arg(kLabel)
                   .arg(y)
                   .arg(w)
                   .arg(kBar)
                   .arg(colourOf(s));
        svg += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"%5\"/>")
                   .arg(kLabel)
                   .arg(y)
                   .arg(wNew)
                   .arg(kBar)
                   .arg(colourOf(s));
        svg += QStringLiteral("<text x=\"%1\" y=\"%2\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"13\" fill=\"#1f1f1f\">%3 (%4 new)</text>")
                   .arg(kLabel + w + 6)
                   .arg(y + 16)
                   .arg(open)
                   .arg(fresh);
        y += kBar + kGap;
    }
    svg += QStringLiteral("<text x=\"0\" y=\"%1\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"11\" fill=\"#555555\">"
                          "Open (not exempted) issues of the selection; the solid part is new. Exempted: %2.</text></svg>")
               .arg(y + 12)
               .arg(t.exempted);
    return svg.toUtf8();
}

// One stacked bar per scan: its open issues by severity (the e-mail's figures, as a picture).
QByteArray scansChart(const ReportContents &report)
{
    constexpr int kWidth = 560, kBar = 18, kGap = 8, kLabel = 200, kRoom = 300;
    int most = 1;
    for (const ReportScan &s : report.scans)
        most = std::max(most, s.variables.total());
    const int rows = int(std::min<qsizetype>(report.scans.size(), 20));
    QString svg = QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" height=\"%2\" viewBox=\"0 0 %1 %2\""
                                 " role=\"img\" aria-label=\"Open issues per scan\">"
                                 "<rect width=\"%1\" height=\"%2\" fill=\"#ffffff\"/>")
                      .arg(kWidth)
                      .arg(std::max(1, rows) * (kBar + kGap) + kGap);
    int y = kGap;
    for (int i = 0; i < rows; ++i) {
        const ReportScan &s = report.scans.at(i);
        const QString name = QStringLiteral("#%1 %2").arg(s.scan.id).arg(s.scan.scanner.left(18));
        svg += QStringLiteral("<text x=\"0\" y=\"%1\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\" fill=\"#1f1f1f\">%2</text>")
                   .arg(y + 13)
                   .arg(esc(name));
        int x = kLabel;
        for (Severity sev : kSeveritiesDescending) {
            const int w = s.variables.bySeverity[size_t(sev)] * kRoom / most;
            if (w > 0)
                svg += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"%5\"/>")
                           .arg(x)
                           .arg(y)
                           .arg(w)
                           .arg(kBar)
                           .arg(colourOf(sev));
            x += w;
        }
        svg += QStringLiteral("<text x=\"%1\" y=\"%2\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\" fill=\"#1f1f1f\">%3</text>")
                   .arg(x + 6)
                   .arg(y + 13)
                   .arg(s.variables.total());
        y += kBar + kGap;
    }
    return (svg + QStringLiteral("</svg>")).toUtf8();
}

const char *const kStyle =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10pt;color:#1f1f1f;margin:24px;}"
    "h1{font-size:18pt;margin-bottom:2px;} h2{font-size:14pt;border-bottom:1px solid #999;margin-top:22px;}"
    "h3{font-size:11pt;margin-bottom:2px;} table{border-collapse:collapse;margin:6px 0;}"
    "th,td{border:1px solid #bbb;padding:3px 6px;text-align:left;vertical-align:top;}"
    "th{background-color:#eef0f3;} .num{text-align:right;} .meta{color:#555;}"
    ".sev{padding:1px 6px;font-weight:bold;} .pass{color:#1b7a3a;font-weight:bold;}"
    ".fail{color:#b01e2d;font-weight:bold;} .issue{margin:10px 0 14px 0;}"
    ".small{font-size:8.5pt;color:#444;}";

} // namespace

QStringList reportSections(const ReportContents &)
{
    return {QStringLiteral("Summary per scan"), QStringLiteral("Charts"), QStringLiteral("Gate verdicts"),
            QStringLiteral("Exemptions in force"), QStringLiteral("Exemptions pending"), QStringLiteral("Top issues")};
}

QList<std::pair<QString, QByteArray>> reportCharts(const ReportContents &report)
{
    return {{QStringLiteral("chart-severity"), severityChart(totalsOf(report))},
            {QStringLiteral("chart-scans"), scansChart(report)}};
}

QString html(const ReportContents &report, const HtmlOptions &options)
{
    const QStringList sections = reportSections(report);
    const auto heading = [&](int i) {
        return QStringLiteral("<h2 id=\"s%1\"%2>%3. %4</h2>\n")
            .arg(i + 1)
            .arg(options.forPrint && i == int(sections.size()) - 1 ? QStringLiteral(" style=\"page-break-before:always\"") : QString())
            .arg(i + 1)
            .arg(sections.at(i));
    };
    QString h = QStringLiteral(
                    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
                    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/>"
                    "<title>%1</title><style>%2</style></head>\n<body>\n")
                    .arg(esc(report.title), QString::fromLatin1(kStyle));
    h += QStringLiteral("<h1>%1</h1>\n<p class=\"meta\">%2<br/>Generated %3 by %4 from %5</p>\n")
             .arg(esc(report.title), esc(report.selection), esc(when(report.generatedAt)), esc(report.generatedBy),
                  esc(report.database));

    // Contents (in the PDF with each section's page).
    h += QStringLiteral("<h2>Contents</h2>\n<table class=\"toc\">");
    for (int i = 0; i < sections.size(); ++i)
        h += QStringLiteral("<tr><td><a href=\"#s%1\">%1. %2</a></td>%3</tr>")
                 .arg(i + 1)
                 .arg(sections.at(i),
                      options.forPrint ? cell(options.tocPages.value(i), QStringLiteral("class=\"num\"")) : QString());
    h += QStringLiteral("</table>\n");

    // 1. The tutorial e-mail's figures, one row per scan (a scan step's when it came from a pipeline).
    h += heading(0);
    h += QStringLiteral("<table width=\"100%\"><tr><th width=\"36%\">Scan</th>"
                        "<th>Critical</th><th>New Critical</th><th>High</th><th>New High</th><th>Medium</th>"
                        "<th>New Medium</th><th>Low</th><th>Info</th><th>Exempted</th></tr>\n");
    for (const ReportScan &s : report.scans) {
        const OutputVariables &v = s.variables;
        const auto n = [&](Severity sev, bool fresh) {
            return cell(QString::number(fresh ? v.newBySeverity[size_t(sev)] : v.bySeverity[size_t(sev)]),
                        QStringLiteral("class=\"num\""));
        };
        const QString step = s.scan.pipeline.isEmpty()
                                 ? QString()
                                 : QStringLiteral("<br/>step ") + esc(s.scan.pipeline) + QStringLiteral(" / ") + esc(s.scan.step);
        h += QStringLiteral("<tr>") +
             cell(QStringLiteral("<b>%1 scan %2</b><br/>").arg(esc(s.scan.scanner), QString::number(s.scan.id)) + esc(s.scan.target) +
                  QStringLiteral(" @ ") + esc(s.scan.variant) + step + QStringLiteral("<br/><span class=\"small\">") +
                  esc(when(s.scan.importedAt)) + QStringLiteral("</span>")) +
             n(Severity::Critical, false) + n(Severity::Critical, true) + n(Severity::High, false) +
             n(Severity::High, true) + n(Severity::Medium, false) + n(Severity::Medium, true) +
             n(Severity::Low, false) + n(Severity::Info, false) +
             cell(QString::number(v.ignored), QStringLiteral("class=\"num\"")) + QStringLiteral("</tr>\n");
    }
    h += QStringLiteral("</table>\n<p class=\"small\">Counts are over each whole scan, exempted issues left out (the "
                        "pipeline's output variables); \"New\" is against the scan it is compared with.</p>\n");

    // 2. Charts: inline SVG in the HTML, the same pictures as images in the PDF.
    h += heading(1);
    for (const auto &[name, svg] : reportCharts(report)) {
        if (options.forPrint)
            h += QStringLiteral("<p><img src=\"%1\"/></p>\n").arg(name);
        else
            h += QStringLiteral("<p>") + QString::fromUtf8(svg) + QStringLiteral("</p>\n");
    }

    // 3. Gate verdicts.
    h += heading(2);
    if (report.verdicts.isEmpty())
        h += QStringLiteral("<p>None asked for.</p>\n");
    else {
        h += QStringLiteral("<table width=\"100%\"><tr><th>Target @ variant</th><th>fail_on_severity</th><th>Verdict</th><th>Message</th></tr>\n");
        for (const ReportVerdict &v : report.verdicts)
            h += QStringLiteral("<tr>") + cell(esc(v.target) + QStringLiteral(" @ ") + esc(v.variant)) + cell(esc(v.threshold)) +
                 QStringLiteral("<td class=\"%1\">%2</td>").arg(v.passed ? QStringLiteral("pass") : QStringLiteral("fail"),
                                                              v.passed ? QStringLiteral("PASS") : QStringLiteral("FAIL")) +
                 cell(esc(v.message)) + QStringLiteral("</tr>\n");
        h += QStringLiteral("</table>\n");
    }

    // 4, 5. Exemptions.
    h += heading(3) + exemptionRows(report.exemptionsInForce, true);
    h += heading(4) + exemptionRows(report.exemptionsPending, false);

    // 6. The top issues, severity first, with their details.
    h += heading(5);
    const int top = int(std::min<qsizetype>(report.issues.size(), options.topIssues));
    h += QStringLiteral("<p class=\"meta\">%1 of %2 selected issue(s), the most severe first.</p>\n")
             .arg(top)
             .arg(report.issues.size());
    for (int i = 0; i < top; ++i) {
        const ReportIssue &issue = report.issues.at(i);
        const IssueDetails &d = issue.details;
        const IssueRow &r = d.row;
        h += QStringLiteral("<div class=\"issue\"><h3>Issue %1: %2</h3>\n<table width=\"100%\">").arg(r.id).arg(esc(r.title));
        h += QStringLiteral("<tr><th>Severity</th>") + severityCell(r.severity) + QStringLiteral("<th>Scanner</th>") +
             cell(esc(r.scanner) + QStringLiteral(" (") + esc(r.scannerSeverity) + QStringLiteral(")")) + QStringLiteral("</tr>\n");
        h += QStringLiteral("<tr><th>Rule</th>") + cell(esc(r.rule)) + QStringLiteral("<th>Where</th>") +
             cell(esc(d.target) + QStringLiteral(" @ ") + esc(d.variant) + QStringLiteral(", scan ") + QString::number(r.scanId)) +
             QStringLiteral("</tr>\n");
        QString exemption = r.exemption ? esc(exemptionStatusKey(*r.exemption)) : QStringLiteral("none");
        if (issue.exemption)
            exemption += QStringLiteral(" (#%1, %2, requested by %3%4)")
                             .arg(issue.exemption->id)
                             .arg(esc(exemptionReasonName(issue.exemption->reason)), esc(issue.exemption->requestedBy),
                                  issue.exemption->expiresAt ? QStringLiteral(", until ") + esc(when(*issue.exemption->expiresAt))
                                                             : QString());
        h += QStringLiteral("<tr><th>Category</th>") + cell(esc(issueCategoryKey(r.category))) +
             QStringLiteral("<th>Exemption</th>") + cell(exemption) + QStringLiteral("</tr>\n</table>\n");
        if (!d.description.isEmpty())
            h += QStringLiteral("<p>") + escBlock(d.description.left(2000)) + QStringLiteral("</p>\n");
        if (!d.remediation.isEmpty())
            h += QStringLiteral("<p><b>Remediation:</b> ") + escBlock(d.remediation.left(1000)) + QStringLiteral("</p>\n");
        constexpr int kPlaces = 10;
        h += QStringLiteral("<p class=\"small\"><b>Occurrences (%1):</b>").arg(d.occurrences.size());
        for (int k = 0; k < std::min<qsizetype>(d.occurrences.size(), kPlaces); ++k)
            h += QStringLiteral("<br/>") + esc(d.occurrences.at(k).location);
        if (d.occurrences.size() > kPlaces)
            h += QStringLiteral("<br/>... and %1 more").arg(d.occurrences.size() - kPlaces);
        h += QStringLiteral("</p>\n");
        constexpr int kReferences = 5;
        if (!d.references.isEmpty()) {
            h += QStringLiteral("<p class=\"small\"><b>References (%1):</b>").arg(d.references.size());
            for (int k = 0; k < std::min<qsizetype>(d.references.size(), kReferences); ++k)
                h += QStringLiteral("<br/>") + esc(d.references.at(k));
            if (d.references.size() > kReferences)
                h += QStringLiteral("<br/>... and %1 more").arg(d.references.size() - kReferences);
            h += QStringLiteral("</p>\n");
        }
        for (const IssueNote &note : issue.triage.notes)
            h += QStringLiteral("<p class=\"small\"><b>Note by %1, %2:</b> %3</p>\n")
                     .arg(esc(note.author), esc(when(note.at)), escBlock(note.text));
        h += QStringLiteral("</div>\n");
    }
    return h + QStringLiteral("</body></html>\n");
}

} // namespace secreview::report
