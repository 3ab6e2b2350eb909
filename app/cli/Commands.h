#pragma once

#include "app/cli/CommandLine.h"

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

} // namespace secreview::cli
