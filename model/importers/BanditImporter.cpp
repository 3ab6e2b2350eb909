#include "model/importers/FormatImporter.h"
#include "model/importers/Formats.h"

namespace secreview {
namespace {

// Bandit's JSON report (bandit -f json). Issue key: test_id (B602). Occurrence: file:line.
class BanditImporter final : public Importer
{
public:
    QString format() const override { return QStringLiteral("bandit"); }
    QString displayName() const override { return QStringLiteral("Bandit JSON"); }
    bool recognizes(const JsonNode &root) const override;
    ScanInfo read(const JsonNode &root, FindingSink &sink) const override;
};

} // namespace

bool BanditImporter::recognizes(const JsonNode &root) const
{
    if (!root.isObject() || !root.has("results"))
        return false;
    if (root.has("metrics") || root.has("generated_at"))
        return true;
    // A results array whose entries carry Bandit's own field names.
    auto results = root.member("results");
    if (!results || !results->isArray())
        return false;
    bool bandit = false;
    simdjson::dom::array arr = results->element().get_array().value_unsafe();
    for (simdjson::dom::element first : arr) {
        bandit = first.is_object() && first["test_id"].error() == simdjson::SUCCESS &&
                 first["issue_severity"].error() == simdjson::SUCCESS;
        break;
    }
    return bandit;
}

ScanInfo BanditImporter::read(const JsonNode &root, FindingSink &sink) const
{
    if (!root.isObject())
        root.expected("a Bandit report object");
    root.required("results").forEach([&sink](const JsonNode &r) {
        Finding f;
        f.scanner = QStringLiteral("Bandit");
        f.kind = IssueKind::Code;
        f.rule = r.requiredString("test_id");
        f.key = f.rule;
        const QString testName = r.string("test_name");
        const QString moreInfo = r.string("more_info");
        f.title = testName.isEmpty() ? f.rule : testName;
        // Blacklist checks share one test name; Bandit's documentation anchor says which call or
        // import it is ("#b303-md5"), which tells B303 from B404 at a glance.
        if (testName == QLatin1String("blacklist")) {
            const qsizetype hash = moreInfo.lastIndexOf(QLatin1Char('#'));
            const QString anchor = hash >= 0 ? moreInfo.mid(hash + 1) : QString();
            const qsizetype dash = anchor.indexOf(QLatin1Char('-'));
            if (dash > 0)
                f.title = QStringLiteral("blacklist (%1)").arg(anchor.mid(dash + 1));
        }
        f.description = r.string("issue_text");
        if (!moreInfo.isEmpty())
            f.references.append(moreInfo);
        if (auto cwe = r.member("issue_cwe")) {
            if (auto id = cwe->integer("id"); id && *id > 0)
                f.cwes.append(QStringLiteral("CWE-%1").arg(*id));
            const QString link = cwe->string("link");
            if (!link.isEmpty())
                f.references.append(link);
        }
        const QString severity = r.string("issue_severity");
        f.confidence = r.string("issue_confidence");
        f.severity = severityFromBandit(severity, f.confidence);
        f.scannerSeverity = severity;
        f.filePath = cleanPath(r.string("filename"));
        f.line = int(r.integer("line_number").value_or(0));
        f.location = f.line > 0 ? QStringLiteral("%1:%2").arg(f.filePath).arg(f.line) : f.filePath;
        f.snippet = r.string("code");
        f.message = f.description;
        // Bandit has no fingerprint; the rule, the file and the flagged code identify an
        // occurrence well enough to survive unrelated edits that move it by a few lines.
        const QString codeLine =
            f.snippet.section(QLatin1Char('\n'), 0, 0).section(QLatin1Char(' '), 1).trimmed();
        f.fingerprint = importing::identity({f.rule, f.filePath, codeLine});
        f.raw = r.rawJson();
        sink.add(f);
    });
    return {format(), QStringLiteral("Bandit"), {}};
}

const Importer &banditImporter()
{
    static const BanditImporter importer;
    return importer;
}

} // namespace secreview
