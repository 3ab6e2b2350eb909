#include "app/cli/CommandLine.h"

#include "app/cli/CliOutput.h"

#include "model/audit/AuditVerification.h"
#include "model/core/Error.h"
#include "model/demo/DemoDatabase.h"
#include "model/exemptions/ExemptionPolicy.h"
#include "model/exemptions/ExemptionWorkflow.h"
#include "model/pipelines/PipelineStore.h"
#include "model/scans/Catalog.h"
#include "model/scans/Gate.h"
#include "model/scans/IssueQuery.h"
#include "model/scans/ScanImporter.h"
#include "model/store/AuditLog.h"
#include "model/store/Database.h"
#include "model/users/UserDirectory.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTextStream>
#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace secreview::cli {
namespace {

QJsonValue optionalNumber(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QJsonValue isoOrNull(const std::optional<QDateTime> &t)
{
    return t && t->isValid() ? QJsonValue(t->toUTC().toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null);
}

QJsonObject exemptionJson(const ExemptionInfo &e, bool full)
{
    QJsonObject o{
        {QStringLiteral("id"), e.id},         {QStringLiteral("issue"), e.issueId},
        {QStringLiteral("scope"), e.scope},   {QStringLiteral("status"), e.status},
        {QStringLiteral("reason"), e.reason}, {QStringLiteral("expiresAt"), isoOrNull(e.expiresAt)}};
    if (full) {
        o.insert(QStringLiteral("requestedBy"), e.requestedBy);
        o.insert(QStringLiteral("reviewedBy"),
                 e.reviewedBy.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(e.reviewedBy));
        o.insert(QStringLiteral("key"), e.issueKey);
        o.insert(QStringLiteral("scanner"), e.scanner);
        o.insert(QStringLiteral("target"), e.target);
        o.insert(QStringLiteral("duration"), e.duration);
        o.insert(QStringLiteral("description"), e.description);
        o.insert(QStringLiteral("occurrences"), QJsonArray::fromStringList(e.occurrences));
        o.insert(QStringLiteral("requestedAt"), isoOrEmpty(e.requestedAt));
        o.insert(QStringLiteral("reviewedAt"), e.reviewedAt.isValid() ? QJsonValue(isoOrEmpty(e.reviewedAt))
                                                                      : QJsonValue(QJsonValue::Null));
    }
    return o;
}

QString exemptionLine(const ExemptionInfo &e)
{
    return QStringLiteral("exemption %1: %2 (issue %3 %4, scope %5, reason %6, %7%8)")
        .arg(e.id)
        .arg(e.status)
        .arg(e.issueId)
        .arg(e.issueKey, e.scope, e.reason, e.duration,
             e.expiresAt ? QStringLiteral(", expires %1").arg(e.expiresAt->toString(Qt::ISODate))
                         : QString());
}

QJsonObject countsJson(const SeverityCounts &c)
{
    QJsonObject o;
    for (Severity s : kSeveritiesDescending)
        o.insert(severityKey(s), c.count(s));
    return o;
}

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

} // namespace

QString defaultDatabasePath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return dir + QStringLiteral("/review.db");
}

CommandLine::CommandLine(Arguments args) : m_args(std::move(args))
{
    m_format = m_args.value(QStringLiteral("--format"), QStringLiteral("text"));
}

QStringList CommandLine::commands()
{
    return {QStringLiteral("init"),     QStringLiteral("user"),      QStringLiteral("import"),
            QStringLiteral("issues"),   QStringLiteral("issue"),     QStringLiteral("gate"),
            QStringLiteral("baseline"), QStringLiteral("exemption"), QStringLiteral("pipeline"),
            QStringLiteral("audit"),    QStringLiteral("demo"),      QStringLiteral("policy")};
}

QString CommandLine::usage()
{
    return QStringLiteral(
               "usage: secreview [--db PATH] [--user NAME] [--format text|json] COMMAND ...\n"
               "       secreview [--db PATH] [--page PAGE] [--screenshot FILE.png]   (the desktop console)\n"
               "\n"
               "commands:\n"
               "  init --admin NAME                       create an empty database and its first admin\n"
               "  user add NAME --role ROLE[,ROLE]        add a user (roles: viewer, developer, secops, "
               "admin)\n"
               "  user list | user grant NAME ROLE | user revoke NAME ROLE | user passwd NAME\n"
               "  user disable NAME | user enable NAME\n"
               "  import FILE... --target NAME [--target-type T] --variant V [--scanner auto|NAME]\n"
               "                [--project P] [--pipeline ID --step ID --execution N]\n"
               "  issues [--target T --variant V | --scan ID] [--severity LIST] [--exempted hide|show|only]\n"
               "         [--scanner NAME] [--search TEXT]\n"
               "  issue show ID [--scan ID]\n"
               "  gate --target T --variant V --fail-on-severity critical|high|medium|low|info|none\n"
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
               "                                          evaluate every step as the pipeline would\n"
               "  policy show [--project P]\n"
               "  policy set [--project P] [--max-duration SEV=DAYS,...|none] [--require-url "
               "REASON,...|none]\n"
               "             [--self-approval on|off]                       exemption limits (admin)\n"
               "  audit log [--actor NAME] [--object TYPE] [--since DATE] [--until DATE] | audit verify\n"
               "  demo                                    create the demo database at --db and print its "
               "users\n"
               "\n"
               "The database is --db, else $SECREVIEW_DB, else %1.\n"
               "The user is --user, else $SECREVIEW_USER; the password $SECREVIEW_PASSWORD or asked on the "
               "terminal;\n"
               "a new user's password $SECREVIEW_NEW_PASSWORD or asked.\n"
               "Exit status: 0 done/passed, 1 gate failed, policy violated or audit chain broken, 2 usage,\n"
               "3 bad input file, 4 not allowed or wrong password, 5 no such object, 6 database "
               "unavailable.\n")
        .arg(defaultDatabasePath());
}

