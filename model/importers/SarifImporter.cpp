#include "model/importers/FormatImporter.h"
#include "model/importers/Formats.h"

#include <QRegularExpression>

namespace secreview {
namespace {

// SARIF 2.1.0 (CodeQL, Semgrep, Gitleaks, Trivy, flawfinder, ...). Several runs; rules found by
// ruleId, ruleIndex, rule.index or in tool.extensions; security-severity on the result or its
// rule. Issue key: the rule id. Occurrence identity: the fingerprints the tool wrote, else a hash
// of rule, location and message.
class SarifImporter final : public Importer
{
public:
    QString format() const override { return QStringLiteral("sarif"); }
    QString displayName() const override { return QStringLiteral("SARIF 2.1.0"); }
    bool recognizes(const JsonNode &root) const override;
    ScanInfo read(const JsonNode &root, FindingSink &sink) const override;
    // The results, most of a large log, parsed one at a time (decision 81).
    std::optional<SplitArrays> splitArrays() const override { return SplitArrays{"runs", "results"}; }
    ScanInfo readSplit(const SplitJsonDocument &document, FindingSink &sink) const override;

private:
    // Calls each for every result of the run at index (whose node is run).
    using Results = std::function<void(qsizetype index, const JsonNode &run,
                                       const std::function<void(const JsonNode &)> &each)>;
    ScanInfo readRuns(const JsonNode &root, const Results &results, FindingSink &sink) const;
};

} // namespace

namespace {

struct ToolComponent
{
    QString guid;
    QList<JsonNode> rules;
    QHash<QString, int> byId;
};

ToolComponent readComponent(const JsonNode &component)
{
    ToolComponent c;
    c.guid = component.string("guid");
    component.forEachIn("rules", [&c](const JsonNode &rule) {
        if (!rule.isObject())
            rule.expected("a reportingDescriptor object");
        const QString id = rule.string("id");
        if (!id.isEmpty() && !c.byId.contains(id))
            c.byId.insert(id, int(c.rules.size()));
        c.rules.append(rule);
    });
    return c;
}

QString textOf(const std::optional<JsonNode> &message)
{
    if (!message || !message->isObject())
        return {};
    QString text = message->string("text");
    if (text.isEmpty())
        text = message->string("markdown");
    return text;
}

// "{0}" placeholders in a rule's message string, from the result's message arguments.
QString formatMessage(QString text, const QStringList &arguments)
{
    for (int i = 0; i < arguments.size(); ++i)
        text.replace(QStringLiteral("{%1}").arg(i), arguments.at(i));
    return text;
}

QStringList cwesFromTags(const QStringList &tags)
{
    static const QRegularExpression cwe(QStringLiteral("cwe[-/:_ ]?0*(\\d+)"),
                                        QRegularExpression::CaseInsensitiveOption);
    QStringList out;
    for (const QString &tag : tags) {
        const auto m = cwe.match(tag);
        if (m.hasMatch()) {
            const QString id = QStringLiteral("CWE-") + m.captured(1);
            if (!out.contains(id))
                out.append(id);
        }
    }
    return out;
}

QStringList tagsOf(const JsonNode &node)
{
    QStringList tags;
    if (auto props = node.member("properties"); props && props->isObject()) {
        props->forEachIn("tags", [&tags](const JsonNode &t) {
            if (t.isString())
                tags.append(t.toQString());
        });
    }
    return tags;
}

// security-severity (a CVSS-like number in a string) or a severity word, from a property bag.
void readSecuritySeverity(const JsonNode &node, std::optional<double> *score, std::optional<Severity> *word,
                          QString *raw)
{
    auto props = node.member("properties");
    if (!props || !props->isObject())
        return;
    auto value = props->member("security-severity");
    if (!value)
        return;
    *raw = value->scalarText();
    if (auto n = props->numberOrNumeric("security-severity")) {
        if (*n >= 0.0 && *n <= 10.0)
            *score = *n;
        else
            value->fail(QStringLiteral("security-severity %1 is outside 0-10").arg(*raw));
    } else if (auto s = severityFromKey(raw->trimmed())) {
        *word = *s;
    }
}

QString fingerprintOf(const JsonNode &result)
{
    // The highest-versioned stable fingerprint the tool wrote; BlackDuck wraps values as {"value": ...}.
    for (const char *member : {"fingerprints", "partialFingerprints"}) {
        auto prints = result.member(member);
        if (!prints || !prints->isObject())
            continue;
        QString bestKey, bestValue;
        prints->forEachMember([&](const QString &key, const JsonNode &value) {
            QString text = value.scalarText();
            if (text.isEmpty() && value.isObject())
                text = value.string("value");
            if (!text.isEmpty() && (bestKey.isEmpty() || key > bestKey))
                bestKey = key, bestValue = text;
        });
        if (!bestValue.isEmpty())
            return bestKey + QLatin1Char(':') + bestValue;
    }
    return {};
}

bool isSuppressed(const JsonNode &result)
{
    auto suppressions = result.member("suppressions");
    if (!suppressions || !suppressions->isArray())
        return false;
    bool any = false, open = false;
    suppressions->forEach([&](const JsonNode &s) {
        any = true;
        if (!s.isObject())
            s.expected("a suppression object");
        const QString status = s.string("status");
        if (status == QLatin1String("underReview") || status == QLatin1String("rejected"))
            open = true;
    });
    return any && !open;
}

// "src/a.c:12 (the message)" for a SARIF location, as far as it says.
QString locationText(const JsonNode &loc)
{
    QString file;
    qint64 line = 0;
    if (auto physical = loc.member("physicalLocation"); physical && physical->isObject()) {
        if (auto artifact = physical->member("artifactLocation"); artifact && artifact->isObject())
            file = artifact->string("uri");
        if (auto region = physical->member("region"); region && region->isObject())
            line = region->integer("startLine").value_or(0);
    }
    QString text = line > 0 ? QStringLiteral("%1:%2").arg(file).arg(line) : file;
    if (auto message = loc.member("message"); message && message->isObject()) {
        const QString m = message->string("text");
        if (!m.isEmpty())
            text += QStringLiteral(" (%1)").arg(m);
    }
    return text.isEmpty() ? QStringLiteral("(no location)") : text;
}

// "inSource, accepted: reviewed by the team" for each suppression the scanner recorded.
QString suppressionText(const JsonNode &result)
{
    auto suppressions = result.member("suppressions");
    if (!suppressions || !suppressions->isArray())
        return {};
    QStringList parts;
    suppressions->forEach([&](const JsonNode &s) {
        if (!s.isObject())
            return;
        QStringList head;
        for (const char *key : {"kind", "status"}) {
            const QString v = s.string(key);
            if (!v.isEmpty())
                head.append(v);
        }
        const QString justification = s.string("justification");
        QString text = head.isEmpty() ? QStringLiteral("suppressed") : head.join(QStringLiteral(", "));
        if (!justification.isEmpty())
            text += QStringLiteral(": ") + justification;
        parts.append(text);
    });
    return parts.join(QStringLiteral("; "));
}

} // namespace

bool SarifImporter::recognizes(const JsonNode &root) const
{
    if (!root.isObject())
        return false;
    if (root.has("runs") && root.has("version"))
        return true;
    if (auto schema = root.member("$schema"); schema && schema->isString())
        return schema->toQString().contains(QLatin1String("sarif"), Qt::CaseInsensitive);
    return false;
}

namespace {

// What a run's results are read against: its tool, rules and artifacts.
struct Run
{
    QString scanner;
    QString toolVersion;
    ToolComponent driver;
    QList<ToolComponent> extensions;
    QStringList artifactUris;
};

Run readRun(const JsonNode &run)
{
    if (!run.isObject())
        run.expected("a run object");
    const JsonNode tool = run.required("tool");
    const JsonNode driverNode = tool.required("driver");
    Run r;
    r.scanner = driverNode.string("name").trimmed();
    if (r.scanner.isEmpty())
        r.scanner = QStringLiteral("SARIF (unnamed tool)");
    r.toolVersion = driverNode.string("semanticVersion", driverNode.string("version"));
    r.driver = readComponent(driverNode);
    tool.forEachIn("extensions", [&r](const JsonNode &ext) { r.extensions.append(readComponent(ext)); });
    run.forEachIn("artifacts", [&r](const JsonNode &a) {
        auto loc = a.isObject() ? a.member("location") : std::nullopt;
        r.artifactUris.append(loc && loc->isObject() ? loc->string("uri") : QString());
    });
    return r;
}

// The rule a result names: rule.index / ruleIndex into the driver or an extension, else ruleId.
std::optional<JsonNode> findRule(const Run &run, const JsonNode &result, QString &ruleId)
{
    const ToolComponent *component = &run.driver;
    std::optional<qint64> index = result.integer("ruleIndex");
    ruleId = result.string("ruleId");
    if (auto ref = result.member("rule"); ref && ref->isObject()) {
        if (!index)
            index = ref->integer("index");
        if (ruleId.isEmpty())
            ruleId = ref->string("id");
        if (auto tc = ref->member("toolComponent"); tc && tc->isObject()) {
            const QString guid = tc->string("guid");
            for (const ToolComponent &ext : run.extensions) {
                if (!guid.isEmpty() && ext.guid.compare(guid, Qt::CaseInsensitive) == 0)
                    component = &ext;
            }
            if (auto ti = tc->integer("index")) {
                if (*ti < 0 || *ti >= run.extensions.size())
                    tc->fail(QStringLiteral("toolComponent index %1 is out of range (%2 extensions)")
                                 .arg(*ti)
                                 .arg(run.extensions.size()));
                component = &run.extensions.at(int(*ti));
            }
        }
    }
    std::optional<JsonNode> rule;
    const bool indexInRange = index && *index >= 0 && *index < component->rules.size();
    if (index && *index != -1 && (indexInRange || ruleId.isEmpty())) {
        // An index past the rules is an inconsistent log; with a ruleId the rule is still named
        // (CodeQL writes such logs), without one the finding cannot be placed.
        if (!indexInRange)
            result.fail(QStringLiteral("ruleIndex %1 is out of range (the tool has %2 rules)")
                            .arg(*index)
                            .arg(component->rules.size()));
        rule = component->rules.at(int(*index));
    } else if (!ruleId.isEmpty()) {
        // Hierarchical ids ("C2001/1") belong to the rule named by their first component.
        for (const QString &candidate : {ruleId, ruleId.section(QLatin1Char('/'), 0, 0)}) {
            if (auto it = component->byId.constFind(candidate); it != component->byId.constEnd()) {
                rule = component->rules.at(*it);
                break;
            }
        }
    }
    if (ruleId.isEmpty() && rule)
        ruleId = rule->string("id");
    return rule;
}

// The result's message: its text, else the rule's message string it names, with the arguments.
QString messageOf(const JsonNode &result, const std::optional<JsonNode> &rule)
{
    QStringList arguments;
    std::optional<JsonNode> message = result.member("message");
    if (message && message->isObject()) {
        if (auto args = message->member("arguments"))
            args->forEach([&arguments](const JsonNode &a) { arguments.append(a.scalarText()); });
    }
    QString text = textOf(message);
    if (text.isEmpty() && message && rule) {
        const QString id = message->string("id");
        if (auto strings = rule->member("messageStrings"); strings && !id.isEmpty())
            text = textOf(strings->member(id.toUtf8().constData()));
    }
    return formatMessage(text, arguments);
}

void addCwes(Finding &f, const QStringList &cwes)
{
    for (const QString &cwe : cwes) {
        if (!f.cwes.contains(cwe))
            f.cwes.append(cwe);
    }
}

// Title, description, help, links and weaknesses from the rule.
void readRuleText(Finding &f, const JsonNode &rule)
{
    f.title = textOf(rule.member("shortDescription"));
    if (f.title.isEmpty())
        f.title = rule.string("name");
    f.description = textOf(rule.member("fullDescription"));
    f.remediation = textOf(rule.member("help"));
    const QString helpUri = rule.string("helpUri");
    if (!helpUri.isEmpty())
        f.references.append(helpUri);
    f.cwes = cwesFromTags(tagsOf(rule));
    // Taxa the rule relates to (flawfinder, CodeQL): relationships[].target.id "CWE-327".
    rule.forEachIn("relationships", [&f](const JsonNode &rel) {
        auto target = rel.isObject() ? rel.member("target") : std::nullopt;
        if (target && target->isObject())
            addCwes(f, cwesFromTags({target->string("id")}));
    });
}

// Weaknesses and fixes the result itself names (its tags, a CWE taxonomy's "79" or "CWE-79").
void readResultTaxaAndFixes(Finding &f, const JsonNode &result)
{
    addCwes(f, cwesFromTags(tagsOf(result)));
    result.forEachIn("taxa", [&f](const JsonNode &taxon) {
        if (!taxon.isObject())
            return;
        QString id = taxon.member("id") ? taxon.required("id").scalarText() : QString();
        if (auto taxonomy = taxon.member("toolComponent");
            taxonomy && taxonomy->isObject() &&
            taxonomy->string("name").compare(QLatin1String("CWE"), Qt::CaseInsensitive) == 0)
            id = QStringLiteral("CWE-") + id;
        addCwes(f, cwesFromTags({id}));
    });
    result.forEachIn("fixes", [&f](const JsonNode &fix) {
        const QString text = fix.isObject() ? textOf(fix.member("description")) : QString();
        if (!text.isEmpty())
            f.remediation = f.remediation.isEmpty() ? text : f.remediation + QLatin1Char('\n') + text;
    });
}

// Severity: security-severity (result, then rule), else the level (result, else the rule's
// default; "none" for results that are not failures).
void readSeverity(Finding &f, const JsonNode &result, const std::optional<JsonNode> &rule,
                  const QString &kind)
{
    std::optional<double> score;
    std::optional<Severity> word;
    QString rawSecuritySeverity;
    readSecuritySeverity(result, &score, &word, &rawSecuritySeverity);
    if (!score && !word && rule)
        readSecuritySeverity(*rule, &score, &word, &rawSecuritySeverity);
    QString level = result.string("level");
    if (level.isEmpty()) {
        if (kind != QLatin1String("fail"))
            level = QStringLiteral("none");
        else if (rule) {
            if (auto config = rule->member("defaultConfiguration"); config && config->isObject())
                level = config->string("level");
        }
        if (level.isEmpty())
            level = QStringLiteral("warning");
    }
    if (score || word) {
        f.score = score;
        f.severity = score ? severityFromScore(*score) : *word;
        f.scannerSeverity = QStringLiteral("%1 (security-severity %2)").arg(level, rawSecuritySeverity);
    } else {
        f.severity = severityFromSarifLevel(level);
        f.scannerSeverity = level;
    }
}

// Where: the first location's file and line, else its logical location.
void readLocation(Finding &f, const JsonNode &result, const QStringList &artifactUris)
{
    if (auto locations = result.member("locations"); locations && locations->isArray()) {
        bool first = true;
        locations->forEach([&](const JsonNode &loc) {
            if (!first)
                return;
            first = false;
            if (!loc.isObject())
                loc.expected("a location object");
            if (auto physical = loc.member("physicalLocation"); physical && physical->isObject()) {
                if (auto artifact = physical->member("artifactLocation"); artifact && artifact->isObject()) {
                    f.filePath = artifact->string("uri");
                    if (f.filePath.isEmpty()) {
                        if (auto ai = artifact->integer("index"); ai && *ai >= 0 && *ai < artifactUris.size())
                            f.filePath = artifactUris.at(int(*ai));
                    }
                }
                if (auto region = physical->member("region"); region && region->isObject()) {
                    f.line =
                        int(qBound(qint64(0), region->integer("startLine").value_or(0), qint64(INT_MAX)));
                    if (auto snippet = region->member("snippet"); snippet && snippet->isObject())
                        f.snippet = snippet->string("text");
                }
            }
            if (f.filePath.isEmpty()) {
                if (auto logical = loc.member("logicalLocations"); logical && logical->isArray()) {
                    logical->forEach([&f](const JsonNode &l) {
                        if (f.filePath.isEmpty() && l.isObject())
                            f.filePath = l.string("fullyQualifiedName", l.string("name"));
                    });
                }
            }
        });
    }
    f.filePath = cleanPath(f.filePath);
    f.location = f.line > 0 ? QStringLiteral("%1:%2").arg(f.filePath).arg(f.line) : f.filePath;
}

// What the details keep besides the raw view: the baseline state, related locations and code
// flows, as lines under the message.
QStringList notesOf(const JsonNode &result)
{
    QStringList notes;
    const QString baseline = result.string("baselineState");
    if (!baseline.isEmpty())
        notes.append(QStringLiteral("Baseline state: %1").arg(baseline));
    result.forEachIn("relatedLocations", [&notes](const JsonNode &loc) {
        if (loc.isObject())
            notes.append(QStringLiteral("Related: %1").arg(locationText(loc)));
    });
    result.forEachIn("codeFlows", [&notes](const JsonNode &flow) {
        if (!flow.isObject())
            return;
        flow.forEachIn("threadFlows", [&notes](const JsonNode &thread) {
            QStringList steps;
            if (thread.isObject())
                thread.forEachIn("locations", [&steps](const JsonNode &step) {
                    if (step.isObject())
                        if (auto loc = step.member("location"))
                            steps.append(locationText(*loc));
                });
            if (!steps.isEmpty())
                notes.append(QStringLiteral("Code flow: %1").arg(steps.join(QStringLiteral(" -> "))));
        });
    });
    return notes;
}

// One result as a finding; nothing for checks that held and results the baseline had and this
// run no longer finds (secreview tells remediated issues from its own comparison of scans).
std::optional<Finding> readResult(const Run &run, const JsonNode &result)
{
    if (!result.isObject())
        result.expected("a result object");
    const QString kind = result.string("kind", QStringLiteral("fail"));
    if (kind == QLatin1String("pass") || kind == QLatin1String("notApplicable"))
        return std::nullopt;
    if (result.string("baselineState") == QLatin1String("absent"))
        return std::nullopt;

    QString ruleId;
    const std::optional<JsonNode> rule = findRule(run, result, ruleId);
    Finding f;
    f.scanner = run.scanner;
    f.kind = IssueKind::Code;
    f.message = messageOf(result, rule);
    if (ruleId.isEmpty()) {
        // No rule at all: the message is the only name the finding has.
        ruleId = f.message.left(120);
        if (ruleId.isEmpty())
            result.fail(QStringLiteral("a result with neither a rule nor a message"));
    }
    f.rule = ruleId;
    f.key = ruleId;
    if (rule)
        readRuleText(f, *rule);
    if (f.title.isEmpty())
        f.title = f.message.section(QLatin1Char('\n'), 0, 0).left(250);
    if (f.title.isEmpty())
        f.title = ruleId;
    if (f.description.isEmpty())
        f.description = f.message;
    readResultTaxaAndFixes(f, result);
    readSeverity(f, result, rule, kind);
    readLocation(f, result, run.artifactUris);
    f.suppressed = isSuppressed(result);
    f.suppression = suppressionText(result);
    // The identity comes from what the tool found, before the notes below are added to the
    // message: a result that goes from "new" to "unchanged" is the same occurrence.
    f.fingerprint = fingerprintOf(result);
    if (f.fingerprint.isEmpty())
        f.fingerprint = importing::identity({ruleId, f.location, f.message});
    if (const QStringList notes = notesOf(result); !notes.isEmpty())
        f.message += (f.message.isEmpty() ? QString() : QStringLiteral("\n")) + notes.join(QLatin1Char('\n'));
    f.raw = result.rawJson();
    return f;
}

} // namespace

ScanInfo SarifImporter::read(const JsonNode &root, FindingSink &sink) const
{
    return readRuns(
        root, [](qsizetype, const JsonNode &run, const auto &each) { run.forEachIn("results", each); }, sink);
}

ScanInfo SarifImporter::readSplit(const SplitJsonDocument &document, FindingSink &sink) const
{
    return readRuns(
        document.root(),
        [&document](qsizetype index, const JsonNode &run, const auto &each) { document.forEachIn(index, run, each); },
        sink);
}

ScanInfo SarifImporter::readRuns(const JsonNode &root, const Results &results, FindingSink &sink) const
{
    if (!root.isObject())
        root.expected("a SARIF log object");
    const auto version = root.member("version");
    const QString v = version ? version->scalarText() : QString();
    if (v != QLatin1String("2.1.0")) {
        const bool older = v.startsWith(QLatin1String("1.")) || v.startsWith(QLatin1String("2.0"));
        root.fail(
            v.isEmpty() ? QStringLiteral("no SARIF \"version\"; this build reads SARIF 2.1.0")
            : older     ? QStringLiteral("SARIF version %1 is older than 2.1.0, which this build reads "
                                             "(the SARIF multitool converts older logs)")
                          .arg(v)
                    : QStringLiteral("SARIF version %1 is newer than 2.1.0, which this build reads").arg(v));
    }
    QStringList scanners;
    QString toolVersion;
    qsizetype index = 0;
    root.required("runs").forEach([&](const JsonNode &runNode) {
        const Run run = readRun(runNode);
        if (!scanners.contains(run.scanner))
            scanners.append(run.scanner);
        if (toolVersion.isEmpty())
            toolVersion = run.toolVersion;
        results(index++, runNode, [&](const JsonNode &result) {
            if (const std::optional<Finding> f = readResult(run, result))
                sink.add(*f);
        });
    });
    return {format(), scanners.isEmpty() ? QStringLiteral("SARIF") : scanners.join(QStringLiteral(", ")),
            toolVersion};
}

const Importer &sarifImporter()
{
    static const SarifImporter importer;
    return importer;
}

} // namespace secreview
