// Pipelines (issue 5): the Harness YAML as secreview reads it, versions and diffs, evaluation
// as SPEC section 3 describes it (failure strategies, skipping, expressions, emails), the
// governance policy, and hostile YAML.
#include "model/core/TextDiff.h"
#include "model/demo/DemoDatabase.h"
#include "model/exemptions/ExemptionWorkflow.h"
#include "model/pipelines/PipelineDefinition.h"
#include "model/pipelines/PipelineEvaluator.h"
#include "model/pipelines/PipelinePolicy.h"
#include "model/pipelines/PipelineStore.h"
#include "model/pipelines/WhenCondition.h"
#include "model/scans/Catalog.h"
#include "model/scans/Gate.h"
#include "model/scans/IssueQuery.h"
#include "model/scans/ScanImporter.h"
#include "model/users/UserDirectory.h"
#include "tests/TestSupport.h"
#include "tests/model/PipelineTests.h"

#include <QFile>
#include <QTest>

using namespace secreview;
using namespace secreview::test;

namespace {

QByteArray readFixture(const QString &name)
{
    QFile f(fixture(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture");
    return f.readAll();
}

// The Semgrep step's example from Harness's docs (issue 5), as given.
const char *const kSemgrepExample = R"(pipeline:
  name: harness_semgrep_tutorial
  identifier: harness_semgrep_tutorial
  projectIdentifier: default
  orgIdentifier: default
  stages:
    - stage:
        name: scan_codebase
        identifier: scan_codebase
        type: SecurityTests
        spec:
          cloneCodebase: true
          execution:
            steps:
              - step:
                  type: Semgrep
                  name: Semgrep_1
                  identifier: Semgrep_1
                  spec:
                    mode: orchestration
                    config: default
                    target:
                      type: repository
                      detection: auto
                    advanced:
                      log:
                        level: info
                      fail_on_severity: medium
)";

// A pipeline over the demo's dvpwa target (whose DEMO-001 scan has a Critical issue) with one
// step per failure strategy worth telling apart. %1 is replaced by the strategy under test.
QByteArray strategyPipeline(const QString &bandit1Strategy, const QString &extraStage = {})
{
    return QStringLiteral(R"(pipeline:
  name: strategies
  identifier: strategies
  projectIdentifier: STO_tutorial_test_2023_09_29
  orgIdentifier: foobar
  stages:
    - stage:
        name: scan
        identifier: scan
        type: CI
        spec:
          execution:
            steps:
              - step:
                  type: Bandit
                  name: first
                  identifier: first
                  spec:
                    target: {name: dvpwa, type: repository, variant: <+codebase.branch>}
                    advanced: {fail_on_severity: critical}
%1
              - step:
                  type: Run
                  name: after
                  identifier: after
                  spec: {command: echo}
    - stage:
        name: later
        identifier: later
        type: Custom
        spec:
          execution:
            steps:
              - step: {type: Run, name: later_step, identifier: later_step}
%2)")
        .arg(bandit1Strategy, extraStage)
        .toUtf8();
}

} // namespace

class TestPipelines : public PipelineTests
{
    Q_OBJECT

    PipelineEvaluation evaluate(const PipelineInfo &p, const QString &variant,
                                std::optional<qint64> execution = {},
                                const QHash<QString, QString> &inputs = {})
    {
        return PipelineEvaluator(*demo).evaluate(p, {variant, execution, inputs});
    }

    void importTrivy(const QString &fixtureName, const QString &variant, qint64 execution)
    {
        ImportRequest r;
        r.path = fixture(fixtureName);
        r.target = QStringLiteral("sto-tutorial-test-private");
        r.variant = variant;
        r.project = QStringLiteral("STO_tutorial_test_2023_09_29");
        r.pipeline = QStringLiteral("tutorial4integratedstoci");
        r.step = QStringLiteral("AquaTrivy_1");
        r.execution = execution;
        ScanImporter(*demo).import(alice, r);
    }

private slots:
    void initTestCase() { openDemo(); }

    void readsTheTutorialPipeline()
    {
        const PipelineDefinition d = PipelineDefinition::parse(
            readFixture(QStringLiteral("tutorial4-integrated-sto-ci.yaml")), QStringLiteral("t.yaml"));
        QCOMPARE(d.identifier, QStringLiteral("tutorial4integratedstoci"));
        QCOMPARE(d.project, QStringLiteral("STO_tutorial_test_2023_09_29"));
        QCOMPARE(d.organization, QStringLiteral("foobar"));
        QCOMPARE(d.codebaseRepo, QStringLiteral("dvpwa"));
        QCOMPARE(d.codebaseBuild, QStringLiteral("<+input>"));
        QCOMPARE(d.stages.size(), 2);
        QCOMPARE(d.stages[0].type, QStringLiteral("CI"));
        const QList<const PipelineNode *> steps = d.stages[0].allSteps();
        QStringList ids;
        for (const PipelineNode *n : steps)
            ids.append(n->identifier);
        QCOMPARE(ids, QStringList({QStringLiteral("Background_1"), QStringLiteral("Bandit_1"),
                                   QStringLiteral("BuildAndPushDockerRegistry_1"),
                                   QStringLiteral("AquaTrivy_1"), QStringLiteral("buildAndPush_PUBLIC")}));
        const PipelineNode &bandit = *steps[1];
        QVERIFY(bandit.isScan());
        QCOMPARE(bandit.scan->targetName, QStringLiteral("dvpwa"));
        QCOMPARE(bandit.scan->targetType, QStringLiteral("repository"));
        QCOMPARE(bandit.scan->targetVariant, QStringLiteral(" <+codebase.branch> "));
        QCOMPARE(bandit.scan->failOnSeverity, QStringLiteral("high"));
        QCOMPARE(bandit.scan->mode, QStringLiteral("orchestration"));
        QCOMPARE(bandit.failureStrategies.size(), 1);
        QCOMPARE(bandit.failureStrategies[0].action, QStringLiteral("Ignore"));
        QVERIFY(bandit.failureStrategies[0].matches(QStringLiteral("Unknown")));
        // The step's YAML is cut from the file as written: the step and its failure strategy,
        // not its neighbours.
        QVERIFY(bandit.yaml.startsWith(QStringLiteral("step:")));
        QVERIFY(bandit.yaml.contains(QStringLiteral("identifier: Bandit_1")));
        QVERIFY(bandit.yaml.contains(QStringLiteral("type: Ignore")));
        QVERIFY(!bandit.yaml.contains(QStringLiteral("BuildAndPush")));
        QCOMPARE(bandit.line, 44);
        QVERIFY(!steps[0]->isScan()); // Background
        QCOMPARE(steps[3]->scan->targetType, QStringLiteral("container"));
        const PipelineNode *email = d.stages[1].allSteps().first();
        QVERIFY(email->isEmail());
        QCOMPARE(email->emailSubject, QStringLiteral("NEW IMAGE! Scan results for <+pipeline.sequenceId>"));
    }

