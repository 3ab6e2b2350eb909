// Pipelines as people publish them (issue 12): every STO scan step type judged as a scan, an
// unknown type with a scan's spec judged too, templates shown and never assumed to pass when they
// scan, stage, pipeline and step group variables, legacy Security settings, messages that name the
// input and the option that fills it, and pipeline check on what it could not see. Built from
// minimal pipelines and from Harness's published examples (tests/fixtures/pipelines/SOURCES.md).
#include "model/demo/DemoDatabase.h"
#include "model/pipelines/PipelineDefinition.h"
#include "model/pipelines/PipelineEvaluator.h"
#include "model/pipelines/PipelinePolicy.h"
#include "model/pipelines/PipelineStore.h"
#include "model/pipelines/ScanStepTypes.h"
#include "model/scans/ScanImporter.h"
#include "model/users/UserDirectory.h"
#include "tests/TestSupport.h"
#include "tests/cli/CliHarness.h"
#include "tests/model/PipelineTests.h"

#include <QJsonArray>

#include <QFile>
#include <QFileInfo>
#include <QTest>

using namespace secreview;
using namespace secreview::test;

class TestPublishedPipelines : public PipelineTests
{
    Q_OBJECT

    PipelineEvaluation evaluate(const PipelineInfo &p, const QString &variant,
                                const QHash<QString, QString> &inputs = {},
                                std::optional<qint64> execution = {})
    {
        return PipelineEvaluator(*demo).evaluate(p, {variant, execution, inputs});
    }

    static const PipelineNode *node(const PipelineDefinition &d, const QString &id)
    {
        for (const PipelineStage &s : d.stages) {
            for (const PipelineNode *n : s.allSteps()) {
                if (n->identifier == id)
                    return n;
            }
        }
        return nullptr;
    }

    void importScan(const QString &file, const QString &target, const QString &variant,
                    const QString &scanner, const QString &pipeline = {}, const QString &stepId = {},
                    std::optional<qint64> execution = {})
    {
        ImportRequest r;
        r.path = fixture(file);
        r.target = target;
        r.variant = variant;
        r.scanner = scanner;
        r.project = QStringLiteral("STO_tutorial_test_2023_09_29");
        r.pipeline = pipeline;
        r.step = stepId;
        r.execution = execution;
        ScanImporter(*demo).import(alice, r);
    }

private slots:
    void initTestCase() { openDemo(); }

    // 1. The table: STO's palette, with targets and ingestion, and the legacy product names.
    void knowsStoScanStepTypes()
    {
        for (const char *type :
             {"Owasp",     "Anchore",     "AquaSecurity", "AquaTrivy",    "Bandit",
              "BlackDuck", "Brakeman",    "Burp",         "Checkmarx",    "CheckmarxOne",
              "Checkov",   "CodeQL",      "Coverity",     "CustomIngest", "FortifyOnDemand",
              "Gitleaks",  "Grype",       "Mend",         "NexusIQ",      "Nikto",
              "Nmap",      "PrismaCloud", "Prowler",      "Qualys",       "Semgrep",
              "Snyk",      "Sonarqube",   "Sysdig",       "Veracode",     "Wiz",
              "Zap",       "Security"})
            QVERIFY2(PipelineDefinition::isScanStepType(QString::fromLatin1(type)), type);
        QVERIFY(!PipelineDefinition::isScanStepType(QStringLiteral("Run")));
        const ScanStepType *owasp = findScanStepType(QStringLiteral("owasp"));
        QVERIFY(owasp);
        QCOMPARE(targetKindKeys(owasp->targets), QStringList{QStringLiteral("repository")});
        QVERIFY(owasp->ingestion);
        QVERIFY(!findScanStepType(QStringLiteral("AWSECR"))->ingestion); // extraction only
        QCOMPARE(QString::fromLatin1(findScanStepProduct(QStringLiteral("aqua-trivy"))->type),
                 QStringLiteral("AquaTrivy"));
        QCOMPARE(QString::fromLatin1(findScanStepProduct(QStringLiteral("twistlock"))->type),
                 QStringLiteral("PrismaCloud"));
        QCOMPARE(targetKindFromKey(QStringLiteral("containerImage")), unsigned(Container));
    }

