// secreview-bench: the figures of BENCHMARKS.md, measured the way a user meets them.
//
// Import: `secreview import` of a generated SARIF file (bench/gen-sarif.py) against SQLite's own
// loader (bench/sqlite-baseline-ingest.sh), alternating, the median wall time of each and the
// import's peak resident memory (the child's ru_maxrss).
// Team server (--team): the same file imported into a database on a PostgreSQL cluster (one
// started by scripts/pg-cluster.sh, or the one --team-cluster names) in the same alternation, its
// median wall time beside the file's (issue 13 asks at most twice).
// Console: a database of N issues in one target and variant (or spread over --targets, one scan
// each, the last one looked at), built through the real import code,
// then the real issue table model (views/issues/IssueTableModel) in a table view offscreen:
// opening, the severity toggle, sorting by every column, searching, each with the counts the page
// shows beside them; the gate; and the toggle's own SQL run straight on SQLite (the statements
// the model ran, captured with sqlite3_trace_v2 and replayed on a plain connection).
#include "model/core/Error.h"
#include "model/scans/Catalog.h"
#include "model/scans/Gate.h"
#include "model/scans/IssueQuery.h"
#include "model/scans/ScanImporter.h"
#include "model/store/SqliteStatement.h"
#include "model/users/UserDirectory.h"
#include "views/issues/IssueTableModel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace secreview;

namespace {

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

// A failed step: unwinds to main, so that a team database and cluster are still removed.
struct Failure
{
    QString why;
};

[[noreturn]] void die(const QString &why)
{
    throw Failure{why};
}

struct ChildRun
{
    double seconds = 0;
    double peakMb = 0;
};

// Runs a program to its end: wall time, and the peak resident memory of it or of the largest of
// the children it waited for (Linux's ru_maxrss).
ChildRun runChild(const QStringList &command, const QHash<QString, QString> &env = {}, int allowedExit = 0)
{
    QList<QByteArray> args;
    for (const QString &a : command)
        args.append(a.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    QElapsedTimer timer;
    timer.start();
    const pid_t pid = fork();
    if (pid < 0)
        die(QStringLiteral("cannot fork"));
    if (pid == 0) {
        for (auto it = env.begin(); it != env.end(); ++it)
            setenv(it.key().toLocal8Bit().constData(), it.value().toLocal8Bit().constData(), 1);
        if (!freopen("/dev/null", "w", stdout))
            _exit(126);
        execvp(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    struct rusage usage = {};
    if (wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) ||
        (WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != allowedExit))
        die(QStringLiteral("%1 failed (status %2)").arg(command.join(QLatin1Char(' '))).arg(status));
    return {timer.nsecsElapsed() / 1e9, usage.ru_maxrss / 1024.0};
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    if (v.isEmpty())
        return 0;
    return v.size() % 2 ? v.at(v.size() / 2) : (v.at(v.size() / 2 - 1) + v.at(v.size() / 2)) / 2;
}

double p95(QList<double> v)
{
    std::sort(v.begin(), v.end());
    if (v.isEmpty())
        return 0;
    return v.at(qMin(v.size() - 1, qsizetype(std::ceil(0.95 * double(v.size()))) - 1));
}

const QString kUser = QStringLiteral("bench");
const QString kPassword = QStringLiteral("bench-password-1234");

// A SARIF file of `issues` distinct rules, one result each, spread over the five levels, from
// the scanner named.
void writeIssueSarif(const QString &path, int issues, const QByteArray &scanner)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        die(QStringLiteral("cannot write %1").arg(path));
    f.write(R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":")" + scanner +
            R"(","version":"1"}},"results":[)");
    static const char *const levels[] = {"error", "warning", "note", "none"};
    for (int i = 0; i < issues; ++i) {
        QByteArray r = QByteArrayLiteral(R"({"ruleId":"bench/rule-)") + QByteArray::number(i) +
                       R"(","level":")" + levels[i % 4] + R"(","message":{"text":"Synthetic finding )" +
                       QByteArray::number(i) +
                       R"( flows from a request into a sink"},"properties":{"security-severity":")" +
                       QByteArray::number((i * 37) % 100 / 10.0, 'f', 1) +
                       R"("},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"src/m)" +
                       QByteArray::number(i % 500) + "/f" + QByteArray::number(i % 37) +
                       R"(.py"},"region":{"startLine":)" + QByteArray::number(1 + i % 3000) + "}}}]}";
        if (i)
            f.write(",");
        f.write(r);
    }
    f.write("]}]}\n");
}

