// Pipelines against a hostile developer (issue 11's spirit, on issue 12's pipelines): each test
// performs one way round the pipeline gate or policy that was found by trying, and fails without
// its fix. A decoy scan imported for a step, an empty report under another scanner name, YAML
// that two readers read differently, a scan hidden in a template, a threshold that resolves to
// nothing, variables that expand without end, a scan step that never runs, a strategy that lets a
// failure pass after a timeout, a pipeline of the same identifier in another project, a misspelt
// --set, a scan run by STO's plugin image.
#include "model/pipelines/PipelineDefinition.h"
#include "model/pipelines/PipelineEvaluator.h"
#include "model/pipelines/PipelinePolicy.h"
#include "model/pipelines/PipelineStore.h"
#include "model/scans/ScanImporter.h"
#include "tests/TestSupport.h"
#include "tests/cli/CliHarness.h"
#include "tests/model/PipelineTests.h"

#include <QJsonArray>
#include <QTest>

using namespace secreview;
using namespace secreview::test;

namespace {

QString banditStep(const QString &id, const QString &target, const QString &variant, const QString &threshold,
                   const QString &extra = {})
{
    return QStringLiteral("              - step:\n"
                          "                  type: Bandit\n"
                          "                  identifier: %1\n"
                          "                  name: %1\n"
                          "%5"
                          "                  spec: {target: {name: %2, type: repository, variant: %3}, "
                          "advanced: {fail_on_severity: %4}}\n")
        .arg(id, target, variant, threshold, extra);
}

QByteArray readFixture(const QString &relative)
{
    QFile f(fixture(relative));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("no fixture");
    return f.readAll();
}

const QByteArray kEmptyBandit = R"({"results": [], "errors": [], "metrics": {}})";

QByteArray emptySarif(const QString &tool)
{
    return QStringLiteral(R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"%1"}},"results":[]}]})")
        .arg(tool)
        .toUtf8();
}

} // namespace

class TestHostilePipelines : public PipelineTests
{
    Q_OBJECT

    PipelineEvaluation evaluate(const PipelineInfo &p, const QString &variant,
                                std::optional<qint64> execution = {}, const QHash<QString, QString> &inputs = {})
    {
        return PipelineEvaluator(*demo).evaluate(p, {variant, execution, inputs});
    }

    // Alice imports content as scanner (or detected) for target@variant, optionally for a step.
    void importAsAlice(const QByteArray &content, const QString &target, const QString &variant,
                       const QString &scanner = {}, const QString &pipeline = {}, const QString &stepId = {},
                       std::optional<qint64> execution = {})
    {
        ImportRequest r;
        r.path = write(content);
        r.target = target;
        r.variant = variant;
        r.scanner = scanner;
        r.pipeline = pipeline;
        r.step = stepId;
        r.execution = execution;
        ScanImporter(*demo).import(alice, r);
    }

    static void refused(const QByteArray &yaml, const char *place)
    {
        try {
            PipelineDefinition::parse(yaml, QStringLiteral("hostile.yaml"));
            QFAIL(qPrintable(QStringLiteral("accepted, expected a refusal naming '%1'").arg(QLatin1String(place))));
        } catch (const Error &e) {
            QCOMPARE(e.kind(), ErrorKind::BadInput);
            QVERIFY2(e.message().contains(QLatin1String("hostile.yaml")), qPrintable(e.message()));
            QVERIFY2(e.message().contains(QLatin1String(place)), qPrintable(e.message()));
        }
    }

    static QStringList rules(const QList<PolicyViolation> &violations)
    {
        QStringList out;
        for (const PolicyViolation &v : violations)
            out.append(v.rule + QLatin1Char(':') + v.step);
        return out;
    }

private slots:
    void initTestCase() { openDemo(); }

