// OWASP ZAP: the traditional XML report (OWASPZAPReport) and the traditional JSON report. One
// issue per alert (plugin), one occurrence per instance (method, URL, parameter).
#include "model/importers/FormatImporter.h"

#include <QRegularExpression>

namespace secreview {

using namespace importing;

namespace {

// riskcode: 3 High, 2 Medium, 1 Low, 0 Informational.
Severity zapSeverity(int riskcode)
{
    switch (riskcode) {
    case 3:
        return Severity::High;
    case 2:
        return Severity::Medium;
    case 1:
        return Severity::Low;
    default:
        return Severity::Info;
    }
}

QString zapConfidence(int code)
{
    static const QStringList names{QStringLiteral("False Positive"), QStringLiteral("Low"),
                                   QStringLiteral("Medium"), QStringLiteral("High"),
                                   QStringLiteral("Confirmed")};
    return names.value(code, QString::number(code));
}

// One alert, whatever the report's syntax: the fields by name, the instances as field maps.
struct Alert
{
    std::function<QString(const char *)> field;
    QList<std::function<QString(const char *)>> instances;
    QByteArray raw;
};

void emitAlert(const Alert &a, const QString &site, FindingSink &sink)
{
    const QString plugin = a.field("pluginid");
    const QString ref = a.field("alertRef");
    Finding proto;
    proto.scanner = QStringLiteral("OWASP ZAP");
    proto.rule = ref.isEmpty() ? plugin : ref;
    proto.key = proto.rule;
    proto.title = a.field("name").isEmpty() ? a.field("alert") : a.field("name");
    proto.description = a.field("desc");
    proto.remediation = a.field("solution");
    const int risk = a.field("riskcode").toInt();
    proto.severity = zapSeverity(risk);
    proto.scannerSeverity = a.field("riskdesc").isEmpty() ? QString::number(risk) : a.field("riskdesc");
    proto.confidence = zapConfidence(a.field("confidence").toInt());
    const QString cwe = a.field("cweid");
    if (cwe.toInt() > 0)
        proto.cwes.append(QStringLiteral("CWE-") + cwe);
    // ZAP writes references as HTML paragraphs; the URLs are what a reviewer follows.
    static const QRegularExpression url(QStringLiteral(R"(https?://[^\s<>"]+)"));
    for (auto it = url.globalMatch(a.field("reference")); it.hasNext();)
        proto.references.append(it.next().captured(0));
    proto.raw = a.raw;
    auto emitOne = [&](const QString &method, const QString &uri, const QString &param,
                       const QString &evidence) {
        Finding f = proto;
        f.location = QStringLiteral("%1 %2").arg(method.isEmpty() ? QStringLiteral("GET") : method, uri);
        if (!param.isEmpty())
            f.location += QStringLiteral(" (%1)").arg(param);
        f.filePath = uri;
        f.snippet = evidence;
        f.message = a.field("otherinfo");
        f.fingerprint = identity({f.key, method, uri, param});
        sink.add(f);
    };
    if (a.instances.isEmpty()) {
        emitOne({}, a.field("uri").isEmpty() ? site : a.field("uri"), a.field("param"), a.field("evidence"));
        return;
    }
    for (const auto &i : a.instances)
        emitOne(i("method"), i("uri"), i("param"), i("evidence"));
}

} // namespace

const Importer &zapImporter()
{
    static const FormatImporter importer({
        QStringLiteral("zap"),
        QStringLiteral("OWASP ZAP XML or JSON"),
        {QStringLiteral("owasp-zap")},
        [](const JsonNode &root) {
            return root.isObject() && root.has("site") && (root.has("@version") || root.has("@generated"));
        },
        [](const JsonNode &root, FindingSink &sink) -> ScanInfo {
            auto readSite = [&](const JsonNode &site) {
                const QString name = site.string("@name");
                site.forEachIn("alerts", [&](const JsonNode &alert) {
                    Alert a;
                    a.field = [&alert](const char *key) {
                        return alert.member(key) ? alert.required(key).scalarText() : QString();
                    };
                    alert.forEachIn("instances", [&](const JsonNode &i) {
                        a.instances.append([i](const char *key) {
                            return i.member(key) ? i.required(key).scalarText() : QString();
                        });
                    });
                    a.raw = alert.rawJson();
                    if (a.field("pluginid").isEmpty())
                        alert.fail(QStringLiteral("an alert without \"pluginid\""));
                    emitAlert(a, name, sink);
                });
            };
            const JsonNode sites = root.required("site");
            if (sites.isArray())
                sites.forEach(readSite);
            else
                readSite(sites);
            return {QStringLiteral("zap"), QStringLiteral("OWASP ZAP"), root.string("@version")};
        },
        [](const XmlElement &root) { return root.name == QLatin1String("OWASPZAPReport"); },
        [](const XmlDocument &document, FindingSink &sink) -> ScanInfo {
            for (const XmlElement *site : document.root().childrenNamed(QStringLiteral("site"))) {
                const XmlElement *alerts = site->child(QStringLiteral("alerts"));
                if (!alerts)
                    continue;
                for (const XmlElement *item : alerts->childrenNamed(QStringLiteral("alertitem"))) {
                    Alert a;
                    a.field = [item](const char *key) { return item->childText(QString::fromLatin1(key)); };
                    if (const XmlElement *instances = item->child(QStringLiteral("instances"))) {
                        for (const XmlElement *i : instances->childrenNamed(QStringLiteral("instance")))
                            a.instances.append(
                                [i](const char *key) { return i->childText(QString::fromLatin1(key)); });
                    }
                    a.raw = item->toXml().toUtf8();
                    if (a.field("pluginid").isEmpty())
                        document.fail(*item, QStringLiteral("an alertitem without <pluginid>"));
                    emitAlert(a, site->attribute(QStringLiteral("name")), sink);
                }
            }
            return {QStringLiteral("zap"), QStringLiteral("OWASP ZAP"),
                    document.root().attribute(QStringLiteral("version"))};
        },
    });
    return importer;
}

} // namespace secreview