// Waits, with the event loop running, until the model has its count and requested pages.
void settle(views::IssueTableModel &model)
{
    while (model.isLoading())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 2);
}

struct Capture
{
    QList<QByteArray> statements;
};

int traceStatement(unsigned type, void *context, void *statement, void *)
{
    if (type == SQLITE_TRACE_STMT) {
        char *sql = sqlite3_expanded_sql(static_cast<sqlite3_stmt *>(statement));
        if (sql) {
            static_cast<Capture *>(context)->statements.append(QByteArray(sql));
            sqlite3_free(sql);
        }
    }
    return 0;
}

// Each statement's time and text (SQLITE_TRACE_PROFILE), printed to stderr: what a step is made of.
int profileStatement(unsigned type, void *, void *statement, void *nanoseconds)
{
    if (type == SQLITE_TRACE_PROFILE) {
        char *sql = sqlite3_expanded_sql(static_cast<sqlite3_stmt *>(statement));
        std::fprintf(stderr, "%8.1f ms  %s\n", double(*static_cast<qint64 *>(nanoseconds)) / 1e6,
                     sql ? sql : "");
        sqlite3_free(sql);
    }
    return 0;
}

// Runs SQL text to its end on a plain connection, reading every column of every row.
void runStraight(sqlite3 *db, const QByteArray &sql)
{
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.constData(), -1, &statement, nullptr) != SQLITE_OK)
        die(QStringLiteral("reference query: %1").arg(QString::fromUtf8(sqlite3_errmsg(db))));
    while (sqlite3_step(statement) == SQLITE_ROW) {
        for (int c = 0; c < sqlite3_column_count(statement); ++c)
            (void)sqlite3_column_text(statement, c);
    }
    sqlite3_finalize(statement);
}

struct Options
{
    int issues = 100000;
    int targets = 1;  // the issues spread over this many targets
    int scanners = 1; // and in each target over this many scanners, one scan each
    int importResults = 200000;
    int importRules = 400;
    int runs = 3;
    int repeats = 20;
    QString secreview;
    QString sarif;
    QString work;
    bool skipImport = false;
    bool skipConsole = false;
    bool team = false;
    QString teamCluster; // a pg-cluster.sh state folder; empty: start one in the scratch folder
    QString consoleDb;   // measure the console on this database instead of building one
};

// A database on a throwaway PostgreSQL cluster, made as docs/team-mode.md's administrator does
// (the cluster's superuser creates it, `init --admin` makes the schema and the admin's login).
class TeamDatabase
{
public:
    TeamDatabase(const QString &cluster, bool ownCluster) : m_cluster(cluster), m_own(ownCluster)
    {
        if (m_own)
            runChild({QStringLiteral(SECREVIEW_SOURCE_DIR "/scripts/pg-cluster.sh"), QStringLiteral("start"),
                      m_cluster},
                     {{QStringLiteral("SECREVIEW_PG_FSYNC"), QStringLiteral("on")}}); // synced, as the file is
        m_port = readLine(m_cluster + QStringLiteral("/port"));
        m_super = readLine(m_cluster + QStringLiteral("/superuser.pw"));
        m_name = QStringLiteral("bench_%1").arg(getpid());
        psql(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(m_name));
        psql(QStringLiteral("CREATE DATABASE %1").arg(m_name));
    }
    ~TeamDatabase()
    {
        // Logins and group roles are the cluster's: the ones init made (all named after the
        // database) go with it.
        try {
            psql(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name));
            psql(QStringLiteral(
                     "DO $$DECLARE r text; BEGIN FOR r IN SELECT quote_ident(rolname) FROM pg_roles"
                     " WHERE rolname LIKE '%1\\_%%' LOOP EXECUTE 'DROP ROLE ' || r; END LOOP; END$$")
                     .arg(m_name));
            if (m_own)
                runChild({QStringLiteral(SECREVIEW_SOURCE_DIR "/scripts/pg-cluster.sh"),
                          QStringLiteral("stop"), m_cluster});
        } catch (const Failure &f) {
            err() << "secreview-bench: cleaning up the team database: " << f.why << Qt::endl;
        }
    }
    QString location(bool asSuperuser = false) const
    {
        return QStringLiteral("postgresql://") +
               (asSuperuser ? QStringLiteral("secreview_super@") : QString()) + QStringLiteral("127.0.0.1:") +
               m_port + QLatin1Char('/') + m_name;
    }
    QString superPassword() const { return m_super; }
    QString admin() const { return m_name + QStringLiteral("_bench"); } // _admin is init's group role