    // A clean report imported "for the step" but of another target, or by another scanner, is
    // not the step's scan: the step judges its own target's latest scan, and says what it did not
    // count.
    void aDecoyScanImportedForTheStepIsNotCounted()
    {
        const PipelineInfo p = importText(pipelineWith(
            QStringLiteral("decoy"),
            banditStep(QStringLiteral("b"), QStringLiteral("dvpwa"), QStringLiteral("DEMO-001"),
                       QStringLiteral("critical"))));
        importAsAlice(kEmptyBandit, QStringLiteral("decoy-target"), QStringLiteral("DEMO-001"),
                      QStringLiteral("bandit"), QStringLiteral("decoy"), QStringLiteral("b"), 5);
        importAsAlice(emptySarif(QStringLiteral("Gitleaks")), QStringLiteral("dvpwa"),
                      QStringLiteral("DEMO-001"), QStringLiteral("sarif"), QStringLiteral("decoy"),
                      QStringLiteral("b"), 5);
        const PipelineEvaluation e = evaluate(p, QStringLiteral("DEMO-001"), 5);
        const StepEvaluation &b = step(e, QStringLiteral("b"));
        QCOMPARE(b.status, StepStatus::Fail); // B602 is Critical in the real DEMO-001 scan
        QVERIFY2(b.message.contains(QLatin1String("Not counted")), qPrintable(b.message));
        QVERIFY2(b.message.contains(QLatin1String("not the step's dvpwa")), qPrintable(b.message));
        QVERIFY2(b.message.contains(QLatin1String("not the step's scanner")), qPrintable(b.message));
        QVERIFY2(b.judged.contains(QLatin1String("dvpwa")), qPrintable(b.judged));
        QCOMPARE(e.status, StepStatus::Fail);
    }

    // An empty report under another name of the same scanner ("Trivy" as SARIF next to Trivy's
    // JSON) does not hide the real one: every latest scan the step's scanner made is judged.
    void anEmptyReportUnderAnotherNameDoesNotHideTheRealOne()
    {
        importAsAlice(readFixture(QStringLiteral("trivy/scheme_2_many_vulns.json")),
                      QStringLiteral("hostile-image"), QStringLiteral("main"), QStringLiteral("trivy"));
        const PipelineInfo p = importText(pipelineWith(
            QStringLiteral("trivyTwice"),
            QStringLiteral("              - step: {type: AquaTrivy, identifier: t, name: t, spec: {target: {name: "
                           "hostile-image, type: container, variant: main}, advanced: {fail_on_severity: "
                           "critical}}}\n")));
        const PipelineInfo q = importText(pipelineWith(
            QStringLiteral("customTwice"),
            QStringLiteral("              - step: {type: CustomIngest, identifier: c, name: c, spec: {target: "
                           "{name: hostile-image, type: container, variant: main}, advanced: "
                           "{fail_on_severity: critical}}}\n")));
        QCOMPARE(step(evaluate(p, QStringLiteral("main")), QStringLiteral("t")).status, StepStatus::Fail);
        importAsAlice(emptySarif(QStringLiteral("Trivy (SARIF)")), QStringLiteral("hostile-image"),
                      QStringLiteral("main"), QStringLiteral("sarif"));
        PipelineEvaluation e = evaluate(p, QStringLiteral("main"));
        QCOMPARE(step(e, QStringLiteral("t")).status, StepStatus::Fail);
        QCOMPARE(step(e, QStringLiteral("t")).scanIds.size(), 2);
        QVERIFY2(step(e, QStringLiteral("t")).judged.contains(QLatin1String("Trivy (SARIF)")),
                 qPrintable(step(e, QStringLiteral("t")).judged));
        // CustomIngest takes any scanner: all of the target's latest scans, judged together.
        const PipelineEvaluation custom = evaluate(q, QStringLiteral("main"));
        QCOMPARE(step(custom, QStringLiteral("c")).status, StepStatus::Fail);
        QCOMPARE(step(custom, QStringLiteral("c")).scanIds.size(), 2);
        // Under the same scanner name an empty report is the latest scan (SPEC: the latest scan of
        // each scanner counts; the ci gate policy is the answer to that), and the step says it
        // dropped to zero.
        importAsAlice(emptySarif(QStringLiteral("Trivy")), QStringLiteral("hostile-image"), QStringLiteral("main"),
                      QStringLiteral("sarif"));
        importAsAlice(emptySarif(QStringLiteral("Trivy (SARIF)")), QStringLiteral("hostile-image"),
                      QStringLiteral("main"), QStringLiteral("sarif"));
        e = evaluate(p, QStringLiteral("main"));
        QCOMPARE(step(e, QStringLiteral("t")).status, StepStatus::Pass);
        QVERIFY2(step(e, QStringLiteral("t")).message.contains(QLatin1String("Trivy scan")) &&
                     step(e, QStringLiteral("t")).message.contains(QLatin1String("held 5")),
                 qPrintable(step(e, QStringLiteral("t")).message));
    }

