// import, issues, issue show, gate and baseline (issue review, assign, note: TriageCommands.cpp): scans and what they found.
#include "app/cli/CliOutput.h"
#include "app/cli/Commands.h"
#include "model/core/Error.h"
#include "model/exemptions/ExemptionWorkflow.h"
#include "model/exemptions/GateRun.h"
#include "model/report/IssueJson.h"
#include "model/scans/Catalog.h"
#include "model/scans/Gate.h"
#include "model/scans/IssueQuery.h"
#include "model/scans/ScanImporter.h"
#include "model/triage/IssueTriage.h"
#include "model/users/UserStore.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace secreview::cli {
namespace {

QList<Severity> parseSeverities(const QString &list)
{
    QList<Severity> out;
    for (const QString &word : list.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto s = severityFromKey(word.trimmed());
        if (!s)
            throw Error(ErrorKind::Usage,
                        QStringLiteral("severity '%1' is not one of critical, high, medium, low, info")
                            .arg(word.trimmed()));
        out.append(*s);
    }
    return out;
}

// A folder stands for every file below it (sorted, hidden ones left out): each is its own scan
// and transaction, and the ones that are not result files are refused and listed.
QStringList resultFiles(const QStringList &arguments)
{
    QStringList files;
    for (const QString &arg : arguments) {
        const QFileInfo info(arg);
        if (!info.isDir()) {
            files.append(arg);
            continue;
        }
        QStringList below;
        QDirIterator it(arg, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext())
            below.append(it.next());
        below.sort();
        if (below.isEmpty())
            throw Error(ErrorKind::BadInput, QStringLiteral("%1: the folder holds no files").arg(arg));
        files.append(below);
    }
    if (files.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("import needs at least one result file"));
    return files;
}

QString importLine(const ImportResult &r)
{
    QStringList counts;
    for (Severity s : kSeveritiesDescending)
        counts.append(QStringLiteral("%1 %2").arg(severityName(s)).arg(r.counts.count(s)));
    return QStringLiteral("scan %1: %2 (%3, %4) -> %5@%6: %7 issues (%8 new), %9 occurrences [%10]\n")
        .arg(r.scanId)
        .arg(safe(r.file), safe(r.format), safe(r.scanner), safe(r.target), safe(r.variant))
        .arg(r.issues)
        .arg(r.newIssues)
        .arg(r.occurrences)
        .arg(counts.join(QStringLiteral(", ")));
}

QString exemptionText(const std::optional<ExemptionStatus> &status)
{
    return status ? exemptionStatusKey(*status) : QStringLiteral("none");
}

QString issueText(const IssueDetails &d, const QList<ExemptionEvent> &history, const IssueTriageState &triage)
{
    const IssueRow &r = d.row;
    QString text =
        QStringLiteral("issue %1: %2\n  %3 (%4: %5%6)  %7 %8  %9\n")
            .arg(r.id)
            .arg(safe(r.title), severityName(r.severity), safe(r.scanner), safe(r.scannerSeverity),
                 d.confidence.isEmpty() ? QString() : QStringLiteral(", confidence ") + safe(d.confidence),
                 safe(r.rule), safe(d.cwes.join(QStringLiteral(" "))),
                 QStringLiteral("%1 in %2@%3 (%4), exemption %5")
                     .arg(issueCategoryKey(r.category), safe(d.target), safe(d.variant),
                          !d.comparisonScan ? QStringLiteral("nothing to compare with")
                          : d.baseline.isEmpty()
                              ? QStringLiteral("against the previous scan %1").arg(*d.comparisonScan)
                              : QStringLiteral("against scan %1 of baseline %2").arg(*d.comparisonScan).arg(safe(d.baseline)),
                          exemptionText(r.exemption)));
    if (const QStringList events = d.presenceEvents(); !events.isEmpty())
        text += QStringLiteral("  on %1: %2\n").arg(safe(d.variant), events.join(QStringLiteral("; ")));
    if (!d.description.isEmpty())
        text += QStringLiteral("\n%1\n").arg(block(d.description, 4));
    if (!d.remediation.isEmpty())
        text += QStringLiteral("\nRemediation:\n%1\n").arg(block(d.remediation, 4));
    if (!d.references.isEmpty())
        text += QStringLiteral("\nReferences:\n");
    for (const QString &reference : d.references)
        text += QStringLiteral("  %1\n").arg(safe(reference));
    text += QStringLiteral("\nOccurrences (%1):\n").arg(d.occurrences.size());
    for (const OccurrenceRow &o : d.occurrences) {
        text += QStringLiteral("  %1  [%2%3]%4\n")
                    .arg(safe(o.location), safe(o.scannerSeverity),
                         o.confidence.isEmpty() ? QString() : QStringLiteral(", confidence ") + safe(o.confidence),
                         o.fixedVersion.isEmpty() ? QString() : QStringLiteral("  fixed in ") + safe(o.fixedVersion));
    }
    if (!history.isEmpty())
        text += QStringLiteral("\nExemption history:\n");
    for (const ExemptionEvent &e : history) {
        text += QStringLiteral("  %1 %2 %3 exemption %4 -> %5%6\n")
                    .arg(isoOrEmpty(e.at), safe(e.actor), safe(e.action))
                    .arg(e.exemptionId)
                    .arg(exemptionStatusKey(e.toStatus), e.comment.isEmpty() ? QString() : QStringLiteral(": ") + safe(e.comment));
    }
    if (triage.reviewed())
        text += QStringLiteral("\nReviewed by %1 at %2\n").arg(safe(triage.reviewedBy), isoOrEmpty(triage.reviewedAt));
    if (!triage.assignee.isEmpty())
        text += QStringLiteral("%1Assigned to %2 by %3 at %4\n")
                    .arg(triage.reviewed() ? QString() : QStringLiteral("\n"), safe(triage.assignee),
                         safe(triage.assignedBy), isoOrEmpty(triage.assignedAt));
    if (!triage.notes.isEmpty())
        text += QStringLiteral("\nNotes:\n");
    for (const IssueNote &n : triage.notes)
        text += QStringLiteral("  %1 %2:\n%3\n").arg(isoOrEmpty(n.at), safe(n.author), block(n.text, 4));
    return text;
}

} // namespace