private:
    static QString readLine(const QString &path)
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            die(QStringLiteral("no team cluster at %1 (scripts/pg-cluster.sh start DIR)").arg(path));
        return QString::fromUtf8(f.readAll()).trimmed();
    }
    void psql(const QString &statement) const
    {
        runChild({QStringLiteral("psql"), QStringLiteral("-qX"), QStringLiteral("-v"),
                  QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-h"), QStringLiteral("127.0.0.1"),
                  QStringLiteral("-p"), m_port, QStringLiteral("-U"), QStringLiteral("secreview_super"),
                  QStringLiteral("-d"), QStringLiteral("postgres"), QStringLiteral("-c"), statement},
                 {{QStringLiteral("PGPASSWORD"), m_super},
                  {QStringLiteral("PGOPTIONS"), QStringLiteral("-c client_min_messages=warning")}});
    }
    QString m_cluster;
    bool m_own = false;
    QString m_port;
    QString m_super;
    QString m_name;
};

QJsonObject benchImport(const Options &o, const QString &work)
{
    QString sarif = o.sarif;
    if (sarif.isEmpty()) {
        sarif = work + QStringLiteral("/import.sarif");
        runChild({QStringLiteral("python3"), QStringLiteral(SECREVIEW_BENCH_DIR "/gen-sarif.py"),
                  QString::number(o.importResults), QString::number(o.importRules), sarif});
    }
    const double fileMb = QFileInfo(sarif).size() / (1024.0 * 1024.0);
    const QHash<QString, QString> env{{QStringLiteral("SECREVIEW_USER"), kUser},
                                      {QStringLiteral("SECREVIEW_PASSWORD"), kPassword},
                                      {QStringLiteral("SECREVIEW_NEW_PASSWORD"), kPassword}};
    QList<double> ours, reference, rss, team, teamRss;
    std::optional<TeamDatabase> server;
    QHash<QString, QString> serverEnv = env;
    if (o.team) {
        server.emplace(o.teamCluster.isEmpty() ? work + QStringLiteral("/pg") : o.teamCluster,
                       o.teamCluster.isEmpty());
        serverEnv.insert(QStringLiteral("SECREVIEW_USER"), server->admin());
        QHash<QString, QString> init = serverEnv;
        init.insert(QStringLiteral("SECREVIEW_SERVER_PASSWORD"), server->superPassword());
        runChild({o.secreview, QStringLiteral("--db"), server->location(true), QStringLiteral("init"),
                  QStringLiteral("--admin"), server->admin()},
                 init);
    }
    for (int run = 0; run < o.runs; ++run) {
        const QString db = work + QStringLiteral("/import-%1.db").arg(run);
        const QString ref = work + QStringLiteral("/reference-%1.db").arg(run);
        runChild({o.secreview, QStringLiteral("--db"), db, QStringLiteral("init"), QStringLiteral("--admin"),
                  kUser},
                 env);
        const ChildRun r =
            runChild({QStringLiteral("bash"),
                      QStringLiteral(SECREVIEW_BENCH_DIR "/sqlite-baseline-ingest.sh"), sarif, ref});
        const ChildRun s = runChild({o.secreview, QStringLiteral("--db"), db, QStringLiteral("import"), sarif,
                                     QStringLiteral("--target"), QStringLiteral("bench"),
                                     QStringLiteral("--variant"), QStringLiteral("main")},
                                    env);
        reference.append(r.seconds);
        ours.append(s.seconds);
        rss.append(s.peakMb);
        if (server) {
            // A variant per run: each import is a new scan of the same size, as on the file.
            const ChildRun t =
                runChild({o.secreview, QStringLiteral("--db"), server->location(), QStringLiteral("import"),
                          sarif, QStringLiteral("--target"), QStringLiteral("bench"),
                          QStringLiteral("--variant"), QStringLiteral("run%1").arg(run)},
                         serverEnv);
            team.append(t.seconds);
            teamRss.append(t.peakMb);
            err() << QStringLiteral("import run %1: team server %2 s, peak %3 MB")
                         .arg(run + 1)
                         .arg(t.seconds, 0, 'f', 2)
                         .arg(t.peakMb, 0, 'f', 0)
                  << Qt::endl;
        }
        for (const QString &f : {db, ref})
            for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
                QFile::remove(f + suffix);
        err() << QStringLiteral("import run %1: secreview %2 s, reference %3 s, peak %4 MB")
                     .arg(run + 1)
                     .arg(s.seconds, 0, 'f', 2)
                     .arg(r.seconds, 0, 'f', 2)
                     .arg(s.peakMb, 0, 'f', 0)
              << Qt::endl;
    }
    const double importS = median(ours), referenceS = median(reference);
    QJsonObject figures{{QStringLiteral("file_mb"), fileMb},
                        {QStringLiteral("import_s"), importS},
                        {QStringLiteral("reference_s"), referenceS},
                        {QStringLiteral("import_ratio"), referenceS > 0 ? importS / referenceS : 0},
                        {QStringLiteral("peak_rss_mb"), median(rss)},
                        {QStringLiteral("rss_budget_mb"), 64 + 1.5 * fileMb},
                        {QStringLiteral("import_runs"), o.runs}};
    if (server) {
        figures.insert(QStringLiteral("team_import_s"), median(team));
        figures.insert(QStringLiteral("team_ratio"), importS > 0 ? median(team) / importS : 0);
        figures.insert(QStringLiteral("team_peak_rss_mb"), median(teamRss));
    }
    return figures;
}

