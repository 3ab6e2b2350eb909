// Semgrep JSON (`semgrep --json`) and the Semgrep App supply-chain API export (`vulns`).
#include "model/importers/FormatImporter.h"

namespace secreview {
namespace {

using namespace importing;

Severity semgrepSeverity(const QString &word)
{
    const QString w = word.toUpper();
    if (w == QLatin1String("ERROR"))
        return Severity::High;
    if (w == QLatin1String("WARNING"))
        return Severity::Medium;
    if (w == QLatin1String("INFO"))
        return Severity::Low;
    return severityFromWord(word); // newer Semgrep: CRITICAL, HIGH, MEDIUM, LOW
}

// metadata.cwe is a string or a list of strings.
QStringList cwesOf(const JsonNode &metadata, const char *key)
{
    QStringList out;
    auto value = metadata.member(key);
    if (!value)
        return out;
    if (value->isString()) {
        const QString cwe = cweOf(value->toQString());
        if (!cwe.isEmpty())
            out.append(cwe);
    } else if (value->isArray()) {
        value->forEach([&](const JsonNode &v) {
            const QString cwe = v.isString() ? cweOf(v.toQString()) : QString();
            if (!cwe.isEmpty() && !out.contains(cwe))
                out.append(cwe);
        });
    }
    return out;
}

void readResults(const JsonNode &root, FindingSink &sink)
{
    root.required("results").forEach([&](const JsonNode &r) {
        Finding f;
        f.scanner = QStringLiteral("Semgrep");
        f.rule = r.requiredString("check_id");
        f.key = f.rule;
        f.title = f.rule.section(QLatin1Char('.'), -1);
        f.filePath = cleanPath(r.requiredString("path"));
        if (auto start = r.member("start"))
            f.line = int(start->integer("line").value_or(0));
        f.location = fileLocation(f.filePath, f.line);
        if (auto extra = r.member("extra")) {
            f.message = extra->string("message").trimmed();
            f.description = f.message;
            f.scannerSeverity = extra->string("severity");
            f.severity = semgrepSeverity(f.scannerSeverity);
            f.remediation = extra->string("fix");
            f.snippet = extra->string("lines");
            // "requires login" is what Semgrep writes when it withholds the fingerprint.
            const QString fingerprint = extra->string("fingerprint");
            if (!fingerprint.isEmpty() && fingerprint != QLatin1String("requires login"))
                f.fingerprint = fingerprint;
            if (auto metadata = extra->member("metadata"); metadata && metadata->isObject()) {
                f.cwes = cwesOf(*metadata, "cwe");
                if (auto refs = metadata->member("references"); refs && refs->isArray())
                    refs->forEach([&](const JsonNode &u) {
                        if (u.isString())
                            f.references.append(u.toQString());
                    });
                const QString source = metadata->string("source-rule-url");
                if (!source.isEmpty())
                    f.references.prepend(source);
                f.confidence = metadata->string("confidence");
            }
        }
        // Semgrep's fingerprint survives line moves; without it, the rule, the file and the
        // matched code do (not the line number).
        if (f.fingerprint.isEmpty())
            f.fingerprint = identity({f.rule, f.filePath, f.snippet.trimmed()});
        f.raw = r.rawJson();
        sink.add(f);
    });
}

void readAppVulns(const JsonNode &root, FindingSink &sink)
{
    root.required("vulns").forEach([&](const JsonNode &v) {
        Finding f;
        f.scanner = QStringLiteral("Semgrep Supply Chain");
        f.kind = IssueKind::Package;
        const JsonNode advisory = v.required("advisory");
        f.rule = advisory.requiredString("ruleId");
        f.title = advisory.string("title", v.string("title"));
        f.description = advisory.string("description");
        f.scannerSeverity = advisory.string("severity");
        f.severity = severityFromWord(f.scannerSeverity);
        if (auto refs = advisory.member("references")) {
            f.cwes = cwesOf(*refs, "cweIds");
            for (const QString &u : refs->strings("urls"))
                f.references.append(u);
            const QStringList cves = refs->strings("cveIds");
            if (!cves.isEmpty())
                f.rule = cves.first();
        }
        if (auto dep = v.member("matchedDependency")) {
            f.package = dep->string("name");
            f.installedVersion = dep->string("versionSpecifier");
        }
        if (auto safe = v.member("closestSafeDependency"))
            f.fixedVersion = safe->string("versionSpecifier");
        if (auto file = v.member("dependencyFileLocation")) {
            f.filePath = file->string("path");
            f.line = int(file->numberOrNumeric("startLine").value_or(0));
        }
        f.key = f.rule + QLatin1Char('|') + f.package;
        f.location =
            QStringLiteral("%1@%2 (%3)").arg(f.package, f.installedVersion, fileLocation(f.filePath, f.line));
        f.message = v.string("exposureType");
        f.fingerprint = identity({f.key, f.installedVersion, f.filePath});
        f.raw = v.rawJson();
        sink.add(f);
    });
}

} // namespace

const Importer &semgrepImporter()
{
    static const FormatImporter importer({
        QStringLiteral("semgrep"),
        QStringLiteral("Semgrep JSON"),
        {},
        [](const JsonNode &root) {
            if (!root.isObject())
                return false;
            if (auto vulns = root.member("vulns"); vulns && vulns->isArray() && root.has("hasMore"))
                return true;
            auto results = root.member("results");
            if (!results || !results->isArray() || !root.has("errors"))
                return false;
            bool semgrep = true; // {"results": [], "errors": []} is Semgrep's empty report
            simdjson::dom::array arr = results->element().get_array().value_unsafe();
            for (simdjson::dom::element first : arr) {
                semgrep = first.is_object() && first["check_id"].error() == simdjson::SUCCESS &&
                          first["extra"].error() == simdjson::SUCCESS;
                break;
            }
            return semgrep;
        },
        [](const JsonNode &root, FindingSink &sink) -> ScanInfo {
            if (root.has("vulns")) {
                readAppVulns(root, sink);
                return {QStringLiteral("semgrep"), QStringLiteral("Semgrep Supply Chain"), {}};
            }
            readResults(root, sink);
            return {QStringLiteral("semgrep"), QStringLiteral("Semgrep"), root.string("version")};
        },
        {},
        {},
    });
    return importer;
}

} // namespace secreview