    // A step that writes its variant judges it whatever --variant says (decision 46); the result
    // says so next to the variant asked for, so a pass of "DEMO-001" that judged main is visible.
    void aFixedVariantIsNamedInTheResult()
    {
        const PipelineInfo p = importText(pipelineWith(
            QStringLiteral("pinned"), banditStep(QStringLiteral("b"), QStringLiteral("dvpwa"), QStringLiteral("main"),
                                                 QStringLiteral("critical"))));
        const PipelineEvaluation e = evaluate(p, QStringLiteral("DEMO-001"));
        QCOMPARE(e.status, StepStatus::Pass); // main has no Critical
        QVERIFY2(e.message.contains(QLatin1String("not variant DEMO-001: b judged dvpwa @ main")), qPrintable(e.message));
    }

    // YAML that two readers read differently, or that hides a second meaning, is refused with the
    // file and the place, never half-read.
    void ambiguousYamlIsRefused()
    {
        const QString step = banditStep(QStringLiteral("b"), QStringLiteral("dvpwa"), QStringLiteral("main"),
                                        QStringLiteral("critical"));
        // The same key twice: yaml-cpp keeps one, Harness another.
        refused("pipeline:\n  identifier: a\n  identifier: b\n  stages: []\n", "given twice");
        refused(pipelineWith(QStringLiteral("dupThreshold"),
                             QStringLiteral("              - step:\n"
                                            "                  type: Bandit\n"
                                            "                  identifier: b\n"
                                            "                  spec: {advanced: {fail_on_severity: critical, "
                                            "fail_on_severity: none}}\n")),
                "fail_on_severity");
        // A merge key: yaml-cpp keeps "<<" as a key, Harness merges the threshold in.
        refused("defaults: &d {fail_on_severity: none}\npipeline:\n  identifier: m\n  <<: *d\n  stages: []\n",
                "merge key");
        // A second document after ---.
        refused(pipelineWith(QStringLiteral("twoDocs"), step) + "---\npipeline: {identifier: other}\n",
                "more than one YAML document");
        // A step entry with two keys: which one runs?
        refused(pipelineWith(QStringLiteral("twoKeys"),
                             QStringLiteral("              - step: {type: Run, identifier: r, spec: {command: "
                                            "ls}}\n                step2: {type: Run}\n")),
                "one per entry");
        // No stages at all is not a pipeline that passes.
        refused("pipeline:\n  identifier: none\n  stages: []\n", "stages");
        // The same identifier twice: which one a scan imported for it belongs to is unknowable.
        refused(pipelineWith(QStringLiteral("dupStep"), step + step), "'b'");
        QByteArray twoStages = pipelineWith(QStringLiteral("dupStage"), step);
        const qsizetype stages = twoStages.indexOf("    - stage:");
        twoStages += twoStages.mid(stages);
        refused(twoStages, "'scan'");
        // A pipeline that is a template and has stages of its own: which one runs?
        refused("pipeline:\n  identifier: both\n  template: {templateRef: t, versionLabel: v1}\n"
                "  stages:\n    - stage: {identifier: s, name: s, type: CI, spec: {execution: {steps: [{step: "
                "{type: Run, identifier: r, spec: {command: ls}}}]}}}\n",
                "template");
    }

    // Identifiers are what Harness accepts: they name files (pipeline gate --email-dir), CI
    // outputs (STEP_CRITICAL) and scans' links, so `.`, `a b`, `x/..` or 200 characters are
    // refused where given, with the place; a name standing in for a missing identifier is kept.
    void identifiersAreHarnessOnes()
    {
        const auto withStep = [](const QString &id) {
            return pipelineWith(QStringLiteral("ids"), banditStep(id, QStringLiteral("dvpwa"), QStringLiteral("main"),
                                                                  QStringLiteral("critical")));
        };
        for (const QString &bad : {QStringLiteral("x/.."), QStringLiteral("."), QStringLiteral("a b"),
                                   QStringLiteral("1st"), QStringLiteral("b-1"), QString(129, QLatin1Char('a'))})
            refused(withStep(bad), "is not a Harness identifier");
        refused(withStep(QStringLiteral("step")), "'step' is a reserved word");
        refused("pipeline:\n  identifier: \"../p\"\n  stages: []\n", "pipeline.identifier: '../p' is not a Harness identifier");
        QByteArray stage = withStep(QStringLiteral("b"));
        stage.replace("identifier: scan", "identifier: \"s t\"");
        QVERIFY(stage.contains("identifier: \"s t\""));
        refused(stage, "pipeline.stages.stage.identifier: 's t'");
        for (const QString &good : {QString(128, QLatin1Char('a')), QStringLiteral("Bandit_1$"), QStringLiteral("_b")})
            QCOMPARE(PipelineDefinition::parse(withStep(good), QStringLiteral("ok.yaml")).stages.first().steps.first().identifier, good);
        // No identifier: the name stands in, as before (Harness generates one from it).
        QByteArray named = withStep(QStringLiteral("b"));
        named.replace("                  identifier: b\n", "");
        named.replace("name: b", "name: Bandit scan");
        QCOMPARE(PipelineDefinition::parse(named, QStringLiteral("ok.yaml")).stages.first().steps.first().identifier,
                 QStringLiteral("Bandit scan"));
    }