    // 1. Owasp and Anchore steps, as in the issue, are scan steps: judged, failing closed.
    void owaspAndAnchoreStepsFailClosed()
    {
        const PipelineInfo p = importText(pipelineWith(
            QStringLiteral("owaspAndAnchoreStepsFailClosed1"),
            QStringLiteral(
                "              - step: {type: Owasp, identifier: Owasp_Scan, name: Owasp_Scan, spec: {mode: "
                "orchestration, config: default, target: {type: repository, name: r, variant: main}, "
                "advanced: "
                "{fail_on_severity: high}}}\n"
                "              - step: {type: Anchore, identifier: Anchore_Scan, name: Anchore_Scan, spec: "
                "{mode: "
                "orchestration, target: {type: container, name: img, variant: latest}, advanced: "
                "{fail_on_severity: "
                "critical}}}\n")));
        const PipelineEvaluation e = evaluate(p, QStringLiteral("main"));
        QCOMPARE(step(e, QStringLiteral("Owasp_Scan")).status, StepStatus::NoScan);
        QVERIFY(step(e, QStringLiteral("Owasp_Scan")).scanStep);
        QVERIFY(!step(e, QStringLiteral("Owasp_Scan")).message.contains(QLatin1String("assumed to succeed")));
        QCOMPARE(e.status, StepStatus::Fail);
        QVERIFY(e.failedForMissingScans);
        // pipeline check sees the scan steps.
        const QList<PolicyViolation> v = PipelinePolicy::defaults().check(PipelineStore::definition(p));
        QVERIFY2(v.isEmpty(), qPrintable(v.isEmpty() ? QString() : v.first().message));
    }

    // 1. An Owasp step judges a Dependency-Check scan and never a ZAP one ("OWASP ZAP").
    void owaspStepJudgesDependencyCheckScans()
    {
        importScan(QStringLiteral("zap/0_zap_sample.xml"), QStringLiteral("owasp-app"),
                   QStringLiteral("main"), QStringLiteral("zap"));
        const PipelineInfo p = importText(pipelineWith(
            QStringLiteral("owaspStepJudgesDependencyCheckScans1"),
            QStringLiteral("              - step: {type: Owasp, identifier: dc, name: dc, spec: {target: "
                           "{type: repository, name: "
                           "owasp-app, variant: main}, advanced: {fail_on_severity: critical}}}\n")));
        QCOMPARE(step(evaluate(p, QStringLiteral("main")), QStringLiteral("dc")).status, StepStatus::NoScan);
        importScan(QStringLiteral("dependency_check/single_vuln.xml"), QStringLiteral("owasp-app"),
                   QStringLiteral("main"), QStringLiteral("dependency-check"));
        const StepEvaluation &s = step(evaluate(p, QStringLiteral("main")), QStringLiteral("dc"));
        QVERIFY2(s.status == StepStatus::Pass || s.status == StepStatus::Fail, qPrintable(s.message));
        QVERIFY(s.scanId > 0);
    }

    // 1. A type secreview does not know, with a scan's spec: judged as a scan of an unknown scanner.
    void unknownTypeWithAScanSpecIsJudged()
    {
        const PipelineInfo p = importText(
            pipelineWith(QStringLiteral("unknownTypeWithAScanSpecIsJudged1"),
                         QStringLiteral("              - step: {type: FutureScanner, identifier: "
                                        "future, name: future, spec: {advanced: "
                                        "{fail_on_severity: high}}}\n"
                                        "              - step: {type: FutureScanner2, identifier: "
                                        "future2, name: future2, when: {stageStatus: All}, spec: {target: "
                                        "{name: dvpwa, type: repository, variant: DEMO-001}}}\n"
                                        "              - step: {type: SomethingElse, identifier: "
                                        "other, name: other, when: {stageStatus: All}, spec: {command: ls}}\n"
                                        "              - step: {type: Run, identifier: run, name: "
                                        "run, spec: {target: {name: x}}}\n")));
        const PipelineDefinition d = PipelineStore::definition(p);
        QVERIFY(node(d, QStringLiteral("future"))->isScan());
        QCOMPARE(node(d, QStringLiteral("future"))->scan->recognition, ScanRecognition::UnknownType);
        QCOMPARE(node(d, QStringLiteral("future"))->scan->evidence,
                 QStringLiteral("spec.advanced.fail_on_severity"));
        QVERIFY(node(d, QStringLiteral("future2"))->isScan());
        QVERIFY(!node(d, QStringLiteral("other"))->isScan());
        QVERIFY(!node(d, QStringLiteral("run"))->isScan()); // a Run step never scans
        const PipelineEvaluation e = evaluate(p, QStringLiteral("DEMO-001"));
        const StepEvaluation &future = step(e, QStringLiteral("future"));
        QCOMPARE(future.status, StepStatus::NoScan);
        QVERIFY2(future.message.contains(QLatin1String("not one of STO's scanner steps")),
                 qPrintable(future.message));
        QVERIFY(future.message.contains(QLatin1String("unknown scanner")));
        QCOMPARE(step(e, QStringLiteral("future2")).status, StepStatus::NoScan); // not a Bandit step
        QCOMPARE(step(e, QStringLiteral("other")).status, StepStatus::Pass);
        QVERIFY(step(e, QStringLiteral("other")).message.contains(QLatin1String("assumed to succeed")));
    }