IssueScope issuesScope(const Context &c, const Database &db, const IssueQuery &query)
{
    const Arguments &a = c.args();
    if (a.has(QStringLiteral("--scan"))) {
        if (a.has(QStringLiteral("--target")) || a.has(QStringLiteral("--variant")))
            throw Error(ErrorKind::Usage,
                        QStringLiteral("issues takes --scan or --target/--variant, not both"));
        return query.scopeForScan(parseId(a.value(QStringLiteral("--scan")), QStringLiteral("--scan")));
    }
    if (a.has(QStringLiteral("--target"))) {
        const TargetInfo target =
            Catalog(db).target(a.value(QStringLiteral("--target")), a.value(QStringLiteral("--project")));
        const QString variant = a.required(QStringLiteral("--variant"), QStringLiteral("issues --target"));
        IssueScope scope = query.scopeForVariant(target.id, variant);
        if (scope.isEmpty())
            throw Error(ErrorKind::NotFound,
                        QStringLiteral("no scan of %1 variant %2").arg(target.name, variant));
        return scope;
    }
    if (a.has(QStringLiteral("--variant")))
        throw Error(ErrorKind::Usage, QStringLiteral("--variant needs --target"));
    return query.scopeForAll();
}

QStringList issuesFilterOptions()
{
    return {QStringLiteral("--target"),   QStringLiteral("--variant"),  QStringLiteral("--scan"),
            QStringLiteral("--severity"), QStringLiteral("--exempted"), QStringLiteral("--scanner"),
            QStringLiteral("--search"),   QStringLiteral("--project"),  QStringLiteral("--category"),
            QStringLiteral("--reviewed"), QStringLiteral("--assignee"), QStringLiteral("--notes")};
}

