#pragma once

#include "model/pipelines/PipelineEvaluator.h"
#include "model/scans/Gate.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace secreview::report {

// One check a CI system shows: a scanner's share of a gate, or a scan step of a pipeline gate.
struct CiCheck
{
    QString name;      // "Bandit scan 4", "securityTestStage.Bandit_1"
    QString suite;     // "dvpwa @ DEMO-001", the pipeline's identifier: JUnit's classname
    QString status;    // pass, fail, ignored, skipped, no-scan (stepStatusKey's words)
    QString message;   // the gate message
    std::optional<OutputVariables> variables;
    bool failed() const { return status == QLatin1String("fail") || status == QLatin1String("no-scan"); }
};

// The checks of a gate: one per scan it judged (its scanner's latest), each at the threshold on
// its own; and one named "evidence" when the gate failed for what it found changed behind the
// program's back rather than for an issue.
QList<CiCheck> gateChecks(const IssueQuery &query, const IssueScope &scope, const GateResult &result,
                          const QString &suite, const QHash<qint64, QString> &scanNames);
// The checks of a pipeline gate: one per scan step.
QList<CiCheck> pipelineChecks(const PipelineEvaluation &evaluation);

// The variables as CI will name them (letters, digits and _, not starting with a digit); BadInput
// naming them when two names become one (a step "GATE" beside GATE_STATUS, steps "a$b" and
// "a_b"): a later value would silently replace an earlier one, a failed gate read as passed.
QList<std::pair<QString, QString>> ciVariables(const QList<std::pair<QString, QString>> &variables);
// NAME=VALUE lines, as GitLab's dotenv report reads them (names of letters, digits and _; one
// line each: line breaks in a value become spaces). The gates give only status words and
// numbers, which no reader of the format (GitLab, docker, python-dotenv, a shell's `.`) expands.
QByteArray dotenv(const QList<std::pair<QString, QString>> &variables);
// The lines appended to $GITHUB_OUTPUT: name=value, or name<<DELIMITER ... DELIMITER when the
// value spans lines (the delimiter is one the value does not hold).
QByteArray githubOutput(const QList<std::pair<QString, QString>> &variables);
// A Markdown table for $GITHUB_STEP_SUMMARY: the verdict, then one row per check. Text from a
// pipeline or a scanner is escaped (GitHub renders HTML in the summary).
QByteArray githubSummary(const QString &title, bool passed, const QString &message, const QList<CiCheck> &checks);
// A JUnit XML report: one testsuite, a testcase per check, a <failure> carrying the gate message
// for each failed one, <skipped> for a skipped step.
QByteArray junit(const QString &suiteName, const QList<CiCheck> &checks, const QDateTime &at);

// An Email step as an RFC 5322 message (To, Cc, Subject, Date, Message-ID; multipart/alternative
// with a text part and the HTML part), for `sendmail -t < file.eml`. Header values are kept on
// their line (line breaks become spaces) and encoded when not ASCII.
QByteArray eml(const EmailPreview &email, const QString &from, const QDateTime &at, const QString &messageId);
// The e-mail's text part: the HTML body with <br> and block ends as line breaks, tags dropped,
// the entities HTML names written as characters.
QString emailText(const QString &html);

} // namespace secreview::report
