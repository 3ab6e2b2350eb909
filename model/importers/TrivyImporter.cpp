#include "model/importers/FormatImporter.h"
#include "model/importers/Formats.h"

namespace secreview {
namespace {

// Trivy JSON: schema 2 ({"SchemaVersion": 2, "Results": [...]}), the legacy top-level array,
// and the Kubernetes reports ("Resources", or "Vulnerabilities"/"Misconfigurations" by resource).
// Issue keys: vulnerability "VulnerabilityID|PkgName"; misconfiguration the check ID;
// secret "RuleID|target file"; licence "license:Name|PkgName".
class TrivyImporter final : public Importer
{
public:
    QString format() const override { return QStringLiteral("trivy"); }
    QString displayName() const override { return QStringLiteral("Trivy JSON"); }
    QStringList aliases() const override { return {QStringLiteral("aquatrivy")}; }
    bool recognizes(const JsonNode &root) const override;
    ScanInfo read(const JsonNode &root, FindingSink &sink) const override;
};

} // namespace

namespace {

const QString kScanner = QStringLiteral("Trivy");

std::optional<double> cvssScore(const JsonNode &vuln, QString *vector)
{
    auto cvss = vuln.member("CVSS");
    if (!cvss || !cvss->isObject())
        return std::nullopt;
    // Prefer the source Trivy took its severity from, then NVD, then any vendor.
    const QString preferred = vuln.string("SeveritySource");
    std::optional<double> best;
    auto take = [&](const JsonNode &source) {
        if (!source.isObject())
            return false;
        if (auto v3 = source.number("V3Score")) {
            best = *v3;
            *vector = source.string("V3Vector");
            return true;
        }
        return false;
    };
    if (!preferred.isEmpty()) {
        if (auto s = cvss->member(preferred.toUtf8().constData()); s && take(*s))
            return best;
    }
    if (auto nvd = cvss->member("nvd"); nvd && take(*nvd))
        return best;
    cvss->forEachMember([&](const QString &, const JsonNode &source) {
        if (!best)
            take(source);
    });
    return best;
}

void readResult(const JsonNode &result, const QString &resource, FindingSink &sink)
{
    if (!result.isObject())
        result.expected("a Trivy result object");
    const QString target = result.string("Target");
    const QString where = resource.isEmpty() ? target : resource + QStringLiteral(" / ") + target;

    result.forEachIn("Vulnerabilities", [&](const JsonNode &v) {
        Finding f;
        f.scanner = kScanner;
        f.kind = IssueKind::Package;
        // An entry without an id still names a vulnerable package (legacy reports have them).
        f.rule = v.string("VulnerabilityID", QStringLiteral("UNKNOWN"));
        f.package = v.string("PkgName");
        f.key = f.rule + QLatin1Char('|') + f.package;
        // Several packages often share one vulnerability: the package leads the title.
        const QString title = v.string("Title");
        f.title = title.isEmpty() ? QStringLiteral("%1 in %2").arg(f.rule, f.package)
                                  : QStringLiteral("%1: %2").arg(f.package, title);
        f.description = v.string("Description");
        f.installedVersion = v.string("InstalledVersion");
        f.fixedVersion = v.string("FixedVersion");
        f.remediation = f.fixedVersion.isEmpty()
                            ? QString()
                            : QStringLiteral("Upgrade %1 to %2").arg(f.package, f.fixedVersion);
        f.scannerSeverity = v.string("Severity");
        f.severity = severityFromTrivy(f.scannerSeverity);
        QString vector;
        f.score = cvssScore(v, &vector);
        const QString primary = v.string("PrimaryURL");
        if (!primary.isEmpty())
            f.references.append(primary);
        for (const QString &ref : v.strings("References")) {
            if (!f.references.contains(ref))
                f.references.append(ref);
        }
        f.cwes = v.strings("CweIDs");
        f.filePath = v.string("PkgPath", target);
        f.location = QStringLiteral("%1@%2").arg(f.package, f.installedVersion);
        if (!where.isEmpty())
            f.location += QStringLiteral(" (%1)").arg(resource.isEmpty() ? f.filePath : where);
        f.fingerprint = f.key + QLatin1Char('|') + f.installedVersion + QLatin1Char('|') + where +
                        QLatin1Char('|') + v.string("PkgPath");
        f.message = vector;
        f.raw = v.rawJson();
        sink.add(f);
    });

    result.forEachIn("Misconfigurations", [&](const JsonNode &m) {
        const QString status = m.string("Status", QStringLiteral("FAIL"));
        if (status.compare(QLatin1String("FAIL"), Qt::CaseInsensitive) != 0)
            return; // PASS and EXCEPTION entries are checks that held, not findings
        Finding f;
        f.scanner = kScanner;
        f.kind = IssueKind::Configuration;
        f.rule = m.string("ID");
        if (f.rule.isEmpty())
            f.rule = m.requiredString("AVDID");
        f.key = f.rule;
        f.title = QStringLiteral("%1 - %2").arg(f.rule, m.string("Title"));
        f.description = m.string("Description");
        f.remediation = m.string("Resolution");
        f.scannerSeverity = m.string("Severity");
        f.severity = severityFromTrivy(f.scannerSeverity);
        const QString primary = m.string("PrimaryURL");
        if (!primary.isEmpty())
            f.references.append(primary);
        for (const QString &ref : m.strings("References")) {
            if (!f.references.contains(ref))
                f.references.append(ref);
        }
        f.filePath = target;
        if (auto cause = m.member("CauseMetadata")) {
            if (cause->isObject())
                f.line = int(cause->integer("StartLine").value_or(0));
        }
        f.location = f.line > 0 ? QStringLiteral("%1:%2").arg(where).arg(f.line) : where;
        f.message = m.string("Message");
        f.fingerprint = f.key + QLatin1Char('|') + where + QLatin1Char('|') + f.message;
        f.raw = m.rawJson();
        sink.add(f);
    });

    result.forEachIn("Secrets", [&](const JsonNode &s) {
        Finding f;
        f.scanner = kScanner;
        f.kind = IssueKind::Secret;
        f.rule = s.requiredString("RuleID");
        f.filePath = target;
        f.key = f.rule + QLatin1Char('|') + target;
        f.title = QStringLiteral("Secret detected in %1 - %2").arg(target, s.string("Title"));
        f.description = QStringLiteral("%1 (%2)").arg(s.string("Title"), s.string("Category"));
        f.remediation = QStringLiteral("Remove the secret from the file and its history, and rotate it.");
        f.scannerSeverity = s.string("Severity");
        f.severity = severityFromTrivy(f.scannerSeverity);
        f.line = int(s.integer("StartLine").value_or(0));
        f.location = f.line > 0 ? QStringLiteral("%1:%2").arg(where).arg(f.line) : where;
        f.snippet = s.string("Match"); // Trivy masks the secret itself
        f.cwes.append(QStringLiteral("CWE-798"));
        f.fingerprint = f.key + QLatin1Char('|') + resource + QLatin1Char('|') + f.snippet;
        f.raw = s.rawJson();
        sink.add(f);
    });

    result.forEachIn("Licenses", [&](const JsonNode &l) {
        Finding f;
        f.scanner = kScanner;
        f.kind = IssueKind::License;
        const QString name = l.requiredString("Name");
        f.package = l.string("PkgName");
        f.rule = QStringLiteral("license:") + name;
        f.key = f.rule + QLatin1Char('|') + f.package;
        f.title = QStringLiteral("License %1 (%2) in %3").arg(name, l.string("Category"), f.package);
        f.scannerSeverity = l.string("Severity");
        f.severity = severityFromTrivy(f.scannerSeverity);
        f.filePath = l.string("FilePath");
        const QString link = l.string("Link");
        if (!link.isEmpty())
            f.references.append(link);
        f.location = f.package.isEmpty() ? (f.filePath.isEmpty() ? where : f.filePath) : f.package;
        f.fingerprint = f.key + QLatin1Char('|') + where + QLatin1Char('|') + f.filePath;
        f.raw = l.rawJson();
        sink.add(f);
    });
}

void readResources(const JsonNode &resources, FindingSink &sink)
{
    resources.forEach([&](const JsonNode &res) {
        if (!res.isObject())
            res.expected("a Kubernetes resource object");
        const QString resource = QStringLiteral("%1 / %2 / %3")
                                     .arg(res.string("Namespace"), res.string("Kind"), res.string("Name"));
        res.forEachIn("Results", [&](const JsonNode &r) { readResult(r, resource, sink); });
    });
}

bool looksLikeResult(simdjson::dom::element e)
{
    return e.is_object() && e["Target"].error() == simdjson::SUCCESS;
}

} // namespace

bool TrivyImporter::recognizes(const JsonNode &root) const
{
    if (root.isArray()) {
        simdjson::dom::array arr = root.element().get_array().value_unsafe();
        for (simdjson::dom::element first : arr)
            return looksLikeResult(first);
        return false;
    }
    if (!root.isObject())
        return false;
    if (root.has("SchemaVersion") && (root.has("Results") || root.has("ArtifactName")))
        return true;
    if (root.has("ClusterName"))
        return true;
    return false;
}

ScanInfo TrivyImporter::read(const JsonNode &root, FindingSink &sink) const
{
    ScanInfo info{format(), kScanner, {}};
    if (root.isNull())
        return info; // legacy Trivy writes null for "nothing found"; only reached with --scanner trivy
    if (root.isArray()) {
        root.forEach([&](const JsonNode &r) { readResult(r, {}, sink); });
        return info;
    }
    if (!root.isObject())
        root.expected("a Trivy report (an object or an array of results)");
    if (auto trivy = root.member("Trivy"); trivy && trivy->isObject())
        info.toolVersion = trivy->string("Version");
    root.forEachIn("Results", [&](const JsonNode &r) { readResult(r, {}, sink); });
    if (auto resources = root.member("Resources"))
        readResources(*resources, sink);
    if (root.has("ClusterName")) {
        if (auto v = root.member("Vulnerabilities"))
            readResources(*v, sink);
        if (auto m = root.member("Misconfigurations"))
            readResources(*m, sink);
    }
    return info;
}

const Importer &trivyImporter()
{
    static const TrivyImporter importer;
    return importer;
}

} // namespace secreview
