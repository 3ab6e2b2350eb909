// TruffleHog: v3 JSON lines (`trufflehog ... --json`), v2 JSON lines, and trufflehog3's JSON
// array (current and legacy layouts). Secrets are redacted in the raw view.
#include "model/importers/FormatImporter.h"

namespace secreview {

using namespace importing;

namespace {

enum class Layout
{
    V3,
    Legacy,      // v2 lines and trufflehog3 legacy: reason, path, stringsFound
    Trufflehog3, // rule {id, message, severity}, path, line, secret
    Unknown
};

Layout layoutOf(const JsonNode &o)
{
    if (!o.isObject())
        return Layout::Unknown;
    if (o.has("DetectorName") && o.has("SourceMetadata"))
        return Layout::V3;
    if (o.has("reason") && o.has("stringsFound") && o.has("path"))
        return Layout::Legacy;
    if (o.has("rule") && o.has("path") && o.has("secret"))
        return Layout::Trufflehog3;
    return Layout::Unknown;
}

// TruffleHog v3 (as DefectDojo maps it): verified secrets are Critical; unverified ones by detector.
Severity v3Severity(bool verified, const QString &detector)
{
    if (verified)
        return Severity::Critical;
    const QString d = detector.toLower();
    if (d.contains(QLatin1String("privatekey")))
        return Severity::High;
    if (d.contains(QLatin1String("generic")))
        return Severity::Medium;
    return Severity::Critical;
}

void readOne(const JsonNode &e, FindingSink &sink)
{
    Finding f;
    f.scanner = QStringLiteral("TruffleHog");
    f.kind = IssueKind::Secret;
    f.cwes = {QStringLiteral("CWE-798")};
    QString secret;
    switch (layoutOf(e)) {
    case Layout::V3: {
        f.rule = e.requiredString("DetectorName");
        const bool verified = e.boolean("Verified").value_or(false);
        f.severity = v3Severity(verified, f.rule);
        f.scannerSeverity = verified ? QStringLiteral("verified") : QStringLiteral("unverified");
        secret = e.string("Raw") + e.string("RawV2");
        QString commit;
        if (auto meta = e.member("SourceMetadata")) {
            if (auto data = meta->member("Data"); data && data->isObject()) {
                data->forEachMember([&](const QString &, const JsonNode &source) {
                    if (!source.isObject())
                        return;
                    if (f.filePath.isEmpty())
                        f.filePath = source.string("file", source.string("link"));
                    if (f.line == 0)
                        f.line = int(source.integer("line").value_or(0));
                    if (commit.isEmpty())
                        commit = source.string("commit");
                });
            }
        }
        f.message = e.string("Redacted");
        if (!commit.isEmpty())
            f.message += QStringLiteral(" (commit %1)").arg(commit.left(12));
        f.raw = redactedRaw(e, {"Raw", "RawV2", "Redacted"});
        break;
    }
    case Layout::Legacy: {
        f.rule = e.requiredString("reason");
        f.filePath = e.requiredString("path");
        f.severity = Severity::High;
        f.scannerSeverity = QStringLiteral("(none)");
        secret = e.strings("stringsFound").join(QLatin1Char('\n'));
        f.message = e.string("commitHash", e.string("commit")).left(12);
        f.raw = redactedRaw(e, {"stringsFound", "diff", "printDiff"});
        break;
    }
    case Layout::Trufflehog3: {
        const JsonNode rule = e.required("rule");
        f.rule = rule.string("id", rule.string("message"));
        f.filePath = e.requiredString("path");
        f.line = e.required("line").scalarText().toInt();
        f.scannerSeverity = rule.string("severity");
        f.severity = severityFromWord(f.scannerSeverity);
        secret = e.string("secret");
        f.message = rule.string("message");
        f.raw = redactedRaw(e, {"secret", "context"});
        break;
    }
    case Layout::Unknown:
        e.expected("a TruffleHog finding (DetectorName, reason or rule)");
    }
    f.filePath = cleanPath(f.filePath);
    f.key = f.rule + QLatin1Char('|') + f.filePath; // SPEC section 2: the rule and the file
    f.title = QStringLiteral("%1 secret in %2").arg(f.rule, f.filePath);
    f.location = fileLocation(f.filePath, f.line);
    f.fingerprint = identity({f.key, secretDigest(secret)});
    f.remediation = QStringLiteral("Revoke and rotate the secret, then remove it from the history.");
    sink.add(f);
}

} // namespace

const Importer &trufflehogImporter()
{
    static const FormatImporter importer({
        QStringLiteral("trufflehog"),
        QStringLiteral("TruffleHog JSON"),
        {QStringLiteral("trufflehog3")},
        [](const JsonNode &root) {
            if (root.isObject())
                return layoutOf(root) != Layout::Unknown;
            return isNonEmptyArrayOf(root, [](const JsonNode &e) { return layoutOf(e) != Layout::Unknown; });
        },
        [](const JsonNode &root, FindingSink &sink) -> ScanInfo {
            if (root.isObject())
                readOne(root, sink); // a JSON-lines file of one line
            else if (root.isArray())
                root.forEach([&](const JsonNode &e) { readOne(e, sink); });
            else
                root.expected("TruffleHog output (JSON lines or a JSON array)");
            return {QStringLiteral("trufflehog"), QStringLiteral("TruffleHog"), {}};
        },
        {},
        {},
    });
    return importer;
}

} // namespace secreview
