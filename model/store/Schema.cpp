#include "model/store/Schema.h"

namespace secreview {

QList<QStringList> schemaMigrations()
{
    QList<QStringList> steps;

    // Version 1: the domain of SPEC section 2.
    steps.append(QStringList{
        QStringLiteral("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE app_user(%ID%, name TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,"
                       " disabled INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE user_role(user_id INTEGER NOT NULL REFERENCES app_user(id),"
                       " role TEXT NOT NULL CHECK(role IN ('viewer','developer','secops','admin')),"
                       " PRIMARY KEY(user_id, role))"),
        QStringLiteral("CREATE TABLE organization(%ID%, name TEXT NOT NULL UNIQUE)"),
        QStringLiteral(
            "CREATE TABLE project(%ID%, organization_id INTEGER NOT NULL REFERENCES organization(id),"
            " name TEXT NOT NULL, allow_self_approval INTEGER NOT NULL DEFAULT 0,"
            " UNIQUE(organization_id, name))"),
        QStringLiteral(
            "CREATE TABLE target(%ID%, project_id INTEGER NOT NULL REFERENCES project(id),"
            " name TEXT NOT NULL,"
            " type TEXT NOT NULL CHECK(type IN ('repository','container','instance','configuration')),"
            " UNIQUE(project_id, name))"),
        QStringLiteral("CREATE TABLE variant(%ID%, target_id INTEGER NOT NULL REFERENCES target(id),"
                       " name TEXT NOT NULL, UNIQUE(target_id, name))"),
        QStringLiteral("CREATE TABLE baseline(target_id INTEGER PRIMARY KEY REFERENCES target(id),"
                       " variant_name TEXT, pattern TEXT, set_by INTEGER REFERENCES app_user(id),"
                       " set_at INTEGER NOT NULL, CHECK((variant_name IS NULL) <> (pattern IS NULL)))"),
        QStringLiteral("CREATE TABLE scan(%ID%, target_id INTEGER NOT NULL REFERENCES target(id),"
                       " variant_id INTEGER NOT NULL REFERENCES variant(id), scanner TEXT NOT NULL,"
                       " format TEXT NOT NULL, tool_version TEXT, file_name TEXT NOT NULL,"
                       " file_sha256 TEXT NOT NULL, file_size INTEGER NOT NULL, imported_at INTEGER NOT NULL,"
                       " imported_by INTEGER REFERENCES app_user(id), pipeline_identifier TEXT,"
                       " step_identifier TEXT, execution INTEGER)"),
        QStringLiteral("CREATE INDEX scan_latest ON scan(variant_id, scanner, imported_at, id)"),
        QStringLiteral(
            "CREATE TABLE issue(%ID%, target_id INTEGER NOT NULL REFERENCES target(id),"
            " scanner TEXT NOT NULL, issue_key TEXT NOT NULL, rule TEXT NOT NULL, title TEXT NOT NULL,"
            " kind TEXT NOT NULL, description TEXT, remediation TEXT, refs TEXT, cwe TEXT,"
            " UNIQUE(target_id, scanner, issue_key))"),
        QStringLiteral("CREATE INDEX issue_key_lookup ON issue(scanner, issue_key)"),
        QStringLiteral("CREATE TABLE scan_issue(scan_id INTEGER NOT NULL REFERENCES scan(id),"
                       " issue_id INTEGER NOT NULL REFERENCES issue(id), severity INTEGER NOT NULL,"
                       " score REAL, scanner_severity TEXT, confidence TEXT, occurrences INTEGER NOT NULL,"
                       " PRIMARY KEY(scan_id, issue_id))"),
        QStringLiteral("CREATE INDEX scan_issue_by_issue ON scan_issue(issue_id, scan_id)"),
        QStringLiteral(
            "CREATE TABLE occurrence(%ID%, scan_id INTEGER NOT NULL REFERENCES scan(id),"
            " issue_id INTEGER NOT NULL REFERENCES issue(id), location TEXT NOT NULL,"
            " file_path TEXT, line INTEGER, package TEXT, installed_version TEXT, fixed_version TEXT,"
            " fingerprint TEXT, severity INTEGER NOT NULL, scanner_severity TEXT, confidence TEXT,"
            " score REAL, message TEXT, snippet TEXT, suppressed INTEGER NOT NULL DEFAULT 0)"),
        QStringLiteral("CREATE INDEX occurrence_by_scan_issue ON occurrence(scan_id, issue_id)"),
        QStringLiteral(
            "CREATE TABLE exemption(%ID%, issue_id INTEGER NOT NULL REFERENCES issue(id),"
            " scanner TEXT NOT NULL, issue_key TEXT NOT NULL,"
            " scope TEXT NOT NULL CHECK(scope IN ('target','pipeline','project','organization')),"
            " target_id INTEGER NOT NULL REFERENCES target(id),"
            " project_id INTEGER NOT NULL REFERENCES project(id),"
            " organization_id INTEGER NOT NULL REFERENCES organization(id), pipeline_identifier TEXT,"
            " status TEXT NOT NULL CHECK(status IN ('pending','approved','rejected','cancelled','deleted')),"
            " reason TEXT NOT NULL, description TEXT NOT NULL, url TEXT,"
            " duration_days INTEGER, until_date TEXT,"
            " requested_by INTEGER NOT NULL REFERENCES app_user(id), requested_at INTEGER NOT NULL,"
            " reviewed_by INTEGER REFERENCES app_user(id), reviewed_at INTEGER,"
            " approved_at INTEGER, expires_at INTEGER)"),
        QStringLiteral("CREATE INDEX exemption_match ON exemption(scanner, issue_key, status)"),
        QStringLiteral(
            "CREATE TABLE exemption_event(%ID%, exemption_id INTEGER NOT NULL REFERENCES exemption(id),"
            " at INTEGER NOT NULL, actor_id INTEGER NOT NULL REFERENCES app_user(id),"
            " action TEXT NOT NULL, from_status TEXT, to_status TEXT NOT NULL, comment TEXT)"),
        QStringLiteral(
            "CREATE TABLE audit_entry(%ID%, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,"
            " object_type TEXT NOT NULL, object_id TEXT NOT NULL, details TEXT NOT NULL,"
            " prev_hash TEXT NOT NULL, hash TEXT NOT NULL)"),
        QStringLiteral(
            "CREATE TABLE pipeline(%ID%, project_id INTEGER NOT NULL REFERENCES project(id),"
            " identifier TEXT NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL,"
            " yaml TEXT NOT NULL, imported_at INTEGER NOT NULL,"
            " imported_by INTEGER REFERENCES app_user(id), UNIQUE(project_id, identifier, version))"),
    });
    // Version 2: sign-in throttling. Failed attempts per user, and until when the account refuses
    // to check passwords at all.
    steps.append(QStringList{
        QStringLiteral("ALTER TABLE app_user ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE app_user ADD COLUMN locked_until INTEGER"),
    });
    // Version 3: exemption policy limits per project (the longest duration per severity, the
    // reasons that need a URL), as JSON that ExemptionPolicy reads.
    steps.append(QStringList{
        QStringLiteral("CREATE TABLE exemption_policy(project_id INTEGER PRIMARY KEY REFERENCES project(id),"
                       " rules TEXT NOT NULL)"),
    });
    // Version 4: exemptions of selected occurrences (target scope): the fingerprints they cover.
    steps.append(QStringList{
        QStringLiteral("ALTER TABLE exemption ADD COLUMN occurrence_level INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral(
            "CREATE TABLE exemption_occurrence(exemption_id INTEGER NOT NULL REFERENCES exemption(id),"
            " fingerprint TEXT NOT NULL, location TEXT NOT NULL, PRIMARY KEY(exemption_id, fingerprint))"),
    });
    // Version 5: each occurrence keeps the entry as the scanner wrote it (the raw view) and how
    // the scanner suppressed it (kind, status, justification).
    steps.append(QStringList{
        QStringLiteral("ALTER TABLE occurrence ADD COLUMN raw TEXT"),
        QStringLiteral("ALTER TABLE occurrence ADD COLUMN suppression TEXT"),
    });
    // Version 6: hard to fool. User names are one namespace without regard to case; the ci role
    // (the CI job's account: imports and gates) joins the others; sign-in attempts for names that
    // are no account are throttled like any other (by a digest of the name, never the name); a
    // project says which scans its gates count; a scan records whether a ci account imported it;
    // audit entries are found by their object (the gate reads the entries of what it relies on).
    steps.append(QStringList{
        QStringLiteral("CREATE UNIQUE INDEX app_user_name_nocase ON app_user(lower(name))"),
        QStringLiteral("CREATE TABLE user_role_v6(user_id INTEGER NOT NULL REFERENCES app_user(id),"
                       " role TEXT NOT NULL CHECK(role IN ('viewer','developer','secops','admin','ci')),"
                       " PRIMARY KEY(user_id, role))"),
        QStringLiteral("INSERT INTO user_role_v6(user_id, role) SELECT user_id, role FROM user_role"),
        QStringLiteral("DROP TABLE user_role"),
        QStringLiteral("ALTER TABLE user_role_v6 RENAME TO user_role"),
        QStringLiteral("CREATE TABLE sign_in_throttle(name_digest TEXT PRIMARY KEY,"
                       " failures INTEGER NOT NULL, locked_until INTEGER, last_at INTEGER NOT NULL)"),
        QStringLiteral("ALTER TABLE project ADD COLUMN gate_scans TEXT NOT NULL DEFAULT 'any'"
                       " CHECK(gate_scans IN ('any','ci'))"),
        QStringLiteral("ALTER TABLE scan ADD COLUMN imported_by_ci INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("CREATE INDEX audit_entry_object ON audit_entry(object_type, object_id, id)"),
    });
    // Version 7: SecOps' working state on an issue, apart from exemptions (it never changes a
    // gate): who marked it reviewed and when, who owns it, and a thread of notes.
    steps.append(QStringList{
        QStringLiteral("CREATE TABLE issue_triage(issue_id INTEGER PRIMARY KEY REFERENCES issue(id),"
                       " reviewed_by INTEGER REFERENCES app_user(id), reviewed_at INTEGER,"
                       " assignee_id INTEGER REFERENCES app_user(id), assigned_by INTEGER REFERENCES app_user(id),"
                       " assigned_at INTEGER, CHECK((reviewed_by IS NULL) = (reviewed_at IS NULL)))"),
        QStringLiteral("CREATE INDEX issue_triage_assignee ON issue_triage(assignee_id)"),
        QStringLiteral("CREATE TABLE issue_note(%ID%, issue_id INTEGER NOT NULL REFERENCES issue(id),"
                       " author_id INTEGER NOT NULL REFERENCES app_user(id), at INTEGER NOT NULL,"
                       " text TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX issue_note_by_issue ON issue_note(issue_id, id)"),
    });
    // Version 8: the counts of a scan's issues by severity (the gate, the toggles) read from an
    // index alone, in its order, instead of from every row (issue 15: a million issues). Partial,
    // so that only a query that says `severity IS NOT NULL` (the counts) uses it: SQLite chose it
    // for the list too, whose rows it then read in severity order, scattered over the table
    // (sorting a million issues went from 1.7 s to 5.4 s).
    steps.append(QStringList{
        QStringLiteral("CREATE INDEX scan_issue_counts ON scan_issue(scan_id, severity, issue_id)"
                       " WHERE severity IS NOT NULL"),
    });
    // Version 9: search through an index (issue 15: searching a million issues read each one's
    // four texts; decision 78). SQLite only ("%SQLITE%": a server's step is empty): an FTS5
    // table of the searched texts by trigram, kept by triggers; detail=none (which trigrams, not
    // where) keeps it a tenth of the positional index's size, so it only narrows a search and
    // LIKE still decides.
    const QString columns = QStringLiteral("title, rule, issue_key, description");
    const auto values = [](const QString &row) {
        return QStringLiteral("%1.id, %1.title, %1.rule, %1.issue_key, %1.description").arg(row);
    };
    steps.append(QStringList{
        QStringLiteral("%SQLITE% CREATE VIRTUAL TABLE issue_search USING fts5(%1, content='issue',"
                       " content_rowid='id', tokenize='trigram', detail='none')")
            .arg(columns),
        QStringLiteral("%SQLITE% CREATE TRIGGER issue_search_insert AFTER INSERT ON issue BEGIN"
                       " INSERT INTO issue_search(rowid, %1) VALUES (%2); END")
            .arg(columns, values(QStringLiteral("new"))),
        QStringLiteral("%SQLITE% CREATE TRIGGER issue_search_delete AFTER DELETE ON issue BEGIN"
                       " INSERT INTO issue_search(issue_search, rowid, %1) VALUES ('delete', %2); END")
            .arg(columns, values(QStringLiteral("old"))),
        // Only when a searched text changes: an import's upsert sets them all on every issue.
        QStringLiteral("%SQLITE% CREATE TRIGGER issue_search_update AFTER UPDATE ON issue WHEN old.id <> new.id"
                       " OR old.title IS NOT new.title OR old.rule IS NOT new.rule OR old.issue_key IS NOT"
                       " new.issue_key OR old.description IS NOT new.description BEGIN"
                       " INSERT INTO issue_search(issue_search, rowid, %1) VALUES ('delete', %2);"
                       " INSERT INTO issue_search(rowid, %1) VALUES (%3); END")
            .arg(columns, values(QStringLiteral("old")), values(QStringLiteral("new"))),
        QStringLiteral("%SQLITE% INSERT INTO issue_search(issue_search) VALUES ('rebuild')"),
    });
    // Version 10: an import keeps its raw entries once per scan, in compressed chunks, each
    // occurrence pointing at its entry's place (issue 15: the raw entry per occurrence was the
    // biggest single cost of an import, and most of the database; decision 79). Occurrences
    // imported before keep theirs in occurrence.raw. And indexes of each target's issues by title and
    // by rule.
    steps.append(QStringList{
        QStringLiteral("CREATE TABLE scan_raw(scan_id INTEGER NOT NULL REFERENCES scan(id), chunk INTEGER NOT NULL,"
                       " size INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(scan_id, chunk))"),
        QStringLiteral("ALTER TABLE occurrence ADD COLUMN raw_chunk INTEGER"),
        QStringLiteral("ALTER TABLE occurrence ADD COLUMN raw_offset INTEGER"),
        QStringLiteral("ALTER TABLE occurrence ADD COLUMN raw_length INTEGER"),
        // A file's page of the list in title or rule order walks these (decision 80; a server
        // plans its own).
        QStringLiteral("%SQLITE% CREATE INDEX issue_by_title ON issue(target_id, title, id)"),
        QStringLiteral("%SQLITE% CREATE INDEX issue_by_rule ON issue(target_id, rule, id)"),
    });
    // Version 11: what a page in occurrences or scanner order skips by (decision 82): a scan's
    // issues by occurrences and severity, read from this index alone, and a target's scanners.
    // Partial (on a condition every row meets) like scan_issue_counts: only a query that states
    // the condition uses them, so they never change the plan of another (a covering index of
    // scan_issue would be chosen to walk every row of a scope before a search index's matches).
    steps.append(QStringList{
        QStringLiteral("%SQLITE% CREATE INDEX scan_issue_by_occurrences ON scan_issue(scan_id, occurrences, severity,"
                       " issue_id) WHERE occurrences IS NOT NULL"),
        QStringLiteral("%SQLITE% CREATE INDEX issue_by_scanner ON issue(target_id, scanner) WHERE scanner IS NOT NULL"),
    });
    // Version 12: the comparison a scan was judged against when it was imported (issue 16: the
    // baseline in force at scan time decides its categories, as in Harness STO; decision 85): the
    // baseline's text then ('' for none) and the comparison scan. NULL in scans imported before:
    // computed with the baseline now, as before.
    steps.append(QStringList{
        QStringLiteral("ALTER TABLE scan ADD COLUMN baseline_at_import TEXT"),
        QStringLiteral("ALTER TABLE scan ADD COLUMN comparison_scan_id INTEGER REFERENCES scan(id)"),
    });
    // Version 13: deleted scans (issue 16: `scan delete`, secops, audited). Their ids are kept so
    // that none is given to another scan (the audit log names scans by id); on a server, the
    // deleting transaction's mark (xact) ties the audit entry to the deletion.
    steps.append(QStringList{
        QStringLiteral("CREATE TABLE scan_deletion(scan_id INTEGER PRIMARY KEY, deleted_at INTEGER NOT NULL,"
                       " deleted_by INTEGER NOT NULL REFERENCES app_user(id), xact TEXT)"),
    });
    // Version 14: an issue's text from a ci, secops or admin import is not reworded by a
    // developer's (decision 91); on a server, the project's exemption limits are the server's
    // rules too (serverExemptionPolicyRules).
    steps.append(QStringList{
        QStringLiteral("ALTER TABLE issue ADD COLUMN text_trusted INTEGER NOT NULL DEFAULT 0"),
    });
    return steps;
}

} // namespace secreview