    // A scan hidden in a template fails closed: named by its inputs (a stage template whose
    // inputs hold a Bandit step) or by its name (a step template called bandit_scan).
    void scansHiddenInTemplatesFailClosed()
    {
        const PipelineInfo stageTemplate = importText(
            "pipeline:\n  identifier: hiddenStage\n  name: hiddenStage\n  stages:\n"
            "    - stage:\n        identifier: build\n        name: build\n"
            "        template:\n          templateRef: org.build\n          versionLabel: v1\n"
            "          templateInputs:\n            type: CI\n            spec:\n              execution:\n"
            "                steps:\n                  - step: {identifier: b, type: Bandit, spec: {}}\n");
        PipelineEvaluation e = evaluate(stageTemplate, QStringLiteral("main"));
        QCOMPARE(stage(e, QStringLiteral("build")).status, StepStatus::Unresolved);
        QVERIFY2(stage(e, QStringLiteral("build")).message.contains(QLatin1String("a Bandit step")),
                 qPrintable(stage(e, QStringLiteral("build")).message));
        QCOMPARE(e.status, StepStatus::Fail);
        QVERIFY(e.failedForMissingScans);

        const PipelineInfo named = importText(pipelineWith(
            QStringLiteral("hiddenStep"),
            QStringLiteral("              - step: {name: Compile, identifier: compile, template: {templateRef: "
                           "org.compile, versionLabel: v1}}\n"
                           "              - step: {name: Security, identifier: bandit_scan, template: "
                           "{templateRef: org.checks, versionLabel: v1}}\n"
                           "              - step: {name: Deps, identifier: deps, template: {templateRef: "
                           "account.TrivyImage}}\n")));
        e = evaluate(named, QStringLiteral("main"));
        QCOMPARE(step(e, QStringLiteral("compile")).status, StepStatus::Unresolved); // nothing says it scans
        QCOMPARE(step(e, QStringLiteral("bandit_scan")).status, StepStatus::NoScan);
        QVERIFY2(step(e, QStringLiteral("bandit_scan")).message.contains(QLatin1String("('bandit')")),
                 qPrintable(step(e, QStringLiteral("bandit_scan")).message));
        QCOMPARE(step(e, QStringLiteral("deps")).status, StepStatus::Skipped); // after a failure
        const PipelineDefinition d = PipelineStore::definition(named);
        QVERIFY2(d.stages.first().steps.at(2).templateLink.scans.contains(QLatin1String("('trivy')")),
                 qPrintable(d.stages.first().steps.at(2).templateLink.scans));
        QVERIFY(d.stages.first().steps.at(0).templateLink.scans.isEmpty());
        QCOMPARE(e.status, StepStatus::Fail);
        QVERIFY(e.failedForMissingScans);
    }