    void readsTheSemgrepExampleLayout()
    {
        const PipelineInfo p = importText(kSemgrepExample);
        QCOMPARE(p.identifier, QStringLiteral("harness_semgrep_tutorial"));
        const PipelineDefinition d = PipelineStore::definition(p);
        QCOMPARE(d.stages.size(), 1);
        QCOMPARE(d.stages[0].type, QStringLiteral("SecurityTests"));
        const PipelineNode &semgrep = d.stages[0].steps[0];
        QVERIFY(semgrep.isScan());
        QCOMPARE(semgrep.scan->failOnSeverity, QStringLiteral("medium"));
        QCOMPARE(semgrep.scan->targetType, QStringLiteral("repository"));
        QCOMPARE(semgrep.scan->detection, QStringLiteral("auto"));
        QVERIFY(semgrep.scan->targetName.isEmpty());
        // With no target name and nothing tied to the step, there is no scan to judge: fail closed.
        const PipelineEvaluation e = evaluate(p, QStringLiteral("main"));
        QCOMPARE(step(e, QStringLiteral("Semgrep_1")).status, StepStatus::NoScan);
        QCOMPARE(e.status, StepStatus::Fail);
        QVERIFY(e.failedForMissingScans);
    }

    void readsGroupsParallelBlocksAndUnknownSteps()
    {
        const QByteArray yaml = R"(pipeline:
  identifier: shapes
  stages:
    - parallel:
        - stage:
            identifier: a
            type: CI
            failureStrategies:
              - onFailure: {errors: [AllErrors], action: {type: Abort}}
            spec:
              execution:
                steps:
                  - stepGroup:
                      identifier: grp
                      name: group
                      failureStrategies:
                        - onFailure:
                            errors: [AllErrors]
                            action:
                              type: Retry
                              spec:
                                retryCount: 2
                                onRetryFailure: {action: {type: Ignore}}
                      steps:
                        - parallel:
                            - step: {type: Gitleaks, identifier: leaks, spec: {target: {name: r, type: repository}}}
                            - step: {type: FancyNewThing, identifier: fancy, spec: {anything: [1, 2]}}
                  - step:
                      type: Security
                      identifier: legacy
                      spec:
                        settings:
                          policy_type: ingestionOnly
                          scan_type: container
                          product_name: grype
                          container_project: img
                          container_tag: "7"
                          fail_on_severity: critical
        - stage: {identifier: b, type: Approval}
)";
        const PipelineDefinition d = PipelineDefinition::parse(yaml, QStringLiteral("shapes.yaml"));
        QCOMPARE(d.stages.size(), 2);
        QCOMPARE(d.stages[0].parallelGroup, 1);
        QCOMPARE(d.stages[1].parallelGroup, 1);
        QVERIFY(d.stages[1].steps.isEmpty());
        const PipelineNode &group = d.stages[0].steps[0];
        QCOMPARE(group.kind, PipelineNode::Kind::StepGroup);
        QCOMPARE(group.failureStrategies[0].text(), QStringLiteral("Retry 2x, then Ignore"));
        QCOMPARE(group.children[0].kind, PipelineNode::Kind::Parallel);
        const PipelineNode &leaks = group.children[0].children[0];
        QCOMPARE(leaks.path, QStringLiteral("grp.steps.leaks"));
        QVERIFY(leaks.isScan());
        const PipelineNode &fancy = group.children[0].children[1];
        QCOMPARE(fancy.type, QStringLiteral("FancyNewThing")); // kept, never an error
        QVERIFY(!fancy.isScan());
        const PipelineNode &legacy = d.stages[0].steps[1];
        QVERIFY(legacy.isScan());
        QCOMPARE(legacy.scan->scanner, QStringLiteral("grype"));
        QCOMPARE(legacy.scan->mode, QStringLiteral("ingestion"));
        QCOMPARE(legacy.scan->targetType, QStringLiteral("container"));
        QCOMPARE(legacy.scan->targetName, QStringLiteral("img"));
        QCOMPARE(legacy.scan->targetVariant, QStringLiteral("7"));
        QCOMPARE(legacy.scan->failOnSeverity, QStringLiteral("critical"));
        QCOMPARE(d.stages[0].allSteps().size(), 3);
    }