    // 2. Step templates: read, shown as templates, not resolvable offline.
    void stepTemplatesAreShownNotAssumed()
    {
        const PipelineInfo p = importText(pipelineWith(
            QStringLiteral("stepTemplatesAreShownNotAssumed1"),
            QStringLiteral(
                "              - step: {name: Compile, identifier: Compile, template: {templateRef: "
                "Compile_Application, versionLabel: v0.1}}\n"
                "              - stepGroup: {name: Build, identifier: Build, template: {templateRef: "
                "org.build_group}}\n")));
        const PipelineDefinition d = PipelineStore::definition(p);
        const PipelineNode *compile = node(d, QStringLiteral("Compile"));
        QVERIFY(compile && compile->isTemplate() && !compile->isScan());
        QCOMPARE(compile->templateLink.text(), QStringLiteral("Compile_Application@v0.1"));
        QCOMPARE(node(d, QStringLiteral("Build"))->templateLink.kind, QStringLiteral("step group"));
        const PipelineEvaluation e = evaluate(p, QStringLiteral("main"));
        QCOMPARE(step(e, QStringLiteral("Compile")).status, StepStatus::Unresolved);
        QVERIFY(step(e, QStringLiteral("Compile")).message.contains(QLatin1String("not resolvable offline")));
        QCOMPARE(step(e, QStringLiteral("Compile")).templateRef, QStringLiteral("Compile_Application@v0.1"));
        QCOMPARE(step(e, QStringLiteral("Build")).status, StepStatus::Unresolved);
        QCOMPARE(e.status, StepStatus::Pass); // nothing seen failed; what was not seen is said
        QVERIFY2(e.message.contains(QLatin1String("not evaluated offline")), qPrintable(e.message));
        // pipeline check: the CI stage has no visible scan step (fails closed, naming the
        // templates), and says what it could not check inside them.
        const PipelinePolicy policy = PipelinePolicy::defaults();
        const QList<PolicyViolation> v = policy.check(d);
        QCOMPARE(v.size(), 1);
        QVERIFY(v.first().message.contains(QLatin1String("Compile_Application@v0.1")));
        const QStringList notes = policy.uncheckable(d);
        QCOMPARE(notes.size(), 2);
        QVERIFY(notes.first().contains(QLatin1String("fail_on_severity_set")));
    }

    // 2. A template whose inputs are a scan step's is a scan step: no scan fails closed, and a
    // scan tied to it cannot be judged when its threshold is inside the template.
    void scanTemplatesFailClosed()
    {
        const PipelineInfo p = importText(pipelineWith(
            QStringLiteral("scanTemplatesFailClosed1"),
            QStringLiteral(
                "              - step:\n"
                "                  name: Trivy scan\n"
                "                  identifier: trivy_scan\n"
                "                  template:\n"
                "                    templateRef: my_trivy_step_template\n"
                "                    versionLabel: v1\n"
                "                    templateInputs:\n"
                "                      type: AquaTrivy\n"
                "                      spec:\n"
                "                        target: {name: tpl-image, type: container, variant: <+input>}\n")));
        const PipelineDefinition d = PipelineStore::definition(p);
        QVERIFY(node(d, QStringLiteral("trivy_scan"))->isScan());
        QCOMPARE(node(d, QStringLiteral("trivy_scan"))->scan->recognition, ScanRecognition::TemplateInput);
        PipelineEvaluation e = evaluate(p, QStringLiteral("main"));
        QCOMPARE(step(e, QStringLiteral("trivy_scan")).status, StepStatus::NoScan);
        QVERIFY(e.failedForMissingScans);
        importScan(QStringLiteral("trivy/scheme_2_many_vulns.json"), QStringLiteral("tpl-image"),
                   QStringLiteral("main"), QStringLiteral("trivy"),
                   QStringLiteral("scanTemplatesFailClosed1"), QStringLiteral("trivy_scan"), 7);
        e = evaluate(p, QStringLiteral("main"), {}, 7);
        QCOMPARE(step(e, QStringLiteral("trivy_scan")).status, StepStatus::Unresolved);
        QVERIFY(step(e, QStringLiteral("trivy_scan")).message.contains(QLatin1String("inside template")));
        QCOMPARE(e.status, StepStatus::Fail);
        // Its threshold given as an input: judged like any scan step.
        const PipelineInfo q =
            importText(pipelineWith(QStringLiteral("scanTemplatesFailClosedGiven"),
                                    QStringLiteral("              - step:\n"
                                                   "                  name: Trivy scan\n"
                                                   "                  identifier: trivy_scan\n"
                                                   "                  template:\n"
                                                   "                    templateRef: t\n"
                                                   "                    templateInputs:\n"
                                                   "                      type: AquaTrivy\n"
                                                   "                      spec:\n"
                                                   "                        advanced: "
                                                   "{fail_on_severity: none}\n")));
        importScan(QStringLiteral("trivy/scheme_2_many_vulns.json"), QStringLiteral("tpl-image"),
                   QStringLiteral("main"), QStringLiteral("trivy"),
                   QStringLiteral("scanTemplatesFailClosedGiven"), QStringLiteral("trivy_scan"), 8);
        e = evaluate(q, QStringLiteral("main"), {}, 8);
        QCOMPARE(step(e, QStringLiteral("trivy_scan")).status, StepStatus::Pass);
        QVERIFY(step(e, QStringLiteral("trivy_scan")).variables.has_value());
    }

