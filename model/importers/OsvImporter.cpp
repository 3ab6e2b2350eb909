// OSV-Scanner JSON (`osv-scanner --format json`): results by source, packages, vulnerabilities.
#include "model/importers/FormatImporter.h"

namespace secreview {

using namespace importing;

namespace {

// OSV records carry severity as CVSS vectors or in database_specific.severity.
void severityOf(const JsonNode &v, Finding &f)
{
    if (auto db = v.member("database_specific"); db && db->isObject()) {
        if (auto s = db->member("severity"); s && s->isString()) {
            f.scannerSeverity = s->toQString();
            f.severity = severityFromWord(f.scannerSeverity);
            return;
        }
    }
    v.forEachIn("severity", [&](const JsonNode &s) {
        if (f.scannerSeverity.isEmpty() && s.isObject())
            f.scannerSeverity = s.string("score");
    });
    f.severity = Severity::Medium; // a known vulnerability without a rating: Medium until triaged
}

} // namespace

const Importer &osvImporter()
{
    static const FormatImporter importer({
        QStringLiteral("osv"),
        QStringLiteral("OSV-Scanner JSON"),
        {QStringLiteral("osv-scanner")},
        [](const JsonNode &root) {
            if (!root.isObject() || !root.has("results"))
                return false;
            bool osv = root.has("experimental_config");
            root.forEachIn("results", [&](const JsonNode &r) {
                osv = osv || (r.isObject() && r.has("packages") && r.has("source"));
            });
            return osv;
        },
        [](const JsonNode &root, FindingSink &sink) -> ScanInfo {
            root.forEachIn("results", [&](const JsonNode &result) {
                QString source;
                if (auto s = result.member("source"))
                    source = s->string("path");
                result.forEachIn("packages", [&](const JsonNode &p) {
                    const JsonNode package = p.required("package");
                    p.forEachIn("vulnerabilities", [&](const JsonNode &v) {
                        Finding f;
                        f.scanner = QStringLiteral("OSV-Scanner");
                        f.kind = IssueKind::Package;
                        f.rule = v.requiredString("id");
                        // A git source is a package without a name: its commit identifies it.
                        f.package = package.string("name");
                        f.installedVersion = package.string("version");
                        if (f.package.isEmpty()) {
                            f.package = source.isEmpty() ? QStringLiteral("(unnamed source)") : source;
                            f.installedVersion = package.string("commit").left(12);
                        }
                        f.key = f.rule + QLatin1Char('|') + f.package;
                        f.title = v.string("summary", f.rule);
                        f.description = v.string("details");
                        severityOf(v, f);
                        v.forEachIn("references", [&](const JsonNode &r) {
                            if (r.isObject() && !r.string("url").isEmpty())
                                f.references.append(r.string("url"));
                        });
                        if (auto db = v.member("database_specific"); db && db->isObject())
                            for (const QString &c : db->strings("cwe_ids"))
                                f.cwes.append(c);
                        v.forEachIn("affected", [&](const JsonNode &a) {
                            if (!f.fixedVersion.isEmpty() || !a.isObject())
                                return;
                            a.forEachIn("ranges", [&](const JsonNode &range) {
                                range.forEachIn("events", [&](const JsonNode &e) {
                                    if (f.fixedVersion.isEmpty() && e.isObject())
                                        f.fixedVersion = e.string("fixed");
                                });
                            });
                        });
                        f.filePath = source;
                        f.location = QStringLiteral("%1@%2 (%3)").arg(f.package, f.installedVersion, source);
                        f.message = package.string("ecosystem");
                        f.fingerprint = identity({f.key, f.installedVersion, source});
                        f.raw = v.rawJson();
                        sink.add(f);
                    });
                });
            });
            return {QStringLiteral("osv"), QStringLiteral("OSV-Scanner"), {}};
        },
        {},
        {},
    });
    return importer;
}

} // namespace secreview
