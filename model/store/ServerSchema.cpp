#include "model/store/ServerSchema.h"

#include "model/store/Database.h"

#include <QRegularExpression>

namespace secreview {
namespace {

const QStringList kGroups{QStringLiteral("viewer"), QStringLiteral("developer"), QStringLiteral("secops"),
                          QStringLiteral("admin"), QStringLiteral("ci")};

// %OWNER%, %PREFIX%, %DB% and %LOCK% in the statements below.
QStringList expand(const ServerLocation &server, QStringList statements)
{
    for (QString &s : statements) {
        s.replace(QStringLiteral("%OWNER%"), server.ownerRole())
            .replace(QStringLiteral("%PREFIX%"), server.rolePrefix())
            .replace(QStringLiteral("%DB%"), server.database)
            .replace(QStringLiteral("%LOCK%"), QString::number(kServerWriteLock));
    }
    return statements;
}

QString groupList(const QString &separator, const QString &pattern)
{
    QStringList out;
    for (const QString &g : kGroups)
        out.append(QString(pattern).replace(QStringLiteral("%G%"), g));
    return out.join(separator);
}

} // namespace

QStringList serverRoleSetup(const ServerLocation &server)
{
    QStringList s;
    // Roles are the cluster's, not the database's: the database's name is their prefix. Ones
    // left by an earlier init of a dropped database of the same name are taken over as they are.
    s.append(QStringLiteral(R"sql(DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%OWNER%') THEN
    CREATE ROLE "%OWNER%" NOLOGIN CREATEROLE;
  END IF;
%GROUPS%
END $$)sql")
                 .replace(QStringLiteral("%GROUPS%"),
                          groupList(QStringLiteral("\n"),
                                    QStringLiteral("  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
                                                   "'%PREFIX%%G%') THEN CREATE ROLE \"%PREFIX%%G%\" NOLOGIN; "
                                                   "END IF;"))));
    s.append(QStringLiteral("GRANT \"%OWNER%\" TO CURRENT_USER"));
    // Only secreview's users connect (the server administrator owns the database: best effort).
    s.append(QStringLiteral(R"sql(DO $$ BEGIN
  REVOKE ALL ON DATABASE "%DB%" FROM PUBLIC;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'secreview: cannot revoke CONNECT from PUBLIC on %DB%; see docs/team-mode.md';
END $$)sql"));
    s.append(QStringLiteral("GRANT CONNECT ON DATABASE \"%DB%\" TO ") +
             groupList(QStringLiteral(", "), QStringLiteral("\"%PREFIX%%G%\"")));
    s.append(QStringLiteral("CREATE SCHEMA secreview AUTHORIZATION \"%OWNER%\""));
    s.append(QStringLiteral("SET LOCAL ROLE \"%OWNER%\""));
    s.append(QStringLiteral("SET LOCAL search_path TO secreview"));
    return expand(server, s);
}

QStringList serverRules(const ServerLocation &server)
{
    QStringList s;
    const QString fn = QStringLiteral("LANGUAGE plpgsql SECURITY DEFINER SET search_path = secreview, pg_temp");
    const QString sqlFn = QStringLiteral("LANGUAGE sql STABLE SECURITY DEFINER SET search_path = secreview, pg_temp");

    // Helpers. session_user is the login that connected (inside a SECURITY DEFINER function
    // current_user is the owner).
    s.append(QStringLiteral("CREATE FUNCTION trusted() RETURNS boolean %1 AS $f$"
                            " SELECT pg_has_role(session_user, '%OWNER%', 'MEMBER') $f$")
                 .arg(sqlFn));
    s.append(QStringLiteral("CREATE FUNCTION member(r text) RETURNS boolean %1 AS $f$"
                            " SELECT pg_has_role(session_user, '%PREFIX%' || r, 'MEMBER') $f$")
                 .arg(sqlFn));
    s.append(QStringLiteral("CREATE FUNCTION acting_id() RETURNS bigint %1 AS $f$"
                            " SELECT id FROM app_user WHERE lower(name) = session_user::text AND disabled = 0 $f$")
                 .arg(sqlFn));
    s.append(QStringLiteral("CREATE FUNCTION acting_name() RETURNS text %1 AS $f$"
                            " SELECT name FROM app_user WHERE lower(name) = session_user::text AND disabled = 0 $f$")
                 .arg(sqlFn));
    s.append(QStringLiteral("CREATE FUNCTION now_ms() RETURNS bigint LANGUAGE sql VOLATILE AS $f$"
                            " SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint $f$"));
    // A row's xmin (32 bits) against this transaction: was the row written here?
    s.append(QStringLiteral("CREATE FUNCTION this_xact() RETURNS text LANGUAGE sql VOLATILE AS $f$"
                            " SELECT (pg_current_xact_id()::text::bigint % 4294967296)::text $f$"));
    s.append(QStringLiteral("CREATE FUNCTION this_xact8() RETURNS text LANGUAGE sql VOLATILE AS $f$"
                            " SELECT pg_current_xact_id()::text $f$"));
    // The server's clock rules the times users write: at most 2 minutes old (the time between
    // the client reading its clock and the row arriving), at most 5 s ahead (clocks agree to
    // that under NTP): no backdating, and no scan dated ahead to stay the latest.
    s.append(QStringLiteral("CREATE FUNCTION is_now(t bigint) RETURNS boolean LANGUAGE sql VOLATILE AS $f$"
                            " SELECT t IS NOT NULL AND t BETWEEN now_ms() - 120000 AND now_ms() + 5000 $f$"));
    s.append(QStringLiteral("CREATE FUNCTION refuse(message text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN"
                            " RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',"
                            " MESSAGE = 'secreview: ' || message; END $f$"));
    // Writes run in READ COMMITTED, where each check reads what is committed now: a snapshot
    // taken earlier (REPEATABLE READ) would check a row against a stale world, and fork the chain.
    s.append(QStringLiteral("CREATE FUNCTION require_read_committed() RETURNS void LANGUAGE plpgsql AS $f$ BEGIN"
                            " IF current_setting('transaction_isolation') <> 'read committed' THEN"
                            " PERFORM refuse('secreview writes in READ COMMITTED transactions only'); END IF; END $f$"));
    s.append(QStringLiteral("CREATE FUNCTION require_user() RETURNS bigint %1 AS $f$"
                            " DECLARE me bigint := acting_id(); BEGIN"
                            " PERFORM require_read_committed();"
                            " IF me IS NULL THEN PERFORM refuse(format('the login %s is no active secreview user',"
                            " session_user)); END IF; RETURN me; END $f$")
                 .arg(fn));
    s.append(QStringLiteral("CREATE FUNCTION require_member(VARIADIC roles text[]) RETURNS void %1 AS $f$"
                            " DECLARE r text; BEGIN FOREACH r IN ARRAY roles LOOP"
                            " IF member(r) THEN RETURN; END IF; END LOOP;"
                            " PERFORM refuse(format('this needs the role %s', array_to_string(roles, ' or ')));"
                            " END $f$")
                 .arg(fn));
    // The scans this transaction imports: only their rows may be written (owner-only table).
    s.append(QStringLiteral("CREATE TABLE scan_in_progress(xact text NOT NULL, scan_id bigint NOT NULL,"
                            " target_id bigint NOT NULL, PRIMARY KEY(xact, scan_id))"));
    s.append(QStringLiteral("CREATE INDEX scan_in_progress_target ON scan_in_progress(xact, target_id)"));

    // The audit log: append-only, its author, the server's time, the chain.
    s.append(serverAuditEntryCheck());
    // Every change writes an audit entry: its commit tells every console listening (LISTEN
    // secreview_change), which refreshes at once instead of at its next poll.
    s.append(QStringLiteral("CREATE FUNCTION notify_change() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN"
                            " PERFORM pg_notify('secreview_change', ''); RETURN NULL; END $f$"));
    s.append(QStringLiteral("CREATE TRIGGER audit_entry_notify AFTER INSERT ON audit_entry"
                            " FOR EACH STATEMENT EXECUTE FUNCTION notify_change()"));
    // One successor per entry: a chain that would fork is refused by the index as well.
    s.append(QStringLiteral("CREATE UNIQUE INDEX audit_entry_one_successor ON audit_entry(prev_hash)"));
    s.append(QStringLiteral("CREATE TRIGGER audit_entry_check BEFORE INSERT ON audit_entry"
                            " FOR EACH ROW EXECUTE FUNCTION audit_entry_check()"));
    s.append(QStringLiteral(R"sql(CREATE FUNCTION require_audit() RETURNS trigger %1 AS $f$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM (SELECT xmin FROM audit_entry ORDER BY id DESC LIMIT 500) a
                 WHERE a.xmin::text = this_xact()) THEN
    PERFORM refuse(format('a change to %s is written with its audit entry, in one transaction', TG_TABLE_NAME));
  END IF;
  RETURN NULL;
END $f$)sql")
                 .arg(fn));
    for (const auto &[table, events] :
         {std::pair{QStringLiteral("exemption"), QStringLiteral("INSERT OR UPDATE")},
          std::pair{QStringLiteral("scan"), QStringLiteral("INSERT OR UPDATE")},
          std::pair{QStringLiteral("pipeline"), QStringLiteral("INSERT")},
          std::pair{QStringLiteral("baseline"), QStringLiteral("INSERT OR UPDATE")},
          std::pair{QStringLiteral("exemption_policy"), QStringLiteral("INSERT OR UPDATE")},
          std::pair{QStringLiteral("project"), QStringLiteral("INSERT OR UPDATE")},
          std::pair{QStringLiteral("organization"), QStringLiteral("INSERT")},
          std::pair{QStringLiteral("target"), QStringLiteral("INSERT")},
          std::pair{QStringLiteral("variant"), QStringLiteral("INSERT")},
          std::pair{QStringLiteral("app_user"), QStringLiteral("INSERT OR UPDATE")},
          std::pair{QStringLiteral("user_role"), QStringLiteral("INSERT OR DELETE")}}) {
        s.append(QStringLiteral("CREATE CONSTRAINT TRIGGER %1_audited AFTER %2 ON %1 DEFERRABLE INITIALLY DEFERRED"
                                " FOR EACH ROW EXECUTE FUNCTION require_audit()")
                     .arg(table, events));
    }

    // Exemptions: a request is its author's and starts pending; a decision is secops' and names
    // its reviewer; self-approval as the project allows; a requester may cancel or reopen their
    // own request, nothing else; what was requested never changes.
    s.append(QStringLiteral(R"sql(CREATE FUNCTION exemption_check() RETURNS trigger %1 AS $f$
DECLARE me bigint; was text; secops boolean; requester boolean; expires bigint; widths text[] := ARRAY['target', 'pipeline', 'project', 'organization'];
BEGIN
  IF trusted() THEN RETURN NEW; END IF;
  me := require_user();
  IF TG_OP = 'INSERT' THEN
    PERFORM require_member('developer', 'secops');
    IF NEW.status <> 'pending' OR NEW.requested_by IS DISTINCT FROM me OR NEW.reviewed_by IS NOT NULL
       OR NEW.reviewed_at IS NOT NULL OR NEW.approved_at IS NOT NULL OR NEW.expires_at IS NOT NULL
       OR NEW.occurrence_level <> 0 OR NOT is_now(NEW.requested_at) THEN
      PERFORM refuse('a new exemption request is pending, its author''s, undecided, made now');
    END IF;
    -- It asks for what it names: the issue's scanner and key, its target, project, organization.
    IF NOT EXISTS (SELECT 1 FROM issue i JOIN target t ON t.id = i.target_id JOIN project p ON p.id = t.project_id
                   WHERE i.id = NEW.issue_id AND i.scanner = NEW.scanner AND i.issue_key = NEW.issue_key
                     AND i.target_id = NEW.target_id AND t.project_id = NEW.project_id
                     AND p.organization_id = NEW.organization_id) THEN
      PERFORM refuse('an exemption request names its issue''s scanner, key, target, project and organization');
    END IF;
    IF NEW.scope NOT IN ('target', 'pipeline', 'project')
       OR (NEW.scope = 'pipeline') <> (NEW.pipeline_identifier IS NOT NULL) THEN
      PERFORM refuse('a request is for a target, a pipeline (named) or a project');
    END IF;
    RETURN NEW;
  END IF;
  IF (NEW.id, NEW.issue_id, NEW.scanner, NEW.issue_key, NEW.target_id, NEW.project_id, NEW.organization_id,
      NEW.requested_by, NEW.requested_at, NEW.reason, NEW.description, NEW.url, NEW.duration_days, NEW.until_date,
      NEW.pipeline_identifier)
     IS DISTINCT FROM
     (OLD.id, OLD.issue_id, OLD.scanner, OLD.issue_key, OLD.target_id, OLD.project_id, OLD.organization_id,
      OLD.requested_by, OLD.requested_at, OLD.reason, OLD.description, OLD.url, OLD.duration_days, OLD.until_date,
      OLD.pipeline_identifier) THEN
    PERFORM refuse(format('what exemption %s asks for does not change; only its decision does', OLD.id));
  END IF;
  secops := member('secops');
  requester := OLD.requested_by = me;
  IF NEW.status = OLD.status THEN
    -- The occurrences a request covers are set in the transaction that makes it, by its author.
    IF requester AND OLD.status = 'pending' AND NEW.occurrence_level >= OLD.occurrence_level
       AND (SELECT e.xmin::text FROM exemption e WHERE e.id = OLD.id) = this_xact()
       AND (NEW.scope, NEW.reviewed_by, NEW.reviewed_at, NEW.approved_at, NEW.expires_at)
           IS NOT DISTINCT FROM (OLD.scope, OLD.reviewed_by, OLD.reviewed_at, OLD.approved_at, OLD.expires_at) THEN
      RETURN NEW;
    END IF;
    PERFORM refuse(format('exemption %s changes by a decision only (approve, reject, cancel, reopen, delete)', OLD.id));
  END IF;
  IF NEW.occurrence_level <> OLD.occurrence_level THEN
    PERFORM refuse(format('exemption %s covers the occurrences it was requested for', OLD.id));
  END IF;
  was := CASE WHEN OLD.status = 'approved' AND OLD.expires_at IS NOT NULL AND OLD.expires_at <= now_ms()
              THEN 'expired' ELSE OLD.status END;
  IF NEW.status IN ('approved', 'rejected', 'deleted') AND NOT secops THEN
    PERFORM refuse(format('exemption %s: deciding a request needs the role secops', OLD.id));
  END IF;
  IF NEW.status IN ('cancelled', 'pending') AND NOT (secops OR requester) THEN
    PERFORM refuse(format('exemption %s is another user''s request: acting on it needs the role secops', OLD.id));
  END IF;
  IF NEW.status = 'approved' THEN
    expires := CASE WHEN OLD.duration_days IS NOT NULL THEN NEW.approved_at + OLD.duration_days * 86400000
                    WHEN OLD.until_date IS NOT NULL
                    THEN (extract(epoch FROM ((OLD.until_date::date + 1)::timestamp AT TIME ZONE 'UTC')) * 1000)::bigint
               END;
    IF was NOT IN ('pending', 'rejected', 'expired') OR NEW.reviewed_by IS DISTINCT FROM me
       OR NOT is_now(NEW.reviewed_at) OR NEW.approved_at IS DISTINCT FROM NEW.reviewed_at
       OR NEW.expires_at IS DISTINCT FROM expires
       OR array_position(widths, NEW.scope) < array_position(widths, OLD.scope) THEN
      PERFORM refuse(format('exemption %s: an approval of a pending, rejected or expired request, by the signed-in '
                            'user, now, for the duration asked, never narrowing its scope', OLD.id));
    END IF;
    IF OLD.requested_by = me AND EXISTS (SELECT 1 FROM project p WHERE p.allow_self_approval = 0
         AND (p.id = OLD.project_id OR (NEW.scope = 'organization' AND p.organization_id = OLD.organization_id))) THEN
      PERFORM refuse(format('exemption %s is your own request and a project it would cover does not allow self-approval', OLD.id));
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.scope IS DISTINCT FROM OLD.scope THEN
    PERFORM refuse(format('the scope of exemption %s changes on approval only', OLD.id));
  END IF;
  IF NEW.status = 'rejected' AND was IN ('pending', 'approved') AND NEW.reviewed_by IS NOT DISTINCT FROM me
     AND is_now(NEW.reviewed_at) AND NEW.approved_at IS NULL AND NEW.expires_at IS NULL THEN
    RETURN NEW;
  END IF;
  IF NEW.status = 'pending' AND was IN ('rejected', 'expired') AND NEW.reviewed_by IS NULL
     AND NEW.reviewed_at IS NULL AND NEW.approved_at IS NULL AND NEW.expires_at IS NULL THEN
    RETURN NEW;
  END IF;
  IF (NEW.status = 'cancelled' AND was IN ('pending', 'rejected', 'expired'))
     OR (NEW.status = 'deleted' AND was = 'approved') THEN
    IF (NEW.reviewed_by, NEW.reviewed_at, NEW.approved_at, NEW.expires_at)
       IS NOT DISTINCT FROM (OLD.reviewed_by, OLD.reviewed_at, OLD.approved_at, OLD.expires_at) THEN
      RETURN NEW;
    END IF;
  END IF;
  PERFORM refuse(format('exemption %s cannot go from %s to %s like this', OLD.id, was, NEW.status));
  RETURN NULL;
END $f$)sql")
                 .arg(fn));
    s.append(QStringLiteral("CREATE TRIGGER exemption_check BEFORE INSERT OR UPDATE ON exemption"
                            " FOR EACH ROW EXECUTE FUNCTION exemption_check()"));
    // An event belongs to the transaction that changes its exemption and names its author; the
    // occurrences of a request are its author's (or secops') while it is pending.
    s.append(QStringLiteral(R"sql(CREATE FUNCTION exemption_event_check() RETURNS trigger %1 AS $f$
BEGIN
  IF trusted() THEN RETURN NEW; END IF;
  IF NEW.actor_id IS DISTINCT FROM require_user() OR NOT is_now(NEW.at) THEN
    PERFORM refuse('an exemption event names its author and the server''s time');
  END IF;
  IF NOT EXISTS (SELECT 1 FROM exemption WHERE id = NEW.exemption_id AND xmin::text = this_xact()) THEN
    PERFORM refuse('an exemption event is written with the change of its exemption');
  END IF;
  RETURN NEW;
END $f$)sql")
                 .arg(fn));
    s.append(QStringLiteral(R"sql(CREATE FUNCTION exemption_occurrence_check() RETURNS trigger %1 AS $f$
DECLARE me bigint;
BEGIN
  IF trusted() THEN RETURN NEW; END IF;
  me := require_user();
  IF NOT EXISTS (SELECT 1 FROM exemption WHERE id = NEW.exemption_id AND xmin::text = this_xact()
                 AND status = 'pending' AND (requested_by = me OR member('secops'))) THEN
    PERFORM refuse('the occurrences of a request are written with it, while it is pending');
  END IF;
  -- ...and each is an occurrence of its issue, where it was found: no fingerprint under a
  -- harmless-looking location.
  IF NOT EXISTS (SELECT 1 FROM exemption e JOIN scan_issue si ON si.issue_id = e.issue_id
                 JOIN occurrence o ON o.scan_id = si.scan_id AND o.issue_id = si.issue_id
                 WHERE e.id = NEW.exemption_id AND o.fingerprint = NEW.fingerprint AND o.location = NEW.location) THEN
    PERFORM refuse('an exemption covers occurrences of its issue, by their fingerprint and location');
  END IF;
  RETURN NEW;
END $f$)sql")
                 .arg(fn));
    s.append(QStringLiteral("CREATE TRIGGER exemption_event_check BEFORE INSERT ON exemption_event"
                            " FOR EACH ROW EXECUTE FUNCTION exemption_event_check()"));
    s.append(QStringLiteral("CREATE TRIGGER exemption_occurrence_check BEFORE INSERT ON exemption_occurrence"
                            " FOR EACH ROW EXECUTE FUNCTION exemption_occurrence_check()"));

    // Scans: imported by the login that writes them (a ci account's mark only by a ci account),
    // their rows written in the importing transaction only; nothing changes afterwards.
    s.append(serverScanCheck());
    s.append(QStringLiteral("CREATE TRIGGER scan_check BEFORE INSERT OR UPDATE ON scan"
                            " FOR EACH ROW EXECUTE FUNCTION scan_check()"));
    // The scan a transaction imports, once it is really inserted (AFTER: an INSERT that ON
    // CONFLICT skips marks nothing); the marks of finished transactions go.
    s.append(QStringLiteral(R"sql(CREATE FUNCTION scan_mark() RETURNS trigger %1 AS $f$
BEGIN
  DELETE FROM scan_in_progress WHERE xact <> this_xact8();
  INSERT INTO scan_in_progress VALUES (this_xact8(), NEW.id, NEW.target_id);
  RETURN NULL;
END $f$)sql")
                 .arg(fn));
    s.append(QStringLiteral("CREATE TRIGGER scan_mark AFTER INSERT ON scan FOR EACH ROW EXECUTE FUNCTION scan_mark()"));
    s.append(QStringLiteral(R"sql(CREATE FUNCTION scan_part_check() RETURNS trigger %1 AS $f$
BEGIN
  IF trusted() THEN RETURN NEW; END IF;
  IF TG_TABLE_NAME = 'issue' THEN
    IF NOT EXISTS (SELECT 1 FROM scan_in_progress WHERE xact = this_xact8() AND target_id = NEW.target_id)
       OR (TG_OP = 'UPDATE' AND (NEW.id, NEW.target_id, NEW.scanner, NEW.issue_key)
                                IS DISTINCT FROM (OLD.id, OLD.target_id, OLD.scanner, OLD.issue_key)) THEN
      PERFORM refuse('issues are written by the import of a scan of their target');
    END IF;
  ELSIF NOT EXISTS (SELECT 1 FROM scan_in_progress WHERE xact = this_xact8() AND scan_id = NEW.scan_id) THEN
    PERFORM refuse(format('%s rows are written by the import of their scan', TG_TABLE_NAME));
  END IF;
  RETURN NEW;
END $f$)sql")
                 .arg(fn));
    s.append(QStringLiteral("CREATE TRIGGER issue_check BEFORE INSERT OR UPDATE ON issue"
                            " FOR EACH ROW EXECUTE FUNCTION scan_part_check()"));
    // A scan's findings come by the thousand (COPY): checked once per statement, all rows at once.
    s.append(QStringLiteral(R"sql(CREATE FUNCTION scan_rows_check() RETURNS trigger %1 AS $f$
BEGIN
  IF trusted() THEN RETURN NULL; END IF;
  IF EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM scan_in_progress p
             WHERE p.xact = this_xact8() AND p.scan_id = n.scan_id)) THEN
    PERFORM refuse(format('%s rows are written by the import of their scan', TG_TABLE_NAME));
  END IF;
  RETURN NULL;
END $f$)sql")
                 .arg(fn));
    for (const QString &table : {QStringLiteral("scan_issue"), QStringLiteral("occurrence")})
        s.append(QStringLiteral("CREATE TRIGGER %1_check AFTER INSERT ON %1 REFERENCING NEW TABLE AS new_rows"
                                " FOR EACH STATEMENT EXECUTE FUNCTION scan_rows_check()")
                     .arg(table));

    // Pipelines, baselines, policies, projects: imported by their importer; set by the roles
    // that may.
    s.append(QStringLiteral(R"sql(CREATE FUNCTION setting_check() RETURNS trigger %1 AS $f$
DECLARE me bigint;
BEGIN
  IF trusted() THEN RETURN NEW; END IF;
  me := require_user();
  IF TG_TABLE_NAME = 'pipeline' THEN
    PERFORM require_member('developer', 'secops', 'admin', 'ci');
    IF NEW.imported_by IS DISTINCT FROM me THEN PERFORM refuse('a pipeline names its importer'); END IF;
  ELSIF TG_TABLE_NAME = 'baseline' THEN
    PERFORM require_member('secops', 'admin');
    IF NEW.set_by IS DISTINCT FROM me THEN PERFORM refuse('a baseline names who set it'); END IF;
  ELSIF TG_TABLE_NAME = 'exemption_policy' THEN
    PERFORM require_member('admin');
  ELSIF TG_TABLE_NAME = 'project' AND TG_OP = 'UPDATE' THEN
    PERFORM require_member('admin');
    IF (NEW.id, NEW.organization_id, NEW.name) IS DISTINCT FROM (OLD.id, OLD.organization_id, OLD.name) THEN
      PERFORM refuse('a project keeps its name');
    END IF;
  ELSIF TG_OP = 'INSERT' THEN -- organization, project, target, variant: made by an import
    PERFORM require_member('developer', 'secops', 'admin', 'ci');
  ELSE
    PERFORM refuse(format('%s rows do not change', TG_TABLE_NAME));
  END IF;
  RETURN NEW;
END $f$)sql")
                 .arg(fn));
    for (const QString &table : {QStringLiteral("pipeline"), QStringLiteral("baseline"), QStringLiteral("exemption_policy"),
                                 QStringLiteral("project"), QStringLiteral("organization"), QStringLiteral("target"),
                                 QStringLiteral("variant")})
        s.append(QStringLiteral("CREATE TRIGGER %1_check BEFORE INSERT OR UPDATE ON %1"
                                " FOR EACH ROW EXECUTE FUNCTION setting_check()")
                     .arg(table));

    // Users are server logins: a row in app_user is a login role, its password the login's
    // (a SCRAM verifier from the client; the table keeps only a digest of it), disabled is
    // NOLOGIN; a row in user_role is membership of the group role. Admins only, but anyone sets
    // their own password.
    s.append(QStringLiteral(R"sql(CREATE FUNCTION app_user_check() RETURNS trigger %1 AS $f$
DECLARE login text := lower(NEW.name); me bigint;
BEGIN
  IF NOT trusted() THEN
    me := require_user();
    IF NOT member('admin') AND NOT (TG_OP = 'UPDATE' AND OLD.id = me
        AND (NEW.name, NEW.disabled) IS NOT DISTINCT FROM (OLD.name, OLD.disabled)) THEN
      PERFORM refuse('managing users needs the role admin');
    END IF;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.name IS DISTINCT FROM OLD.name THEN
    PERFORM refuse('a user keeps their name');
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
      PERFORM refuse(format('the server has a role named %s already (logins are the whole server''s)', login));
    END IF;
    IF NEW.password_hash NOT LIKE 'SCRAM-SHA-256$%%' THEN PERFORM refuse('a new user''s password is a SCRAM verifier'); END IF;
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', login, NEW.password_hash);
  ELSIF NEW.password_hash IS DISTINCT FROM OLD.password_hash THEN
    IF NEW.password_hash NOT LIKE 'SCRAM-SHA-256$%%' THEN PERFORM refuse('a password is a SCRAM verifier'); END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', login, NEW.password_hash);
  END IF;
  IF NEW.password_hash LIKE 'SCRAM-SHA-256$%%' THEN
    NEW.password_hash := 'server:' || encode(sha256(convert_to(NEW.password_hash, 'UTF8')), 'hex');
  END IF;
  IF TG_OP = 'INSERT' OR NEW.disabled IS DISTINCT FROM OLD.disabled THEN
    EXECUTE format('ALTER ROLE %I %s', login, CASE WHEN NEW.disabled <> 0 THEN 'NOLOGIN' ELSE 'LOGIN' END);
  END IF;
  RETURN NEW;
END $f$)sql")
                 .arg(fn));
    s.append(QStringLiteral("CREATE TRIGGER app_user_check BEFORE INSERT OR UPDATE ON app_user"
                            " FOR EACH ROW EXECUTE FUNCTION app_user_check()"));
    s.append(QStringLiteral(R"sql(CREATE FUNCTION user_role_check() RETURNS trigger %1 AS $f$
DECLARE login text; r_row user_role;
BEGIN
  IF NOT trusted() THEN
    PERFORM require_user();
    PERFORM require_member('admin');
  END IF;
  r_row := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  SELECT lower(name) INTO login FROM app_user WHERE id = r_row.user_id;
  IF TG_OP = 'INSERT' THEN
    EXECUTE format('GRANT %I TO %I', '%PREFIX%' || r_row.role, login);
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE format('REVOKE %I FROM %I', '%PREFIX%' || r_row.role, login);
  ELSE
    PERFORM refuse('a role is granted or revoked, not changed');
  END IF;
  RETURN r_row;
END $f$)sql")
                 .arg(fn));
    // At commit, an active admin remains (a revoke or a disable of the last one is refused).
    s.append(QStringLiteral(R"sql(CREATE FUNCTION admins_remain() RETURNS trigger %1 AS $f$
BEGIN
  IF trusted() THEN RETURN NULL; END IF;
  IF NOT EXISTS (SELECT 1 FROM user_role r JOIN app_user u ON u.id = r.user_id
                 WHERE r.role = 'admin' AND u.disabled = 0) THEN
    PERFORM refuse('the last active admin keeps the role and the login');
  END IF;
  RETURN NULL;
END $f$)sql")
                 .arg(fn));
    s.append(QStringLiteral("CREATE CONSTRAINT TRIGGER user_role_admins_remain AFTER DELETE ON user_role"
                            " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION admins_remain()"));
    s.append(QStringLiteral("CREATE CONSTRAINT TRIGGER app_user_admins_remain AFTER UPDATE ON app_user"
                            " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION admins_remain()"));
    s.append(QStringLiteral("CREATE TRIGGER user_role_check BEFORE INSERT OR UPDATE OR DELETE ON user_role"
                            " FOR EACH ROW EXECUTE FUNCTION user_role_check()"));

    s.append(serverGrants(server));
    for (int version = 7; version <= Database::kSchemaVersion; ++version)
        s.append(serverRulesAddedIn(version));
    return expand(server, s);
}

