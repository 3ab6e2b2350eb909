// Checkov JSON (`checkov -o json`): one report object, or a list of them (one per check type).
#include "model/importers/FormatImporter.h"

namespace secreview {

using namespace importing;

namespace {

bool isReport(const JsonNode &o)
{
    return o.isObject() && o.has("check_type") && (o.has("results") || o.has("summary"));
}

// What Checkov 2 writes when it found nothing to scan: the summary alone.
bool isBareSummary(const JsonNode &o)
{
    return o.isObject() && o.has("checkov_version") && o.has("passed") && o.has("failed");
}

void readChecks(const JsonNode &report, const char *key, bool skipped, FindingSink &sink)
{
    auto results = report.member("results");
    if (!results)
        return; // a summary-only report: nothing failed
    results->forEachIn(key, [&](const JsonNode &c) {
        Finding f;
        f.scanner = QStringLiteral("Checkov");
        f.kind = IssueKind::Configuration;
        f.rule = c.requiredString("check_id");
        f.key = f.rule;
        f.title = c.string("check_name", f.rule);
        f.description = f.title;
        f.scannerSeverity = c.string("severity");
        // Checkov leaves severity empty unless a platform key is used: Medium then.
        f.severity = f.scannerSeverity.isEmpty() ? Severity::Medium : severityFromWord(f.scannerSeverity);
        const QString guideline = c.string("guideline");
        if (!guideline.isEmpty())
            f.references.append(guideline);
        QString path = c.string("file_path"); // relative to the scanned folder, written with a leading '/'
        if (path.startsWith(QLatin1Char('/')))
            path.remove(0, 1);
        f.filePath = cleanPath(path);
        if (auto range = c.member("file_line_range"); range && range->isArray()) {
            range->forEach([&](const JsonNode &n) {
                if (f.line == 0 && n.isNumber())
                    f.line = n.scalarText().toInt();
            });
        }
        const QString resource = c.string("resource");
        f.location = fileLocation(f.filePath, f.line) +
                     (resource.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(resource));
        f.message = resource;
        f.fingerprint = identity({f.rule, f.filePath, resource});
        if (skipped) {
            f.suppressed = true;
            QString why;
            if (auto r = c.member("check_result"))
                why = r->string("suppress_comment");
            f.suppression =
                QStringLiteral("checkov:skip%1").arg(why.isEmpty() ? QString() : QStringLiteral(": ") + why);
        }
        f.raw = c.rawJson();
        sink.add(f);
    });
}

} // namespace

const Importer &checkovImporter()
{
    static const FormatImporter importer({
        QStringLiteral("checkov"),
        QStringLiteral("Checkov JSON"),
        {},
        [](const JsonNode &root) {
            if (isReport(root) || isBareSummary(root))
                return true;
            return isNonEmptyArrayOf(root, isReport);
        },
        [](const JsonNode &root, FindingSink &sink) -> ScanInfo {
            auto readReport = [&](const JsonNode &report) {
                if (!report.isObject())
                    report.expected("a Checkov report object");
                readChecks(report, "failed_checks", false, sink);
                readChecks(report, "skipped_checks", true, sink);
            };
            if (root.isArray())
                root.forEach(readReport);
            else if (!isBareSummary(root))
                readReport(root);
            return {QStringLiteral("checkov"), QStringLiteral("Checkov"),
                    isBareSummary(root) ? root.string("checkov_version") : QString()};
        },
        {},
        {},
    });
    return importer;
}

} // namespace secreview