QJsonObject benchConsole(const Options &o, const QString &work)
{
    const QString path = o.consoleDb.isEmpty() ? work + QStringLiteral("/console.db") : o.consoleDb;
    Session admin;
    std::optional<Database> opened;
    if (o.consoleDb.isEmpty())
        opened = Database::create(path, [&admin](const Database &created) {
            admin = UserDirectory(created).createFirstAdmin(kUser, kPassword);
        });
    else
        opened = Database::open(path);
    const Database &db = *opened;
    // One target holds them all, or they are spread over many, and in each over one scanner or
    // many (a scan each): the page and the gate look at the last target's variant (the latest
    // scan of each scanner), in a database of all of them.
    const QString sarif = work + QStringLiteral("/issues.sarif");
    const auto targetName = [&o](int t) {
        return o.targets == 1 ? QStringLiteral("bench") : QStringLiteral("bench-%1").arg(t);
    };
    const QString target = targetName(o.targets);
    QElapsedTimer build;
    build.start();
    const int scans = o.targets * o.scanners;
    for (int k = 0; k < scans && o.consoleDb.isEmpty(); ++k) {
        const int issues = o.issues / scans + (k < o.issues % scans ? 1 : 0);
        const int scanner = k % o.scanners;
        writeIssueSarif(sarif, issues,
                        o.scanners == 1 ? QByteArrayLiteral("BenchScanner")
                                        : QByteArrayLiteral("BenchScanner-") + QByteArray::number(scanner));
        ImportRequest request;
        request.path = sarif;
        request.target = targetName(1 + k / o.scanners);
        request.variant = QStringLiteral("main");
        ScanImporter(db).import(admin, request);
    }
    const double buildS = build.nsecsElapsed() / 1e9;
    QFile::remove(sarif);

    const IssueQuery query(db);
    const IssueScope scope =
        query.scopeForVariant(Catalog(db).target(target).id, QStringLiteral("main"));
    if (scope.scans.size() != o.scanners)
        die(QStringLiteral("%1 has %2 scanners, not %3").arg(target).arg(scope.scans.size()).arg(o.scanners));
    views::IssueTableModel model;
    QTableView view;
    view.setModel(&model);
    view.resize(1280, 800);
    view.show();

    // What a change on the page costs: the model's count and first page, and the toggle counts
    // when the page counts again (IssueQuery::countsKey: not for a severity or Exempted toggle).
    QString countedFor;
    auto apply = [&](const IssueFilter &filter) {
        QElapsedTimer t;
        t.start();
        model.setQuery(db, scope, filter);
        if (const QString key = IssueQuery::countsKey(scope, filter); key != countedFor) {
            countedFor = key;
            (void)query.severityCounts(scope, filter);
        }
        settle(model);
        if (model.rowCount() > 0 && !model.rowAt(0))
            die(QStringLiteral("the first row did not load"));
        return t.nsecsElapsed() / 1e6;
    };

    IssueFilter all;
    const double openMs = apply(all);
    // The severity toggle (Critical off) and the Exempted toggle, alternating.
    const auto toggled = [](int i) {
        IssueFilter f;
        if (i % 2 == 0)
            f.severities = {Severity::High, Severity::Medium, Severity::Low, Severity::Info};
        else
            f.exempted = ExemptedFilter::Hide;
        return f;
    };
    QList<double> toggle, sort, search;
    for (int i = 0; i < o.repeats; ++i)
        toggle.append(apply(toggled(i)));
    // The same toggles through IssueQuery on this thread: what the query layer costs without the
    // model's worker thread, its reset and the view's repaint.
    QList<double> direct;
    for (int i = 0; i < o.repeats; ++i) {
        const IssueFilter f = toggled(i);
        QElapsedTimer t;
        t.start();
        (void)query.count(scope, f);
        (void)query.list(scope, f, {}, 0, views::IssueTableModel::kPageSize);
        direct.append(t.nsecsElapsed() / 1e6);
    }
    // SECREVIEW_BENCH_PROFILE=1: each statement of the last sort and search, with its time.
    const bool profile = qEnvironmentVariableIsSet("SECREVIEW_BENCH_PROFILE");
    const auto profiled = [&](int i) {
        if (profile)
            sqlite3_trace_v2(SqliteStatement::handle(db), i == o.repeats - 1 ? SQLITE_TRACE_PROFILE : 0,
                             i == o.repeats - 1 ? profileStatement : nullptr, nullptr);
    };
    apply(all);
    for (int i = 0; i < o.repeats; ++i) {
        const int column = i % views::IssueTableModel::ColumnCount;
        profiled(i);
        QElapsedTimer t;
        t.start();
        // Every column ascending, then every column descending (by i % 2 an even number of
        // columns was only ever sorted one way each).
        model.sort(column, (i / views::IssueTableModel::ColumnCount) % 2 ? Qt::DescendingOrder : Qt::AscendingOrder);
        settle(model);
        sort.append(t.nsecsElapsed() / 1e6);
    }
    const QStringList terms{QStringLiteral("rule-12"), QStringLiteral("sink"), QStringLiteral("no such text"),
                            QStringLiteral("Synthetic finding 4")};
    // The searches in the page's own order (severity, highest first), then the same in the order
    // of a column computed per row (notes): each sort's page is found otherwise (decision 82).
    model.sort(views::IssueTableModel::SeverityColumn, Qt::DescendingOrder);
    settle(model);
    for (int i = 0; i < o.repeats; ++i) {
        IssueFilter f;
        f.search = terms.at(i % terms.size());
        profiled(i);
        search.append(apply(f));
    }
    QList<double> searchSorted;
    apply(all);
    model.sort(views::IssueTableModel::NotesColumn, Qt::AscendingOrder);
    settle(model);
    for (int i = 0; i < o.repeats; ++i) {
        IssueFilter f;
        f.search = terms.at(i % terms.size());
        searchSorted.append(apply(f));
    }
    if (profile) { // the model reads in the background, on its own connection: its reads again, here
        IssueFilter f;
        f.search = terms.at((o.repeats - 1) % terms.size());
        (void)query.count(scope, f);
        (void)query.list(scope, f, {}, 0, views::IssueTableModel::kPageSize);
        std::fprintf(stderr, "toggle\n");
        IssueFilter lower;
        lower.severities = {Severity::High, Severity::Medium, Severity::Low, Severity::Info};
        (void)query.count(scope, lower);
        (void)query.list(scope, lower, {}, 0, views::IssueTableModel::kPageSize);
        std::fprintf(stderr, "hide exempted\n");
        IssueFilter hide;
        hide.exempted = ExemptedFilter::Hide;
        (void)query.count(scope, hide);
        (void)query.list(scope, hide, {}, 0, views::IssueTableModel::kPageSize);
        for (int c = 0; c <= int(IssueSortColumn::Id); ++c) {
            std::fprintf(stderr, "sort %d\n", c);
            (void)query.list(scope, {}, {IssueSortColumn(c), false}, 0, views::IssueTableModel::kPageSize);
        }
        sqlite3_trace_v2(SqliteStatement::handle(db), 0, nullptr, nullptr);
    }
    QElapsedTimer gateTimer;
    gateTimer.start();
    const GateResult gate = Gate::evaluate(query, scope, QStringLiteral("critical"));
    const double gateMs = gateTimer.nsecsElapsed() / 1e6;
    // The command a CI job runs: sign-in, the counts, and the check of what the gate relies on
    // (each judged scan's seal recomputed from its rows). Exit 1: the gate fails, as it should.
    const ChildRun gateCommand =
        runChild({o.secreview, QStringLiteral("--db"), path, QStringLiteral("gate"), QStringLiteral("--target"),
                  target, QStringLiteral("--variant"), QStringLiteral("main"),
                  QStringLiteral("--fail-on-severity"), QStringLiteral("critical")},
                 {{QStringLiteral("SECREVIEW_USER"), kUser}, {QStringLiteral("SECREVIEW_PASSWORD"), kPassword}}, 1);

    // The toggle's statements as the model ran them, replayed straight on SQLite.
    Capture capture;
    sqlite3 *handle = SqliteStatement::handle(db);
    sqlite3_trace_v2(handle, SQLITE_TRACE_STMT, traceStatement, &capture);
    (void)query.count(scope, toggled(0));
    (void)query.list(scope, toggled(0), {}, 0, views::IssueTableModel::kPageSize);
    sqlite3_trace_v2(handle, 0, nullptr, nullptr);
    if (qEnvironmentVariableIsSet("SECREVIEW_BENCH_SHOW_SQL")) // to study a query plan by hand
        for (const QByteArray &sql : std::as_const(capture.statements))
            err() << QString::fromUtf8(sql) << ";" << Qt::endl;
    sqlite3 *plain = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &plain, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        die(QStringLiteral("cannot open %1").arg(path));
    QList<double> reference;
    for (int i = 0; i < o.repeats; ++i) {
        QElapsedTimer t;
        t.start();
        for (const QByteArray &sql : std::as_const(capture.statements))
            runStraight(plain, sql);
        reference.append(t.nsecsElapsed() / 1e6);
    }
    sqlite3_close(plain);

    if (qEnvironmentVariableIsSet("SECREVIEW_BENCH_SHOW_TIMES")) { // each sample, to see what a p95 is made of
        const auto show = [](const char *name, const QList<double> &samples) {
            QStringList ms;
            for (double v : samples)
                ms.append(QString::number(v, 'f', 0));
            err() << name << ": " << ms.join(QLatin1Char(' ')) << Qt::endl;
        };
        show("toggle", toggle);
        show("toggle query", direct);
        show("sort", sort);
        show("search", search);
        show("search by notes", searchSorted);
        show("reference", reference);
    }
    // The database's issues (the model's last view is a search, which may match none).
    return {{QStringLiteral("issues"), query.count(scope, all)},
            {QStringLiteral("targets"), o.targets},
            {QStringLiteral("scanners"), o.scanners},
            {QStringLiteral("build_s"), buildS},
            {QStringLiteral("open_ms"), openMs},
            {QStringLiteral("toggle_ms_p95"), p95(toggle)},
            {QStringLiteral("toggle_query_ms_p95"), p95(direct)},
            {QStringLiteral("sort_ms_p95"), p95(sort)},
            {QStringLiteral("search_ms_p95"), p95(search)},
            {QStringLiteral("search_by_notes_ms_p95"), p95(searchSorted)},
            {QStringLiteral("gate_ms"), gateMs},
            {QStringLiteral("gate_command_ms"), gateCommand.seconds * 1000},
            {QStringLiteral("gate_passed"), gate.passed},
            {QStringLiteral("sql_reference_ms_p95"), p95(reference)},
            {QStringLiteral("sql_reference_statements"), int(capture.statements.size())},
            {QStringLiteral("repeats"), o.repeats}};
}

} // namespace

