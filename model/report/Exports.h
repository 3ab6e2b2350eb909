#pragma once

#include "model/report/ReportContents.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <optional>

namespace secreview::report {

// The formats `export --format` and the console's File > Export... write. PDF is the HTML
// report laid out in pages (print/PdfReport: it needs Qt Gui, which model/ never uses).
enum class ExportFormat
{
    Sarif,
    Csv,
    Json,
    Html,
    Pdf
};
QString exportFormatKey(ExportFormat format); // "sarif"
std::optional<ExportFormat> exportFormatFromKey(QStringView key);
QStringList exportFormatKeys();
QString exportFormatSuffix(ExportFormat format); // "sarif", "csv", "json", "html", "pdf"

// SARIF 2.1.0: one run per scanner, a rule per issue key with what the import kept of its
// metadata, a result per occurrence (the scanner's own fingerprints and property bag kept when it
// wrote SARIF), partialFingerprints from the issue key, security-severity from the severity, and
// the exemption in force as a suppression (approved: accepted, pending: underReview, rejected:
// rejected; its reason, requester, reviewer and expiry in the suppression's properties).
QByteArray sarif(const ReportContents &report);

// CSV (RFC 4180, UTF-8 with a header, CRLF): one row per issue, or per occurrence; the Jira
// preset writes the columns Jira's CSV importer maps (Summary, Description, Priority, Labels).
struct CsvOptions
{
    bool perOccurrence = false;
    bool jira = false;
};
QByteArray csv(const ReportContents &report, const CsvOptions &options = {});
// One field, quoted; text a spreadsheet would run as a formula (starting, after any blanks, with
// = + - @, a tab or a CR) is made text with a leading apostrophe.
QString csvField(const QString &text);

// The data of `issues --format json`, each issue with its occurrences, exemptions and notes, and
// what the selection covers.
QByteArray json(const ReportContents &report);

// One self-contained HTML file (inline CSS, no script, no external fetch): the summary per scan
// in the tutorial e-mail's terms, charts as inline SVG, the gate verdicts, the exemptions in force
// and pending, the top issues with details. Every text from a scanner or a user is escaped.
// forPrint: the variant PdfReport lays out (QTextDocument's HTML subset: charts as <img> of the
// resources named chartResources(), a table of contents filled in by page).
struct HtmlOptions
{
    bool forPrint = false;
    int topIssues = 50;
    QStringList tocPages; // forPrint: the page of each section ("" before they are known)
};
QString html(const ReportContents &report, const HtmlOptions &options = {});
// The report's sections, in order (the table of contents).
QStringList reportSections(const ReportContents &report);
// The charts as SVG documents, by the resource name the print variant refers to.
QList<std::pair<QString, QByteArray>> reportCharts(const ReportContents &report);

// Writes bytes to path in one go (a reader never sees half a file); BadInput naming the path
// when it cannot.
void writeFile(const QString &path, const QByteArray &bytes);
// Appends (GitHub's $GITHUB_OUTPUT), with the same rule and errors said.
void appendFile(const QString &path, const QByteArray &bytes);
// BadInput unless path is a regular file or nothing yet (no link, device, FIFO or folder).
void requireRegularFile(const QString &path);
// Usage error when path is the database file itself or one of its companions (-wal, -shm,
// -journal), through any symlink: an export never takes the place of what it was read from.
void requireNotDatabase(const QString &path, const Database &db);

} // namespace secreview::report
