#include "app/cli/CommandLine.h"

#include "app/cli/CliOutput.h"
#include "app/cli/Commands.h"
#include "model/core/Error.h"
#include "model/report/Exports.h"
#include "model/users/UserDirectory.h"

#include <QJsonDocument>
#include <QStandardPaths>
#include <QTextStream>
#include <termios.h>
#include <unistd.h>

namespace secreview::cli {
namespace {

struct Verb
{
    const char *word;
    int (*run)(const Context &);
};

// Every command word, in the order --help lists them.
constexpr Verb kVerbs[] = {
    {"init", initCommand},         {"user", userCommand},           {"import", importCommand},
    {"issues", issuesCommand},     {"issue", issueCommand},         {"gate", gateCommand},
    {"baseline", baselineCommand}, {"exemption", exemptionCommand}, {"pipeline", pipelineCommand},
    {"audit", auditCommand},       {"demo", demoCommand},           {"policy", policyCommand},
    {"db", dbCommand},             {"scans", scansCommand},         {"compare", compareCommand},
    {"trend", trendCommand},       {"scan", scanCommand},           {"export", exportCommand},
};

} // namespace

QString defaultDatabasePath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return dir + QStringLiteral("/review.db");
}

Context::Context(Arguments args) : m_args(std::move(args))
{
    m_format = m_args.value(QStringLiteral("--format"), QStringLiteral("text"));
}

QString Context::databaseLocation() const
{
    QString db = m_args.value(QStringLiteral("--db"));
    if (db.isEmpty())
        db = qEnvironmentVariable("SECREVIEW_DB");
    if (db.isEmpty())
        db = defaultDatabasePath();
    return db;
}

Database Context::openDatabase() const
{
    return Database::open(databaseLocation());
}

QString Context::password(const char *envVar, const QString &prompt) const
{
    if (qEnvironmentVariableIsSet(envVar))
        return qEnvironmentVariable(envVar);
    if (!isatty(STDIN_FILENO))
        throw Error(ErrorKind::NotAllowed,
                    QStringLiteral("no password: set %1 or run on a terminal").arg(QLatin1String(envVar)));
    err() << prompt;
    err().flush();
    termios saved{};
    tcgetattr(STDIN_FILENO, &saved);
    termios silent = saved;
    silent.c_lflag &= ~tcflag_t(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
    QTextStream in(stdin);
    const QString line = in.readLine();
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    err() << "\n";
    err().flush();
    return line;
}

Session Context::signIn(const Database &db) const
{
    QString name = m_args.value(QStringLiteral("--user"));
    if (name.isEmpty())
        name = qEnvironmentVariable("SECREVIEW_USER");
    if (name.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("who is this? pass --user NAME or set SECREVIEW_USER"));
    return UserDirectory(db).authenticate(
        name, password("SECREVIEW_PASSWORD", QStringLiteral("Password for %1: ").arg(name)));
}

void Context::print(const QString &text, const QJsonObject &json) const
{
    if (this->json())
        out() << QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented));
    else if (!text.isEmpty())
        out() << text << (text.endsWith(QLatin1Char('\n')) ? "" : "\n");
    out().flush();
}

QStringList CommandLine::commands()
{
    QStringList words;
    for (const Verb &v : kVerbs)
        words.append(QString::fromLatin1(v.word));
    return words;
}

