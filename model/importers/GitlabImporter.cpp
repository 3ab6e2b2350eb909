// GitLab security reports: SAST (`gl-sast-report.json`) and dependency scanning
// (`gl-dependency-scanning-report.json`), schema 2.x to 15.x.
#include "model/importers/FormatImporter.h"

namespace secreview {

using namespace importing;

const Importer &gitlabImporter()
{
    static const FormatImporter importer({
        QStringLiteral("gitlab"),
        QStringLiteral("GitLab SAST / dependency scanning JSON"),
        {QStringLiteral("gitlab-sast"), QStringLiteral("gitlab-dependency-scanning")},
        [](const JsonNode &root) {
            if (!root.isObject() || !root.has("vulnerabilities") || !root.has("version"))
                return false;
            bool gitlab = true;
            root.forEachIn("vulnerabilities", [&](const JsonNode &v) {
                gitlab = gitlab && v.isObject() && v.has("location") &&
                         (v.has("identifiers") || v.has("category"));
            });
            return gitlab;
        },
        [](const JsonNode &root, FindingSink &sink) -> ScanInfo {
            QString scanType, scannerName;
            if (auto scan = root.member("scan"); scan && scan->isObject()) {
                scanType = scan->string("type");
                if (auto s = scan->member("scanner"); s && s->isObject())
                    scannerName = s->string("name");
            }
            root.forEachIn("vulnerabilities", [&](const JsonNode &v) {
                Finding f;
                f.scanner = scannerName.isEmpty() ? QStringLiteral("GitLab") : scannerName;
                const JsonNode location = v.required("location");
                // The first identifier is the rule (e.g. semgrep_id, gosec_rule_id); CWEs and CVEs follow.
                v.forEachIn("identifiers", [&](const JsonNode &id) {
                    if (!id.isObject())
                        return;
                    const QString type = id.string("type").toLower();
                    const QString value = id.required("value").scalarText();
                    if (type == QLatin1String("cwe"))
                        f.cwes.append(QStringLiteral("CWE-") + value);
                    else if (f.rule.isEmpty())
                        f.rule = type + QLatin1Char(':') + value;
                    const QString url = id.string("url");
                    if (!url.isEmpty() && !f.references.contains(url))
                        f.references.append(url);
                });
                f.title = v.string("name", v.string("message"));
                if (f.rule.isEmpty())
                    f.rule = f.title;
                if (f.rule.isEmpty())
                    v.fail(QStringLiteral("a vulnerability with neither identifiers nor a name"));
                if (f.title.isEmpty())
                    f.title = f.rule;
                f.description = v.string("description");
                f.remediation = v.string("solution");
                f.scannerSeverity = v.string("severity");
                f.severity = severityFromWord(f.scannerSeverity);
                f.confidence = v.string("confidence");
                v.forEachIn("links", [&](const JsonNode &l) {
                    if (l.isObject() && !l.string("url").isEmpty())
                        f.references.append(l.string("url"));
                });
                f.filePath = cleanPath(location.string("file"));
                f.line = int(location.integer("start_line").value_or(0));
                if (auto dep = location.member("dependency"); dep && dep->isObject()) {
                    if (auto pkg = dep->member("package"); pkg && pkg->isObject())
                        f.package = pkg->string("name");
                    f.installedVersion = dep->string("version");
                }
                if (!f.package.isEmpty()) {
                    f.kind = IssueKind::Package;
                    f.key = f.rule + QLatin1Char('|') + f.package;
                    f.location = QStringLiteral("%1@%2 (%3)").arg(f.package, f.installedVersion, f.filePath);
                } else {
                    f.kind = v.string("category") == QLatin1String("secret_detection") ? IssueKind::Secret
                                                                                       : IssueKind::Code;
                    f.key = f.rule;
                    f.location = fileLocation(f.filePath, f.line);
                }
                f.message = v.string("message", f.title);
                // v14's "cve" is the analyzer's location fingerprint (file, code hash, rule): it
                // does not move with the line. Without it: the vulnerability id.
                f.fingerprint = v.string("cve");
                if (f.fingerprint.isEmpty() || f.fingerprint == f.rule)
                    f.fingerprint = identity({f.key, f.filePath, v.string("id", QString::number(f.line))});
                f.raw = v.rawJson();
                sink.add(f);
            });
            return {
                QStringLiteral("gitlab"),
                scannerName.isEmpty()
                    ? QStringLiteral("GitLab %1").arg(scanType.isEmpty() ? QStringLiteral("SAST") : scanType)
                    : scannerName,
                root.string("version")};
        },
        {},
        {},
    });
    return importer;
}

} // namespace secreview
