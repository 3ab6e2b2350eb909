// Anchore Grype JSON (`grype -o json`): matches of vulnerabilities to packages.
#include "model/importers/FormatImporter.h"

namespace secreview {

using namespace importing;

const Importer &grypeImporter()
{
    static const FormatImporter importer({
        QStringLiteral("grype"),
        QStringLiteral("Grype JSON"),
        {QStringLiteral("anchore-grype")},
        [](const JsonNode &root) {
            if (!root.isObject() || !root.has("matches"))
                return false;
            if (auto descriptor = root.member("descriptor"); descriptor && descriptor->isObject())
                return descriptor->string("name").compare(QLatin1String("grype"), Qt::CaseInsensitive) == 0;
            if (root.has("source") || root.has("distro"))
                return true;
            bool grype = false; // a bare {"matches": [...]} of vulnerability/artifact pairs
            root.forEachIn("matches", [&](const JsonNode &m) {
                grype = grype || (m.isObject() && m.has("vulnerability") && m.has("artifact"));
            });
            return grype;
        },
        [](const JsonNode &root, FindingSink &sink) -> ScanInfo {
            if (!root.isObject())
                root.expected("a Grype report object");
            root.required("matches").forEach([&](const JsonNode &m) {
                const JsonNode v = m.required("vulnerability");
                const JsonNode artifact = m.required("artifact");
                Finding f;
                f.scanner = QStringLiteral("Grype");
                f.kind = IssueKind::Package;
                f.rule = v.requiredString("id");
                f.package = artifact.requiredString("name");
                f.installedVersion = artifact.string("version");
                // SPEC section 2: a vulnerable package's issue is the vulnerability and the package.
                f.key = f.rule + QLatin1Char('|') + f.package;
                f.title = QStringLiteral("%1 in %2").arg(f.rule, f.package);
                f.description = v.string("description");
                f.scannerSeverity = v.string("severity");
                f.severity = severityFromWord(f.scannerSeverity); // Negligible and Unknown: Info
                const QString source = v.string("dataSource");
                if (!source.isEmpty())
                    f.references.append(source);
                for (const QString &u : v.strings("urls")) {
                    if (!f.references.contains(u))
                        f.references.append(u);
                }
                v.forEachIn("cvss", [&](const JsonNode &c) {
                    if (auto metrics = c.member("metrics")) {
                        if (auto score = metrics->number("baseScore");
                            score && (!f.score || *score > *f.score))
                            f.score = score;
                    }
                });
                if (auto fix = v.member("fix")) {
                    f.fixedVersion = fix->strings("versions").join(QStringLiteral(", "));
                    if (!f.fixedVersion.isEmpty())
                        f.remediation = QStringLiteral("Upgrade %1 to %2.").arg(f.package, f.fixedVersion);
                }
                QString path;
                artifact.forEachIn("locations", [&](const JsonNode &l) {
                    if (path.isEmpty() && l.isObject())
                        path = l.string("path");
                });
                f.filePath = path;
                f.location = QStringLiteral("%1@%2").arg(f.package, f.installedVersion);
                if (!path.isEmpty())
                    f.location += QStringLiteral(" (%1)").arg(path);
                f.message = artifact.string("purl");
                f.fingerprint = identity({f.key, f.installedVersion, path});
                f.raw = m.rawJson();
                sink.add(f);
            });
            QString version;
            if (auto descriptor = root.member("descriptor"))
                version = descriptor->string("version");
            return {QStringLiteral("grype"), QStringLiteral("Grype"), version};
        },
        {},
        {},
    });
    return importer;
}

} // namespace secreview