IssueFilter issuesFilter(const Arguments &a)
{
    IssueFilter filter;
    filter.severities = parseSeverities(a.value(QStringLiteral("--severity")));
    const QString exempted = a.value(QStringLiteral("--exempted"), QStringLiteral("show"));
    if (exempted == QLatin1String("hide"))
        filter.exempted = ExemptedFilter::Hide;
    else if (exempted == QLatin1String("only"))
        filter.exempted = ExemptedFilter::Only;
    else if (exempted != QLatin1String("show"))
        throw Error(ErrorKind::Usage,
                    QStringLiteral("--exempted is hide, show or only, not '%1'").arg(exempted));
    filter.scanner = a.value(QStringLiteral("--scanner"));
    filter.search = a.value(QStringLiteral("--search"));
    if (filter.search.size() > IssueFilter::kMaxSearch)
        throw Error(ErrorKind::Usage, QStringLiteral("--search takes at most %1 characters").arg(IssueFilter::kMaxSearch));
    const QString category = a.value(QStringLiteral("--category"));
    if (!category.isEmpty()) {
        filter.category = issueCategoryFromKey(category);
        if (!filter.category)
            throw Error(ErrorKind::Usage, QStringLiteral("--category is new, common or remediated"));
    }
    // The triage state: --reviewed yes|no, --assignee NAME, --notes yes|no.
    const auto yesNo = [&a](const QString &option) -> std::optional<bool> {
        if (!a.has(option))
            return std::nullopt;
        const QString v = a.value(option);
        if (v == QLatin1String("yes"))
            return true;
        if (v == QLatin1String("no"))
            return false;
        throw Error(ErrorKind::Usage, QStringLiteral("%1 is yes or no, not '%2'").arg(option, v));
    };
    filter.reviewed = yesNo(QStringLiteral("--reviewed"));
    filter.hasNotes = yesNo(QStringLiteral("--notes"));
    filter.assignee = a.value(QStringLiteral("--assignee"));
    if (a.has(QStringLiteral("--assignee")) && filter.assignee.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("--assignee needs a user's name"));
    return filter;
}

int importCommand(const Context &c)
{
    const Arguments &a = c.args();
    a.allowOnly({QStringLiteral("--target"), QStringLiteral("--target-type"), QStringLiteral("--variant"),
                 QStringLiteral("--scanner"), QStringLiteral("--project"), QStringLiteral("--pipeline"),
                 QStringLiteral("--step"), QStringLiteral("--execution")},
                QStringLiteral("import"));
    const QStringList files = resultFiles(a.positionals.mid(1));
    ImportRequest base;
    base.target = a.required(QStringLiteral("--target"), QStringLiteral("import"));
    base.variant = a.required(QStringLiteral("--variant"), QStringLiteral("import"));
    base.targetType = a.value(QStringLiteral("--target-type"));
    base.scanner = a.value(QStringLiteral("--scanner"), QStringLiteral("auto"));
    base.project = a.value(QStringLiteral("--project"));
    base.pipeline = a.value(QStringLiteral("--pipeline"));
    base.step = a.value(QStringLiteral("--step"));
    if (a.has(QStringLiteral("--execution")))
        base.execution = parseId(a.value(QStringLiteral("--execution")), QStringLiteral("--execution"));
    const Database db = c.openDatabase();
    const Session actor = c.signIn(db);
    const ScanImporter importer(db);
    QJsonArray scans;
    QJsonArray errors;
    QString text;
    int worst = 0;
    for (const QString &file : files) {
        ImportRequest request = base;
        request.path = file;
        try {
            const ImportResult r = importer.import(actor, request);
            scans.append(json::importedScan(r));
            text += importLine(r);
        } catch (const Error &e) {
            if (e.kind() != ErrorKind::BadInput || files.size() == 1)
                throw;
            err() << "secreview: " << safe(e.message()) << "\n";
            errors.append(
                QJsonObject{{QStringLiteral("file"), file}, {QStringLiteral("error"), e.message()}});
            worst = int(ErrorKind::BadInput);
        }
    }
    QJsonObject result{{QStringLiteral("scans"), scans}};
    if (!errors.isEmpty())
        result.insert(QStringLiteral("errors"), errors);
    if (files.size() > 1)
        text += QStringLiteral("%1 of %2 files imported, %3 refused\n")
                    .arg(scans.size())
                    .arg(files.size())
                    .arg(errors.size());
    c.print(text, result);
    return worst;
}

