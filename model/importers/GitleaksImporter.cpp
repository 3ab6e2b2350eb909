// Gitleaks JSON: version 8 (RuleID, File, StartLine, Secret, ...) and the legacy 7.x report
// (rule, file, lineNumber, offender, ...). A JSON array of leaks either way.
#include "model/importers/FormatImporter.h"

namespace secreview {
namespace {

using namespace importing;

bool isV8(const JsonNode &leak)
{
    return leak.has("RuleID");
}

} // namespace

const Importer &gitleaksImporter()
{
    static const FormatImporter importer({
        QStringLiteral("gitleaks"),
        QStringLiteral("Gitleaks JSON"),
        {},
        [](const JsonNode &root) {
            if (!root.isArray())
                return false;
            bool gitleaks = false;
            simdjson::dom::array arr = root.element().get_array().value_unsafe();
            for (simdjson::dom::element first : arr) {
                gitleaks = first.is_object() && ((first["RuleID"].error() == simdjson::SUCCESS &&
                                                  first["File"].error() == simdjson::SUCCESS) ||
                                                 (first["rule"].error() == simdjson::SUCCESS &&
                                                  first["offender"].error() == simdjson::SUCCESS));
                break;
            }
            return gitleaks;
        },
        [](const JsonNode &root, FindingSink &sink) -> ScanInfo {
            if (root.isNull())
                return {
                    QStringLiteral("gitleaks"), QStringLiteral("Gitleaks"), {}}; // 7.x: null for "no leaks"
            if (!root.isArray())
                root.expected("a Gitleaks report (a JSON array of leaks)");
            root.forEach([&](const JsonNode &leak) {
                if (!leak.isObject())
                    leak.expected("a leak object");
                Finding f;
                f.scanner = QStringLiteral("Gitleaks");
                f.kind = IssueKind::Secret;
                QString secret;
                QString commit;
                if (isV8(leak)) {
                    f.rule = leak.requiredString("RuleID");
                    f.filePath = leak.requiredString("File");
                    f.line = int(leak.integer("StartLine").value_or(0));
                    f.description = leak.string("Description");
                    secret = leak.string("Secret", leak.string("Match"));
                    commit = leak.string("Commit");
                    f.message = f.description.isEmpty() ? QStringLiteral("secret found") : f.description;
                } else {
                    f.rule = leak.requiredString("rule");
                    f.filePath = leak.requiredString("file");
                    f.line = int(leak.integer("lineNumber").value_or(0));
                    secret = leak.string("offender");
                    commit = leak.string("commit");
                    f.message = leak.string("commitMessage").section(QLatin1Char('\n'), 0, 0);
                    f.description = leak.string("tags");
                }
                f.filePath = cleanPath(f.filePath);
                // SPEC section 2: a secret's issue is its rule in its file.
                f.key = f.rule + QLatin1Char('|') + f.filePath;
                f.title = QStringLiteral("%1 in %2").arg(f.rule, f.filePath);
                f.severity = Severity::High; // Gitleaks has no severity: a leaked secret is High
                f.scannerSeverity = QStringLiteral("(none)");
                f.cwes = {QStringLiteral("CWE-798")};
                f.location = fileLocation(f.filePath, f.line);
                if (!commit.isEmpty())
                    f.location += QStringLiteral(" @ ") + commit.left(12);
                // The same secret in the same file is the same occurrence, wherever the line moves.
                f.fingerprint = identity({f.key, secretDigest(secret)});
                f.remediation =
                    QStringLiteral("Revoke and rotate the secret, then remove it from the history.");
                f.raw = redactedRaw(leak, {"Secret", "Match", "offender", "line"});
                sink.add(f);
            });
            return {QStringLiteral("gitleaks"), QStringLiteral("Gitleaks"), {}};
        },
        {},
        {},
    });
    return importer;
}

} // namespace secreview
