// CycloneDX vulnerabilities (VEX), JSON and XML: specification 1.4+ `vulnerabilities` with
// `affects`, and the 1.0-1.3 vulnerability extension (`v:vulnerability ref=...`, also nested in
// components). One issue per vulnerability and component; one occurrence per affected component.
#include "model/importers/FormatImporter.h"

#include <QHash>

namespace secreview {

using namespace importing;

namespace {

struct Component
{
    QString name;
    QString version;
    QString purl;
};

struct Vuln
{
    QString id;
    QString source;
    QString severity;
    std::optional<double> score;
    QStringList cwes;
    QString description;
    QString recommendation;
    QStringList references;
    QString analysisState;
    QString analysisDetail;
    QByteArray raw;
};

void emitFinding(const Vuln &v, const QString &ref, const QHash<QString, Component> &components,
                 FindingSink &sink)
{
    const Component c = components.value(ref, Component{ref, {}, ref});
    Finding f;
    f.scanner = QStringLiteral("CycloneDX");
    f.kind = IssueKind::Package;
    f.rule = v.id;
    f.package = c.name.isEmpty() ? ref : c.name;
    f.installedVersion = c.version;
    f.key = f.rule + QLatin1Char('|') + f.package;
    f.title = QStringLiteral("%1 in %2").arg(v.id, f.package);
    f.description = v.description;
    f.remediation = v.recommendation;
    f.scannerSeverity = v.severity;
    f.score = v.score;
    f.severity = !v.severity.isEmpty() && v.severity.toLower() != QLatin1String("unknown")
                     ? severityFromWord(v.severity)
                 : v.score ? severityFromScore(*v.score)
                           : Severity::Info;
    f.cwes = v.cwes;
    f.references = v.references;
    f.location = c.version.isEmpty() ? f.package : QStringLiteral("%1@%2").arg(f.package, c.version);
    f.message = c.purl;
    // VEX: the producer's analysis. not_affected and false_positive are suppressions at source
    // (shown, still counted); other states are shown as they are.
    if (!v.analysisState.isEmpty()) {
        f.suppression = v.analysisState +
                        (v.analysisDetail.isEmpty() ? QString() : QStringLiteral(": ") + v.analysisDetail);
        f.suppressed = v.analysisState == QLatin1String("not_affected") ||
                       v.analysisState == QLatin1String("false_positive");
    }
    f.fingerprint = identity({f.key, c.version, c.purl});
    f.raw = v.raw;
    sink.add(f);
}

// --- JSON ---

void collectJsonComponents(const JsonNode &list, QHash<QString, Component> &out)
{
    list.forEach([&](const JsonNode &c) {
        if (!c.isObject())
            return;
        const Component component{c.string("name"), c.string("version"), c.string("purl")};
        const QString ref = c.string("bom-ref", component.purl);
        if (!ref.isEmpty())
            out.insert(ref, component);
        if (auto nested = c.member("components"); nested && nested->isArray())
            collectJsonComponents(*nested, out);
    });
}

Vuln fromJson(const JsonNode &j)
{
    Vuln v;
    v.id = j.requiredString("id");
    if (auto s = j.member("source"); s && s->isObject()) {
        v.source = s->string("name");
        if (!s->string("url").isEmpty())
            v.references.append(s->string("url"));
    }
    j.forEachIn("ratings", [&](const JsonNode &r) {
        if (!r.isObject())
            return;
        const QString severity = r.string("severity");
        if (!severity.isEmpty() &&
            (v.severity.isEmpty() || severityFromWord(severity) > severityFromWord(v.severity)))
            v.severity = severity;
        if (auto score = r.number("score"); score && (!v.score || *score > *v.score))
            v.score = score;
    });
    j.forEachIn("cwes", [&](const JsonNode &c) { v.cwes.append(QStringLiteral("CWE-") + c.scalarText()); });
    v.description = j.string("description", j.string("detail"));
    v.recommendation = j.string("recommendation");
    j.forEachIn("advisories", [&](const JsonNode &a) {
        if (a.isObject() && !a.string("url").isEmpty())
            v.references.append(a.string("url"));
    });
    if (auto a = j.member("analysis"); a && a->isObject()) {
        v.analysisState = a->string("state");
        v.analysisDetail = a->string("justification", a->string("detail"));
    }
    v.raw = j.rawJson();
    return v;
}

// --- XML ---

void collectXmlComponents(const XmlElement &e, QHash<QString, Component> &out)
{
    for (const XmlElement &c : e.children) {
        if (c.name == QLatin1String("component")) {
            const Component component{c.childText(QStringLiteral("name")),
                                      c.childText(QStringLiteral("version")),
                                      c.childText(QStringLiteral("purl"))};
            const QString ref = c.attribute(QStringLiteral("bom-ref"));
            if (!ref.isEmpty())
                out.insert(ref, component);
            if (!component.purl.isEmpty())
                out.insert(component.purl, component);
        }
        collectXmlComponents(c, out);
    }
}

Vuln fromXml(const XmlElement &x)
{
    Vuln v;
    v.id = x.childText(QStringLiteral("id"));
    if (const XmlElement *s = x.child(QStringLiteral("source"))) {
        v.source = s->attribute(QStringLiteral("name"));
        if (v.source.isEmpty())
            v.source = s->childText(QStringLiteral("name"));
        if (!s->childText(QStringLiteral("url")).isEmpty())
            v.references.append(s->childText(QStringLiteral("url")));
    }
    if (const XmlElement *ratings = x.child(QStringLiteral("ratings"))) {
        for (const XmlElement *r : ratings->childrenNamed(QStringLiteral("rating"))) {
            const QString severity = r->childText(QStringLiteral("severity"));
            if (!severity.isEmpty() &&
                (v.severity.isEmpty() || severityFromWord(severity) > severityFromWord(v.severity)))
                v.severity = severity;
            bool ok = false;
            QString scoreText = r->childText(QStringLiteral("score"));
            if (const XmlElement *score = r->child(QStringLiteral("score"));
                score && score->child(QStringLiteral("base")))
                scoreText = score->childText(QStringLiteral("base"));
            if (const double s = scoreText.toDouble(&ok); ok && (!v.score || s > *v.score))
                v.score = s;
        }
    }
    if (const XmlElement *cwes = x.child(QStringLiteral("cwes"))) {
        for (const XmlElement *c : cwes->childrenNamed(QStringLiteral("cwe")))
            v.cwes.append(QStringLiteral("CWE-") + c->text);
    }
    v.description = x.childText(QStringLiteral("description"));
    v.recommendation = x.childText(QStringLiteral("recommendation"));
    if (const XmlElement *advisories = x.child(QStringLiteral("advisories"))) {
        for (const XmlElement *a : advisories->childrenNamed(QStringLiteral("advisory"))) {
            const QString url =
                a->child(QStringLiteral("url")) ? a->childText(QStringLiteral("url")) : a->text;
            if (!url.isEmpty())
                v.references.append(url);
        }
    }
    if (const XmlElement *a = x.child(QStringLiteral("analysis"))) {
        v.analysisState = a->childText(QStringLiteral("state"));
        v.analysisDetail = a->childText(QStringLiteral("justification"));
        if (v.analysisDetail.isEmpty())
            v.analysisDetail = a->childText(QStringLiteral("detail"));
    }
    v.raw = x.toXml().toUtf8();
    return v;
}

// Every <vulnerability> in the document, with the component it sits in (the 1.0-1.3 extension
// nests them there).
void walkXml(const XmlDocument &doc, const XmlElement &e, const QString &enclosingRef,
             const QHash<QString, Component> &components, FindingSink &sink)
{
    for (const XmlElement &c : e.children) {
        if (c.name == QLatin1String("vulnerability")) {
            const Vuln v = fromXml(c);
            if (v.id.isEmpty())
                doc.fail(c, QStringLiteral("a vulnerability without <id>"));
            QStringList refs;
            if (const XmlElement *affects = c.child(QStringLiteral("affects"))) {
                for (const XmlElement *t : affects->childrenNamed(QStringLiteral("target")))
                    refs.append(t->childText(QStringLiteral("ref")));
            }
            if (refs.isEmpty()) {
                const QString ref = c.attribute(QStringLiteral("ref"));
                refs.append(components.contains(ref) || enclosingRef.isEmpty() ? ref : enclosingRef);
            }
            for (const QString &ref : refs)
                emitFinding(v, ref, components, sink);
            continue;
        }
        QString ref = enclosingRef;
        if (c.name == QLatin1String("component")) {
            ref = c.attribute(QStringLiteral("bom-ref"));
            if (ref.isEmpty())
                ref = c.childText(QStringLiteral("purl"));
        }
        walkXml(doc, c, ref, components, sink);
    }
}

} // namespace

const Importer &cycloneDxImporter()
{
    static const FormatImporter importer({
        QStringLiteral("cyclonedx"),
        QStringLiteral("CycloneDX (VEX) JSON or XML"),
        {QStringLiteral("vex"), QStringLiteral("sbom")},
        [](const JsonNode &root) {
            return root.isObject() && root.string("bomFormat") == QLatin1String("CycloneDX");
        },
        [](const JsonNode &root, FindingSink &sink) -> ScanInfo {
            QHash<QString, Component> components;
            if (auto list = root.member("components"); list && list->isArray())
                collectJsonComponents(*list, components);
            if (auto meta = root.member("metadata"); meta && meta->isObject()) {
                if (auto c = meta->member("component"); c && c->isObject())
                    components.insert(c->string("bom-ref"),
                                      {c->string("name"), c->string("version"), c->string("purl")});
            }
            root.forEachIn("vulnerabilities", [&](const JsonNode &j) {
                const Vuln v = fromJson(j);
                QStringList refs;
                j.forEachIn("affects", [&](const JsonNode &a) {
                    if (a.isObject())
                        refs.append(a.requiredString("ref"));
                });
                if (refs.isEmpty())
                    refs.append(j.string("bom-ref"));
                for (const QString &ref : refs)
                    emitFinding(v, ref, components, sink);
            });
            return {QStringLiteral("cyclonedx"), QStringLiteral("CycloneDX"), root.string("specVersion")};
        },
        [](const XmlElement &root) { return root.name == QLatin1String("bom"); },
        [](const XmlDocument &document, FindingSink &sink) -> ScanInfo {
            QHash<QString, Component> components;
            collectXmlComponents(document.root(), components);
            walkXml(document, document.root(), {}, components, sink);
            return {QStringLiteral("cyclonedx"), QStringLiteral("CycloneDX"),
                    document.root().attribute(QStringLiteral("version"))};
        },
    });
    return importer;
}

} // namespace secreview
