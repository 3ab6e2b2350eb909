#include "model/demo/DemoDatabase.h"

#include "model/core/Clock.h"
#include "model/exemptions/ExemptionWorkflow.h"
#include "model/triage/IssueTriage.h"
#include "model/pipelines/PipelineStore.h"
#include "model/scans/Catalog.h"
#include "model/scans/IssueQuery.h"
#include "model/scans/ScanImporter.h"
#include "model/users/UserDirectory.h"

static void initDemoResources()
{
    Q_INIT_RESOURCE(demo);
}

namespace secreview {

QList<DemoDatabase::Account> DemoDatabase::accounts()
{
    // Demo passwords: printed by the demo command, for a database that only holds demo data.
    return {{QStringLiteral("admin"), QStringLiteral("admin"), QStringLiteral("admin-demo-pass")},
            {QStringLiteral("alice"), QStringLiteral("developer"), QStringLiteral("alice-demo-pass")},
            {QStringLiteral("bob"), QStringLiteral("secops"), QStringLiteral("bob-demo-pass")}};
}

Database DemoDatabase::create(const QString &path, const ServerLogin &serverAdmin)
{
    initDemoResources();
    return Database::create(path, [](const Database &db) { fill(db); }, serverAdmin);
}

void DemoDatabase::fill(const Database &db)
{
    // The tutorial's executions ran on three days, ending today: the demo's history (the
    // Dashboard, `trend`) shows them so. The clock is moved for the demo's own steps and put back.
    struct DemoClock
    {
        QDateTime saved = Clock::overridden();
        QDateTime end = Clock::now();
        void at(int daysAgo, int minutes) const { Clock::setOverride(end.addDays(-daysAgo).addSecs(minutes * 60)); }
        ~DemoClock() { Clock::setOverride(saved); }
    } clock;
    clock.at(3, 0);
    const UserDirectory users(db);
    const QList<Account> all = accounts();
    const Session admin = users.createFirstAdmin(all[0].name, all[0].password);
    const UserInfo a = users.addUser(admin, all[1].name, all[1].password, {Role::Developer});
    const UserInfo b = users.addUser(admin, all[2].name, all[2].password, {Role::Secops});
    // On a server the demo is built in init's transaction on the server administrator's
    // connection, which signing in as someone else would close: the users just made act.
    const Session alice = db.isServer() ? Session(a.id, a.name, a.roles) : users.authenticate(all[1].name, all[1].password);
    const Session bob = db.isServer() ? Session(b.id, b.name, b.roles) : users.authenticate(all[2].name, all[2].password);

    const PipelineInfo pipeline =
        PipelineStore(db).import(alice, QStringLiteral(":/demo/tutorial4-integrated-sto-ci.yaml"),
                                 QStringLiteral("tutorial4-integrated-sto-ci.yaml"));
    const ScanImporter importer(db);
    auto bandit = [&](const QString &variant, qint64 execution) {
        ImportRequest r;
        r.path = QStringLiteral(":/demo/dvpwa-%1.bandit.json").arg(variant);
        r.displayName = QStringLiteral("dvpwa-%1.bandit.json").arg(variant);
        r.target = QStringLiteral("dvpwa");
        r.targetType = QStringLiteral("repository");
        r.variant = variant;
        r.project = pipeline.project;
        r.pipeline = pipeline.identifier;
        r.step = QStringLiteral("Bandit_1");
        r.execution = execution;
        return importer.import(alice, r);
    };
    const ImportResult main = bandit(QStringLiteral("main"), 41);
    Catalog(db).setBaseline(bob, Catalog(db).target(main.target).id, {QStringLiteral("main"), {}});
    clock.at(2, 0);
    const ImportResult branch = bandit(QStringLiteral("DEMO-001"), 42);

    auto image = [&](const QString &file, qint64 execution) {
        ImportRequest r;
        r.path = QStringLiteral(":/demo/") + file;
        r.displayName = file;
        r.target = QStringLiteral("sto-tutorial-test-private");
        r.targetType = QStringLiteral("container");
        r.variant = QString::number(execution);
        r.project = pipeline.project;
        r.pipeline = pipeline.identifier;
        r.step = QStringLiteral("AquaTrivy_1");
        r.execution = execution;
        return importer.import(alice, r);
    };
    image(QStringLiteral("sto-tutorial-test-private.trivy.json"), 42);
    // Execution 43 rebuilt the DEMO-001 branch; its image carries a Critical and a High
    // vulnerability, so the pipeline's image step fails there and the public push is skipped.
    clock.at(1, 0);
    bandit(QStringLiteral("DEMO-001"), 43);
    image(QStringLiteral("sto-tutorial-test-private-43.trivy.json"), 43);

    const IssueQuery issues(db);
    IssueFilter filter;
    filter.search = QStringLiteral("B602");
    const QList<IssueRow> b602 = issues.list(issues.scopeForScan(branch.scanId), filter);
    if (!b602.isEmpty()) {
        clock.at(0, -30);
        ExemptionRequest request;
        request.issueId = b602.first().id;
        request.scope = ExemptionScope::Target;
        request.duration = *ExemptionDuration::parse(QStringLiteral("7d"));
        request.reason = ExemptionReason::Other;
        request.description =
            QStringLiteral("Tutorial example pipeline, not for use in QA or Prod environments");
        ExemptionWorkflow(db).request(alice, request);
        // SecOps' working state: the Critical is alice's to follow, with a note from her; the Low
        // (B404, an import of subprocess) was looked at.
        const IssueTriage triage(db);
        triage.assign(bob, {request.issueId}, alice.name());
        triage.addNote(alice, request.issueId,
                       QStringLiteral("shell=True on a fixed command in the tutorial's setup script; no user input "
                                      "reaches it."));
        filter.search = QStringLiteral("B404");
        for (const IssueRow &row : issues.list(issues.scopeForScan(branch.scanId), filter))
            triage.setReviewed(bob, {row.id}, true);
    }
}

} // namespace secreview