    void refusesWhatIsNotAPipeline_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("expected");
        QTest::newRow("malformed") << QByteArray("pipeline:\n  name: x\n  stages: [a, b\n")
                                   << QStringLiteral("line 4");
        QTest::newRow("tab indentation")
            << QByteArray("pipeline:\n\tidentifier: x\n") << QStringLiteral("line 2");
        QTest::newRow("empty") << QByteArray("\n\n") << QStringLiteral("empty");
        QTest::newRow("not a pipeline")
            << QByteArray("inputSet:\n  identifier: x\n") << QStringLiteral("expected a Harness pipeline");
        QTest::newRow("a list") << QByteArray("- a\n- b\n") << QStringLiteral("expected a Harness pipeline");
        QTest::newRow("no identifier") << QByteArray("pipeline:\n  name: x\n  stages: []\n")
                                       << QStringLiteral("expected an 'identifier'");
        QTest::newRow("no stages") << QByteArray("pipeline:\n  identifier: x\n")
                                   << QStringLiteral("expected 'stages'");
        QTest::newRow("stages not a list")
            << QByteArray("pipeline:\n  identifier: x\n  stages: {a: 1}\n")
            << QStringLiteral("line 3, column 11: pipeline.stages: expected a list");
        QTest::newRow("stage without stage")
            << QByteArray("pipeline:\n  identifier: x\n  stages:\n    - step: {}\n")
            << QStringLiteral("line 4");
        QTest::newRow("threshold is a map")
            << QByteArray("pipeline:\n  identifier: x\n  stages:\n    - stage:\n        identifier: s\n"
                          "        spec:\n          execution:\n            steps:\n              - step:\n"
                          "                  identifier: b\n                  type: Bandit\n"
                          "                  spec:\n                    advanced:\n"
                          "                      fail_on_severity: {a: b}\n")
            << QStringLiteral("line 14");
        QByteArray laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (char c = 'b'; c <= 'k'; ++c)
            laughs += QByteArray(1, c) + ": &" + QByteArray(1, c) + " [*" + QByteArray(1, char(c - 1)) +
                      ", *" + QByteArray(1, char(c - 1)) + ", *" + QByteArray(1, char(c - 1)) + ", *" +
                      QByteArray(1, char(c - 1)) + ", *" + QByteArray(1, char(c - 1)) + "]\n";
        QTest::newRow("alias expansion") << QByteArray("pipeline:\n  identifier: x\n  stages: []\n" + laughs)
                                         << QStringLiteral("once aliases are expanded");
        QTest::newRow("deep nesting")
            << (QByteArray("pipeline: ") + QByteArray(5000, '[') + QByteArray(5000, ']'))
            << QStringLiteral("nesting deeper than");
        QTest::newRow("over the size limit") << (QByteArray("pipeline:\n  identifier: x\n  stages: []\n#") +
                                                 QByteArray(4 * 1024 * 1024 + 1, 'x'))
                                             << QStringLiteral("over the limit");
    }
    void refusesWhatIsNotAPipeline()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        const QString before = dumpDatabase(*demo);
        const QString path = write(yaml);
        try {
            PipelineStore(*demo).import(bob, path, QStringLiteral("hostile.yaml"));
            QFAIL("imported");
        } catch (const Error &e) {
            QCOMPARE(e.kind(), ErrorKind::BadInput);
            QVERIFY2(e.message().startsWith(QStringLiteral("hostile.yaml")), qPrintable(e.message()));
            QVERIFY2(e.message().contains(expected), qPrintable(e.message()));
        }
        QCOMPARE(dumpDatabase(*demo), before);
    }

    void keepsVersionsAndDiffs()
    {
        const QByteArray v1 = kSemgrepExample;
        QByteArray v2 = v1;
        v2.replace("fail_on_severity: medium", "fail_on_severity: high");
        const PipelineStore store(*demo);
        const int before = store.versions(QStringLiteral("harness_semgrep_tutorial")).size();
        const PipelineInfo same = importText(v1);
        QVERIFY(same.unchanged); // the same text again is not a version
        QCOMPARE(store.versions(QStringLiteral("harness_semgrep_tutorial")).size(), before);
        const PipelineInfo changed = importText(v2);
        QVERIFY(!changed.unchanged);
        QCOMPARE(changed.version, same.version + 1);
        QCOMPARE(store.get(QStringLiteral("harness_semgrep_tutorial"), same.version).yaml,
                 QString::fromUtf8(v1));
        const QString diff =
            TextDiff::unified(store.get(changed.identifier, same.version).yaml,
                              store.get(changed.identifier).yaml, QStringLiteral("v1"), QStringLiteral("v2"));
        QVERIFY2(diff.contains(QStringLiteral("\n-                      fail_on_severity: medium\n"
                                              "+                      fail_on_severity: high\n")),
                 qPrintable(diff));
        QVERIFY2(diff.contains(QStringLiteral("@@ -25,4 +25,4 @@\n")), qPrintable(diff));
        QVERIFY(TextDiff::unified(QStringLiteral("a"), QStringLiteral("a"), {}, {}).isEmpty());
        expectError(ErrorKind::NotFound, [&] { store.get(changed.identifier, 99); });
    }

    void diffsInsertionsAndRemovals()
    {
        const QList<TextDiff::Line> lines = TextDiff::lines(
            {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")},
            {QStringLiteral("a"), QStringLiteral("x"), QStringLiteral("c"), QStringLiteral("d"),
             QStringLiteral("e")});
        QString kinds;
        for (const TextDiff::Line &l : lines)
            kinds += QLatin1Char(l.kind);
        QCOMPARE(kinds, QStringLiteral(" -+  +")); // a, -b, +x, c, d, +e
    }

    void evaluatesTheTutorialWithTheDemoScans()
    {
        const PipelineInfo p = PipelineStore(*demo).get(QStringLiteral("tutorial4integratedstoci"));
        const PipelineEvaluation e = evaluate(p, QStringLiteral("DEMO-001"), 42);
        QCOMPARE(e.sequenceId, QStringLiteral("42"));
        const StepEvaluation &bandit = step(e, QStringLiteral("Bandit_1"));
        QCOMPARE(bandit.status, StepStatus::Ignored); // fails on high, Ignore lets the stage go on
        QVERIFY(bandit.thresholdReached);
        QVERIFY(bandit.message.startsWith(Gate::failMessage(QStringLiteral("high"))));
        QCOMPARE(bandit.target, QStringLiteral("dvpwa"));
        QCOMPARE(bandit.variant, QStringLiteral("DEMO-001"));
        QCOMPARE(bandit.variables->bySeverity[size_t(Severity::Critical)], 1);
        QCOMPARE(bandit.variables->newBySeverity[size_t(Severity::Critical)], 1);
        const StepEvaluation &trivy = step(e, QStringLiteral("AquaTrivy_1"));
        QCOMPARE(trivy.status, StepStatus::Pass); // its scan holds Medium issues only
        QCOMPARE(trivy.variant, QStringLiteral("42"));
        QCOMPARE(trivy.variables->bySeverity[size_t(Severity::Medium)], 4);
        QCOMPARE(step(e, QStringLiteral("buildAndPush_PUBLIC")).status, StepStatus::Pass);
        QCOMPARE(e.status, StepStatus::Pass);
        QCOMPARE(e.emails.size(), 1);
        const EmailPreview &mail = e.emails.first();
        QVERIFY(mail.sent);
        QCOMPARE(mail.subject, QStringLiteral("NEW IMAGE! Scan results for 42"));
        QVERIFY(mail.body.contains(
            QStringLiteral("Bandit repo scan:<br> Critical : 1 <br> New Critical : 1 <br> High: 0")));
        QVERIFY(mail.body.contains(
            QStringLiteral("Aqua Trivy image scan:<br> Critical : 0 <br> New Critical : 0 <br> High: 0 "
                           "<br> New High: 0 <br> Medium: 4 <br> New Medium: 4")));
        QVERIFY(mail.unresolved.isEmpty());
    }

    void skipsThePublicPushWhenTheImageFails()
    {
        // The demo's execution 43 built an image whose scan has a Critical and a High
        // vulnerability; it is the latest execution of DEMO-001, what an evaluation takes by default.
        const PipelineInfo p = PipelineStore(*demo).get(QStringLiteral("tutorial4integratedstoci"));
        const PipelineEvaluation e = evaluate(p, QStringLiteral("DEMO-001"));
        QCOMPARE(e.sequenceId, QStringLiteral("43"));
        QCOMPARE(step(e, QStringLiteral("Bandit_1")).status, StepStatus::Ignored);
        const StepEvaluation &trivy = step(e, QStringLiteral("AquaTrivy_1"));
        QCOMPARE(trivy.status, StepStatus::Fail);
        QCOMPARE(trivy.message, Gate::failMessage(QStringLiteral("high")));
        QCOMPARE(trivy.variant, QStringLiteral("43"));
        const StepEvaluation &push = step(e, QStringLiteral("buildAndPush_PUBLIC"));
        QCOMPARE(push.status, StepStatus::Skipped);
        QCOMPARE(stage(e, QStringLiteral("securityTestStage")).status, StepStatus::Fail);
        QCOMPARE(stage(e, QStringLiteral("sendEmail")).status, StepStatus::Skipped);
        QCOMPARE(e.status, StepStatus::Fail);
        QVERIFY(!e.failedForMissingScans);
        // The email is not sent, and its preview still carries the real numbers.
        QVERIFY(!e.emails.first().sent);
        QVERIFY(e.emails.first().body.contains(
            QStringLiteral("Aqua Trivy image scan:<br> Critical : %1 <br> New Critical : %1 <br> High: %2")
                .arg(trivy.variables->bySeverity[size_t(Severity::Critical)])
                .arg(trivy.variables->bySeverity[size_t(Severity::High)])));
        QCOMPARE(trivy.variables->bySeverity[size_t(Severity::Critical)], 1);
        QCOMPARE(trivy.variables->bySeverity[size_t(Severity::High)], 1);
        // A scan imported for the step in another execution is found by that execution.
        importTrivy(QStringLiteral("trivy/trivy-upstream__alpine-310.json"), QStringLiteral("44"), 44);
        const PipelineEvaluation e44 = evaluate(p, QStringLiteral("DEMO-001"), 44);
        QCOMPARE(step(e44, QStringLiteral("AquaTrivy_1")).variant, QStringLiteral("44"));
        QCOMPARE(step(e44, QStringLiteral("AquaTrivy_1")).status, StepStatus::Pass);
        QCOMPARE(e44.status, StepStatus::Pass);
    }

    void appliesFailureStrategies_data()
    {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QString>("firstStatus");
        QTest::addColumn<QString>("afterStatus");
        QTest::addColumn<QString>("laterStage");
        QTest::addColumn<QString>("overall");
        const QString indent = QStringLiteral("                  ");
        auto fs = [&](const QString &action) -> QString {
            return indent + QStringLiteral("failureStrategies:\n") + indent +
                   QStringLiteral("  - onFailure: {errors: [AllErrors], action: %1}").arg(action);
        };
        QTest::newRow("none: the stage fails") << QString() << "fail"
                                               << "skipped"
                                               << "skipped"
                                               << "fail";
        QTest::newRow("Ignore") << fs(QStringLiteral("{type: Ignore}")) << "ignored"
                                << "pass"
                                << "pass"
                                << "pass";
        QTest::newRow("MarkAsSuccess") << fs(QStringLiteral("{type: MarkAsSuccess}")) << "pass"
                                       << "pass"
                                       << "pass"
                                       << "pass";
        QTest::newRow("Abort") << fs(QStringLiteral("{type: Abort}")) << "fail"
                               << "skipped"
                               << "skipped"
                               << "fail";
        QTest::newRow("MarkAsFailure") << fs(QStringLiteral("{type: MarkAsFailure}")) << "fail"
                                       << "skipped"
                                       << "skipped"
                                       << "fail";
        QTest::newRow("Retry then Ignore")
            << fs(QStringLiteral(
                   "{type: Retry, spec: {retryCount: 3, onRetryFailure: {action: {type: Ignore}}}}"))
            << "ignored"
            << "pass"
            << "pass"
            << "pass";
        QTest::newRow("ManualIntervention")
            << fs(QStringLiteral(
                   "{type: ManualIntervention, spec: {timeout: 1d, onTimeout: {action: {type: Abort}}}}"))
            << "waiting"
            << "skipped"
            << "skipped"
            << "waiting";
        QTest::newRow("error type that does not match")
            << indent + QStringLiteral("failureStrategies:\n") + indent +
                   QStringLiteral("  - onFailure: {errors: [Timeout], action: {type: Ignore}}")
            << "fail"
            << "skipped"
            << "skipped"
            << "fail";
    }

    void appliesFailureStrategies()
    {
        QFETCH(QString, strategy);
        QFETCH(QString, firstStatus);
        QFETCH(QString, afterStatus);
        QFETCH(QString, laterStage);
        QFETCH(QString, overall);
        const PipelineInfo p = importText(strategyPipeline(strategy));
        const PipelineEvaluation e = evaluate(p, QStringLiteral("DEMO-001"));
        const StepEvaluation &first = step(e, QStringLiteral("first"));
        QCOMPARE(stepStatusKey(first.status), firstStatus);
        QVERIFY(first.thresholdReached); // DEMO-001 holds a Critical issue
        QCOMPARE(stepStatusKey(step(e, QStringLiteral("after")).status), afterStatus);
        QCOMPARE(stepStatusKey(stage(e, QStringLiteral("later")).status), laterStage);
        QCOMPARE(stepStatusKey(e.status), overall);
        if (firstStatus == QLatin1String("waiting")) {
            QCOMPARE(first.waitTimeout, QStringLiteral("1d"));
            QCOMPARE(first.onTimeout, QStringLiteral("Abort"));
            QVERIFY(step(e, QStringLiteral("after")).message.contains(QStringLiteral("manual intervention")));
        }
    }

    // A scan step with no scan fails closed; a strategy that lets the stage go on shows what it
    // made of the step, as Harness's docs do (issue 12: ignored, pass), and the message keeps
    // why there was nothing to judge (decisions 23).
    void noScanUnderItsStrategy_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("sentence");
        QTest::addColumn<QString>("status");
        QTest::newRow("Ignore") << "Ignore"
                                << "Ignored by its failure strategy"
                                << "ignored";
        QTest::newRow("MarkAsSuccess") << "MarkAsSuccess"
                                       << "Marked as success by its failure strategy"
                                       << "pass";
    }

    void noScanUnderItsStrategy()
    {
        QFETCH(QString, action);
        QFETCH(QString, sentence);
        QFETCH(QString, status);
        const QByteArray yaml = QStringLiteral(R"(pipeline:
  identifier: unscanned_%1
  projectIdentifier: STO_tutorial_test_2023_09_29
  stages:
    - stage:
        identifier: scan
        type: CI
        spec:
          execution:
            steps:
              - step:
                  type: Bandit
                  identifier: bandit
                  spec:
                    target: {name: never-scanned, type: repository, variant: <+codebase.branch>}
                    advanced: {fail_on_severity: high}
                  failureStrategies:
                    - onFailure: {errors: [AllErrors], action: {type: %1}}
              - step: {type: Run, identifier: after}
)")
                                    .arg(action)
                                    .toUtf8();
        const PipelineEvaluation e = evaluate(importText(yaml), QStringLiteral("DEMO-001"));
        const StepEvaluation &bandit = step(e, QStringLiteral("bandit"));
        QCOMPARE(stepStatusKey(bandit.status), status);
        QVERIFY2(bandit.message.contains(QStringLiteral("no scan of never-scanned")),
                 qPrintable(bandit.message));
        QVERIFY2(bandit.message.contains(sentence), qPrintable(bandit.message));
        QCOMPARE(step(e, QStringLiteral("after")).status, StepStatus::Pass); // the stage went on
    }

    // Exit 5 (no scan) is for a pipeline that fails only for want of scans; a threshold reached
    // anywhere makes it an ordinary failure (decisions 23).
    void aThresholdFailureIsNotAMissingScan()
    {
        const QByteArray yaml = R"(pipeline:
  identifier: threshold_and_missing
  projectIdentifier: STO_tutorial_test_2023_09_29
  stages:
    - stage:
        identifier: scan
        type: CI
        spec:
          execution:
            steps:
              - step:
                  type: Bandit
                  identifier: reached
                  spec: {target: {name: dvpwa}, advanced: {fail_on_severity: critical}}
    - stage:
        identifier: always
        type: CI
        when: {pipelineStatus: All}
        spec:
          execution:
            steps:
              - step:
                  type: Bandit
                  identifier: unscanned
                  spec: {target: {name: never-scanned}, advanced: {fail_on_severity: critical}}
)";
        const PipelineInfo p = importText(yaml);
        PipelineEvaluation e = evaluate(p, QStringLiteral("DEMO-001"));
        QCOMPARE(step(e, QStringLiteral("reached")).status, StepStatus::Fail);
        QCOMPARE(step(e, QStringLiteral("unscanned")).status, StepStatus::NoScan);
        QCOMPARE(e.status, StepStatus::Fail);
        QVERIFY(!e.failedForMissingScans);
        e = evaluate(p, QStringLiteral("main")); // main passes the threshold: only the scan is missing
        QCOMPARE(step(e, QStringLiteral("reached")).status, StepStatus::Pass);
        QCOMPARE(e.status, StepStatus::Fail);
        QVERIFY(e.failedForMissingScans);
    }

    void viewersCannotImportPipelines()
    {
        auto t = TestDatabase::create();
        const QString path = write(strategyPipeline({}));
        expectError(ErrorKind::NotAllowed, [&] { PipelineStore(*t->db).import(t->vera, path); });
        QCOMPARE(PipelineStore(*t->db).import(t->alice, path).identifier, QStringLiteral("strategies"));
    }

    void runsStagesByTheirWhenCondition()
    {
        const QString always = QStringLiteral(R"(    - stage:
        name: cleanup
        identifier: cleanup
        type: Custom
        when: {pipelineStatus: All}
        spec: {execution: {steps: [{step: {type: Run, identifier: tidy, name: tidy}}]}}
    - stage:
        name: onfail
        identifier: onfail
        type: Custom
        when: {pipelineStatus: Failure}
        spec: {execution: {steps: [{step: {type: Run, identifier: page, name: page}}]}}
)");
        const PipelineInfo failing = importText(strategyPipeline({}, always));
        PipelineEvaluation e = evaluate(failing, QStringLiteral("DEMO-001"));
        QCOMPARE(stage(e, QStringLiteral("later")).status, StepStatus::Skipped);
        QCOMPARE(stage(e, QStringLiteral("cleanup")).status, StepStatus::Pass);
        QCOMPARE(stage(e, QStringLiteral("onfail")).status, StepStatus::Pass);
        // Abort stops everything, whatever the later stages' conditions say.
        const QString abort =
            QStringLiteral("                  failureStrategies:\n"
                           "                    - onFailure: {errors: [AllErrors], action: {type: Abort}}");
        e = evaluate(importText(strategyPipeline(abort, always)), QStringLiteral("DEMO-001"));
        QCOMPARE(stage(e, QStringLiteral("cleanup")).status, StepStatus::Skipped);
        QVERIFY(step(e, QStringLiteral("tidy")).message.contains(QStringLiteral("aborted")));
        // main has no Critical issue: the pipeline passes, the failure-only stage is skipped.
        e = evaluate(failing, QStringLiteral("main"));
        QCOMPARE(step(e, QStringLiteral("first")).status, StepStatus::Pass);
        QCOMPARE(stage(e, QStringLiteral("onfail")).status, StepStatus::Skipped);
        QCOMPARE(e.status, StepStatus::Pass);
    }

    void takesStrategiesFromGroupsAndStages()
    {
        const QByteArray yaml = R"(pipeline:
  identifier: inherited
  projectIdentifier: STO_tutorial_test_2023_09_29
  stages:
    - stage:
        identifier: s
        type: CI
        failureStrategies:
          - onFailure: {errors: [AllErrors], action: {type: MarkAsSuccess}}
        spec:
          execution:
            steps:
              - stepGroup:
                  identifier: g
                  failureStrategies:
                    - onFailure: {errors: [Unknown], action: {type: Ignore}}
                  steps:
                    - step:
                        type: Bandit
                        identifier: in_group
                        spec: {target: {name: dvpwa}, advanced: {fail_on_severity: low}}
              - parallel:
                  - step:
                      type: Bandit
                      identifier: in_stage
                      spec: {target: {name: dvpwa}, advanced: {fail_on_severity: low}}
                  - step: {type: Run, identifier: beside}
              - step: {type: Run, identifier: last}
)";
        const PipelineEvaluation e = evaluate(importText(yaml), QStringLiteral("DEMO-001"));
        QCOMPARE(step(e, QStringLiteral("in_group")).status, StepStatus::Ignored);
        QCOMPARE(step(e, QStringLiteral("in_group")).path, QStringLiteral("g.steps.in_group"));
        QCOMPARE(step(e, QStringLiteral("in_stage")).status, StepStatus::Pass); // MarkAsSuccess
        QVERIFY(step(e, QStringLiteral("in_stage")).thresholdReached);
        QCOMPARE(step(e, QStringLiteral("beside")).status, StepStatus::Pass);
        QCOMPARE(step(e, QStringLiteral("last")).status, StepStatus::Pass);
        QCOMPARE(e.status, StepStatus::Pass);
    }

    void resolvesExpressionsAndInputs()
    {
        const QByteArray yaml = R"(pipeline:
  identifier: inputs
  projectIdentifier: STO_tutorial_test_2023_09_29
  variables:
    - {name: team, type: String, value: appsec}
  stages:
    - stage:
        identifier: s
        type: CI
        spec:
          execution:
            steps:
              - step:
                  type: Bandit
                  identifier: b
                  spec:
                    target: {name: <+input>, type: repository, variant: <+input>.default(main)}
                    advanced: {fail_on_severity: <+input>}
              - step:
                  type: Email
                  identifier: mail
                  spec:
                    to: <+pipeline.variables.team>@example.com, <+codebase.branch>@example.com
                    subject: "<+pipeline.name> on <+codebase.branch>: <+steps.b.output.outputVariables.TOTAL> issues"
                    body: "<+pipeline.stages.s.spec.execution.steps.b.output.outputVariables.CRITICAL> / <+pipeline.stages.s.spec.execution.steps.nope.output.outputVariables.HIGH> / <+secrets.getValue('x')> <br> <+codebase.branch>"
)";
        const PipelineInfo p = importText(yaml);
        // Without inputs, the target is unknown: no scan, never a pass.
        PipelineEvaluation e = evaluate(p, QStringLiteral("main"));
        QCOMPARE(step(e, QStringLiteral("b")).status, StepStatus::NoScan);
        QCOMPARE(e.status, StepStatus::Fail);
        // --set by field name; the variant falls back to the input's default.
        e = evaluate(p, QStringLiteral("DEMO-001"), {},
                     {{QStringLiteral("name"), QStringLiteral("dvpwa")},
                      {QStringLiteral("fail_on_severity"), QStringLiteral("critical")}});
        const StepEvaluation &b = step(e, QStringLiteral("b"));
        QCOMPARE(b.target, QStringLiteral("dvpwa"));
        QCOMPARE(b.variant, QStringLiteral("main"));
        QCOMPARE(b.failOnSeverity, QStringLiteral("critical"));
        QCOMPARE(b.status, StepStatus::Pass); // main has no Critical issue
        const EmailPreview &mail = e.emails.first();
        QCOMPARE(mail.to, QStringLiteral("appsec@example.com, DEMO-001@example.com"));
        QCOMPARE(mail.toAddresses, QStringList({QStringLiteral("appsec@example.com"), QStringLiteral("DEMO-001@example.com")}));
        QVERIFY(mail.refusedAddresses.isEmpty());
        QCOMPARE(mail.subject, QStringLiteral("inputs on DEMO-001: %1 issues").arg(b.variables->total()));
        QCOMPARE(mail.body, QStringLiteral("0 / null / null <br> DEMO-001"));
        QCOMPARE(mail.unresolved.size(), 2);
        // A branch's name stands for at most the one address it is in, and is text in the HTML.
        const EmailPreview hostile = evaluate(p, QStringLiteral("a@evil.example,<b>x"), {},
                                              {{QStringLiteral("name"), QStringLiteral("dvpwa")},
                                               {QStringLiteral("fail_on_severity"), QStringLiteral("critical")}})
                                         .emails.first();
        QCOMPARE(hostile.toAddresses, QStringList{QStringLiteral("appsec@example.com")});
        QCOMPARE(hostile.refusedAddresses, QStringList{QStringLiteral("a@evil.example,<b>x@example.com")});
        QVERIFY(hostile.htmlBody.endsWith(QStringLiteral("<br> a@evil.example,&lt;b&gt;x")));
        // A full path selects one field; a wrong threshold fails the step (closed).
        e = evaluate(p, QStringLiteral("DEMO-001"), {},
                     {{QStringLiteral("pipeline.stages.s.spec.execution.steps.b.spec.target.name"),
                       QStringLiteral("dvpwa")},
                      {QStringLiteral("variant"), QStringLiteral("DEMO-001")},
                      {QStringLiteral("fail_on_severity"), QStringLiteral("severe")}});
        QCOMPARE(step(e, QStringLiteral("b")).status, StepStatus::Fail);
        QVERIFY(step(e, QStringLiteral("b")).message.contains(QStringLiteral("'severe' is not one of")));
    }

    void appliesPipelineScopedExemptions()
    {
        // A scan of a new branch, imported without any pipeline link.
        ImportRequest r;
        r.path = fixture(QStringLiteral("../../resources/demo/dvpwa-DEMO-001.bandit.json"));
        r.target = QStringLiteral("dvpwa");
        r.variant = QStringLiteral("DEMO-777");
        r.project = QStringLiteral("STO_tutorial_test_2023_09_29");
        const ImportResult scan = ScanImporter(*demo).import(alice, r);
        const IssueQuery q(*demo);
        IssueFilter f;
        f.search = QStringLiteral("B602");
        const qint64 b602 = q.list(q.scopeForScan(scan.scanId), f).first().id;
        ExemptionRequest request;
        request.issueId = b602;
        request.scope = ExemptionScope::Pipeline;
        request.pipeline = QStringLiteral("tutorial4integratedstoci");
        request.duration = *ExemptionDuration::parse(QStringLiteral("7d"));
        request.reason = ExemptionReason::AcceptableRisk;
        request.description = QStringLiteral("only for this pipeline");
        const ExemptionWorkflow workflow(*demo);
        const ExemptionInfo ex = workflow.request(alice, request);
        workflow.approve(bob, ex.id, QStringLiteral("ok"));

        const PipelineInfo p = PipelineStore(*demo).get(QStringLiteral("tutorial4integratedstoci"));
        const PipelineEvaluation e = evaluate(p, QStringLiteral("DEMO-777"));
        const StepEvaluation &bandit = step(e, QStringLiteral("Bandit_1"));
        QCOMPARE(bandit.scanId, scan.scanId);
        QCOMPARE(bandit.status, StepStatus::Pass); // the Critical one is exempted for this pipeline
        QCOMPARE(bandit.variables->ignored, 1);
        QCOMPARE(bandit.variables->bySeverity[size_t(Severity::Critical)], 0);
        // Outside the pipeline (a plain gate on the scan), the exemption does not apply.
        const GateResult plain = Gate::evaluate(q, q.scopeForScan(scan.scanId), QStringLiteral("high"));
        QVERIFY(!plain.passed);
        // Its AquaTrivy step has no execution for this branch: no scan, fail closed.
        QCOMPARE(step(e, QStringLiteral("AquaTrivy_1")).status, StepStatus::NoScan);
        workflow.remove(bob, ex.id, QStringLiteral("test done"));
    }

    // Decisions 25, the other half: outside an evaluation, a pipeline-scoped exemption applies to
    // the scans imported under that pipeline (and to no other).
    void appliesPipelineScopedExemptionsToItsImports()
    {
        ImportRequest r;
        r.path = fixture(QStringLiteral("../../resources/demo/dvpwa-DEMO-001.bandit.json"));
        r.target = QStringLiteral("dvpwa");
        r.project = QStringLiteral("STO_tutorial_test_2023_09_29");
        r.variant = QStringLiteral("DEMO-778");
        const ImportResult plain = ScanImporter(*demo).import(alice, r);
        r.variant = QStringLiteral("DEMO-779");
        r.pipeline = QStringLiteral("tutorial4integratedstoci");
        r.step = QStringLiteral("Bandit_1");
        r.execution = 779;
        const ImportResult linked = ScanImporter(*demo).import(alice, r);
        const IssueQuery q(*demo);
        IssueFilter f;
        f.search = QStringLiteral("B602");
        ExemptionRequest request;
        request.issueId = q.list(q.scopeForScan(linked.scanId), f).first().id;
        request.scope = ExemptionScope::Pipeline; // the pipeline comes from the linked scan
        request.duration = *ExemptionDuration::parse(QStringLiteral("7d"));
        request.reason = ExemptionReason::AcceptableRisk;
        request.description = QStringLiteral("only for this pipeline");
        const ExemptionWorkflow workflow(*demo);
        const ExemptionInfo ex = workflow.request(alice, request);
        QCOMPARE(ex.pipeline, QStringLiteral("tutorial4integratedstoci"));
        workflow.approve(bob, ex.id, QStringLiteral("ok"));
        const GateResult underPipeline =
            Gate::evaluate(q, q.scopeForScan(linked.scanId), QStringLiteral("high"));
        QVERIFY(underPipeline.passed);
        QCOMPARE(underPipeline.variables.ignored, 1);
        QVERIFY(!Gate::evaluate(q, q.scopeForScan(plain.scanId), QStringLiteral("high")).passed);
        workflow.remove(bob, ex.id, QStringLiteral("test done"));
    }

    // when.condition: JEXL as far as it can be decided offline; the rest is undecided, never guessed.
    void decidesWhenConditions_data()
    {
        QTest::addColumn<QString>("condition");
        QTest::addColumn<QString>("expected"); // true | false | undecided
        const auto row = [](const char *name, const char *condition, const char *expected) {
            QTest::newRow(name) << QString::fromUtf8(condition) << QString::fromLatin1(expected);
        };
        row("bare expression", "<+codebase.branch> == \"main\"", "true");
        row("inside a string", "\"<+codebase.branch>\" == 'main'", "true");
        row("not equal", "<+codebase.branch> != \"main\"", "false");
        row("numbers compare as numbers", "<+steps.b.output.outputVariables.HIGH> >= 10", "false");
        row("greater than zero", "<+steps.b.output.outputVariables.HIGH> > 0", "true");
        // The edges: equal operands, and one step past them (HIGH is 2).
        row(">= equal", "<+steps.b.output.outputVariables.HIGH> >= 2", "true");
        row(">= one below", "<+steps.b.output.outputVariables.HIGH> >= 3", "false");
        row("<= equal", "<+steps.b.output.outputVariables.HIGH> <= 2", "true");
        row("<= one above", "<+steps.b.output.outputVariables.HIGH> <= 1", "false");
        row("> equal", "<+steps.b.output.outputVariables.HIGH> > 2", "false");
        row("< equal", "<+steps.b.output.outputVariables.HIGH> < 2", "false");
        row("2 >= 2.0", "2 >= 2.0", "true");
        row("2 <= 2.0", "2 <= 2.0", "true");
        row("ge and le words", "<+steps.b.output.outputVariables.HIGH> ge 2 and 2 le 2.0", "true");
        row("text >= equal", "<+codebase.branch> >= \"main\"", "true");
        row("1 == 1.0", "1 == 1.0", "true");
        row("nan is text", "\"nan\" == \"NaN\"", "false");
        row("inf is text", "\"inf\" > 5", "true");              // "inf" > "5" as text
        row("negative numbers", "-2 < -1 && 3-1", "undecided"); // no arithmetic
        row("negative literal", "<+steps.b.output.outputVariables.HIGH> > -1", "true");
        row("boolean variable", "<+pipeline.variables.deploy>", "true");
        row("negated", "!<+pipeline.variables.deploy>", "false");
        row("JEXL words", "<+codebase.branch> eq \"main\" and not false", "true");
        row("parentheses", "((((true)))) && (false || true)", "true");
        row("unknown decides nothing", "<+codebase.branch> == \"main\" && <+trigger.type> == \"Webhook\"",
            "undecided");
        row("false && unknown", "<+codebase.branch> == \"dev\" && <+trigger.type> == \"Webhook\"", "false");
        row("true || unknown", "<+codebase.branch> == \"main\" || <+trigger.type> == \"Webhook\"", "true");
        row("method call", "<+codebase.branch>.contains(\"ma\")", "undecided");
        row("regex match", "<+codebase.branch> =~ \"ma.*\"", "undecided");
        row("not a boolean", "\"abc\"", "undecided");
        row("unterminated string", "<+codebase.branch> == \"main", "undecided");
        row("text after the end", "true false", "undecided");
        row("empty", "", "undecided");
        row("a function", "empty(<+codebase.branch>)", "undecided");
        QTest::newRow("deep nesting")
            << QString(200, QLatin1Char('(')) + QStringLiteral("true") + QString(200, QLatin1Char(')'))
            << QStringLiteral("undecided");
        QTest::newRow("deep negation")
            << QString(5000, QLatin1Char('!')) + QStringLiteral("true") << QStringLiteral("undecided");
    }

    void decidesWhenConditions()
    {
        QFETCH(QString, condition);
        QFETCH(QString, expected);
        const QHash<QString, QString> values{
            {QStringLiteral("codebase.branch"), QStringLiteral("main")},
            {QStringLiteral("pipeline.variables.deploy"), QStringLiteral("true")},
            {QStringLiteral("steps.b.output.outputVariables.HIGH"), QStringLiteral("2")}};
        const ConditionResult r = WhenCondition::evaluate(condition, [&](const QString &name) {
            return values.contains(name) ? std::optional<QString>(values.value(name)) : std::nullopt;
        });
        const QString got = !r.value   ? QStringLiteral("undecided")
                            : *r.value ? QStringLiteral("true")
                                       : QStringLiteral("false");
        QVERIFY2(got == expected, qPrintable(got + QStringLiteral(": ") + r.reason));
        QCOMPARE(r.reason.isEmpty(), r.value.has_value());
    }

    // Conditions in a pipeline: on the outputs of an earlier scan step, the branch, a variable.
    void skipsByWhenConditions()
    {
        const QByteArray yaml =
            "pipeline:\n"
            "  identifier: conditions\n"
            "  projectIdentifier: STO_tutorial_test_2023_09_29\n"
            "  variables:\n"
            "    - {name: deploy, type: String, value: \"no\"}\n"
            "  stages:\n"
            "    - stage:\n"
            "        identifier: s\n"
            "        type: CI\n"
            "        spec:\n"
            "          execution:\n"
            "            steps:\n"
            "              - step:\n"
            "                  type: Bandit\n"
            "                  identifier: b\n"
            "                  spec:\n"
            "                    target: {name: dvpwa, type: repository, variant: <+codebase.branch>}\n"
            "                    advanced: {fail_on_severity: none}\n"
            "              - step:\n"
            "                  type: Run\n"
            "                  identifier: triage\n"
            "                  when:\n"
            "                    stageStatus: Success\n"
            "                    condition: "
            "<+pipeline.stages.s.spec.execution.steps.b.output.outputVariables.CRITICAL> > 0\n"
            "              - step:\n"
            "                  type: Run\n"
            "                  identifier: release\n"
            "                  when: {stageStatus: Success, condition: '<+codebase.branch> == \"main\"'}\n"
            "              - step:\n"
            "                  type: Run\n"
            "                  identifier: webhook\n"
            "                  when: {stageStatus: Success, condition: '<+trigger.type> == \"Webhook\"'}\n"
            "    - stage:\n"
            "        identifier: deploy\n"
            "        type: Custom\n"
            "        when: {pipelineStatus: Success, condition: '<+pipeline.variables.deploy> == \"yes\"'}\n"
            "        spec: {execution: {steps: [{step: {type: Run, identifier: ship}}]}}\n";
        const PipelineInfo p = importText(yaml);
        PipelineEvaluation e = evaluate(p, QStringLiteral("DEMO-001"));
        QCOMPARE(step(e, QStringLiteral("b")).status, StepStatus::Pass);
        int critical = 0;
        for (const auto &[name, value] : step(e, QStringLiteral("b")).variables->named())
            critical = name == QLatin1String("CRITICAL") ? value : critical;
        QCOMPARE(critical, 1);
        QCOMPARE(step(e, QStringLiteral("triage")).status, StepStatus::Pass);
        QCOMPARE(step(e, QStringLiteral("release")).status, StepStatus::Skipped);
        QVERIFY(
            step(e, QStringLiteral("release")).message.contains(QStringLiteral("its condition is false")));
        // Harness would know the trigger; offline it is undecided, assumed true, and said so.
        QCOMPARE(step(e, QStringLiteral("webhook")).status, StepStatus::Pass);
        QVERIFY2(step(e, QStringLiteral("webhook"))
                     .message.contains(QStringLiteral("<+trigger.type> has no value offline")),
                 qPrintable(step(e, QStringLiteral("webhook")).message));
        QCOMPARE(stage(e, QStringLiteral("deploy")).status, StepStatus::Skipped);
        QCOMPARE(step(e, QStringLiteral("ship")).status, StepStatus::Skipped);
        QCOMPARE(e.status, StepStatus::Pass);
        // On main: the release step runs, and there is no Critical issue to triage.
        e = evaluate(p, QStringLiteral("main"));
        QCOMPARE(step(e, QStringLiteral("release")).status, StepStatus::Pass);
        QCOMPARE(step(e, QStringLiteral("triage")).status, StepStatus::Skipped);
    }

    void checksTheDefaultPolicy()
    {
        const PipelinePolicy policy = PipelinePolicy::defaults();
        const PipelineDefinition tutorial = PipelineDefinition::parse(
            readFixture(QStringLiteral("tutorial4-integrated-sto-ci.yaml")), QStringLiteral("t"));
        QVERIFY(policy.check(tutorial).isEmpty()); // the tutorial passes as it stands

        QByteArray noScan = readFixture(QStringLiteral("tutorial4-integrated-sto-ci.yaml"));
        noScan.replace("type: Bandit", "type: Run").replace("type: AquaTrivy", "type: Run");
        const QList<PolicyViolation> v = policy.check(PipelineDefinition::parse(noScan, QStringLiteral("n")));
        QCOMPARE(v.size(), 1);
        QCOMPARE(v[0].rule, QStringLiteral("scan_step_in_stage"));
        QCOMPARE(v[0].stage, QStringLiteral("securityTestStage"));
        QVERIFY(v[0].message.contains(
            QStringLiteral("stage 'securityTestStage' (CI) has no security scan step")));

        QByteArray unset = readFixture(QStringLiteral("tutorial4-integrated-sto-ci.yaml"));
        unset.replace("fail_on_severity: high", "log_level: high");
        const QList<PolicyViolation> u = policy.check(PipelineDefinition::parse(unset, QStringLiteral("u")));
        QCOMPARE(u.size(), 2);
        QCOMPARE(u[0].step, QStringLiteral("Bandit_1"));
        QVERIFY(u[0].message.contains(QStringLiteral(
            "step 'Bandit_1' (Bandit) in stage 'securityTestStage' does not set fail_on_severity")));
        QCOMPARE(u[1].step, QStringLiteral("AquaTrivy_1"));
    }

    void checksAPolicyFile()
    {
        const QByteArray file = R"(rules:
  scan_step_in_stage: {stage_types: [CI, SecurityTests]}
  fail_on_severity_set: {at_least: medium}
  no_ignore_on_scan_steps: {enabled: true, allowed_stages: []}
  scanner_for_target_type:
    required: {container: [Grype], repository: [Bandit, Semgrep]}
)";
        const PipelinePolicy policy = PipelinePolicy::parse(file, QStringLiteral("policy.yaml"));
        const PipelineDefinition tutorial = PipelineDefinition::parse(
            readFixture(QStringLiteral("tutorial4-integrated-sto-ci.yaml")), QStringLiteral("t"));
        QStringList rules;
        for (const PolicyViolation &v : policy.check(tutorial))
            rules.append(v.rule + QLatin1Char(':') + v.step);
        QCOMPARE(rules, QStringList({QStringLiteral("fail_on_severity_set:Bandit_1"),
                                     QStringLiteral("fail_on_severity_set:AquaTrivy_1"),
                                     QStringLiteral("scanner_for_target_type:AquaTrivy_1"),
                                     QStringLiteral("no_ignore_on_scan_steps:Bandit_1")}));
        // Round trip: what the console saves is what the command line reads.
        const PipelinePolicy again = PipelinePolicy::parse(policy.toYaml(), QStringLiteral("saved.yaml"));
        QCOMPARE(again.toYaml(), policy.toYaml());
        QCOMPARE(again.failOnSeverity.atLeast, QStringLiteral("medium"));
        QCOMPARE(again.scannerForTarget.required.value(QStringLiteral("container")),
                 QStringList{QStringLiteral("Grype")});
        // Named stages may ignore.
        PipelinePolicy allowing = policy;
        allowing.noIgnore.allowedStages = {QStringLiteral("securityTestStage")};
        for (const PolicyViolation &v : allowing.check(tutorial))
            QVERIFY(v.rule != QLatin1String("no_ignore_on_scan_steps"));
        // A misspelt rule is an error, not a rule silently off.
        try {
            PipelinePolicy::parse("rules:\n  fail_on_severty: {}\n", QStringLiteral("typo.yaml"));
            QFAIL("parsed");
        } catch (const Error &e) {
            QCOMPARE(e.kind(), ErrorKind::BadInput);
            QVERIFY2(e.message().contains(QStringLiteral(
                         "typo.yaml: at line 2, column 3: rules: unknown key 'fail_on_severty'")),
                     qPrintable(e.message()));
        }
        expectError(ErrorKind::BadInput,
                    [] { PipelinePolicy::parse("rules:\n  fail_on_severity_set: {at_least: none}\n", {}); });
    }
};

QTEST_GUILESS_MAIN(TestPipelines)
#include "tst_pipelines.moc"
