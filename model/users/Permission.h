#pragma once

#include <QList>

namespace secreview {

enum class Role
{
    Viewer,
    Developer,
    Secops,
    Admin,
    Ci // the CI job's account: imports scans (which then count for gates under a 'ci' policy)
};

// What the signed-in user may do. rolesAllowedTo() is the one table of who may do what: the
// model's checks (Session::require) and the console's enabling of buttons (Session::may) both
// ask it, so the two cannot disagree. docs/decisions.md 1-4 say why each row is as it is.
enum class Permission
{
    ImportScans,       // developer, secops, admin, ci
    ImportPipelines,   // developer, secops, admin, ci
    RequestExemptions, // developer, secops
    DecideExemptions,  // secops: approve, reject, widen, delete, act on others' requests
    SetBaselines,      // secops, admin
    DeleteScans,       // secops: a scan and what it holds (audited; what compared with it is recomputed)
    ManageUsers,       // admin: add, grant, revoke, disable, others' passwords, the user list
    ChangeSettings,    // admin: a project's exemption policy and self-approval
    BackUpDatabase,    // admin: a copy holds every password hash
    TriageIssues,      // secops, admin: mark issues reviewed, assign them
    AddNotes,          // everyone who may read: a note on an issue
};

QList<Role> rolesAllowedTo(Permission permission);

} // namespace secreview