    // 2. Stage templates (Harness's template library, rendered) and pipeline templates.
    void stageAndPipelineTemplates()
    {
        const PipelineInfo p = PipelineStore(*demo).import(
            bob, fixture(QStringLiteral("pipelines/harness-template-library-golden-rendered.yaml")));
        const PipelineDefinition d = PipelineStore::definition(p);
        QCOMPARE(d.stages.size(), 1);
        QCOMPARE(d.stages.first().templateLink.text(), QStringLiteral("ci_golden_stage@v1"));
        QCOMPARE(d.stages.first().type, QStringLiteral("CI")); // from templateInputs
        PipelineEvaluation e = evaluate(p, QStringLiteral("main"));
        QCOMPARE(e.stages.size(), 1);
        QCOMPARE(e.stages.first().status, StepStatus::Unresolved);
        QCOMPARE(e.stages.first().templateRef, QStringLiteral("ci_golden_stage@v1"));
        QCOMPARE(e.status, StepStatus::Pass);
        QVERIFY(!PipelinePolicy::defaults().uncheckable(d).isEmpty());
        QVERIFY(PipelinePolicy::defaults().check(d).isEmpty());

        // A Security Tests stage template is there to scan: it fails closed.
        const PipelineInfo sec = importText(R"(pipeline:
  name: sec
  identifier: sec_template_stage
  stages:
    - stage:
        template: {templateRef: myStageTemplate, versionLabel: v2, templateInputs: {type: SecurityTests}}
)");
        e = evaluate(sec, QStringLiteral("main"));
        QCOMPARE(e.stages.first().identifier, QStringLiteral("myStageTemplate")); // named by its ref
        QCOMPARE(e.stages.first().status, StepStatus::Unresolved);
        QCOMPARE(e.status, StepStatus::Fail);
        QVERIFY(e.failedForMissingScans);

        const PipelineInfo whole = importText(R"(pipeline:
  name: whole
  identifier: whole_template
  template: {templateRef: account.golden, versionLabel: "3"}
)");
        e = evaluate(whole, QStringLiteral("main"));
        QCOMPARE(e.status, StepStatus::Fail);
        QVERIFY(e.failedForMissingScans);
        QVERIFY(e.message.contains(QLatin1String("account.golden@3")));
        expectError(ErrorKind::BadInput, [&] {
            importText(R"(pipeline:
  name: broken
  identifier: broken_template
  stages:
    - stage: {name: s, identifier: s, template: {versionLabel: v1}}
)");
        });
    }