void CommandLine::print(const QString &text, const QJsonObject &json) const
{
    if (this->json())
        out() << QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented));
    else if (!text.isEmpty())
        out() << text << (text.endsWith(QLatin1Char('\n')) ? "" : "\n");
    out().flush();
}

int CommandLine::run()
{
    try {
        if (m_format != QLatin1String("text") && m_format != QLatin1String("json"))
            throw Error(ErrorKind::Usage, QStringLiteral("--format is text or json, not '%1'").arg(m_format));
        if (m_args.flags.contains(QLatin1String("--version"))) {
            print(QStringLiteral("secreview %1").arg(QLatin1String(SECREVIEW_VERSION)),
                  {{QStringLiteral("version"), QLatin1String(SECREVIEW_VERSION)}});
            return 0;
        }
        if (m_args.flags.contains(QLatin1String("--help")) || m_args.positionals.isEmpty()) {
            out() << usage();
            out().flush();
            return m_args.flags.contains(QLatin1String("--help")) ? 0 : 2;
        }
        return dispatch();
    } catch (const Error &e) {
        err() << "secreview: " << e.message() << "\n";
        err().flush();
        if (json()) {
            out() << QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("error"), e.message()}})
                                           .toJson(QJsonDocument::Compact))
                  << "\n";
            out().flush();
        }
        return e.exitCode();
    }
}

int CommandLine::dispatch()
{
    m_command = m_args.positionals.first();
    if (m_command == QLatin1String("init"))
        return init();
    if (m_command == QLatin1String("user"))
        return user();
    if (m_command == QLatin1String("import"))
        return importScans();
    if (m_command == QLatin1String("issues"))
        return issues();
    if (m_command == QLatin1String("issue"))
        return issueShow();
    if (m_command == QLatin1String("gate"))
        return gate();
    if (m_command == QLatin1String("baseline"))
        return baseline();
    if (m_command == QLatin1String("exemption"))
        return exemption();
    if (m_command == QLatin1String("pipeline"))
        return pipeline();
    if (m_command == QLatin1String("audit"))
        return audit();
    if (m_command == QLatin1String("demo"))
        return demo();
    if (m_command == QLatin1String("policy"))
        return policy();
    throw Error(ErrorKind::Usage,
                QStringLiteral("unknown command '%1' (see secreview --help)").arg(m_command));
}

static QString databaseLocation(const Arguments &args)
{
    QString db = args.value(QStringLiteral("--db"));
    if (db.isEmpty())
        db = qEnvironmentVariable("SECREVIEW_DB");
    if (db.isEmpty())
        db = defaultDatabasePath();
    return db;
}

Database CommandLine::openDatabase() const
{
    return Database::open(databaseLocation(m_args));
}

QString CommandLine::password(const char *envVar, const QString &prompt) const
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

Session CommandLine::signIn(const Database &db) const
{
    QString name = m_args.value(QStringLiteral("--user"));
    if (name.isEmpty())
        name = qEnvironmentVariable("SECREVIEW_USER");
    if (name.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("who is this? pass --user NAME or set SECREVIEW_USER"));
    return UserDirectory(db).authenticate(
        name, password("SECREVIEW_PASSWORD", QStringLiteral("Password for %1: ").arg(name)));
}

int CommandLine::init()
{
    m_args.allowOnly({QStringLiteral("--admin")}, QStringLiteral("init"));
    const QString admin = m_args.required(QStringLiteral("--admin"), QStringLiteral("init"));
    UserDirectory::checkName(admin);
    QString pass = qEnvironmentVariable("SECREVIEW_NEW_PASSWORD");
    if (pass.isEmpty())
        pass = password("SECREVIEW_PASSWORD", QStringLiteral("Password for the new admin %1: ").arg(admin));
    const QString location = databaseLocation(m_args);
    if (!location.startsWith(QLatin1String("postgresql:")))
        QDir().mkpath(QFileInfo(location).absolutePath());
    const Database db = Database::create(location);
    UserDirectory(db).createFirstAdmin(admin, pass);
    print(QStringLiteral("created %1 with admin %2").arg(location, admin),
          {{QStringLiteral("database"), location}, {QStringLiteral("admin"), admin}});
    return 0;
}

