// OWASP Dependency-Check: the XML report and the JSON report. One issue per vulnerability and
// dependency; suppressed vulnerabilities are imported as suppressed at source (counted, like
// SARIF suppressions: only SecOps exemptions lower a gate).
#include "model/importers/FormatImporter.h"

namespace secreview {

using namespace importing;

namespace {

struct Dependency
{
    QString fileName;
    QString filePath;
    QString package; // a package URL or maven coordinates when Dependency-Check identified one
};

struct Vulnerability
{
    QString name;
    QString severity;
    std::optional<double> score;
    QStringList cwes;
    QString description;
    QStringList references;
    QString notes;
    bool suppressed = false;
    QByteArray raw;
};

void emitFinding(const Dependency &d, const Vulnerability &v, FindingSink &sink)
{
    Finding f;
    f.scanner = QStringLiteral("Dependency-Check");
    f.kind = IssueKind::Package;
    f.rule = v.name;
    f.package = d.package.isEmpty() ? d.fileName : d.package;
    f.key = f.rule + QLatin1Char('|') + f.package;
    f.title = QStringLiteral("%1 in %2").arg(v.name, d.fileName);
    f.description = v.description;
    f.scannerSeverity = v.severity;
    f.score = v.score;
    f.severity = !v.severity.isEmpty() ? severityFromWord(v.severity)
                 : v.score             ? severityFromScore(*v.score)
                                       : Severity::Medium;
    for (const QString &c : v.cwes) {
        const QString cwe = cweOf(c);
        if (!cwe.isEmpty() && cwe != QLatin1String("CWE-0") && cwe != QLatin1String("CWE-00"))
            f.cwes.append(cwe);
    }
    f.references = v.references;
    f.filePath = d.filePath;
    f.location = QStringLiteral("%1 (%2)").arg(f.package, d.filePath.isEmpty() ? d.fileName : d.filePath);
    f.message = d.fileName;
    f.suppressed = v.suppressed;
    if (v.suppressed)
        f.suppression = QStringLiteral("Dependency-Check suppression%1")
                            .arg(v.notes.isEmpty() ? QString() : QStringLiteral(": ") + v.notes);
    f.fingerprint = identity({f.key, d.filePath.isEmpty() ? d.fileName : d.filePath});
    f.raw = v.raw;
    sink.add(f);
}

Vulnerability fromXml(const XmlElement &x, bool suppressed)
{
    Vulnerability v;
    v.name = x.childText(QStringLiteral("name"));
    v.severity = x.childText(QStringLiteral("severity"));
    for (const char *block : {"cvssV3", "cvssV2"}) {
        if (const XmlElement *c = x.child(QString::fromLatin1(block))) {
            bool ok = false;
            const double s = c->childText(QStringLiteral("baseScore")).toDouble(&ok);
            if (ok && !v.score)
                v.score = s;
            if (v.severity.isEmpty())
                v.severity = c->childText(QStringLiteral("baseSeverity"));
        }
    }
    bool ok = false;
    if (const double s = x.childText(QStringLiteral("cvssScore")).toDouble(&ok); ok && !v.score)
        v.score = s;
    if (const XmlElement *cwes = x.child(QStringLiteral("cwes"))) {
        for (const XmlElement *c : cwes->childrenNamed(QStringLiteral("cwe")))
            v.cwes.append(c->text);
    }
    if (!x.childText(QStringLiteral("cwe")).isEmpty())
        v.cwes.append(x.childText(QStringLiteral("cwe")));
    v.description = x.childText(QStringLiteral("description"));
    if (const XmlElement *refs = x.child(QStringLiteral("references"))) {
        for (const XmlElement *r : refs->childrenNamed(QStringLiteral("reference"))) {
            const QString url = r->childText(QStringLiteral("url"));
            if (!url.isEmpty())
                v.references.append(url);
        }
    }
    v.notes = x.childText(QStringLiteral("notes"));
    v.suppressed = suppressed;
    v.raw = x.toXml().toUtf8();
    return v;
}

Vulnerability fromJson(const JsonNode &j, bool suppressed)
{
    Vulnerability v;
    v.name = j.requiredString("name");
    v.severity = j.string("severity");
    for (const char *block : {"cvssv3", "cvssv2"}) {
        if (auto c = j.member(block); c && c->isObject() && !v.score)
            v.score = c->numberOrNumeric("baseScore").value_or(c->numberOrNumeric("score").value_or(-1));
        if (v.score && *v.score < 0)
            v.score.reset();
    }
    for (const QString &c : j.strings("cwes"))
        v.cwes.append(c);
    v.description = j.string("description");
    j.forEachIn("references", [&](const JsonNode &r) {
        if (r.isObject() && !r.string("url").isEmpty())
            v.references.append(r.string("url"));
    });
    v.notes = j.string("notes");
    v.suppressed = suppressed;
    v.raw = j.rawJson();
    return v;
}

} // namespace

const Importer &dependencyCheckImporter()
{
    static const FormatImporter importer({
        QStringLiteral("dependency-check"),
        QStringLiteral("OWASP Dependency-Check XML or JSON"),
        {QStringLiteral("dependencycheck"), QStringLiteral("odc")},
        [](const JsonNode &root) {
            return root.isObject() && root.has("dependencies") &&
                   (root.has("reportSchema") || root.has("scanInfo"));
        },
        [](const JsonNode &root, FindingSink &sink) -> ScanInfo {
            root.forEachIn("dependencies", [&](const JsonNode &dep) {
                Dependency d{dep.string("fileName"), dep.string("filePath"), {}};
                dep.forEachIn("packages", [&](const JsonNode &p) {
                    if (d.package.isEmpty() && p.isObject())
                        d.package = p.string("id");
                });
                dep.forEachIn("vulnerabilities",
                              [&](const JsonNode &v) { emitFinding(d, fromJson(v, false), sink); });
                dep.forEachIn("suppressedVulnerabilities",
                              [&](const JsonNode &v) { emitFinding(d, fromJson(v, true), sink); });
            });
            QString version;
            if (auto info = root.member("scanInfo"))
                version = info->string("engineVersion");
            return {QStringLiteral("dependency-check"), QStringLiteral("Dependency-Check"), version};
        },
        [](const XmlElement &root) {
            return root.name == QLatin1String("analysis") && root.child(QStringLiteral("dependencies"));
        },
        [](const XmlDocument &document, FindingSink &sink) -> ScanInfo {
            const XmlElement *deps = document.root().child(QStringLiteral("dependencies"));
            if (!deps)
                document.fail(document.root(), QStringLiteral("an <analysis> without <dependencies>"));
            for (const XmlElement *dep : deps->childrenNamed(QStringLiteral("dependency"))) {
                Dependency d{dep->childText(QStringLiteral("fileName")),
                             dep->childText(QStringLiteral("filePath")),
                             {}};
                if (const XmlElement *ids = dep->child(QStringLiteral("identifiers"))) {
                    for (const XmlElement *p : ids->childrenNamed(QStringLiteral("package")))
                        if (d.package.isEmpty())
                            d.package = p->childText(QStringLiteral("id"));
                    for (const XmlElement *i : ids->childrenNamed(QStringLiteral("identifier")))
                        if (d.package.isEmpty())
                            d.package = i->childText(QStringLiteral("name"));
                }
                const XmlElement *vulns = dep->child(QStringLiteral("vulnerabilities"));
                if (!vulns)
                    continue;
                for (const XmlElement &v : vulns->children) {
                    if (v.name == QLatin1String("vulnerability") ||
                        v.name == QLatin1String("suppressedVulnerability")) {
                        if (v.childText(QStringLiteral("name")).isEmpty())
                            document.fail(v, QStringLiteral("a vulnerability without <name>"));
                        emitFinding(d, fromXml(v, v.name == QLatin1String("suppressedVulnerability")), sink);
                    }
                }
            }
            QString version;
            if (const XmlElement *info = document.root().child(QStringLiteral("scanInfo")))
                version = info->childText(QStringLiteral("engineVersion"));
            return {QStringLiteral("dependency-check"), QStringLiteral("Dependency-Check"), version};
        },
    });
    return importer;
}

} // namespace secreview