    // 3. The legacy Security step: target_name / target_variant are the step's own, and win over
    // --variant; containerImage is a container; product_name is the scanner.
    void legacySecuritySettings()
    {
        const PipelineInfo xray = PipelineStore(*demo).import(
            bob, fixture(QStringLiteral("pipelines/harness-docs-custom-scan-xray.yaml")));
        const PipelineDefinition xrayDefinition = PipelineStore::definition(xray);
        const PipelineNode *n = node(xrayDefinition, QStringLiteral("custom_scan_xray"));
        QVERIFY(n && n->isScan());
        QCOMPARE(n->scan->targetName, QStringLiteral("YOUR_REPO/YOUR_IMAGE"));
        QCOMPARE(n->scan->targetVariant, QStringLiteral("YOUR_TAG"));
        QCOMPARE(n->scan->targetType, QStringLiteral("container"));
        QCOMPARE(n->scan->stepType, QStringLiteral("JfrogXray"));
        const StepEvaluation &s =
            step(evaluate(xray, QStringLiteral("main")), QStringLiteral("custom_scan_xray"));
        QCOMPARE(s.variant, QStringLiteral("YOUR_TAG"));
        QVERIFY2(s.message.contains(QLatin1String("variant YOUR_TAG")), qPrintable(s.message));

        // The fixed variant is the one judged: DEMO-001 (Critical B602), whatever --variant says.
        const PipelineInfo p =
            importText(pipelineWith(QStringLiteral("legacySecuritySettings1"),
                                    QStringLiteral("              - step:\n"
                                                   "                  type: Security\n"
                                                   "                  name: legacy\n"
                                                   "                  identifier: legacy\n"
                                                   "                  spec:\n"
                                                   "                    settings: {policy_type: dataLoad, "
                                                   "scan_type: repository, product_name: bandit,\n"
                                                   "                               target_name: dvpwa, "
                                                   "target_variant: DEMO-001, fail_on_severity: "
                                                   "CRITICAL}\n")));
        const StepEvaluation &legacy = step(evaluate(p, QStringLiteral("main")), QStringLiteral("legacy"));
        QCOMPARE(legacy.variant, QStringLiteral("DEMO-001"));
        QCOMPARE(legacy.status, StepStatus::Fail);
        QVERIFY(legacy.thresholdReached);
    }

    // 3. The published legacy example over the demo: Bandit on dvpwa, CRITICAL.
    void publishedLegacyBanditExample()
    {
        const PipelineInfo p = PipelineStore(*demo).import(
            bob, fixture(QStringLiteral("pipelines/harness-docs-private-registry-bandit.yaml")));
        const PipelineEvaluation e = evaluate(p, QStringLiteral("DEMO-001"));
        const StepEvaluation &s = step(e, QStringLiteral("banditScan"));
        QCOMPARE(s.target, QStringLiteral("dvpwa"));
        QCOMPARE(s.variant, QStringLiteral("DEMO-001")); // <+codebase.branch>
        QCOMPARE(s.failOnSeverity, QStringLiteral("critical"));
        QCOMPARE(s.status, StepStatus::Fail);
        QCOMPARE(step(e, QStringLiteral("dockerdind")).status, StepStatus::Pass);
        QCOMPARE(step(evaluate(p, QStringLiteral("main")), QStringLiteral("banditScan")).status,
                 StepStatus::Pass);
    }

    // 4, 5. Stage variables in Harness's build-scan-push example: runtime inputs named with the
    // --set that fills them; once filled, the Semgrep step judges its scan.
    void stageVariablesOfThePublishedExample()
    {
        const PipelineInfo p = PipelineStore(*demo).import(
            bob, fixture(QStringLiteral("pipelines/harness-docs-build-scan-push-sto-only.yaml")));
        const PipelineDefinition d = PipelineStore::definition(p);
        QCOMPARE(d.stages.first().variables.size(), 8);
        QVERIFY(node(d, QStringLiteral("Semgrep_1"))->isScan());
        QVERIFY(node(d, QStringLiteral("AquaTrivy_1"))->isScan());
        PipelineEvaluation e = evaluate(p, QStringLiteral("main"));
        const StepEvaluation &semgrep = step(e, QStringLiteral("Semgrep_1"));
        QCOMPARE(semgrep.status, StepStatus::NoScan);
        QVERIFY2(semgrep.message.contains(QLatin1String("<+stage.variables.GITHUB_REPO>")),
                 qPrintable(semgrep.message));
        QVERIFY(semgrep.message.contains(QLatin1String("--set GITHUB_REPO=VALUE")));
        QVERIFY(!semgrep.message.contains(QLatin1String("names no target")));

        importScan(QStringLiteral("semgrep/one_finding.json"), QStringLiteral("dvpwa"),
                   QStringLiteral("feature-x"), QStringLiteral("semgrep"));
        e = evaluate(p, QStringLiteral("main"),
                     {{QStringLiteral("GITHUB_REPO"), QStringLiteral("dvpwa")},
                      {QStringLiteral("GITHUB_BRANCH"), QStringLiteral("feature-x")}});
        const StepEvaluation &judged = step(e, QStringLiteral("Semgrep_1"));
        QCOMPARE(judged.target, QStringLiteral("dvpwa"));
        QCOMPARE(judged.variant, QStringLiteral("feature-x"));
        QVERIFY2(judged.scanId > 0, qPrintable(judged.message));
        // The Trivy step's target joins a literal and a runtime input: the message names the one left.
        const StepEvaluation &trivy = step(e, QStringLiteral("AquaTrivy_1"));
        QCOMPARE(trivy.status, StepStatus::NoScan);
        QVERIFY2(trivy.message.contains(QLatin1String("DOCKER_IMAGE_LABEL")), qPrintable(trivy.message));
        QVERIFY(!trivy.message.contains(QLatin1String("<+stage.variables.DOCKERHUB_USERNAME> is")));
    }