QString CommandLine::usage()
{
    return QStringLiteral(
               "usage: secreview [--db PATH] [--user NAME] [--format text|json] COMMAND ...\n"
               "       secreview [--db PATH] [--page PAGE] [--theme system|light|dark]   (the desktop console)\n"
               "                 [--screenshot FILE.png [--size WxH]]\n"
               "\n"
               "commands:\n"
               "  init --admin NAME                       create an empty database and its first admin\n"
               "  user add NAME --role ROLE[,ROLE]        add a user (roles: viewer, developer, secops, "
               "admin, ci)\n"
               "  user list | user grant NAME ROLE | user revoke NAME ROLE | user passwd NAME\n"
               "  user disable NAME | user enable NAME\n"
               "  import FILE... --target NAME [--target-type T] --variant V [--scanner auto|NAME]\n"
               "                [--project P] [--pipeline ID --step ID --execution N]\n"
               "  issues [--target T --variant V | --scan ID] [--severity LIST] [--exempted hide|show|only]\n"
               "         [--scanner NAME] [--search TEXT] [--category new|common|remediated]\n"
               "         [--reviewed yes|no] [--assignee NAME] [--notes yes|no]\n"
               "  issue show ID [--scan ID]\n"
               "  issue review ID... [--undo]              mark reviewed, or take the mark back (secops, admin)\n"
               "  issue assign ID (USER | --none)         give the issue to a user, or to no one (secops, admin)\n"
               "  issue note ID --text TEXT               add a note to the issue's thread (anyone)\n"
               "  gate --target T --variant V --fail-on-severity critical|high|medium|low|info|none\n"
               "       [--dotenv FILE] [--github] [--junit FILE]   the verdict for CI (GitLab, GitHub, JUnit)\n"
               "  baseline set --target T (--variant V | --regex RE)\n"
               "  exemption request ISSUE_ID... --scope target|pipeline|project [--pipeline ID]\n"
               "            --duration 1d|7d|30d|90d|permanent|YYYY-MM-DD --reason TYPE --description TEXT "
               "[--url URL]\n"
               "  exemption approve|reject|reopen|cancel|delete ID [--comment TEXT] [--scope S]\n"
               "  exemption list [--status pending|approved|rejected|expired]\n"
               "  pipeline import FILE.yaml... | pipeline list | pipeline show ID [--version N]\n"
               "  pipeline history ID | pipeline diff ID [--from N] [--to N]\n"
               "  pipeline check ID [--policy FILE]            governance rules; exit 1 on a violation\n"
               "  pipeline gate ID --variant V [--execution N] [--set NAME=VALUE]...\n"
               "       [--dotenv FILE] [--github] [--junit FILE] [--email-dir DIR [--email-from ADDR]]\n"
               "                                          evaluate every step as the pipeline would\n"
               "  (pipeline show|history|diff|check|gate take --project P; without it an ID means\n"
               "   the pipeline first imported with it)\n"
               "  policy show [--project P]\n"
               "  policy set [--project P] [--max-duration SEV=DAYS,...|none] [--require-url "
               "REASON,...|none]\n"
               "             [--self-approval on|off] [--gate-scans any|ci]\n"
               "             [--default-baseline TYPE=REGEX|conventional]  the project's policy (admin)\n"
               "  audit log [--actor NAME] [--object TYPE] [--since DATE] [--until DATE] [--limit N]\n"
               "  audit head | audit verify [--expect HASH]    the chain's head, to keep outside; verify "
               "against it\n"
               "  db backup FILE | db check               a consistent copy (admin); storage and audit checked\n"
               "  db copy --to LOCATION                   everything into a new file or team database (admin)\n"
               "  db migrate                              a team database's schema brought up to date\n"
               "                                          (its server administrator, as for init)\n"
               "  scans [--target T [--variant V]] [--scanner S] [--since DATE]\n"
               "                                          every scan: counts, new and remediated issues\n"
               "  compare SCAN_A SCAN_B                   issues added, removed and changed between two scans\n"
               "  scan delete SCAN_ID                     secops: delete a scan (audited; what compared with it is recomputed)\n"
               "  trend --target T --variant V [--scanner S] [--since DATE] [--per scan|day]   (--format csv too)\n"
               "                                          one point per scan, oldest first\n"
               "  export --format sarif|csv|json|html|pdf -o FILE [the selection and filters of issues]\n"
               "         [--rows issue|occurrence] [--preset jira]   (csv)\n"
               "         [--top N] [--fail-on-severity LEVEL] [--title TEXT]   (html, pdf: the report)\n"
               "  demo                                    create the demo database at --db and print its "
               "users\n"
               "\n"
               "The database is --db, else $SECREVIEW_DB, else %1;\n"
               "a team database on a server is postgresql://[user@]host[:port]/dbname[?sslmode=...].\n"
               "The user is --user, else $SECREVIEW_USER; the password $SECREVIEW_PASSWORD or asked on the "
               "terminal;\n"
               "a new user's password $SECREVIEW_NEW_PASSWORD or asked.\n"
               "Exit status: 0 done/passed, 1 gate failed, policy violated or audit chain broken, 2 usage,\n"
               "3 bad input file, 4 not allowed or wrong password, 5 no such object, 6 database "
               "unavailable.\n")
        .arg(defaultDatabasePath());
}

int CommandLine::run()
{
    const Context &c = m_context;
    const Arguments &args = c.args();
    try {
        const QString word0 = args.positionals.value(0);
        const bool csv = c.format() == QLatin1String("csv") && word0 == QLatin1String("trend");
        const bool exportFormat = word0 == QLatin1String("export") && report::exportFormatFromKey(c.format());
        if (c.format() != QLatin1String("text") && !c.json() && !csv && !exportFormat)
            throw Error(ErrorKind::Usage,
                        QStringLiteral("--format is text or json (or csv for trend; sarif, csv, json, html or pdf "
                                       "for export), not '%1'")
                            .arg(c.format()));
        if (args.flags.contains(QLatin1String("--version"))) {
            c.print(QStringLiteral("secreview %1").arg(QLatin1String(SECREVIEW_VERSION)),
                    {{QStringLiteral("version"), QLatin1String(SECREVIEW_VERSION)}});
            return 0;
        }
        if (args.flags.contains(QLatin1String("--help")) || args.positionals.isEmpty()) {
            out() << usage();
            out().flush();
            return args.flags.contains(QLatin1String("--help")) ? 0 : 2;
        }
        const QString word = args.positionals.first();
        for (const Verb &v : kVerbs) {
            if (word == QLatin1String(v.word))
                return v.run(c);
        }
        throw Error(ErrorKind::Usage,
                    QStringLiteral("unknown command '%1' (see secreview --help)").arg(word));
    } catch (const Error &e) {
        err() << "secreview: " << safe(e.message()) << "\n";
        err().flush();
        if (c.json()) {
            out() << QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("error"), e.message()}})
                                           .toJson(QJsonDocument::Compact))
                  << "\n";
            out().flush();
        }
        return e.exitCode();
    }
}

} // namespace secreview::cli
