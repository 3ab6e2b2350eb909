#pragma once

// What the pipeline test programs share: the demo database with its secops (bob) and developer
// (alice), pipelines written to files and imported, and the steps and stages of an evaluation
// found by identifier.
#include "model/demo/DemoDatabase.h"
#include "model/pipelines/PipelineEvaluator.h"
#include "model/pipelines/PipelineStore.h"
#include "model/users/UserDirectory.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

namespace secreview::test {

// One CI stage over the demo's dvpwa target with the steps given (indented for `steps:`), and
// optional stage-level and pipeline-level YAML.
inline QByteArray pipelineWith(const QString &identifier, const QString &steps, const QString &stageExtra = {},
                               const QString &pipelineExtra = {})
{
    return QStringLiteral(R"(pipeline:
  name: %4
  identifier: %4
  projectIdentifier: STO_tutorial_test_2023_09_29
  orgIdentifier: foobar
%3  stages:
    - stage:
        name: scan
        identifier: scan
        type: CI
%2        spec:
          execution:
            steps:
%1)")
        .arg(steps, stageExtra, pipelineExtra, identifier)
        .toUtf8();
}

class PipelineTests : public QObject
{
protected:
    QTemporaryDir dir;
    std::optional<Database> demo;
    Session bob;
    Session alice;
    int files = 0;

    void openDemo()
    {
        QVERIFY(dir.isValid());
        demo = DemoDatabase::create(dir.filePath(QStringLiteral("demo.db")));
        bob = UserDirectory(*demo).authenticate(QStringLiteral("bob"), QStringLiteral("bob-demo-pass"));
        alice = UserDirectory(*demo).authenticate(QStringLiteral("alice"), QStringLiteral("alice-demo-pass"));
    }

    QString write(const QByteArray &bytes)
    {
        const QString path = dir.filePath(QStringLiteral("p%1.yaml").arg(++files));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            qFatal("cannot write");
        return path;
    }

    PipelineInfo importText(const QByteArray &yaml) { return PipelineStore(*demo).import(bob, write(yaml)); }

    // From a temporary evaluation, a copy: a reference into an evaluation destroyed at the end of
    // the statement read freed memory (`const StepEvaluation &b = step(evaluate(...), "b")`
    // passed alone and failed about one suite run in fifteen).
    static StepEvaluation step(PipelineEvaluation &&e, const QString &id) { return step(e, id); }
    static StageEvaluation stage(PipelineEvaluation &&e, const QString &id) { return stage(e, id); }

    static const StepEvaluation &step(const PipelineEvaluation &e, const QString &id)
    {
        for (const StepEvaluation &s : e.steps) {
            if (s.step == id)
                return s;
        }
        qFatal("no such step");
    }

    static const StageEvaluation &stage(const PipelineEvaluation &e, const QString &id)
    {
        for (const StageEvaluation &s : e.stages) {
            if (s.identifier == id)
                return s;
        }
        qFatal("no such stage");
    }
};

} // namespace secreview::test