    // 4. Literal stage and pipeline variables are values (--set does not override them);
    // variables that refer to variables; step group variables; undeclared ones named.
    void literalVariablesResolve()
    {
        const QString bandit = QStringLiteral(
            "              - step: {type: Bandit, identifier: b, name: b, spec: {target: {name: "
            "<+stage.variables.REPO>, type: repository, variant: <+pipeline.variables.BRANCH>}, advanced: "
            "{fail_on_severity: critical}}}\n"
            "              - step: {type: Bandit, identifier: c, name: c, when: {stageStatus: All}, spec: "
            "{target: {name: "
            "<+stage.variables.NOPE>, type: repository}, advanced: {fail_on_severity: critical}}}\n"
            "              - stepGroup:\n"
            "                  name: g\n"
            "                  identifier: g\n"
            "                  when: {stageStatus: All}\n"
            "                  variables:\n"
            "                    - {name: TARGET, type: String, value: <+stage.variables.REPO>}\n"
            "                  steps:\n"
            "                    - step: {type: Bandit, identifier: d, name: d, when: {stageStatus: All}, "
            "spec: {target: {name: "
            "<+stepGroup.variables.TARGET>, type: repository, variant: main}, advanced: {fail_on_severity: "
            "critical}}}\n");
        const PipelineInfo p = importText(pipelineWith(
            QStringLiteral("literalVariablesResolve1"), bandit,
            QStringLiteral("        variables:\n          - {name: REPO, type: String, value: dvpwa}\n"),
            QStringLiteral("  variables:\n    - {name: BRANCH, type: String, value: "
                           "<+input>.default(DEMO-001)}\n")));
        PipelineEvaluation e =
            evaluate(p, QStringLiteral("main"), {{QStringLiteral("REPO"), QStringLiteral("other")}});
        const StepEvaluation &b = step(e, QStringLiteral("b"));
        QCOMPARE(b.target, QStringLiteral("dvpwa"));
        QCOMPARE(b.variant, QStringLiteral("DEMO-001")); // the runtime input's default
        QCOMPARE(b.status, StepStatus::Fail);            // the Critical B602
        const StepEvaluation &c = step(e, QStringLiteral("c"));
        QCOMPARE(c.status, StepStatus::NoScan);
        QVERIFY2(c.message.contains(QLatin1String("stage 'scan' declares no variable NOPE")),
                 qPrintable(c.message));
        const StepEvaluation &d = step(e, QStringLiteral("d"));
        QCOMPARE(d.target, QStringLiteral("dvpwa"));
        QVERIFY2(d.scanId > 0, qPrintable(d.message)); // dvpwa main, through two variables
        e = evaluate(p, QStringLiteral("main"), {{QStringLiteral("BRANCH"), QStringLiteral("main")}});
        QCOMPARE(step(e, QStringLiteral("b")).variant, QStringLiteral("main"));
        QCOMPARE(step(e, QStringLiteral("b")).status, StepStatus::Pass);
    }

    // 5. A runtime input names the --set that fills it; a variant left open is --variant's.
    void runtimeInputMessagesNameTheFix()
    {
        const PipelineInfo p = importText(pipelineWith(
            QStringLiteral("runtimeInputMessagesNameTheFix1"),
            QStringLiteral("              - step: {type: Bandit, identifier: b, name: b, spec: {target: "
                           "{name: <+input>, type: "
                           "repository, variant: <+input>}, advanced: {fail_on_severity: critical}}}\n")));
        PipelineEvaluation e = evaluate(p, QStringLiteral("DEMO-001"));
        const StepEvaluation &b = step(e, QStringLiteral("b"));
        QCOMPARE(b.status, StepStatus::NoScan);
        QVERIFY2(b.message.contains(QLatin1String("--set name=VALUE")), qPrintable(b.message));
        QVERIFY(b.message.contains(QLatin1String("spec.target.name=VALUE")));
        e = evaluate(p, QStringLiteral("DEMO-001"), {{QStringLiteral("name"), QStringLiteral("dvpwa")}});
        QCOMPARE(step(e, QStringLiteral("b")).variant, QStringLiteral("DEMO-001"));
        QCOMPARE(step(e, QStringLiteral("b")).status, StepStatus::Fail);
        e = evaluate(p, QStringLiteral("DEMO-001"),
                     {{QStringLiteral("name"), QStringLiteral("dvpwa")},
                      {QStringLiteral("variant"), QStringLiteral("main")}});
        QCOMPARE(step(e, QStringLiteral("b")).variant, QStringLiteral("main"));
    }

