#pragma once

#include "app/cli/CommandLine.h"
#include "model/report/CiOutputs.h"
#include "model/scans/IssueQuery.h"

// One function per command word, each in the file of its group; CommandLine.cpp's table maps the
// words to them. A new command is a function here and a row in that table.
namespace secreview::cli {

int initCommand(const Context &c);      // UserCommands.cpp
int userCommand(const Context &c);      // UserCommands.cpp
int demoCommand(const Context &c);      // UserCommands.cpp
int importCommand(const Context &c);    // ScanCommands.cpp
int issuesCommand(const Context &c);    // ScanCommands.cpp
int issueCommand(const Context &c);     // ScanCommands.cpp
int issueTriageCommand(const Context &c); // TriageCommands.cpp: issue review, assign, note
int gateCommand(const Context &c);      // ScanCommands.cpp
int baselineCommand(const Context &c);  // ScanCommands.cpp
int exemptionCommand(const Context &c); // ExemptionCommands.cpp
int policyCommand(const Context &c);    // ExemptionCommands.cpp
int pipelineCommand(const Context &c);  // PipelineCommands.cpp
int auditCommand(const Context &c);     // AuditCommands.cpp
int dbCommand(const Context &c);        // AuditCommands.cpp
int scansCommand(const Context &c);     // HistoryCommands.cpp
int compareCommand(const Context &c);   // HistoryCommands.cpp
int trendCommand(const Context &c);     // HistoryCommands.cpp
int scanCommand(const Context &c);      // HistoryCommands.cpp: scan delete
int exportCommand(const Context &c);    // ReportCommands.cpp

// What `issues` and `export` select (ScanCommands.cpp): --scan or --target/--variant (else every
// latest scan), and the filters (--severity, --exempted, --scanner, --search, --category, ...).
IssueScope issuesScope(const Context &c, const Database &db, const IssueQuery &query);
IssueFilter issuesFilter(const Arguments &a);
QStringList issuesFilterOptions(); // the option names issuesFilter reads

// CI hand-off (ReportCommands.cpp): --dotenv FILE, --github, --junit FILE written for a gate's
// verdict, its output variables and its checks (report/CiOutputs). Nothing when none is given.
QStringList handOffOptions();
bool handOffRequested(const Context &c); // any of them given: only then are the checks made
void handOff(const Context &c, const Database &db, const QString &title, bool passed, const QString &message,
             const QList<std::pair<QString, QString>> &variables, const QList<report::CiCheck> &checks);

} // namespace secreview::cli