    // A threshold that is written but resolves to nothing (a variable set to "") is not "no
    // threshold, pass": it fails closed.
    void aThresholdThatResolvesToNothingFails()
    {
        const PipelineInfo p = importText(pipelineWith(
            QStringLiteral("emptyThreshold"),
            banditStep(QStringLiteral("b"), QStringLiteral("dvpwa"), QStringLiteral("main"),
                       QStringLiteral("<+pipeline.variables.sev>")),
            {}, QStringLiteral("  variables:\n    - {name: sev, type: String, value: \"\"}\n")));
        const PipelineEvaluation e = evaluate(p, QStringLiteral("main"));
        QCOMPARE(step(e, QStringLiteral("b")).status, StepStatus::Fail);
        QVERIFY2(step(e, QStringLiteral("b")).message.contains(QLatin1String("empty once resolved")),
                 qPrintable(step(e, QStringLiteral("b")).message));
        QCOMPARE(e.status, StepStatus::Fail);
        // Written with no value at all: "", ~, nothing.
        int n = 0;
        for (const char *empty : {"\"\"", "~", ""}) {
            const PipelineInfo q = importText(pipelineWith(
                QStringLiteral("writtenEmpty%1").arg(++n),
                banditStep(QStringLiteral("b"), QStringLiteral("dvpwa"), QStringLiteral("main"),
                           QString::fromLatin1(empty))));
            const StepEvaluation &b = step(evaluate(q, QStringLiteral("main")), QStringLiteral("b"));
            QCOMPARE(b.status, StepStatus::Fail);
            QVERIFY2(b.message.contains(QLatin1String("written without a value")), qPrintable(b.message));
        }
    }

    // Variables that refer to each other many times over (v7 = twenty v6s = ...: 20^7 copies)
    // stop at a budget with a message; the evaluation ends (without the budget it runs for hours
    // and out of memory).
    void variablesThatExpandWithoutEndAreStopped()
    {
        QString variables = QStringLiteral("  variables:\n    - {name: v0, type: String, value: x}\n");
        for (int i = 1; i <= 7; ++i)
            variables += QStringLiteral("    - {name: v%1, type: String, value: \"%2\"}\n")
                             .arg(i)
                             .arg(QStringLiteral("<+pipeline.variables.v%1>").arg(i - 1).repeated(20));
        const PipelineInfo p = importText(
            pipelineWith(QStringLiteral("expanding"),
                         banditStep(QStringLiteral("b"), QStringLiteral("<+pipeline.variables.v7>"),
                                    QStringLiteral("main"), QStringLiteral("critical")),
                         {}, variables));
        const PipelineEvaluation e = evaluate(p, QStringLiteral("main"));
        const StepEvaluation &b = step(e, QStringLiteral("b"));
        QCOMPARE(b.status, StepStatus::NoScan);
        QVERIFY2(b.message.contains(QLatin1String("expands past")), qPrintable(b.message));
        QCOMPARE(e.status, StepStatus::Fail);
    }