    // 6. An expression without a value is never looked up as "null".
    void sequenceIdNeedsAnExecution()
    {
        const PipelineInfo p =
            importText(pipelineWith(QStringLiteral("sequenceIdNeedsAnExecution1"),
                                    QStringLiteral("              - step: {type: AquaTrivy, identifier: t, "
                                                   "name: t, spec: {target: {name: test-image, "
                                                   "type: container, variant: new-<+pipeline.sequenceId>}, "
                                                   "advanced: {fail_on_severity: critical}}}\n")));
        const StepEvaluation &t = step(evaluate(p, QStringLiteral("main")), QStringLiteral("t"));
        QCOMPARE(t.status, StepStatus::NoScan);
        QVERIFY2(t.message.contains(
                     QLatin1String("<+pipeline.sequenceId> needs the execution: give --execution N")),
                 qPrintable(t.message));
        QVERIFY(!t.message.contains(QLatin1String("new-null")));
        importScan(QStringLiteral("trivy/scheme_2_many_vulns.json"), QStringLiteral("test-image"),
                   QStringLiteral("new-12"), QStringLiteral("trivy"));
        const StepEvaluation &judged = step(evaluate(p, QStringLiteral("main"), {}, 12), QStringLiteral("t"));
        QCOMPARE(judged.variant, QStringLiteral("new-12"));
        QVERIFY(judged.scanId > 0);
    }

    // 7. fail_on_severity: none can never fail: a violation unless a policy file allows it.
    void failOnSeverityNoneIsAViolation()
    {
        const PipelineInfo p = importText(pipelineWith(
            QStringLiteral("failOnSeverityNoneIsAViolation1"),
            QStringLiteral("              - step: {type: Bandit, identifier: b, name: b, spec: {target: "
                           "{name: dvpwa, type: "
                           "repository, variant: main}, advanced: {fail_on_severity: none}}}\n")));
        const PipelineDefinition d = PipelineStore::definition(p);
        const QList<PolicyViolation> v = PipelinePolicy::defaults().check(d);
        QCOMPARE(v.size(), 1);
        QCOMPARE(v.first().rule, QStringLiteral("fail_on_severity_set"));
        QVERIFY(v.first().message.contains(QLatin1String("none")));
        const PipelinePolicy allowing = PipelinePolicy::parse(
            "rules:\n  fail_on_severity_set: {allow_none: true}\n", QStringLiteral("p.yaml"));
        QVERIFY(allowing.check(d).isEmpty());
        QVERIFY(
            PipelinePolicy::parse(allowing.toYaml(), QStringLiteral("again.yaml")).failOnSeverity.allowNone);
        expectError(ErrorKind::BadInput, [] {
            PipelinePolicy::parse("rules:\n  fail_on_severity_set: {allow_none: maybe}\n",
                                  QStringLiteral("p.yaml"));
        });
    }

    // 9. A step without a scan settled by Ignore or MarkAsSuccess shows ignored or pass.
    void noScanStepsSettledByStrategies()
    {
        for (const auto &[action, expected] :
             {std::pair{"Ignore", StepStatus::Ignored}, std::pair{"MarkAsSuccess", StepStatus::Pass},
              std::pair{"MarkAsFailure", StepStatus::NoScan}}) {
            const PipelineInfo p = importText(pipelineWith(
                QStringLiteral("noScanStepsSettledByStrategies1"),
                QStringLiteral(
                    "              - step:\n"
                    "                  type: Bandit\n"
                    "                  identifier: b\n"
                    "                  name: b\n"
                    "                  spec: {target: {name: nowhere, type: repository, variant: main}, "
                    "advanced: {fail_on_severity: critical}}\n"
                    "                  failureStrategies:\n"
                    "                    - onFailure: {errors: [AllErrors], action: {type: %1}}\n")
                    .arg(QLatin1String(action))));
            const StepEvaluation &b = step(evaluate(p, QStringLiteral("main")), QStringLiteral("b"));
            QCOMPARE(b.status, expected);
            QVERIFY2(b.message.contains(QLatin1String("no scan of nowhere")), qPrintable(b.message));
        }
    }

