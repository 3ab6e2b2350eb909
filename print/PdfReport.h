#pragma once

#include "model/report/Exports.h"
#include "model/report/ReportContents.h"

#include <QByteArray>
#include <QString>

namespace secreview::print {

// The HTML report (model/report) as a PDF through Qt's own writer: A4, a header on every page
// (the report's title and selection, when it was made), "Page N of M" at the foot, a table of
// contents with each section's page, the charts drawn from their SVG. Needs a QGuiApplication
// (the command line makes one, offscreen, for `export`).
QByteArray pdf(const ReportContents &report, int topIssues = 50);

// The file of one export in any format (model/report's writers, this PDF): what `export` and the
// console's File > Export… both write.
QByteArray exportBytes(const ReportContents &report, report::ExportFormat format, const report::CsvOptions &csv = {},
                       const report::HtmlOptions &html = {});

} // namespace secreview::print
