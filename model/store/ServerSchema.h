#pragma once

#include "model/store/ServerLocation.h"

#include <QStringList>

namespace secreview {

// Team mode's server side (docs/team-mode.md, "What the server enforces"). The client's model
// makes the same checks on both engines; on a server they are made again by the server, so that a
// user who connects with psql and their own password can do no more than the program lets them.
//
// serverRoleSetup: run by the server administrator in init's transaction before the tables are
// made: the schema's owner (NOLOGIN; it alone may change or delete rows, and it creates the users'
// logins), one NOLOGIN group role per secreview role, and the secreview schema owned by the owner.
//
// serverRules: run as the owner once the tables exist: the grants (every group reads everything
// but the sign-in throttle; each writes only the tables its roles write) and the triggers that
// check each written row against the login that writes it (SECURITY DEFINER functions with a
// fixed search_path): who may request, decide, import, set baselines, manage users; a request is
// its author's, a decision its reviewer's, self-approval as the project allows; a scan's rows are
// written only in the transaction that imports it; users and their roles are server logins and
// group memberships; every audit entry names its author, carries the server's time and continues
// the hash chain; every change of a decision, a scan, a policy or a user is refused at commit
// unless the same transaction wrote an audit entry. No one but the owner may UPDATE or DELETE.
QStringList serverRoleSetup(const ServerLocation &server);
QStringList serverRules(const ServerLocation &server);
QStringList serverGrants(const ServerLocation &server); // the grants part of serverRules (unexpanded)
// The rules a schema version added (unexpanded; empty for versions before 7, whose rules are all
// of serverRules' own): what a migration from the version before runs after its tables.
QStringList serverRulesAddedIn(int version);
QStringList serverTriageRules(); // version 7's (ServerTriage.cpp)
QString serverAuditEntryCheck(); // the audit log's trigger function (unexpanded)
QString serverScanCheck();       // the scan table's trigger function (ServerScanDeletion.cpp)
QStringList serverScanDeletionRules(); // version 13's: scan_delete() and its checks
QString serverScanDeleteFunction();   // scan_delete() itself (version 14 replaces version 13's)
QStringList serverExemptionPolicyRules(); // version 14's: the project's exemption limits (ServerPolicy.cpp)
QStringList serverIssueTextRules();       // version 14's: an issue's text from a trusted import (ServerPolicy.cpp)
// What the server administrator's `db migrate` runs as the owner after the tables of the versions
// after fromVersion: every version's added rules, expanded.
QStringList serverMigrationRules(const ServerLocation &server, int fromVersion);

// The names of the triggers serverRules() makes (db check finds each in place and enabled).
QStringList serverTriggerNames(const ServerLocation &server);

// The advisory lock every writing transaction takes first (Transaction) and the audit trigger
// takes again: writers queue as they do on an SQLite file, and the hash chain cannot fork.
constexpr qint64 kServerWriteLock = 7353245146;

} // namespace secreview