QStringList serverRulesAddedIn(int version)
{
    if (version == 7)
        return serverTriageRules();
    if (version == 13)
        return serverScanDeletionRules();
    if (version == 14)
        return serverExemptionPolicyRules() + serverIssueTextRules() + QStringList{serverScanDeleteFunction()};
    if (version == 12) // the comparison recorded by the import (in its transaction: scan_check)
        return {QStringLiteral("GRANT UPDATE (baseline_at_import, comparison_scan_id) ON scan TO \"%PREFIX%developer\","
                               " \"%PREFIX%secops\", \"%PREFIX%admin\", \"%PREFIX%ci\"")};
    if (version != 10)
        return {};
    // Version 10: a scan's raw entries, in chunks, written by its import (as its occurrences,
    // checked by the same statement trigger) with the occurrences' places in them.
    const QString importers = QStringLiteral("\"%PREFIX%developer\", \"%PREFIX%secops\", \"%PREFIX%admin\", \"%PREFIX%ci\"");
    return {QStringLiteral("GRANT SELECT ON scan_raw TO \"%PREFIX%viewer\", ") + importers,
            QStringLiteral("GRANT INSERT (scan_id, chunk, size, data) ON scan_raw TO ") + importers,
            QStringLiteral("GRANT INSERT (raw_chunk, raw_offset, raw_length) ON occurrence TO ") + importers,
            QStringLiteral("CREATE TRIGGER scan_raw_check AFTER INSERT ON scan_raw REFERENCING NEW TABLE AS new_rows"
                           " FOR EACH STATEMENT EXECUTE FUNCTION scan_rows_check()")};
}

QStringList serverMigrationRules(const ServerLocation &server, int fromVersion)
{
    QStringList s;
    for (int version = fromVersion + 1; version <= Database::kSchemaVersion; ++version)
        s.append(serverRulesAddedIn(version));
    return expand(server, s);
}

} // namespace secreview

namespace secreview {

QStringList serverTriggerNames(const ServerLocation &server)
{
    static const QRegularExpression trigger(QStringLiteral("^CREATE (?:CONSTRAINT )?TRIGGER (\\w+) "));
    QStringList names;
    for (const QString &statement : serverRules(server)) {
        if (const QRegularExpressionMatch m = trigger.match(statement); m.hasMatch())
            names.append(m.captured(1));
    }
    return names;
}

} // namespace secreview
