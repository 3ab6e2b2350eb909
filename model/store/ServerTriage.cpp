#include "model/store/ServerSchema.h"

namespace secreview {

// Version 7's rules (serverRules() at init, serverMigrationRules() from version 6): the triage
// state. A review mark and an assignment are secops' and admins', naming who set them, now; a note
// is anyone's who may read, naming its author, now, and never changes. Each lands with its audit
// entry. Unexpanded (%PREFIX%), and complete with their grants, so that a migration needs nothing
// else.
QStringList serverTriageRules()
{
    QStringList s;
    s.append(serverAuditEntryCheck()); // knows the issue.* actions
    const QString fn = QStringLiteral("LANGUAGE plpgsql SECURITY DEFINER SET search_path = secreview, pg_temp");
    s.append(QStringLiteral(R"sql(CREATE FUNCTION issue_triage_check() RETURNS trigger %1 AS $f$
DECLARE me bigint;
BEGIN
  IF trusted() THEN RETURN NEW; END IF;
  me := require_user();
  PERFORM require_member('secops', 'admin');
  IF TG_OP = 'UPDATE' AND NEW.issue_id IS DISTINCT FROM OLD.issue_id THEN
    PERFORM refuse('a triage row keeps its issue');
  END IF;
  IF (TG_OP = 'INSERT' OR (NEW.reviewed_by, NEW.reviewed_at) IS DISTINCT FROM (OLD.reviewed_by, OLD.reviewed_at))
     AND NEW.reviewed_by IS NOT NULL AND (NEW.reviewed_by IS DISTINCT FROM me OR NOT is_now(NEW.reviewed_at)) THEN
    PERFORM refuse('a review mark names who set it, now');
  END IF;
  IF (TG_OP = 'INSERT' AND (NEW.assignee_id, NEW.assigned_by, NEW.assigned_at) IS DISTINCT FROM (NULL, NULL, NULL))
     OR (TG_OP = 'UPDATE' AND (NEW.assignee_id, NEW.assigned_by, NEW.assigned_at)
                              IS DISTINCT FROM (OLD.assignee_id, OLD.assigned_by, OLD.assigned_at)) THEN
    IF NEW.assigned_by IS DISTINCT FROM me OR NOT is_now(NEW.assigned_at) THEN
      PERFORM refuse('an assignment names who made it, now');
    END IF;
    IF NEW.assignee_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM app_user WHERE id = NEW.assignee_id AND disabled = 0) THEN
      PERFORM refuse('an issue is assigned to an active user');
    END IF;
  END IF;
  RETURN NEW;
END $f$)sql")
                 .arg(fn));
    s.append(QStringLiteral("CREATE TRIGGER issue_triage_check BEFORE INSERT OR UPDATE ON issue_triage"
                            " FOR EACH ROW EXECUTE FUNCTION issue_triage_check()"));
    s.append(QStringLiteral(R"sql(CREATE FUNCTION issue_note_check() RETURNS trigger %1 AS $f$
DECLARE me bigint;
BEGIN
  IF trusted() THEN RETURN NEW; END IF;
  me := require_user();
  IF TG_OP <> 'INSERT' THEN PERFORM refuse('a note is never changed'); END IF;
  IF NEW.author_id IS DISTINCT FROM me OR NOT is_now(NEW.at) THEN
    PERFORM refuse('a note names its author, now');
  END IF;
  IF btrim(NEW.text) = '' OR char_length(NEW.text) > 4000 THEN
    PERFORM refuse('a note has 1 to 4000 characters');
  END IF;
  RETURN NEW;
END $f$)sql")
                 .arg(fn));
    s.append(QStringLiteral("CREATE TRIGGER issue_note_check BEFORE INSERT OR UPDATE ON issue_note"
                            " FOR EACH ROW EXECUTE FUNCTION issue_note_check()"));
    for (const auto &[table, events] : {std::pair{QStringLiteral("issue_triage"), QStringLiteral("INSERT OR UPDATE")},
                                        std::pair{QStringLiteral("issue_note"), QStringLiteral("INSERT")}}) {
        s.append(QStringLiteral("CREATE CONSTRAINT TRIGGER %1_audited AFTER %2 ON %1 DEFERRABLE INITIALLY DEFERRED"
                                " FOR EACH ROW EXECUTE FUNCTION require_audit()")
                     .arg(table, events));
    }
    const QString everyone = QStringLiteral("\"%PREFIX%viewer\", \"%PREFIX%developer\", \"%PREFIX%secops\","
                                            " \"%PREFIX%admin\", \"%PREFIX%ci\"");
    const QString triagers = QStringLiteral("\"%PREFIX%secops\", \"%PREFIX%admin\"");
    s.append(QStringLiteral("REVOKE EXECUTE ON FUNCTION issue_triage_check(), issue_note_check() FROM PUBLIC"));
    s.append(QStringLiteral("GRANT EXECUTE ON FUNCTION issue_triage_check(), issue_note_check() TO ") + everyone);
    s.append(QStringLiteral("GRANT SELECT ON issue_triage, issue_note TO ") + everyone);
    s.append(QStringLiteral("GRANT USAGE ON SEQUENCE issue_note_id_seq TO ") + everyone);
    s.append(QStringLiteral("GRANT SELECT ON SEQUENCE issue_note_id_seq TO \"%PREFIX%admin\""));
    s.append(QStringLiteral("GRANT INSERT (issue_id, reviewed_by, reviewed_at, assignee_id, assigned_by, assigned_at),"
                            " UPDATE (reviewed_by, reviewed_at, assignee_id, assigned_by, assigned_at)"
                            " ON issue_triage TO ") + triagers);
    s.append(QStringLiteral("GRANT INSERT (issue_id, author_id, at, text) ON issue_note TO ") + everyone);
    // A viewer's note is written with its audit entry (audit_entry_check lets a viewer write
    // nothing else: every other action names the roles it needs).
    s.append(QStringLiteral("GRANT INSERT (at, actor, action, object_type, object_id, details, prev_hash, hash)"
                            " ON audit_entry TO \"%PREFIX%viewer\""));
    return s;
}

} // namespace secreview
