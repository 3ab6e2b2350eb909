// npm audit JSON: npm 6 (`advisories`, auditReportVersion 1) and npm 7+ (`vulnerabilities` by
// package, auditReportVersion 2).
#include "model/importers/FormatImporter.h"

namespace secreview {

using namespace importing;

namespace {

// npm 6: one issue per advisory; one occurrence per advisory (the vulnerable versions and
// dependency paths are listed in its message), as npm prints it.
void readV1(const JsonNode &root, FindingSink &sink)
{
    root.required("advisories").forEachMember([&](const QString &, const JsonNode &a) {
        Finding f;
        f.scanner = QStringLiteral("npm audit");
        f.kind = IssueKind::Package;
        f.rule = a.required("id").scalarText();
        f.package = a.requiredString("module_name");
        f.key = QStringLiteral("npm-%1|%2").arg(f.rule, f.package);
        f.title = a.string("title", f.rule);
        f.description = a.string("overview");
        f.remediation = a.string("recommendation");
        f.scannerSeverity = a.string("severity");
        f.severity = severityFromWord(f.scannerSeverity);
        if (auto cwe = a.member("cwe")) {
            if (cwe->isString()) {
                if (const QString c = cweOf(cwe->toQString()); !c.isEmpty())
                    f.cwes.append(c);
            } else if (cwe->isArray()) {
                cwe->forEach([&](const JsonNode &c) {
                    if (const QString id = cweOf(c.scalarText()); !id.isEmpty())
                        f.cwes.append(id);
                });
            }
        }
        const QString url = a.string("url");
        if (!url.isEmpty())
            f.references.append(url);
        for (const QString &cve : a.strings("cves"))
            f.references.append(QStringLiteral("https://nvd.nist.gov/vuln/detail/%1").arg(cve));
        QStringList versions, paths;
        a.forEachIn("findings", [&](const JsonNode &finding) {
            const QString v = finding.string("version");
            if (!v.isEmpty() && !versions.contains(v))
                versions.append(v);
            for (const QString &p : finding.strings("paths"))
                paths.append(p);
        });
        f.installedVersion = versions.join(QStringLiteral(", "));
        f.fixedVersion = a.string("patched_versions");
        f.location = QStringLiteral("%1@%2").arg(f.package, f.installedVersion);
        f.filePath = paths.value(0);
        f.message = paths.join(QLatin1Char('\n'));
        f.fingerprint = identity({f.key, f.installedVersion});
        f.raw = a.rawJson();
        sink.add(f);
    });
}

// npm 7+: per vulnerable package, the advisories it is affected by directly ("via" objects);
// entries that only point at another package ("via" strings) are that package's advisories.
void readV2(const JsonNode &root, FindingSink &sink)
{
    root.required("vulnerabilities").forEachMember([&](const QString &name, const JsonNode &pkg) {
        pkg.forEachIn("via", [&](const JsonNode &via) {
            if (!via.isObject())
                return;
            Finding f;
            f.scanner = QStringLiteral("npm audit");
            f.kind = IssueKind::Package;
            f.rule = via.required("source").scalarText();
            f.package = pkg.string("name", name);
            f.key = QStringLiteral("npm-%1|%2").arg(f.rule, f.package);
            f.title = via.string("title", f.rule);
            f.scannerSeverity = via.string("severity", pkg.string("severity"));
            f.severity = severityFromWord(f.scannerSeverity);
            const QString url = via.string("url");
            if (!url.isEmpty())
                f.references.append(url);
            for (const QString &c : via.strings("cwe"))
                f.cwes.append(c);
            if (auto score = via.member("cvss"))
                f.score = score->number("score");
            f.installedVersion = via.string("range");
            f.location = QStringLiteral("%1 %2").arg(f.package, f.installedVersion);
            f.message = pkg.strings("nodes").join(QLatin1Char('\n'));
            f.filePath = pkg.strings("nodes").value(0);
            if (auto fix = pkg.member("fixAvailable"); fix && fix->isObject())
                f.fixedVersion = QStringLiteral("%1@%2").arg(fix->string("name"), fix->string("version"));
            f.fingerprint = identity({f.key, f.installedVersion});
            f.raw = via.rawJson();
            sink.add(f);
        });
    });
}

} // namespace

const Importer &npmAuditImporter()
{
    static const FormatImporter importer({
        QStringLiteral("npm-audit"),
        QStringLiteral("npm audit JSON"),
        {QStringLiteral("npm"), QStringLiteral("npm_audit")},
        [](const JsonNode &root) {
            if (!root.isObject())
                return false;
            if (root.has("advisories") && root.has("metadata"))
                return true;
            if (root.has("auditReportVersion") && root.has("vulnerabilities"))
                return true;
            // What npm writes when the audit itself failed.
            auto error = root.member("error");
            return error && error->isObject() && error->string("code").startsWith(QLatin1String("E"));
        },
        [](const JsonNode &root, FindingSink &sink) -> ScanInfo {
            if (!root.isObject())
                root.expected("an npm audit report object");
            if (auto error = root.member("error"); error && error->isObject())
                error->fail(QStringLiteral("npm audit report contains errors: %1: %2; nothing to import")
                                .arg(error->string("code"), error->string("summary")));
            if (root.has("advisories"))
                readV1(root, sink);
            else
                readV2(root, sink);
            return {QStringLiteral("npm-audit"), QStringLiteral("npm audit"), {}};
        },
        {},
        {},
    });
    return importer;
}

} // namespace secreview