    // 10. A legacy step whose product_name is aqua-trivy is AquaTrivy for scanner_for_target_type.
    void legacyProductCountsAsItsStepType()
    {
        const PipelineInfo p = importText(pipelineWith(
            QStringLiteral("legacyProductCountsAsItsStepType1"),
            QStringLiteral(
                "              - step:\n"
                "                  type: Security\n"
                "                  name: trivy\n"
                "                  identifier: trivy\n"
                "                  spec:\n"
                "                    settings: {policy_type: orchestratedScan, scan_type: containerImage, "
                "product_name: "
                "aqua-trivy, container_project: img, container_tag: latest, fail_on_severity: high}\n"
                "              - step:\n"
                "                  type: Security\n"
                "                  name: bandit\n"
                "                  identifier: bandit\n"
                "                  spec:\n"
                "                    settings: {policy_type: orchestratedScan, scan_type: container, "
                "product_name: "
                "bandit, container_project: img, container_tag: latest, fail_on_severity: high}\n")));
        PipelinePolicy policy = PipelinePolicy::defaults();
        policy.scannerForTarget.enabled = true;
        const QList<PolicyViolation> v = policy.check(PipelineStore::definition(p));
        QCOMPARE(v.size(), 1);
        QCOMPARE(v.first().step, QStringLiteral("bandit"));
    }

    // 8, 10, 2: the command line. Several files: each on its own, a line each, a summary, exit 3
    // when one was refused; importedBy says who imported; the text lists a stage template.
    void commandLineImportAndText()
    {
        Cli cli(dir.filePath(QStringLiteral("cli.db")));
        QCOMPARE(cli.run({}, {QStringLiteral("demo")}).code, 0);
        const QString good = write(pipelineWith(
            QStringLiteral("cli_good"),
            QStringLiteral(
                "              - step: {type: Run, identifier: r, name: r, spec: {command: ls}}\n")));
        const QString bad = write("pipeline:\n  identifier: [broken\n");
        const QString other =
            fixture(QStringLiteral("pipelines/harness-template-library-golden-rendered.yaml"));
        const Run imported = cli.run(QStringLiteral("alice"),
                                     {QStringLiteral("pipeline"), QStringLiteral("import"), good, bad, other},
                                     QStringLiteral("alice-demo-pass"));
        QCOMPARE(imported.code, 3);
        QVERIFY2(imported.out.contains("2 of 3 imported, 1 refused"), imported.out.constData());
        QVERIFY(imported.out.contains(": refused"));
        QVERIFY(imported.err.contains(QFileInfo(bad).fileName().toUtf8()));
        const Run list =
            cli.run(QStringLiteral("alice"), {QStringLiteral("pipeline"), QStringLiteral("list")},
                    QStringLiteral("alice-demo-pass"));
        QVERIFY(list.out.contains("cli_good"));
        QVERIFY(list.out.contains("ci_golden_standard")); // the file after the refused one

        const Run json = cli.run(QStringLiteral("alice"),
                                 {QStringLiteral("pipeline"), QStringLiteral("import"), good,
                                  QStringLiteral("--format"), QStringLiteral("json")},
                                 QStringLiteral("alice-demo-pass"));
        QCOMPARE(json.code, 0);
        QCOMPARE(json.json()
                     .value(QStringLiteral("pipeline"))
                     .toObject()
                     .value(QStringLiteral("importedBy"))
                     .toString(),
                 QStringLiteral("alice"));

        const Run gate =
            cli.run(QStringLiteral("alice"),
                    {QStringLiteral("pipeline"), QStringLiteral("gate"), QStringLiteral("ci_golden_standard"),
                     QStringLiteral("--variant"), QStringLiteral("main")},
                    QStringLiteral("alice-demo-pass"));
        QCOMPARE(gate.code, 0);
        QVERIFY2(gate.out.contains("stage Build (CI): unresolved - stage template ci_golden_stage@v1"),
                 gate.out.constData());
        const Run check = cli.run(QStringLiteral("alice"),
                                  {QStringLiteral("pipeline"), QStringLiteral("check"),
                                   QStringLiteral("ci_golden_standard"), QStringLiteral("--format"),
                                   QStringLiteral("json")},
                                  QStringLiteral("alice-demo-pass"));
        QCOMPARE(check.code, 0);
        QCOMPARE(check.json().value(QStringLiteral("notChecked")).toArray().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestPublishedPipelines)
#include "tst_published_pipelines.moc"
