// Brakeman JSON (`brakeman -f json`): warnings, and the ones ignored in brakeman.ignore.
#include "model/importers/FormatImporter.h"

namespace secreview {

using namespace importing;

namespace {

// Brakeman rates confidence, not severity: High confidence reads as High, Medium as Medium,
// Weak as Low.
Severity brakemanSeverity(const QString &confidence)
{
    const QString c = confidence.toLower();
    if (c == QLatin1String("high") || c == QLatin1String("0"))
        return Severity::High;
    if (c == QLatin1String("medium") || c == QLatin1String("1"))
        return Severity::Medium;
    return Severity::Low;
}

void readWarnings(const JsonNode &root, const char *key, bool ignored, FindingSink &sink)
{
    root.forEachIn(key, [&](const JsonNode &w) {
        Finding f;
        f.scanner = QStringLiteral("Brakeman");
        f.rule = w.requiredString("warning_type");
        f.key = f.rule;
        f.title = f.rule;
        f.description = w.string("message");
        f.message = f.description;
        if (auto confidence = w.member("confidence"))
            f.confidence = confidence->scalarText();
        f.scannerSeverity = f.confidence;
        f.severity = brakemanSeverity(f.confidence);
        const QString link = w.string("link");
        if (!link.isEmpty())
            f.references.append(link);
        if (auto cwe = w.member("cwe_id"); cwe && cwe->isArray())
            cwe->forEach([&](const JsonNode &c) { f.cwes.append(QStringLiteral("CWE-") + c.scalarText()); });
        f.filePath = cleanPath(w.string("file"));
        f.line = int(w.integer("line").value_or(0));
        f.location = fileLocation(f.filePath, f.line);
        f.snippet = w.string("code");
        // Brakeman's fingerprint leaves line numbers out on purpose (it is what brakeman.ignore
        // matches): the occurrence survives code moving around it.
        f.fingerprint = w.string("fingerprint");
        if (f.fingerprint.isEmpty())
            f.fingerprint = identity({f.rule, f.filePath, f.snippet});
        if (ignored) {
            f.suppressed = true;
            f.suppression = QStringLiteral("brakeman.ignore: %1").arg(w.string("note"));
        }
        f.raw = w.rawJson();
        sink.add(f);
    });
}

} // namespace

const Importer &brakemanImporter()
{
    static const FormatImporter importer({
        QStringLiteral("brakeman"),
        QStringLiteral("Brakeman JSON"),
        {},
        [](const JsonNode &root) { return root.isObject() && root.has("scan_info") && root.has("warnings"); },
        [](const JsonNode &root, FindingSink &sink) -> ScanInfo {
            readWarnings(root, "warnings", false, sink);
            readWarnings(root, "ignored_warnings", true, sink);
            QString version;
            if (auto info = root.member("scan_info"))
                version = info->string("brakeman_version");
            return {QStringLiteral("brakeman"), QStringLiteral("Brakeman"), version};
        },
        {},
        {},
    });
    return importer;
}

} // namespace secreview