    // scan_steps_run (on by default): a scan step that can never run, or runs only after a
    // failure, is a violation; a condition that needs the run's values is one only when the policy
    // says so.
    void scanStepsThatNeverRunAreViolations()
    {
        const PipelineInfo p = importText(pipelineWith(
            QStringLiteral("neverRuns"),
            banditStep(QStringLiteral("onFailure"), QStringLiteral("dvpwa"), QStringLiteral("main"),
                       QStringLiteral("critical"), QStringLiteral("                  when: {stageStatus: Failure}\n")) +
                banditStep(QStringLiteral("never"), QStringLiteral("dvpwa"), QStringLiteral("main"),
                           QStringLiteral("critical"),
                           QStringLiteral("                  when: {stageStatus: Success, condition: \"1 == 2\"}\n")) +
                banditStep(QStringLiteral("sometimes"), QStringLiteral("dvpwa"), QStringLiteral("main"),
                           QStringLiteral("critical"),
                           QStringLiteral("                  when: {stageStatus: Success, condition: "
                                          "<+pipeline.variables.scan> == \"yes\"}\n")) +
                QStringLiteral("              - stepGroup:\n"
                               "                  identifier: g\n"
                               "                  name: g\n"
                               "                  when: {stageStatus: Success, condition: \"false\"}\n"
                               "                  steps:\n") +
                banditStep(QStringLiteral("inGroup"), QStringLiteral("dvpwa"), QStringLiteral("main"),
                           QStringLiteral("critical"))
                    .replace(QStringLiteral("              - step:"), QStringLiteral("                    - step:"))
                    .replace(QStringLiteral("\n                  "), QStringLiteral("\n                        ")) +
                banditStep(QStringLiteral("always"), QStringLiteral("dvpwa"), QStringLiteral("main"),
                           QStringLiteral("critical"))));
        const PipelineDefinition d = PipelineStore::definition(p);
        QStringList found = rules(PipelinePolicy::defaults().check(d));
        found.sort();
        QCOMPARE(found, (QStringList{QStringLiteral("scan_steps_run:inGroup"), QStringLiteral("scan_steps_run:never"),
                                     QStringLiteral("scan_steps_run:onFailure")}));
        PipelinePolicy strict = PipelinePolicy::defaults();
        strict.scanStepsRun.allowConditions = false;
        QVERIFY(rules(strict.check(d)).contains(QStringLiteral("scan_steps_run:sometimes")));
        QVERIFY(!rules(strict.check(d)).contains(QStringLiteral("scan_steps_run:always")));
        // The rule from a policy file, and back.
        const PipelinePolicy parsed = PipelinePolicy::parse(
            "rules:\n  scan_steps_run: {enabled: true, allow_conditions: false}\n", QStringLiteral("p.yaml"));
        QVERIFY(parsed.scanStepsRun.enabled);
        QVERIFY(!parsed.scanStepsRun.allowConditions);
        QVERIFY(!PipelinePolicy::parse(parsed.toYaml(), QStringLiteral("again.yaml")).scanStepsRun.allowConditions);
        // A condition on values fixed in the file (a literal variable, the pipeline's or the
        // stage's name) is judged with them: false is false, whatever the <+...> around it.
        const PipelineInfo literal = importText(pipelineWith(
            QStringLiteral("literalCondition"),
            banditStep(QStringLiteral("onVariable"), QStringLiteral("dvpwa"), QStringLiteral("main"),
                       QStringLiteral("critical"),
                       QStringLiteral("                  when: {stageStatus: Success, condition: "
                                      "'<+pipeline.variables.full_scan> == \"true\"'}\n")) +
                banditStep(QStringLiteral("onName"), QStringLiteral("dvpwa"), QStringLiteral("main"),
                           QStringLiteral("critical"),
                           QStringLiteral("                  when: {stageStatus: Success, condition: "
                                          "'<+pipeline.name> == \"other\" || <+stage.name> != \"scan\"'}\n")) +
                banditStep(QStringLiteral("onBranch"), QStringLiteral("dvpwa"), QStringLiteral("main"),
                           QStringLiteral("critical"),
                           QStringLiteral("                  when: {stageStatus: Success, condition: "
                                          "'<+codebase.branch> == \"main\"'}\n")) +
                QStringLiteral("              - stepGroup:\n"
                               "                  identifier: g\n"
                               "                  name: g\n"
                               "                  when: {stageStatus: Success, condition: "
                               "'<+stage.variables.mode> == \"full\"'}\n"
                               "                  steps:\n"
                               "                    - step: {type: Bandit, identifier: grouped, name: grouped, spec: "
                               "{target: {name: dvpwa, type: repository, variant: main}, advanced: "
                               "{fail_on_severity: critical}}}\n"),
            QStringLiteral("        variables: [{name: mode, type: String, value: docs}]\n"),
            QStringLiteral("  variables:\n    - {name: full_scan, type: String, value: \"false\"}\n")));
        QStringList literalRules = rules(PipelinePolicy::defaults().check(PipelineStore::definition(literal)));
        literalRules.sort();
        QCOMPARE(literalRules, (QStringList{QStringLiteral("scan_steps_run:grouped"),
                                            QStringLiteral("scan_steps_run:onName"),
                                            QStringLiteral("scan_steps_run:onVariable")}));
        // A whole stage that never runs takes its scan steps with it.
        const PipelineInfo stageNever = importText(pipelineWith(
            QStringLiteral("stageNever"),
            banditStep(QStringLiteral("b"), QStringLiteral("dvpwa"), QStringLiteral("main"), QStringLiteral("critical")),
            QStringLiteral("        when: {pipelineStatus: Success, condition: \"false\"}\n")));
        const QList<PolicyViolation> v = PipelinePolicy::defaults().check(PipelineStore::definition(stageNever));
        QCOMPARE(rules(v), QStringList{QStringLiteral("scan_steps_run:b")});
        QVERIFY2(v.first().message.contains(QLatin1String("its stage")), qPrintable(v.first().message));
    }

