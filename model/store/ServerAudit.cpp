#include "model/store/ServerSchema.h"

namespace secreview {

// The audit log's trigger function: append-only, its author, the server's time, the chain, and for
// each action who may write it and the row of this transaction it reports. CREATE OR REPLACE: a
// version that adds actions replaces it (serverRulesAddedIn).
QString serverAuditEntryCheck()
{
    return QStringLiteral(R"sql(CREATE OR REPLACE FUNCTION audit_entry_check() RETURNS trigger %1 AS $f$
DECLARE prev text; expected text; details jsonb; oid bigint; tied boolean;
BEGIN
  IF NOT trusted() THEN PERFORM require_read_committed(); END IF;
  PERFORM pg_advisory_xact_lock(%LOCK%);
  SELECT hash INTO prev FROM audit_entry ORDER BY id DESC LIMIT 1;
  IF prev IS NULL THEN prev := repeat('0', 64); END IF;
  IF NEW.prev_hash IS DISTINCT FROM prev THEN
    PERFORM refuse('an audit entry continues the chain from the latest entry');
  END IF;
  expected := encode(sha256(convert_to(NEW.prev_hash || chr(31) || NEW.at::text || chr(31) || NEW.actor
    || chr(31) || NEW.action || chr(31) || NEW.object_type || chr(31) || NEW.object_id || chr(31)
    || NEW.details, 'UTF8')), 'hex');
  IF NEW.hash IS DISTINCT FROM expected THEN
    PERFORM refuse('an audit entry''s hash is the hash of its fields');
  END IF;
  IF trusted() THEN RETURN NEW; END IF;
  IF NEW.actor IS DISTINCT FROM acting_name() THEN
    PERFORM refuse(format('an audit entry names its author: %s, not %s', session_user, NEW.actor));
  END IF;
  IF NOT is_now(NEW.at) THEN
    PERFORM refuse('an audit entry carries the server''s time');
  END IF;
  BEGIN
    details := NEW.details::jsonb;
  EXCEPTION WHEN others THEN
    PERFORM refuse('an audit entry''s details are JSON');
  END;
  oid := CASE WHEN NEW.object_id ~ '^[0-9]{1,18}$' THEN NEW.object_id::bigint END;
  -- Each action: who may write it, and the row of this transaction it reports.
  IF NEW.action IN ('exemption.request', 'exemption.cancel', 'exemption.reopen',
                    'exemption.approve', 'exemption.reject', 'exemption.delete') THEN
    IF NEW.action IN ('exemption.approve', 'exemption.reject', 'exemption.delete') THEN
      PERFORM require_member('secops');
    ELSE
      PERFORM require_member('developer', 'secops');
    END IF;
    tied := NEW.object_type = 'exemption' AND EXISTS (SELECT 1 FROM exemption e WHERE e.id = oid
              AND e.xmin::text = this_xact() AND e.status = details -> 'state' ->> 'status'
              AND e.scope = details -> 'state' ->> 'scope');
  ELSIF NEW.action = 'scan.import' THEN
    PERFORM require_member('developer', 'secops', 'admin', 'ci');
    tied := NEW.object_type = 'scan' AND coalesce(details ->> 'seal', '') LIKE 'v_ %%'
            AND EXISTS (SELECT 1 FROM scan_in_progress WHERE xact = this_xact8() AND scan_id = oid);
  ELSIF NEW.action = 'scan.delete' THEN
    PERFORM require_member('secops');
    tied := NEW.object_type = 'scan' AND EXISTS (SELECT 1 FROM scan_deletion d WHERE d.scan_id = oid
              AND d.xact = this_xact8()) AND NOT EXISTS (SELECT 1 FROM scan WHERE id = oid);
  ELSIF NEW.action = 'pipeline.import' THEN
    PERFORM require_member('developer', 'secops', 'admin', 'ci');
    tied := NEW.object_type = 'pipeline' AND EXISTS (SELECT 1 FROM pipeline p WHERE p.identifier = NEW.object_id
              AND p.xmin::text = this_xact());
  ELSIF NEW.action = 'baseline.set' THEN
    PERFORM require_member('secops', 'admin');
    tied := NEW.object_type = 'target' AND EXISTS (SELECT 1 FROM baseline b WHERE b.xmin::text = this_xact());
  ELSIF NEW.action = 'project.policy' THEN
    PERFORM require_member('admin');
    tied := NEW.object_type = 'project' AND (EXISTS (SELECT 1 FROM exemption_policy x WHERE x.xmin::text = this_xact())
              OR EXISTS (SELECT 1 FROM project x WHERE x.name = NEW.object_id AND x.xmin::text = this_xact()));
  ELSIF NEW.action IN ('user.add', 'user.passwd', 'user.disable', 'user.enable') THEN
    IF NOT (NEW.action = 'user.passwd' AND lower(NEW.object_id) = session_user::text) THEN
      PERFORM require_member('admin');
    END IF;
    tied := NEW.object_type = 'user' AND EXISTS (SELECT 1 FROM app_user u WHERE lower(u.name) = lower(NEW.object_id)
              AND u.xmin::text = this_xact());
  ELSIF NEW.action IN ('database.copy', 'database.backup') THEN
    PERFORM require_member('admin');
    tied := NEW.object_type = 'database';
  ELSIF NEW.action IN ('user.grant', 'user.revoke') THEN
    PERFORM require_member('admin');
    tied := NEW.object_type = 'user' AND EXISTS (SELECT 1 FROM app_user u WHERE lower(u.name) = lower(NEW.object_id));
  ELSIF NEW.action IN ('issue.review', 'issue.unreview', 'issue.assign') THEN
    PERFORM require_member('secops', 'admin');
    tied := NEW.object_type = 'issue' AND EXISTS (SELECT 1 FROM issue_triage t WHERE t.issue_id = oid
              AND t.xmin::text = this_xact());
  ELSIF NEW.action = 'issue.note' THEN
    tied := NEW.object_type = 'issue' AND EXISTS (SELECT 1 FROM issue_note n WHERE n.issue_id = oid
              AND n.id::text = details ->> 'note' AND n.author_id = acting_id() AND n.xmin::text = this_xact());
  ELSE
    PERFORM refuse(format('secreview does not write %s entries on a server', NEW.action));
  END IF;
  IF NOT tied THEN
    PERFORM refuse(format('an audit entry %s reports a change of %s %s made in the same transaction',
                          NEW.action, NEW.object_type, NEW.object_id));
  END IF;
  RETURN NEW;
END $f$)sql")
        .arg(QStringLiteral("LANGUAGE plpgsql SECURITY DEFINER SET search_path = secreview, pg_temp"));
}

} // namespace secreview