int issuesCommand(const Context &c)
{
    c.args().allowOnly(issuesFilterOptions(), QStringLiteral("issues"));
    c.args().allowPositionals(1, QStringLiteral("issues"));
    const Database db = c.openDatabase();
    c.signIn(db);
    const IssueQuery query(db);
    const IssueScope scope = issuesScope(c, db, query);
    const IssueFilter filter = issuesFilter(c.args());
    // A name that is no user is a typo, not "nobody's issues": said, as for `issue assign`.
    if (!filter.assignee.isEmpty() && !UserStore(db).find(filter.assignee))
        throw Error(ErrorKind::NotFound, QStringLiteral("no user %1").arg(filter.assignee));
    QHash<qint64, bool> counts; // by scan: whether the project's gates count it
    for (const IssueScope::Entry &e : scope.scans)
        counts.insert(e.scanId, countsForGate(db, e.scanId));
    // Streamed: each issue is written as it is read (a million issues are never all in memory),
    // in the very text that c.print() would give for the whole list.
    // The head goes out with the first row (or after none): a query the database refuses prints
    // nothing on stdout.
    QTextStream &o = out();
    bool started = false;
    const auto start = [&] {
        if (std::exchange(started, true))
            return;
        if (c.json())
            o << "{\n    \"issues\": [\n";
        else
            o << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8\n")
                     .arg(padded(QStringLiteral("ID"), 6), padded(QStringLiteral("SEVERITY"), 9),
                          padded(QStringLiteral("RULE"), 16), padded(QStringLiteral("TITLE"), 44),
                          padded(QStringLiteral("SCANNER"), 10), padded(QStringLiteral("OCC"), 4),
                          padded(QStringLiteral("CATEGORY"), 10), QStringLiteral("EXEMPTION"));
    };
    qsizetype listed = 0;
    query.forEach(scope, filter, {}, [&](const IssueRow &r) {
        start();
        if (c.json()) {
            QJsonObject row = json::issueRow(r);
            row.insert(QStringLiteral("countsForGate"), counts.value(r.scanId, true));
            // An element of the document's array: each of its lines two levels in.
            const QString element = QString::fromUtf8(QJsonDocument(row).toJson(QJsonDocument::Indented).trimmed());
            o << (listed ? ",\n" : "") << "        " << QString(element).replace(u'\n', QStringLiteral("\n        "));
        } else {
            o << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8\n")
                     .arg(padded(QString::number(r.id), 6), padded(severityName(r.severity), 9), padded(r.rule, 16),
                          padded(r.title, 44), padded(r.scanner, 10), padded(QString::number(r.occurrences), 4),
                          padded(issueCategoryKey(r.category), 10), exemptionText(r.exemption));
        }
        ++listed;
    });
    start();
    if (c.json()) {
        o << (listed ? "\n" : "") << "    ]\n}\n";
    } else {
        o << QStringLiteral("%1 issue(s)\n").arg(listed);
        for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
            if (!it.value())
                o << QStringLiteral("scan %1 does not count for gates: its project counts only scans imported by a ci "
                                    "account\n")
                         .arg(it.key());
        }
    }
    o.flush();
    return 0;
}

int issueCommand(const Context &c)
{
    if (c.verb() != QLatin1String("show"))
        return issueTriageCommand(c);
    c.args().allowOnly({QStringLiteral("--scan")}, QStringLiteral("issue show"));
    c.args().allowPositionals(3, QStringLiteral("issue show"));
    const qint64 id = parseId(c.args().positionals.value(2), QStringLiteral("issue id"));
    const Database db = c.openDatabase();
    c.signIn(db);
    const qint64 scan = c.args().has(QStringLiteral("--scan"))
                            ? parseId(c.args().value(QStringLiteral("--scan")), QStringLiteral("--scan"))
                            : 0;
    const IssueDetails d = IssueQuery(db).details(id, scan);
    const QList<ExemptionEvent> history = ExemptionWorkflow(db).history(id);
    const IssueTriageState triage = IssueTriage(db).state(id);
    c.print(issueText(d, history, triage), json::issueDetails(d, history, triage));
    return 0;
}