    // no_ignore_on_scan_steps judges the strategy that decides a scan's failure, followed to its
    // end: one for Timeout errors only never sees it; a manual intervention that times out into
    // MarkAsSuccess lets it pass.
    void noIgnoreFollowsTheDecidingStrategy()
    {
        auto check = [&](const QString &id, const QString &strategies) {
            const PipelineInfo p = importText(pipelineWith(
                id, banditStep(QStringLiteral("b"), QStringLiteral("dvpwa"), QStringLiteral("main"),
                               QStringLiteral("critical"),
                               QStringLiteral("                  failureStrategies:\n") + strategies)));
            PipelinePolicy policy = PipelinePolicy::defaults();
            policy.noIgnore.enabled = true;
            return rules(policy.check(PipelineStore::definition(p)));
        };
        QVERIFY(check(QStringLiteral("timeoutOnly"),
                      QStringLiteral("                    - onFailure: {errors: [Timeout], action: {type: Ignore}}\n"))
                    .isEmpty());
        QCOMPARE(check(QStringLiteral("manualThenPass"),
                       QStringLiteral("                    - onFailure:\n"
                                      "                        errors: [AllErrors]\n"
                                      "                        action:\n"
                                      "                          type: ManualIntervention\n"
                                      "                          spec: {timeout: 1h, onTimeout: {action: {type: "
                                      "MarkAsSuccess}}}\n")),
                 QStringList{QStringLiteral("no_ignore_on_scan_steps:b")});
        QCOMPARE(check(QStringLiteral("retryThenIgnore"),
                       QStringLiteral("                    - onFailure:\n"
                                      "                        errors: [AllErrors]\n"
                                      "                        action:\n"
                                      "                          type: Retry\n"
                                      "                          spec: {retryCount: 2, retryIntervals: [1s], "
                                      "onRetryFailure: {action: {type: Ignore}}}\n")),
                 QStringList{QStringLiteral("no_ignore_on_scan_steps:b")});
        // The first matching strategy decides: an Abort for AllErrors before an Ignore.
        QVERIFY(check(QStringLiteral("abortFirst"),
                      QStringLiteral("                    - onFailure: {errors: [AllErrors], action: {type: Abort}}\n"
                                     "                    - onFailure: {errors: [AllErrors], action: {type: Ignore}}\n"))
                    .isEmpty());
    }

    // STO's plugin image run by a Plugin step, and an unknown step type with the legacy flat
    // settings, are scan steps: judged, failing closed without a scan.
    void pluginAndLegacySettingsStepsAreScans()
    {
        const PipelineInfo p = importText(pipelineWith(
            QStringLiteral("pluginScan"),
            QStringLiteral("              - step: {type: Plugin, identifier: plug, name: plug, spec: {image: "
                           "harness/sto-plugin:latest, settings: {container_project: nowhere}}}\n"
                           "              - step: {type: FutureScan, identifier: future, name: future, spec: "
                           "{settings: {product_name: bandit, fail_on_severity: high, repository_project: "
                           "nowhere, repository_branch: main, scan_type: repository}}}\n"
                           "              - step: {type: Plugin, identifier: slack, name: slack, spec: {image: "
                           "plugins/slack, settings: {webhook: x}}}\n"
                           "              - step: {type: Plugin, identifier: mirrored, name: mirrored, spec: {image: "
                           "registry.example.com/security/sto:1.52.0, settings: {PRODUCT_NAME: bandit}}}\n"
                           "              - step: {type: Plugin, identifier: upper, name: upper, spec: {image: "
                           "mirror/scanner:1, settings: {FAIL_ON_SEVERITY: critical}}}\n")));
        const PipelineDefinition d = PipelineStore::definition(p);
        const QList<PipelineNode> &steps = d.stages.first().steps;
        QVERIFY(steps.at(0).isScan());
        QVERIFY(steps.at(1).isScan());
        QCOMPARE(steps.at(1).scan->targetName, QStringLiteral("nowhere")); // read from the flat settings
        QCOMPARE(steps.at(1).scan->failOnSeverity, QStringLiteral("high"));
        QVERIFY(!steps.at(2).isScan()); // a plugin that does not scan
        QVERIFY(steps.at(3).isScan());  // STO's image from a mirror
        QVERIFY(steps.at(4).isScan());  // settings in upper case
        const PipelineEvaluation e = evaluate(p, QStringLiteral("main"));
        QCOMPARE(step(e, QStringLiteral("plug")).status, StepStatus::NoScan);
        QCOMPARE(e.status, StepStatus::Fail);
        QVERIFY(e.failedForMissingScans);
    }

