// Snyk Open Source / Container JSON (`snyk test --json`): one project object, or a list of them
// (`--all-projects`). Snyk Code writes SARIF, which the SARIF importer reads.
#include "model/importers/FormatImporter.h"

namespace secreview {

using namespace importing;

namespace {

bool isProject(const JsonNode &o)
{
    return o.isObject() && o.has("vulnerabilities") && (o.has("packageManager") || o.has("projectName")) &&
           o.has("ok");
}

void readProject(const JsonNode &project, FindingSink &sink)
{
    const QString target = project.string("displayTargetFile", project.string("projectName"));
    project.forEachIn("vulnerabilities", [&](const JsonNode &v) {
        Finding f;
        f.scanner = QStringLiteral("Snyk");
        f.kind = v.string("type") == QLatin1String("license") ? IssueKind::License : IssueKind::Package;
        f.rule = v.requiredString("id");
        f.package = v.string("packageName", v.string("name"));
        f.installedVersion = v.string("version");
        f.key = f.rule + QLatin1Char('|') + f.package;
        f.title = v.string("title", f.rule);
        f.description = v.string("description");
        f.scannerSeverity = v.string("severity");
        f.severity = severityFromWord(f.scannerSeverity);
        if (auto score = v.member("cvssScore"); score && score->isNumber())
            f.score = score->element().get_double().value_unsafe();
        if (auto ids = v.member("identifiers"); ids && ids->isObject()) {
            for (const QString &c : ids->strings("CWE"))
                f.cwes.append(c);
            for (const QString &cve : ids->strings("CVE"))
                f.references.append(QStringLiteral("https://nvd.nist.gov/vuln/detail/%1").arg(cve));
        }
        f.references.prepend(QStringLiteral("https://security.snyk.io/vuln/%1").arg(f.rule));
        QStringList fixed;
        v.forEachIn("fixedIn", [&](const JsonNode &x) { fixed.append(x.scalarText()); });
        f.fixedVersion = fixed.join(QStringLiteral(", "));
        QStringList from;
        v.forEachIn("from", [&](const JsonNode &x) { from.append(x.scalarText()); });
        // One occurrence per dependency path: Snyk reports the same package once per path.
        f.message = from.join(QStringLiteral(" > "));
        f.filePath = target;
        f.location = QStringLiteral("%1@%2").arg(f.package, f.installedVersion) +
                     (from.size() > 1 ? QStringLiteral(" via %1").arg(from.value(1)) : QString());
        f.fingerprint = identity({f.key, f.installedVersion, target, f.message});
        f.raw = v.rawJson();
        sink.add(f);
    });
}

} // namespace

const Importer &snykImporter()
{
    static const FormatImporter importer({
        QStringLiteral("snyk"),
        QStringLiteral("Snyk JSON"),
        {},
        [](const JsonNode &root) {
            if (isProject(root))
                return true;
            return isNonEmptyArrayOf(root, isProject);
        },
        [](const JsonNode &root, FindingSink &sink) -> ScanInfo {
            if (root.isArray())
                root.forEach([&](const JsonNode &p) { readProject(p, sink); });
            else
                readProject(root, sink);
            return {QStringLiteral("snyk"), QStringLiteral("Snyk"), {}};
        },
        {},
        {},
    });
    return importer;
}

} // namespace secreview
