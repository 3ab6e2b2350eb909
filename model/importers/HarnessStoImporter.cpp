// Harness STO's custom ingestion JSON ("ingest from unsupported scanners"): meta.key names the
// fields whose values make the issue key; severity is a 0-10 score (severityCode is computed by
// STO and never read here).
#include "model/importers/FormatImporter.h"

namespace secreview {

using namespace importing;

namespace {

// The fields STO documents; anything else is a custom field, and _raw* fields come last.
const QStringList &knownFields()
{
    static const QStringList fields{QStringLiteral("issueName"),
                                    QStringLiteral("issueDescription"),
                                    QStringLiteral("subProduct"),
                                    QStringLiteral("subproduct"),
                                    QStringLiteral("severity"),
                                    QStringLiteral("fileName"),
                                    QStringLiteral("lineNumber"),
                                    QStringLiteral("remediationSteps"),
                                    QStringLiteral("referenceIdentifiers"),
                                    QStringLiteral("link"),
                                    QStringLiteral("host"),
                                    QStringLiteral("port"),
                                    QStringLiteral("url"),
                                    QStringLiteral("libraryName"),
                                    QStringLiteral("libraryVersion"),
                                    QStringLiteral("cvss"),
                                    QStringLiteral("confidence"),
                                    QStringLiteral("tags"),
                                    QStringLiteral("issueType"),
                                    QStringLiteral("status"),
                                    QStringLiteral("risk"),
                                    QStringLiteral("severityCode"),
                                    QStringLiteral("scanSeverity"),
                                    QStringLiteral("exploitabilityScore"),
                                    QStringLiteral("impactScore"),
                                    QStringLiteral("effort"),
                                    QStringLiteral("currentVersion")};
    return fields;
}

// The issue as JSON text with documented fields first, custom fields next, _raw* fields last.
QByteArray orderedRaw(const JsonNode &issue)
{
    QList<QByteArray> known, custom, raw;
    issue.forEachMember([&](const QString &name, const JsonNode &value) {
        const QByteArray member = '"' + name.toUtf8() + "\":" + value.rawJson();
        if (name.startsWith(QLatin1String("_raw")))
            raw.append(member);
        else if (knownFields().contains(name))
            known.append(member);
        else
            custom.append(member);
    });
    return '{' + (known + custom + raw).join(',') + '}';
}

} // namespace

const Importer &harnessStoImporter()
{
    static const FormatImporter importer({
        QStringLiteral("harness-sto"),
        QStringLiteral("Harness STO custom JSON"),
        {QStringLiteral("sto"), QStringLiteral("custom")},
        [](const JsonNode &root) {
            if (!root.isObject() || !root.has("issues"))
                return false;
            auto meta = root.member("meta");
            return meta && meta->isObject() && meta->has("key");
        },
        [](const JsonNode &root, FindingSink &sink) -> ScanInfo {
            const JsonNode meta = root.required("meta");
            QStringList keyFields;
            if (auto key = meta.member("key"); key && key->isArray())
                key->forEach([&](const JsonNode &k) { keyFields.append(k.toQString()); });
            else
                keyFields.append(meta.requiredString("key"));
            if (keyFields.isEmpty())
                meta.fail(
                    QStringLiteral("meta.key names no field; expected the fields that make an issue's key"));
            // An empty subproduct names no scanner; the issues are still the custom scanner's.
            QString product = meta.string("subproduct").trimmed();
            if (product.isEmpty())
                product = QStringLiteral("Custom");
            root.required("issues").forEach([&](const JsonNode &i) {
                if (!i.isObject())
                    i.expected("an issue object");
                Finding f;
                f.scanner = product;
                f.title = i.requiredString("issueName");
                f.description = i.requiredString("issueDescription");
                QStringList keyParts;
                for (const QString &field : keyFields) {
                    auto value = i.member(field.toUtf8().constData());
                    if (!value)
                        i.fail(QStringLiteral("missing '%1', which meta.key names as part of the issue key")
                                   .arg(field));
                    keyParts.append(value->isString() ? value->toQString()
                                                      : QString::fromUtf8(value->rawJson()));
                }
                f.key = keyParts.join(QLatin1Char('|'));
                if (f.key.trimmed().isEmpty())
                    i.fail(QStringLiteral("the fields meta.key names (%1) are empty; an issue needs a key")
                               .arg(keyFields.join(QStringLiteral(", "))));
                f.rule = f.title;
                const auto score = i.numberOrNumeric("severity");
                if (!score)
                    i.fail(QStringLiteral("missing 'severity' (a score from 0 to 10)"));
                if (*score < 0 || *score > 10)
                    i.fail(QStringLiteral("severity %1 is outside 0-10").arg(*score));
                f.score = *score;
                f.severity = severityFromScore(*score);
                f.scannerSeverity = QString::number(*score);
                f.remediation = i.string("remediationSteps");
                f.confidence = i.member("confidence") ? i.required("confidence").scalarText() : QString();
                const QString link = i.string("link");
                if (!link.isEmpty())
                    f.references.append(link);
                i.forEachIn("referenceIdentifiers", [&](const JsonNode &r) {
                    if (!r.isObject())
                        return;
                    const QString type = r.string("type").toLower();
                    const QString id = r.required("id").scalarText();
                    if (type == QLatin1String("cwe"))
                        f.cwes.append(QStringLiteral("CWE-") + id);
                    else if (type == QLatin1String("cve"))
                        f.references.append(QStringLiteral("https://nvd.nist.gov/vuln/detail/%1").arg(id));
                });
                f.filePath = cleanPath(i.string("fileName"));
                f.line = i.member("lineNumber") ? i.required("lineNumber").scalarText().toInt() : 0;
                f.package = i.string("libraryName");
                f.installedVersion = i.string("libraryVersion", i.string("currentVersion"));
                const QString host = i.string("host");
                const QString url = i.string("url");
                if (!f.filePath.isEmpty()) {
                    f.location = fileLocation(f.filePath, f.line);
                } else if (!f.package.isEmpty()) {
                    f.kind = IssueKind::Package;
                    f.location = QStringLiteral("%1@%2").arg(f.package, f.installedVersion);
                } else if (!url.isEmpty()) {
                    f.location = url;
                } else if (!host.isEmpty()) {
                    f.location = host + (i.member("port") ? QLatin1Char(':') + i.required("port").scalarText()
                                                          : QString());
                }
                f.message = i.string("subProduct", i.string("subproduct"));
                f.fingerprint = identity({f.key, f.location});
                f.raw = orderedRaw(i);
                sink.add(f);
            });
            return {QStringLiteral("harness-sto"), product, {}};
        },
        {},
        {},
    });
    return importer;
}

} // namespace secreview