int gateCommand(const Context &c)
{
    const Arguments &a = c.args();
    a.allowOnly(QStringList{QStringLiteral("--target"), QStringLiteral("--variant"),
                            QStringLiteral("--fail-on-severity"), QStringLiteral("--project")}
                    + handOffOptions(),
                QStringLiteral("gate"));
    a.allowPositionals(1, QStringLiteral("gate"));
    const QString targetName = a.required(QStringLiteral("--target"), QStringLiteral("gate"));
    const QString variant = a.required(QStringLiteral("--variant"), QStringLiteral("gate"));
    const QString threshold = a.required(QStringLiteral("--fail-on-severity"), QStringLiteral("gate"));
    if (!Gate::parseThreshold(threshold))
        throw Error(ErrorKind::Usage,
                    QStringLiteral("--fail-on-severity is critical, high, medium, low, info or none"));
    const Database db = c.openDatabase();
    c.signIn(db);
    TargetInfo target;
    try {
        target = Catalog(db).target(targetName, a.value(QStringLiteral("--project")));
    } catch (const Error &e) {
        if (e.kind() == ErrorKind::NotFound)
            throw Error(ErrorKind::NotFound,
                        QStringLiteral("no scan of %1 variant %2: no such target (the gate fails closed)")
                            .arg(targetName, variant));
        throw;
    }
    const QString suite = target.name + QStringLiteral(" @ ") + variant;
    IssueScope scope;
    try {
        scope = gateScope(db, target.id, variant);
    } catch (const Error &e) {
        // No scan the gate may count: it fails closed, and CI reads that too.
        if (e.kind() == ErrorKind::NotFound)
            handOff(c, db, suite, false, e.message(),
                    {{QStringLiteral("GATE_STATUS"), QStringLiteral("fail")}},
                    {{QStringLiteral("gate"), suite, QStringLiteral("no-scan"), e.message(), std::nullopt}});
        throw;
    }
    const GateResult result = runGate(db, scope, threshold, true);
    if (handOffRequested(c)) { // each scanner judged again, alone: only for CI's files
        QList<std::pair<QString, QString>> variables{
            {QStringLiteral("GATE_STATUS"), result.passed ? QStringLiteral("pass") : QStringLiteral("fail")}};
        for (const auto &[name, value] : result.variables.named())
            variables.append({name, QString::number(value)});
        QHash<qint64, QString> names;
        const Catalog catalog(db);
        for (const IssueScope::Entry &e : scope.scans)
            names.insert(e.scanId, QStringLiteral("%1 scan %2").arg(catalog.scannerOf(e.scanId)).arg(e.scanId));
        handOff(c, db, suite, result.passed, result.message, variables,
                report::gateChecks(IssueQuery(db), scope, result, suite, names));
    }
    QString text = safe(result.message) + QLatin1Char('\n');
    for (const auto &[name, value] : result.variables.named())
        text += QStringLiteral("%1=%2\n").arg(name).arg(value);
    for (const QString &warning : result.warnings)
        text += QStringLiteral("warning: %1\n").arg(safe(warning));
    // The output variables stay STO's; the JSON also says how many issues the judged scans'
    // comparison scans had that they no longer have (issue 16).
    IssueFilter gone;
    gone.category = IssueCategory::Remediated;
    QJsonObject json = json::gateResult(result, target.name, variant);
    json.insert(QStringLiteral("remediated"), IssueQuery(db).count(scope, gone));
    c.print(text, json);
    return result.passed ? 0 : 1;
}

int baselineCommand(const Context &c)
{
    const Arguments &a = c.args();
    a.allowOnly({QStringLiteral("--target"), QStringLiteral("--variant"), QStringLiteral("--regex"),
                 QStringLiteral("--project")},
                QStringLiteral("baseline set"));
    a.allowPositionals(2, QStringLiteral("baseline set"));
    if (c.verb() != QLatin1String("set"))
        throw Error(ErrorKind::Usage,
                    QStringLiteral("usage: baseline set --target T (--variant V | --regex RE)"));
    const bool byVariant = a.has(QStringLiteral("--variant"));
    if (byVariant == a.has(QStringLiteral("--regex")))
        throw Error(ErrorKind::Usage,
                    QStringLiteral("baseline set takes exactly one of --variant and --regex"));
    const Database db = c.openDatabase();
    const Session actor = c.signIn(db);
    const Catalog catalog(db);
    const TargetInfo target =
        catalog.target(a.required(QStringLiteral("--target"), QStringLiteral("baseline set")),
                       a.value(QStringLiteral("--project")));
    const BaselineInfo baseline = byVariant ? BaselineInfo{a.value(QStringLiteral("--variant")), {}}
                                            : BaselineInfo{{}, a.value(QStringLiteral("--regex"))};
    catalog.setBaseline(actor, target.id, baseline);
    c.print(QStringLiteral("baseline of %1 is %2").arg(safe(target.name), safe(baseline.text())),
            {{QStringLiteral("target"), target.name},
             {QStringLiteral("variant"),
              baseline.variant.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(baseline.variant)},
             {QStringLiteral("regex"),
              baseline.pattern.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(baseline.pattern)}});
    return 0;
}

} // namespace secreview::cli
