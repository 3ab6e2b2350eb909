// export: the issues of a selection as SARIF, CSV, JSON, HTML or PDF (model/report, print/).
#include "app/cli/CliOutput.h"
#include "app/cli/Commands.h"
#include "model/core/Clock.h"
#include "model/core/Error.h"
#include "model/core/Text.h"
#include "model/report/Exports.h"
#include "model/scans/Gate.h"
#include "model/users/UserStore.h"
#include "print/PdfReport.h"

#include <QFileInfo>

namespace secreview::cli {
namespace {

// "dvpwa @ DEMO-001; --severity critical,high" : what was selected, as the command line said it.
QString selectionText(const Arguments &a, QStringList *terms)
{
    QString what;
    if (a.has(QStringLiteral("--scan")))
        what = QStringLiteral("scan %1").arg(a.value(QStringLiteral("--scan")));
    else if (a.has(QStringLiteral("--target")))
        what = QStringLiteral("%1 @ %2").arg(a.value(QStringLiteral("--target")), a.value(QStringLiteral("--variant")));
    else
        what = QStringLiteral("the latest scans of every target and variant");
    for (const QString &option : issuesFilterOptions()) {
        if (option == QLatin1String("--scan") || option == QLatin1String("--target") || option == QLatin1String("--variant"))
            continue;
        if (a.has(option))
            terms->append(option + QLatin1Char(' ') + a.value(option));
    }
    return terms->isEmpty() ? what : what + QStringLiteral("; ") + terms->join(QStringLiteral(", "));
}

} // namespace

QStringList handOffOptions()
{
    return {QStringLiteral("--dotenv"), QStringLiteral("--github"), QStringLiteral("--junit")};
}

bool handOffRequested(const Context &c)
{
    const Arguments &a = c.args();
    return a.has(QStringLiteral("--dotenv")) || a.has(QStringLiteral("--junit")) || a.flags.contains(QLatin1String("--github"));
}

void handOff(const Context &c, const Database &db, const QString &title, bool passed, const QString &message,
             const QList<std::pair<QString, QString>> &given, const QList<report::CiCheck> &checks)
{
    const Arguments &a = c.args();
    if (!handOffRequested(c))
        return;
    const QList<std::pair<QString, QString>> variables = report::ciVariables(given);
    if (a.has(QStringLiteral("--dotenv")) && a.has(QStringLiteral("--junit"))
        && QFileInfo(a.value(QStringLiteral("--dotenv"))).absoluteFilePath() == QFileInfo(a.value(QStringLiteral("--junit"))).absoluteFilePath())
        throw Error(ErrorKind::Usage, QStringLiteral("--dotenv and --junit name the same file"));
    for (const QString &option : {QStringLiteral("--dotenv"), QStringLiteral("--junit")}) {
        if (a.has(option))
            report::requireNotDatabase(a.value(option), db);
    }
    if (a.has(QStringLiteral("--dotenv")))
        report::writeFile(a.value(QStringLiteral("--dotenv")), report::dotenv(variables));
    if (a.has(QStringLiteral("--junit")))
        report::writeFile(a.value(QStringLiteral("--junit")), report::junit(title, checks, Clock::now()));
    if (a.flags.contains(QLatin1String("--github"))) {
        const QString outputs = qEnvironmentVariable("GITHUB_OUTPUT");
        const QString summary = qEnvironmentVariable("GITHUB_STEP_SUMMARY");
        if (outputs.isEmpty() && summary.isEmpty())
            err() << "secreview: note: --github: neither GITHUB_OUTPUT nor GITHUB_STEP_SUMMARY is set (not on GitHub "
                     "Actions?); nothing written\n";
        for (const QString &file : {outputs, summary}) {
            if (!file.isEmpty())
                report::requireNotDatabase(file, db);
        }
        if (!outputs.isEmpty())
            report::appendFile(outputs, report::githubOutput(variables));
        if (!summary.isEmpty())
            report::appendFile(summary, report::githubSummary(title, passed, message, checks));
    }
}

int exportCommand(const Context &c)
{
    const Arguments &a = c.args();
    QStringList options = issuesFilterOptions();
    options << QStringLiteral("--output") << QStringLiteral("--rows") << QStringLiteral("--preset")
            << QStringLiteral("--top") << QStringLiteral("--fail-on-severity") << QStringLiteral("--title");
    a.allowOnly(options, QStringLiteral("export"));
    a.allowPositionals(1, QStringLiteral("export"));
    const auto format = report::exportFormatFromKey(c.format());
    if (!a.has(QStringLiteral("--format")) || !format)
        throw Error(ErrorKind::Usage, QStringLiteral("export needs --format %1").arg(report::exportFormatKeys().join(u'|')));
    const QString path = a.value(QStringLiteral("--output"));
    if (path.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("export needs -o FILE"));
    report::CsvOptions csv;
    const QString rows = a.value(QStringLiteral("--rows"), QStringLiteral("issue"));
    if (rows != QLatin1String("issue") && rows != QLatin1String("occurrence"))
        throw Error(ErrorKind::Usage, QStringLiteral("--rows is issue or occurrence, not '%1'").arg(rows));
    csv.perOccurrence = rows == QLatin1String("occurrence");
    if (a.has(QStringLiteral("--preset"))) {
        if (a.value(QStringLiteral("--preset")) != QLatin1String("jira"))
            throw Error(ErrorKind::Usage, QStringLiteral("--preset is jira, not '%1'").arg(a.value(QStringLiteral("--preset"))));
        csv.jira = true;
    }
    if ((a.has(QStringLiteral("--rows")) || csv.jira) && *format != report::ExportFormat::Csv)
        throw Error(ErrorKind::Usage, QStringLiteral("--rows and --preset are for --format csv"));
    if (csv.jira && csv.perOccurrence)
        throw Error(ErrorKind::Usage, QStringLiteral("--preset jira writes one row per issue"));
    const QString threshold = a.value(QStringLiteral("--fail-on-severity"), QStringLiteral("high"));
    if (!Gate::parseThreshold(threshold))
        throw Error(ErrorKind::Usage, QStringLiteral("--fail-on-severity is critical, high, medium, low, info or none"));
    requireAtMost(a.value(QStringLiteral("--title")), kMaxNameLength, QStringLiteral("--title"));
    report::HtmlOptions html;
    html.topIssues = int(a.number(QStringLiteral("--top"), html.topIssues, 0, 100000));

    const Database db = c.openDatabase();
    report::requireNotDatabase(path, db);
    const Session actor = c.signIn(db);
    const IssueQuery query(db);
    const IssueScope scope = issuesScope(c, db, query);
    const IssueFilter filter = issuesFilter(a);
    if (!filter.assignee.isEmpty() && !UserStore(db).find(filter.assignee))
        throw Error(ErrorKind::NotFound, QStringLiteral("no user %1").arg(filter.assignee));
    ReportContents contents = collectReport(db, scope, filter, threshold);
    contents.generatedBy = actor.name();
    contents.selection = selectionText(a, &contents.filterTerms);
    if (a.has(QStringLiteral("--title")))
        contents.title = a.value(QStringLiteral("--title"));

    report::writeFile(path, print::exportBytes(contents, *format, csv, html));
    c.print(QStringLiteral("%1 issue(s) written to %2 (%3)").arg(contents.issues.size()).arg(safe(path), c.format()),
            {{QStringLiteral("file"), path},
             {QStringLiteral("format"), c.format()},
             {QStringLiteral("issues"), contents.issues.size()}});
    return 0;
}

} // namespace secreview::cli