int CommandLine::user()
{
    const QString verb = m_args.positionals.value(1);
    const QString name = m_args.positionals.value(2);
    m_args.allowOnly({QStringLiteral("--role")}, QStringLiteral("user ") + verb);
    const Database db = openDatabase();
    const UserDirectory users(db);
    auto needName = [&] {
        if (name.isEmpty())
            throw Error(ErrorKind::Usage, QStringLiteral("'user %1' needs a user name").arg(verb));
    };
    auto parseRole = [](const QString &text) {
        const auto role = roleFromKey(text);
        if (!role)
            throw Error(ErrorKind::Usage,
                        QStringLiteral("role '%1' is not one of viewer, developer, secops, admin").arg(text));
        return *role;
    };
    if (verb == QLatin1String("add")) {
        needName();
        QList<Role> roles;
        for (const QString &r : m_args.required(QStringLiteral("--role"), QStringLiteral("user add"))
                                    .split(QLatin1Char(','), Qt::SkipEmptyParts))
            roles.append(parseRole(r));
        const Session actor = signIn(db);
        const QString pass =
            password("SECREVIEW_NEW_PASSWORD", QStringLiteral("Password for %1: ").arg(name));
        const UserInfo u = users.addUser(actor, name, pass, roles);
        QJsonArray roleKeys;
        for (Role r : u.roles)
            roleKeys.append(roleKey(r));
        print(QStringLiteral("added %1").arg(name),
              {{QStringLiteral("user"), QJsonObject{{QStringLiteral("id"), u.id},
                                                    {QStringLiteral("name"), u.name},
                                                    {QStringLiteral("roles"), roleKeys}}}});
        return 0;
    }
    if (verb == QLatin1String("list")) {
        const Session actor = signIn(db);
        QJsonArray list;
        QString text;
        for (const UserInfo &u : users.list(actor)) {
            QJsonArray roleKeys;
            QStringList names;
            for (Role r : u.roles) {
                roleKeys.append(roleKey(r));
                names.append(roleKey(r));
            }
            list.append(QJsonObject{{QStringLiteral("id"), u.id},
                                    {QStringLiteral("name"), u.name},
                                    {QStringLiteral("roles"), roleKeys},
                                    {QStringLiteral("disabled"), u.disabled}});
            text += QStringLiteral("%1 %2%3\n")
                        .arg(padded(u.name, 20), names.join(QStringLiteral(",")),
                             u.disabled ? QStringLiteral(" (disabled)") : QString());
        }
        print(text, {{QStringLiteral("users"), list}});
        return 0;
    }
    if (verb == QLatin1String("grant") || verb == QLatin1String("revoke")) {
        needName();
        const Role role = parseRole(m_args.positionals.value(3));
        const Session actor = signIn(db);
        if (verb == QLatin1String("grant"))
            users.grant(actor, name, role);
        else
            users.revoke(actor, name, role);
        print(QStringLiteral("%1 %2 %3")
                  .arg(verb == QLatin1String("grant") ? QStringLiteral("granted") : QStringLiteral("revoked"),
                       roleKey(role), name),
              {{QStringLiteral("user"), name},
               {QStringLiteral("role"), roleKey(role)},
               {QStringLiteral("action"), verb}});
        return 0;
    }
    if (verb == QLatin1String("disable") || verb == QLatin1String("enable")) {
        needName();
        const Session actor = signIn(db);
        users.setDisabled(actor, name, verb == QLatin1String("disable"));
        print(QStringLiteral("%1 %2d").arg(name, verb),
              {{QStringLiteral("user"), name}, {QStringLiteral("action"), verb}});
        return 0;
    }
    if (verb == QLatin1String("passwd")) {
        needName();
        const Session actor = signIn(db);
        users.setPassword(
            actor, name,
            password("SECREVIEW_NEW_PASSWORD", QStringLiteral("New password for %1: ").arg(name)));
        print(QStringLiteral("password of %1 changed").arg(name), {{QStringLiteral("user"), name}});
        return 0;
    }
    throw Error(ErrorKind::Usage,
                QStringLiteral("user needs one of add, list, grant, revoke, passwd, disable, enable"));
}

