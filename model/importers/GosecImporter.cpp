// gosec JSON (`gosec -fmt=json`).
#include "model/importers/FormatImporter.h"

namespace secreview {

using namespace importing;

const Importer &gosecImporter()
{
    static const FormatImporter importer({
        QStringLiteral("gosec"),
        QStringLiteral("gosec JSON"),
        {},
        [](const JsonNode &root) { return root.isObject() && root.has("Issues") && root.has("Stats"); },
        [](const JsonNode &root, FindingSink &sink) -> ScanInfo {
            root.forEachIn("Issues", [&](const JsonNode &i) {
                Finding f;
                f.scanner = QStringLiteral("gosec");
                f.rule = i.requiredString("rule_id");
                f.key = f.rule;
                f.title = i.string("details", f.rule);
                f.description = f.title;
                f.scannerSeverity = i.string("severity");
                f.severity = severityFromWord(f.scannerSeverity);
                f.confidence = i.string("confidence");
                if (auto cwe = i.member("cwe"); cwe && cwe->isObject()) {
                    const auto idNode = cwe->member("id");
                    const QString id = idNode ? cweOf(idNode->scalarText()) : QString();
                    if (!id.isEmpty())
                        f.cwes.append(id);
                    const QString url = cwe->string("url");
                    if (!url.isEmpty())
                        f.references.append(url);
                }
                f.references.append(
                    QStringLiteral("https://securego.io/docs/rules/%1.html").arg(f.rule.toLower()));
                f.filePath = cleanPath(i.requiredString("file"));
                // gosec writes the line as a string, "79" or a range "79-81".
                f.line = i.member("line")
                             ? i.required("line").scalarText().section(QLatin1Char('-'), 0, 0).toInt()
                             : 0;
                f.location = fileLocation(f.filePath, f.line);
                f.snippet = i.string("code");
                f.message = f.title;
                f.fingerprint = identity({f.rule, f.filePath, f.snippet.trimmed()});
                f.raw = i.rawJson();
                sink.add(f);
            });
            QString version;
            if (auto stats = root.member("GosecVersion"))
                version = stats->scalarText();
            return {QStringLiteral("gosec"), QStringLiteral("gosec"), version};
        },
        {},
        {},
    });
    return importer;
}

} // namespace secreview