int benchMain(QApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Measures secreview's import and console (BENCHMARKS.md)."));
    parser.addHelpOption();
    const QCommandLineOption issues(QStringLiteral("issues"),
                                    QStringLiteral("Issues in the console database."), QStringLiteral("N"),
                                    QStringLiteral("100000"));
    const QCommandLineOption targets(QStringLiteral("targets"),
                                     QStringLiteral("Spread the console's issues over this many targets."),
                                     QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption results(
        QStringLiteral("import-results"),
        QStringLiteral("Results in the generated import file (200000: ~100 MB)."), QStringLiteral("N"),
        QStringLiteral("200000"));
    const QCommandLineOption rules(QStringLiteral("import-rules"),
                                   QStringLiteral("Rules in the generated file."), QStringLiteral("N"),
                                   QStringLiteral("400"));
    const QCommandLineOption sarif(QStringLiteral("sarif"), QStringLiteral("Import this file instead."),
                                   QStringLiteral("FILE"));
    const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("Import runs (medians)."),
                                  QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption repeats(QStringLiteral("repeats"), QStringLiteral("Console repetitions (p95)."),
                                     QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption binary(QStringLiteral("secreview"), QStringLiteral("The secreview executable."),
                                    QStringLiteral("PATH"), QStringLiteral(SECREVIEW_BINARY));
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("text or json."),
                                    QStringLiteral("F"), QStringLiteral("text"));
    const QCommandLineOption work(QStringLiteral("work"),
                                  QStringLiteral("Scratch folder (default: a temporary one)."),
                                  QStringLiteral("DIR"));
    const QCommandLineOption skipImport(QStringLiteral("skip-import"),
                                        QStringLiteral("Console figures only."));
    const QCommandLineOption skipConsole(QStringLiteral("skip-console"),
                                         QStringLiteral("Import figures only."));
    const QCommandLineOption team(
        QStringLiteral("team"),
        QStringLiteral("Import into a PostgreSQL team database too (a throwaway cluster)."));
    const QCommandLineOption teamCluster(
        QStringLiteral("team-cluster"),
        QStringLiteral("Use this running cluster (scripts/pg-cluster.sh's folder); implies --team."),
        QStringLiteral("DIR"));
    const QCommandLineOption consoleDb(
        QStringLiteral("console-db"),
        QStringLiteral("Measure the console on this database (a console.db an earlier run left in --work) instead "
                       "of building one; --issues and --targets must be those it was built with."),
        QStringLiteral("FILE"));
    const QCommandLineOption scanners(QStringLiteral("scanners"),
                                      QStringLiteral("Spread each target's issues over this many scanners."),
                                      QStringLiteral("N"), QStringLiteral("1"));
    parser.addOptions({issues, targets, scanners, results, rules, sarif, runs, repeats, binary, format, work, skipImport,
                       skipConsole, team, teamCluster, consoleDb});
    parser.process(app);

    auto positive = [&](const QCommandLineOption &option) {
        bool ok = false;
        const int n = parser.value(option).toInt(&ok);
        if (!ok || n <= 0)
            die(QStringLiteral("--%1 takes a positive number").arg(option.names().first()));
        return n;
    };
    Options o;
    o.issues = positive(issues);
    o.targets = positive(targets);
    o.scanners = positive(scanners);
    o.importResults = positive(results);
    o.importRules = positive(rules);
    o.runs = positive(runs);
    o.repeats = positive(repeats);
    o.secreview = parser.value(binary);
    o.sarif = parser.value(sarif);
    o.skipImport = parser.isSet(skipImport);
    o.skipConsole = parser.isSet(skipConsole);
    o.teamCluster = parser.value(teamCluster);
    o.consoleDb = parser.value(consoleDb);
    o.team = parser.isSet(team) || parser.isSet(teamCluster);
    if (parser.value(format) != QLatin1String("text") && parser.value(format) != QLatin1String("json"))
        die(QStringLiteral("--format is text or json"));

    QTemporaryDir temporary;
    const QString dir = parser.isSet(work) ? parser.value(work) : temporary.path();
    if (!QDir().mkpath(dir))
        die(QStringLiteral("cannot create %1").arg(dir));

    QJsonObject figures;
    try {
        if (!o.skipImport) {
            const QJsonObject i = benchImport(o, dir);
            for (auto it = i.begin(); it != i.end(); ++it)
                figures.insert(it.key(), it.value());
        }
        if (!o.skipConsole) {
            const QJsonObject c = benchConsole(o, dir);
            for (auto it = c.begin(); it != c.end(); ++it)
                figures.insert(it.key(), it.value());
        }
    } catch (const Error &e) {
        die(e.message());
    }
    QTextStream out(stdout);
    if (parser.value(format) == QLatin1String("json")) {
        out << QString::fromUtf8(QJsonDocument(figures).toJson(QJsonDocument::Indented));
    } else {
        for (auto it = figures.begin(); it != figures.end(); ++it)
            out << it.key() << ": " << it.value().toVariant().toString() << '\n';
    }
    return 0;
}

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("secreview-bench"));
    try {
        return benchMain(app);
    } catch (const Failure &f) {
        err() << "secreview-bench: " << f.why << Qt::endl;
        return 1;
    }
}