    // The command line: an identifier means the pipeline first imported with it, whatever another
    // project imports under the same identifier later; --project picks the other; both say which
    // project they judged, and a note says there are two. A misspelt --set is named.
    void anotherProjectsPipelineDoesNotTakeOver()
    {
        Cli cli(dir.filePath(QStringLiteral("projects.db")));
        QCOMPARE(cli.run({}, {QStringLiteral("demo")}).code, 0);
        const auto asAlice = [&](const QStringList &args) {
            return cli.run(QStringLiteral("alice"), args, QStringLiteral("alice-demo-pass"));
        };
        const QByteArray real = pipelineWith(
            QStringLiteral("shared_id"), banditStep(QStringLiteral("b"), QStringLiteral("dvpwa"),
                                                    QStringLiteral("DEMO-001"), QStringLiteral("critical")));
        QCOMPARE(asAlice({QStringLiteral("pipeline"), QStringLiteral("import"), write(real)}).code, 0);
        // The impostor: the same identifier under another project, at a higher version, with
        // no scan step at all.
        for (int i = 0; i < 3; ++i) {
            const QByteArray impostor =
                QStringLiteral("pipeline:\n  identifier: shared_id\n  name: shared_id\n  projectIdentifier: "
                               "other\n  stages:\n    - stage: {identifier: s%1, name: s, type: CI, spec: "
                               "{execution: {steps: [{step: {type: Run, identifier: r, spec: {command: ls}}}]}}}\n")
                    .arg(i)
                    .toUtf8();
            QCOMPARE(asAlice({QStringLiteral("pipeline"), QStringLiteral("import"), write(impostor)}).code, 0);
        }
        const Run gate = asAlice({QStringLiteral("pipeline"), QStringLiteral("gate"), QStringLiteral("shared_id"),
                                  QStringLiteral("--variant"), QStringLiteral("DEMO-001")});
        QCOMPARE(gate.code, 1); // the real pipeline: B602 is Critical
        QVERIFY2(gate.out.contains("(project STO_tutorial_test_2023_09_29)"), gate.out.constData());
        QVERIFY2(gate.err.contains("is in 2 projects") && gate.err.contains("other"), gate.err.constData());
        const Run other = asAlice({QStringLiteral("pipeline"), QStringLiteral("gate"), QStringLiteral("shared_id"),
                                   QStringLiteral("--variant"), QStringLiteral("DEMO-001"),
                                   QStringLiteral("--project"), QStringLiteral("other"), QStringLiteral("--format"),
                                   QStringLiteral("json")});
        // The impostor has no scan step at all: nothing for a security gate to judge, it fails closed.
        QCOMPARE(other.code, 5);
        QVERIFY2(other.json().value(QStringLiteral("message")).toString().contains(QLatin1String("no scan step")),
                 other.out.constData());
        QCOMPARE(other.json().value(QStringLiteral("project")).toString(), QStringLiteral("other"));
        QCOMPARE(other.json().value(QStringLiteral("version")).toInt(), 3);
        const Run history =
            asAlice({QStringLiteral("pipeline"), QStringLiteral("history"), QStringLiteral("shared_id"),
                     QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(history.json().value(QStringLiteral("versions")).toArray().size(), 1);
        QCOMPARE(asAlice({QStringLiteral("pipeline"), QStringLiteral("show"), QStringLiteral("shared_id"),
                          QStringLiteral("--project"), QStringLiteral("nosuch")})
                     .code,
                 int(ErrorKind::NotFound));
        // A --set that names nothing in the pipeline is said to, and changes nothing.
        const Run typo = asAlice({QStringLiteral("pipeline"), QStringLiteral("gate"), QStringLiteral("shared_id"),
                                  QStringLiteral("--variant"), QStringLiteral("DEMO-001"), QStringLiteral("--set"),
                                  QStringLiteral("fail_on_severty=none")});
        QCOMPARE(typo.code, 1);
        QVERIFY2(typo.err.contains("--set fail_on_severty names nothing"), typo.err.constData());
        // "unresolved" is written whole in the text (it was cut to "unresol…").
        const QByteArray withTemplate = pipelineWith(
            QStringLiteral("tpl_text"), QStringLiteral("              - step: {name: Compile, identifier: compile, "
                                                       "template: {templateRef: org.compile}}\n"));
        QCOMPARE(asAlice({QStringLiteral("pipeline"), QStringLiteral("import"), write(withTemplate)}).code, 0);
        const Run text = asAlice({QStringLiteral("pipeline"), QStringLiteral("gate"), QStringLiteral("tpl_text"),
                                  QStringLiteral("--variant"), QStringLiteral("main")});
        QVERIFY2(text.out.contains("  unresolved compile"), text.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestHostilePipelines)
#include "tst_hostile_pipelines.moc"