int CommandLine::importScans()
{
    m_args.allowOnly({QStringLiteral("--target"), QStringLiteral("--target-type"),
                      QStringLiteral("--variant"), QStringLiteral("--scanner"), QStringLiteral("--project"),
                      QStringLiteral("--pipeline"), QStringLiteral("--step"), QStringLiteral("--execution")},
                     QStringLiteral("import"));
    // A folder stands for every file below it (sorted, hidden ones left out): each is its own
    // scan and transaction, and the ones that are not result files are refused and listed.
    QStringList files;
    for (const QString &arg : m_args.positionals.mid(1)) {
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
    ImportRequest base;
    base.target = m_args.required(QStringLiteral("--target"), QStringLiteral("import"));
    base.variant = m_args.required(QStringLiteral("--variant"), QStringLiteral("import"));
    base.targetType = m_args.value(QStringLiteral("--target-type"));
    base.scanner = m_args.value(QStringLiteral("--scanner"), QStringLiteral("auto"));
    base.project = m_args.value(QStringLiteral("--project"));
    base.pipeline = m_args.value(QStringLiteral("--pipeline"));
    base.step = m_args.value(QStringLiteral("--step"));
    if (m_args.has(QStringLiteral("--execution")))
        base.execution = parseId(m_args.value(QStringLiteral("--execution")), QStringLiteral("--execution"));
    const Database db = openDatabase();
    const Session actor = signIn(db);
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
            scans.append(QJsonObject{{QStringLiteral("id"), r.scanId},
                                     {QStringLiteral("file"), r.file},
                                     {QStringLiteral("format"), r.format},
                                     {QStringLiteral("scanner"), r.scanner},
                                     {QStringLiteral("target"), r.target},
                                     {QStringLiteral("variant"), r.variant},
                                     {QStringLiteral("issues"), r.issues},
                                     {QStringLiteral("occurrences"), r.occurrences},
                                     {QStringLiteral("counts"), countsJson(r.counts)},
                                     {QStringLiteral("new"), r.newIssues}});
            QStringList counts;
            for (Severity s : kSeveritiesDescending)
                counts.append(QStringLiteral("%1 %2").arg(severityName(s)).arg(r.counts.count(s)));
            text +=
                QStringLiteral("scan %1: %2 (%3, %4) -> %5@%6: %7 issues (%8 new), %9 occurrences [%10]\n")
                    .arg(r.scanId)
                    .arg(r.file, r.format, r.scanner, r.target, r.variant)
                    .arg(r.issues)
                    .arg(r.newIssues)
                    .arg(r.occurrences)
                    .arg(counts.join(QStringLiteral(", ")));
        } catch (const Error &e) {
            if (e.kind() != ErrorKind::BadInput || files.size() == 1)
                throw;
            err() << "secreview: " << e.message() << "\n";
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
    print(text, result);
    return worst;
}

int CommandLine::issues()
{
    m_args.allowOnly({QStringLiteral("--target"), QStringLiteral("--variant"), QStringLiteral("--scan"),
                      QStringLiteral("--severity"), QStringLiteral("--exempted"), QStringLiteral("--scanner"),
                      QStringLiteral("--search"), QStringLiteral("--project"), QStringLiteral("--category")},
                     QStringLiteral("issues"));
    const Database db = openDatabase();
    signIn(db);
    const IssueQuery query(db);
    IssueScope scope;
    if (m_args.has(QStringLiteral("--scan"))) {
        if (m_args.has(QStringLiteral("--target")) || m_args.has(QStringLiteral("--variant")))
            throw Error(ErrorKind::Usage,
                        QStringLiteral("issues takes --scan or --target/--variant, not both"));
        scope = query.scopeForScan(parseId(m_args.value(QStringLiteral("--scan")), QStringLiteral("--scan")));
    } else if (m_args.has(QStringLiteral("--target"))) {
        const TargetInfo target = Catalog(db).target(m_args.value(QStringLiteral("--target")),
                                                     m_args.value(QStringLiteral("--project")));
        const QString variant =
            m_args.required(QStringLiteral("--variant"), QStringLiteral("issues --target"));
        scope = query.scopeForVariant(target.id, variant);
        if (scope.isEmpty())
            throw Error(ErrorKind::NotFound,
                        QStringLiteral("no scan of %1 variant %2").arg(target.name, variant));
    } else if (m_args.has(QStringLiteral("--variant"))) {
        throw Error(ErrorKind::Usage, QStringLiteral("--variant needs --target"));
    } else {
        scope = query.scopeForAll();
    }
    IssueFilter filter;
    filter.severities = parseSeverities(m_args.value(QStringLiteral("--severity")));
    const QString exempted = m_args.value(QStringLiteral("--exempted"), QStringLiteral("show"));
    if (exempted == QLatin1String("hide"))
        filter.exempted = ExemptedFilter::Hide;
    else if (exempted == QLatin1String("only"))
        filter.exempted = ExemptedFilter::Only;
    else if (exempted != QLatin1String("show"))
        throw Error(ErrorKind::Usage,
                    QStringLiteral("--exempted is hide, show or only, not '%1'").arg(exempted));
    filter.scanner = m_args.value(QStringLiteral("--scanner"));
    filter.search = m_args.value(QStringLiteral("--search"));
    filter.category = m_args.value(QStringLiteral("--category"));
    if (!filter.category.isEmpty() && filter.category != QLatin1String("new") &&
        filter.category != QLatin1String("common"))
        throw Error(ErrorKind::Usage, QStringLiteral("--category is new or common"));

    QJsonArray list;
    QString text = QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8\n")
                       .arg(padded(QStringLiteral("ID"), 6), padded(QStringLiteral("SEVERITY"), 9),
                            padded(QStringLiteral("RULE"), 16), padded(QStringLiteral("TITLE"), 44),
                            padded(QStringLiteral("SCANNER"), 10), padded(QStringLiteral("OCC"), 4),
                            padded(QStringLiteral("CATEGORY"), 9), QStringLiteral("EXEMPTION"));
    for (const IssueRow &r : query.list(scope, filter)) {
        list.append(QJsonObject{{QStringLiteral("id"), r.id},
                                {QStringLiteral("key"), r.key},
                                {QStringLiteral("scanner"), r.scanner},
                                {QStringLiteral("rule"), r.rule},
                                {QStringLiteral("title"), r.title},
                                {QStringLiteral("severity"), severityKey(r.severity)},
                                {QStringLiteral("score"), optionalNumber(r.score)},
                                {QStringLiteral("occurrences"), r.occurrences},
                                {QStringLiteral("category"), r.category},
                                {QStringLiteral("exemption"), r.exemption},
                                {QStringLiteral("scan"), r.scanId}});
        text += QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8\n")
                    .arg(padded(QString::number(r.id), 6), padded(severityName(r.severity), 9),
                         padded(r.rule, 16), padded(r.title, 44), padded(r.scanner, 10),
                         padded(QString::number(r.occurrences), 4), padded(r.category, 9), r.exemption);
    }
    text += QStringLiteral("%1 issue(s)\n").arg(list.size());
    print(text, {{QStringLiteral("issues"), list}});
    return 0;
}

int CommandLine::issueShow()
{
    m_args.allowOnly({QStringLiteral("--scan")}, QStringLiteral("issue show"));
    if (m_args.positionals.value(1) != QLatin1String("show"))
        throw Error(ErrorKind::Usage, QStringLiteral("usage: issue show ID"));
    const qint64 id = parseId(m_args.positionals.value(2), QStringLiteral("issue id"));
    const Database db = openDatabase();
    signIn(db);
    const qint64 scan = m_args.has(QStringLiteral("--scan"))
                            ? parseId(m_args.value(QStringLiteral("--scan")), QStringLiteral("--scan"))
                            : 0;
    const IssueDetails d = IssueQuery(db).details(id, scan);
    const QList<ExemptionEvent> history = ExemptionWorkflow(db).history(id);

    QJsonArray occurrences;
    QString occText;
    for (const OccurrenceRow &o : d.occurrences) {
        occurrences.append(QJsonObject{
            {QStringLiteral("location"), o.location},
            {QStringLiteral("file"), o.filePath},
            {QStringLiteral("line"), o.line > 0 ? QJsonValue(o.line) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("package"), o.package},
            {QStringLiteral("installedVersion"), o.installedVersion},
            {QStringLiteral("fixedVersion"), o.fixedVersion},
            {QStringLiteral("severity"), severityKey(o.severity)},
            {QStringLiteral("scannerSeverity"), o.scannerSeverity},
            {QStringLiteral("confidence"), o.confidence},
            {QStringLiteral("score"), optionalNumber(o.score)},
            {QStringLiteral("message"), o.message},
            {QStringLiteral("fingerprint"), o.fingerprint},
            {QStringLiteral("suppressed"), o.suppressed},
            {QStringLiteral("suppression"), o.suppression},
            {QStringLiteral("raw"), o.raw}});
        occText +=
            QStringLiteral("  %1  [%2%3]%4\n")
                .arg(o.location, o.scannerSeverity,
                     o.confidence.isEmpty() ? QString() : QStringLiteral(", confidence ") + o.confidence,
                     o.fixedVersion.isEmpty() ? QString() : QStringLiteral("  fixed in ") + o.fixedVersion);
    }
    QJsonArray events;
    QString historyText;
    for (const ExemptionEvent &e : history) {
        events.append(QJsonObject{{QStringLiteral("exemption"), e.exemptionId},
                                  {QStringLiteral("at"), isoOrEmpty(e.at)},
                                  {QStringLiteral("actor"), e.actor},
                                  {QStringLiteral("action"), e.action},
                                  {QStringLiteral("from"), e.fromStatus},
                                  {QStringLiteral("to"), e.toStatus},
                                  {QStringLiteral("comment"), e.comment}});
        historyText +=
            QStringLiteral("  %1 %2 %3 exemption %4 -> %5%6\n")
                .arg(isoOrEmpty(e.at), e.actor, e.action)
                .arg(e.exemptionId)
                .arg(e.toStatus, e.comment.isEmpty() ? QString() : QStringLiteral(": ") + e.comment);
    }
    const IssueRow &r = d.row;
    QJsonObject json{{QStringLiteral("id"), r.id},
                     {QStringLiteral("key"), r.key},
                     {QStringLiteral("scanner"), r.scanner},
                     {QStringLiteral("rule"), r.rule},
                     {QStringLiteral("title"), r.title},
                     {QStringLiteral("severity"), severityKey(r.severity)},
                     {QStringLiteral("scannerSeverity"), r.scannerSeverity},
                     {QStringLiteral("confidence"), d.confidence},
                     {QStringLiteral("score"), optionalNumber(r.score)},
                     {QStringLiteral("category"), r.category},
                     {QStringLiteral("exemption"), r.exemption},
                     {QStringLiteral("kind"), d.kind},
                     {QStringLiteral("target"), d.target},
                     {QStringLiteral("variant"), d.variant},
                     {QStringLiteral("scan"), r.scanId},
                     {QStringLiteral("description"), d.description},
                     {QStringLiteral("remediation"), d.remediation},
                     {QStringLiteral("references"), QJsonArray::fromStringList(d.references)},
                     {QStringLiteral("cwes"), QJsonArray::fromStringList(d.cwes)},
                     {QStringLiteral("occurrences"), occurrences},
                     {QStringLiteral("history"), events}};
    QString text =
        QStringLiteral("issue %1: %2\n  %3 (%4: %5%6)  %7 %8  %9\n")
            .arg(r.id)
            .arg(r.title, severityName(r.severity), r.scanner, r.scannerSeverity,
                 d.confidence.isEmpty() ? QString() : QStringLiteral(", confidence ") + d.confidence, r.rule,
                 d.cwes.join(QStringLiteral(" ")),
                 QStringLiteral("%1 in %2@%3, exemption %4")
                     .arg(r.category, d.target, d.variant, r.exemption));
    if (!d.description.isEmpty())
        text += QStringLiteral("\n%1\n").arg(d.description);
    if (!d.remediation.isEmpty())
        text += QStringLiteral("\nRemediation: %1\n").arg(d.remediation);
    if (!d.references.isEmpty())
        text += QStringLiteral("\nReferences:\n  %1\n").arg(d.references.join(QStringLiteral("\n  ")));
    text += QStringLiteral("\nOccurrences (%1):\n%2").arg(d.occurrences.size()).arg(occText);
    if (!historyText.isEmpty())
        text += QStringLiteral("\nExemption history:\n") + historyText;
    print(text, json);
    return 0;
}

int CommandLine::gate()
{
    m_args.allowOnly({QStringLiteral("--target"), QStringLiteral("--variant"),
                      QStringLiteral("--fail-on-severity"), QStringLiteral("--project")},
                     QStringLiteral("gate"));
    const QString targetName = m_args.required(QStringLiteral("--target"), QStringLiteral("gate"));
    const QString variant = m_args.required(QStringLiteral("--variant"), QStringLiteral("gate"));
    const QString threshold = m_args.required(QStringLiteral("--fail-on-severity"), QStringLiteral("gate"));
    if (!Gate::parseThreshold(threshold))
        throw Error(ErrorKind::Usage,
                    QStringLiteral("--fail-on-severity is critical, high, medium, low, info or none"));
    const Database db = openDatabase();
    signIn(db);
    const IssueQuery query(db);
    TargetInfo target;
    try {
        target = Catalog(db).target(targetName, m_args.value(QStringLiteral("--project")));
    } catch (const Error &e) {
        if (e.kind() == ErrorKind::NotFound)
            throw Error(ErrorKind::NotFound,
                        QStringLiteral("no scan of %1 variant %2: no such target (the gate fails closed)")
                            .arg(targetName, variant));
        throw;
    }
    const IssueScope scope = query.scopeForVariant(target.id, variant);
    if (scope.isEmpty())
        throw Error(
            ErrorKind::NotFound,
            QStringLiteral("no scan of %1 variant %2 (the gate fails closed)").arg(target.name, variant));
    const GateResult result = Gate::evaluate(query, scope, threshold);
    QString text = result.message + QLatin1Char('\n');
    for (const auto &[name, value] : result.variables.named())
        text += QStringLiteral("%1=%2\n").arg(name).arg(value);
    print(text, {{QStringLiteral("status"), result.passed ? QStringLiteral("pass") : QStringLiteral("fail")},
                 {QStringLiteral("message"), result.message},
                 {QStringLiteral("target"), target.name},
                 {QStringLiteral("variant"), variant},
                 {QStringLiteral("failOnSeverity"), result.threshold},
                 {QStringLiteral("outputVariables"), variablesJson(result.variables)}});
    return result.passed ? 0 : 1;
}

int CommandLine::baseline()
{
    m_args.allowOnly({QStringLiteral("--target"), QStringLiteral("--variant"), QStringLiteral("--regex"),
                      QStringLiteral("--project")},
                     QStringLiteral("baseline set"));
    if (m_args.positionals.value(1) != QLatin1String("set"))
        throw Error(ErrorKind::Usage,
                    QStringLiteral("usage: baseline set --target T (--variant V | --regex RE)"));
    const bool byVariant = m_args.has(QStringLiteral("--variant"));
    if (byVariant == m_args.has(QStringLiteral("--regex")))
        throw Error(ErrorKind::Usage,
                    QStringLiteral("baseline set takes exactly one of --variant and --regex"));
    const Database db = openDatabase();
    const Session actor = signIn(db);
    const Catalog catalog(db);
    const TargetInfo target =
        catalog.target(m_args.required(QStringLiteral("--target"), QStringLiteral("baseline set")),
                       m_args.value(QStringLiteral("--project")));
    const BaselineInfo baseline = byVariant ? BaselineInfo{m_args.value(QStringLiteral("--variant")), {}}
                                            : BaselineInfo{{}, m_args.value(QStringLiteral("--regex"))};
    catalog.setBaseline(actor, target.id, baseline);
    print(QStringLiteral("baseline of %1 is %2").arg(target.name, baseline.text()),
          {{QStringLiteral("target"), target.name},
           {QStringLiteral("variant"),
            baseline.variant.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(baseline.variant)},
           {QStringLiteral("regex"),
            baseline.pattern.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(baseline.pattern)}});
    return 0;
}

int CommandLine::exemption()
{
    const QString verb = m_args.positionals.value(1);
    const Database db = openDatabase();
    const ExemptionWorkflow workflow(db);
    if (verb == QLatin1String("list")) {
        m_args.allowOnly({QStringLiteral("--status")}, QStringLiteral("exemption list"));
        signIn(db);
        QJsonArray list;
        QString text;
        for (const ExemptionInfo &e : workflow.list(m_args.value(QStringLiteral("--status")))) {
            list.append(exemptionJson(e, true));
            text += exemptionLine(e) +
                    QStringLiteral(" requested by %1%2\n")
                        .arg(e.requestedBy, e.reviewedBy.isEmpty()
                                                ? QString()
                                                : QStringLiteral(", reviewed by ") + e.reviewedBy);
        }
        print(text.isEmpty() ? QStringLiteral("no exemptions") : text,
              {{QStringLiteral("exemptions"), list}});
        return 0;
    }
    if (verb == QLatin1String("request")) {
        m_args.allowOnly({QStringLiteral("--scope"), QStringLiteral("--pipeline"),
                          QStringLiteral("--duration"), QStringLiteral("--reason"),
                          QStringLiteral("--description"), QStringLiteral("--url"),
                          QStringLiteral("--occurrence")},
                         QStringLiteral("exemption request"));
        ExemptionRequest r;
        QList<qint64> issueIds;
        for (const QString &id : m_args.positionals.mid(2))
            issueIds.append(parseId(id, QStringLiteral("issue id")));
        if (issueIds.isEmpty())
            throw Error(ErrorKind::Usage, QStringLiteral("exemption request needs an issue id"));
        r.issueId = issueIds.first();
        const auto scope = exemptionScopeFromKey(
            m_args.required(QStringLiteral("--scope"), QStringLiteral("exemption request")));
        if (!scope || *scope == ExemptionScope::Organization)
            throw Error(ErrorKind::Usage, QStringLiteral("--scope is target, pipeline or project"));
        r.scope = *scope;
        r.pipeline = m_args.value(QStringLiteral("--pipeline"));
        const auto duration = ExemptionDuration::parse(
            m_args.required(QStringLiteral("--duration"), QStringLiteral("exemption request")));
        if (!duration)
            throw Error(ErrorKind::Usage,
                        QStringLiteral("--duration is 1d, 7d, 30d, 90d, permanent or YYYY-MM-DD"));
        r.duration = *duration;
        r.reason = m_args.required(QStringLiteral("--reason"), QStringLiteral("exemption request"));
        r.description = m_args.required(QStringLiteral("--description"), QStringLiteral("exemption request"));
        r.url = m_args.value(QStringLiteral("--url"));
        for (const QString &fingerprints : m_args.values(QStringLiteral("--occurrence")))
            r.occurrences += fingerprints.split(QLatin1Char(','), Qt::SkipEmptyParts);
        const Session actor = signIn(db);
        if (issueIds.size() > 1) {
            // Several issues, the same fields: one request each, all or none.
            QJsonArray list;
            QString text;
            for (const ExemptionInfo &e : workflow.requestMany(actor, issueIds, r)) {
                list.append(exemptionJson(e, false));
                text += exemptionLine(e) + QLatin1Char('\n');
            }
            print(text, {{QStringLiteral("exemptions"), list}});
            return 0;
        }
        const ExemptionInfo e = workflow.request(actor, r);
        print(exemptionLine(e), {{QStringLiteral("exemption"), exemptionJson(e, false)}});
        return 0;
    }
    static const QStringList verbs{QStringLiteral("approve"), QStringLiteral("reject"),
                                   QStringLiteral("reopen"), QStringLiteral("cancel"),
                                   QStringLiteral("delete")};
    if (!verbs.contains(verb))
        throw Error(
            ErrorKind::Usage,
            QStringLiteral("exemption needs one of request, approve, reject, reopen, cancel, delete, list"));
    m_args.allowOnly({QStringLiteral("--comment"), QStringLiteral("--scope")},
                     QStringLiteral("exemption ") + verb);
    const qint64 id = parseId(m_args.positionals.value(2), QStringLiteral("exemption id"));
    const QString comment = m_args.value(QStringLiteral("--comment"));
    std::optional<ExemptionScope> widen;
    if (m_args.has(QStringLiteral("--scope"))) {
        if (verb != QLatin1String("approve"))
            throw Error(ErrorKind::Usage, QStringLiteral("--scope widens a scope on approve only"));
        widen = exemptionScopeFromKey(m_args.value(QStringLiteral("--scope")));
        if (!widen)
            throw Error(ErrorKind::Usage,
                        QStringLiteral("--scope is target, pipeline, project or organization"));
    }
    const Session actor = signIn(db);
    ExemptionInfo e;
    if (verb == QLatin1String("approve"))
        e = workflow.approve(actor, id, comment, widen);
    else if (verb == QLatin1String("reject"))
        e = workflow.reject(actor, id, comment);
    else if (verb == QLatin1String("reopen"))
        e = workflow.reopen(actor, id, comment);
    else if (verb == QLatin1String("cancel"))
        e = workflow.cancel(actor, id, comment);
    else
        e = workflow.remove(actor, id, comment);
    print(exemptionLine(e), {{QStringLiteral("exemption"), exemptionJson(e, false)}});
    return 0;
}

int CommandLine::audit()
{
    const QString verb = m_args.positionals.value(1);
    m_args.allowOnly({QStringLiteral("--actor"), QStringLiteral("--object"), QStringLiteral("--since"),
                      QStringLiteral("--until"), QStringLiteral("--limit")},
                     QStringLiteral("audit ") + verb);
    const Database db = openDatabase();
    signIn(db);
    const AuditLog log(db);
    if (verb == QLatin1String("log")) {
        AuditFilter filter;
        filter.actor = m_args.value(QStringLiteral("--actor"));
        filter.objectType = m_args.value(QStringLiteral("--object"));
        auto day = [this](const QString &option, int addDays) -> qint64 {
            const QString text = m_args.value(option);
            if (text.isEmpty())
                return 0;
            const QDate date = QDate::fromString(text, Qt::ISODate);
            if (!date.isValid())
                throw Error(ErrorKind::Usage, QStringLiteral("%1 takes a date, YYYY-MM-DD").arg(option));
            return QDateTime(date.addDays(addDays), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        };
        filter.fromMs = day(QStringLiteral("--since"), 0);
        filter.toMs = day(QStringLiteral("--until"), 1);
        filter.limit = m_args.value(QStringLiteral("--limit"), QStringLiteral("1000")).toInt();
        QJsonArray list;
        QString text;
        for (const AuditEntry &e : log.find(filter)) {
            const QString at = QDateTime::fromMSecsSinceEpoch(e.at, Qt::UTC).toString(Qt::ISODate);
            list.append(
                QJsonObject{{QStringLiteral("id"), e.id},
                            {QStringLiteral("at"), at},
                            {QStringLiteral("actor"), e.actor},
                            {QStringLiteral("action"), e.action},
                            {QStringLiteral("object"), QString(e.objectType + QLatin1Char(':') + e.objectId)},
                            {QStringLiteral("details"), QJsonDocument::fromJson(e.details.toUtf8()).object()},
                            {QStringLiteral("hash"), e.hash}});
            text += QStringLiteral("%1 %2 %3 %4 %5:%6 %7\n")
                        .arg(e.id)
                        .arg(at, e.actor, e.action, e.objectType, e.objectId, e.details);
        }
        print(text, {{QStringLiteral("entries"), list}});
        return 0;
    }
    if (verb == QLatin1String("verify")) {
        // The chain catches an edited or removed entry; the replay catches a table changed
        // behind the program's back (an exemption approved by SQL, say).
        const QStringList problems = verifyAudit(db);
        const QString message =
            problems.isEmpty()
                ? QStringLiteral("audit chain holds; every exemption agrees with its audit history")
                : problems.join(QLatin1Char('\n'));
        print(message, {{QStringLiteral("status"),
                         problems.isEmpty() ? QStringLiteral("ok") : QStringLiteral("broken")},
                        {QStringLiteral("message"), message},
                        {QStringLiteral("problems"), QJsonArray::fromStringList(problems)}});
        return problems.isEmpty() ? 0 : 1;
    }
    throw Error(ErrorKind::Usage, QStringLiteral("audit needs log or verify"));
}

int CommandLine::policy()
{
    const QString verb = m_args.positionals.value(1);
    m_args.allowOnly({QStringLiteral("--project"), QStringLiteral("--max-duration"),
                      QStringLiteral("--require-url"), QStringLiteral("--self-approval")},
                     QStringLiteral("policy ") + verb);
    const QString project =
        m_args.value(QStringLiteral("--project"), QString::fromLatin1(Catalog::kDefaultProject));
    const Database db = openDatabase();
    const Session actor = signIn(db);
    const ExemptionPolicyStore store(db);
    ExemptionPolicy policy = store.get(project);
    if (verb == QLatin1String("set")) {
        if (m_args.has(QStringLiteral("--max-duration"))) {
            policy.maxDays = {};
            const QString spec = m_args.value(QStringLiteral("--max-duration"));
            for (const QString &item : spec.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                if (item.trimmed() == QLatin1String("none"))
                    continue;
                const auto severity = severityFromKey(item.section(QLatin1Char('='), 0, 0).trimmed());
                QString days = item.section(QLatin1Char('='), 1).trimmed();
                if (days.endsWith(QLatin1Char('d')))
                    days.chop(1);
                bool ok = false;
                const int n = days.toInt(&ok);
                if (!severity || !ok)
                    throw Error(
                        ErrorKind::Usage,
                        QStringLiteral("--max-duration takes SEVERITY=DAYS[,...], e.g. critical=30,high=90, "
                                       "or none; not '%1'")
                            .arg(item));
                policy.maxDays[size_t(*severity)] = n;
            }
        }
        if (m_args.has(QStringLiteral("--require-url"))) {
            policy.urlRequiredReasons.clear();
            const QString spec = m_args.value(QStringLiteral("--require-url"));
            for (const QString &item : spec.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                if (item.trimmed() == QLatin1String("none"))
                    continue;
                const auto reason = exemptionReasonFromText(item);
                if (!reason)
                    throw Error(ErrorKind::Usage,
                                QStringLiteral("'%1' is not a reason type (%2)")
                                    .arg(item.trimmed(), exemptionReasons().join(QStringLiteral(", "))));
                policy.urlRequiredReasons.append(*reason);
            }
        }
        if (m_args.has(QStringLiteral("--self-approval"))) {
            const QString v = m_args.value(QStringLiteral("--self-approval"));
            if (v != QLatin1String("on") && v != QLatin1String("off"))
                throw Error(ErrorKind::Usage, QStringLiteral("--self-approval is on or off"));
            policy.allowSelfApproval = v == QLatin1String("on");
        }
        store.set(actor, project, policy);
    } else if (verb != QLatin1String("show")) {
        throw Error(ErrorKind::Usage, QStringLiteral("policy needs show or set"));
    }
    print(QStringLiteral("exemption policy of %1: %2").arg(project, policy.text()),
          {{QStringLiteral("project"), project}, {QStringLiteral("policy"), policy.toJson()}});
    return 0;
}

int CommandLine::demo()
{
    m_args.allowOnly({}, QStringLiteral("demo"));
    const QString location = databaseLocation(m_args);
    QDir().mkpath(QFileInfo(location).absolutePath());
    DemoDatabase::create(location);
    QString text = QStringLiteral("created the demo database %1\nusers (demo passwords):\n").arg(location);
    QJsonArray users;
    for (const DemoDatabase::Account &a : DemoDatabase::accounts()) {
        text +=
            QStringLiteral("  %1 %2 password: %3\n").arg(padded(a.name, 6), padded(a.role, 10), a.password);
        users.append(QJsonObject{{QStringLiteral("name"), a.name},
                                 {QStringLiteral("role"), a.role},
                                 {QStringLiteral("password"), a.password}});
    }
    print(text, {{QStringLiteral("database"), location}, {QStringLiteral("users"), users}});
    return 0;
}

} // namespace secreview::cli
