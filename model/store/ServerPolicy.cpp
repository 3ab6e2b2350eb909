#include "model/store/ServerSchema.h"

namespace secreview {

// Version 14's rules (serverRules() at init, serverMigrationRules() from an earlier version): the
// project's exemption limits, checked by the server as the client checks them
// (ExemptionWorkflow::checkPolicy, ExemptionPolicy::violation). A request and an approval are
// refused when the highest severity the exemption would cover (its scope's, on approval the scope
// approved) has a longest duration in the project's policy and the duration asked for is longer,
// or permanent; or when the reason needs a URL in this project and none is given. A request names
// one of the reasons by its name and gives no URL but an http(s) one. Unexpanded and complete with
// their grants, so that a migration needs nothing else.
QStringList serverExemptionPolicyRules()
{
    const QString fn = QStringLiteral("LANGUAGE plpgsql SECURITY DEFINER SET search_path = secreview, pg_temp");
    const QString everyone = QStringLiteral("\"%PREFIX%viewer\", \"%PREFIX%developer\", \"%PREFIX%secops\","
                                            " \"%PREFIX%admin\", \"%PREFIX%ci\"");
    return {
        QStringLiteral(R"sql(CREATE FUNCTION exemption_limits_check() RETURNS trigger %1 AS $f$
DECLARE
  reasons text[] := ARRAY['Compensating Controls', 'Acceptable Use', 'Acceptable Risk', 'False Positive',
                          'Fix Unavailable', 'Other'];
  rules jsonb; level bigint; severity text; longest jsonb; asked bigint; reason text; proj_id bigint; place text;
BEGIN
  IF trusted() THEN RETURN NEW; END IF;
  IF TG_OP = 'INSERT' THEN
    IF NOT NEW.reason = ANY (reasons) THEN
      PERFORM refuse(format('an exemption''s reason is one of: %s', array_to_string(reasons, ', ')));
    END IF;
    -- Printable ASCII only (ExemptionWorkflow::urlProblem), no user@ before the host.
    IF coalesce(NEW.url, '') <> ''
       AND NEW.url !~* '^https?://[][A-Za-z0-9._~%!$&''()*+,;=:-]+([/?#][][A-Za-z0-9._~%!$&''()*+,;=:@/?#-]*)?$' THEN
      PERFORM refuse('an exemption''s URL is an http(s) URL');
    END IF;
    -- What the client offers (ExemptionDuration::parse): 1, 7, 30 or 90 days, a date not past, or for ever.
    IF (NEW.duration_days IS NOT NULL AND (NEW.until_date IS NOT NULL OR NEW.duration_days NOT IN (1, 7, 30, 90)))
       OR (NEW.until_date IS NOT NULL AND (NEW.until_date !~ '^\d{4}-\d{2}-\d{2}$'
                                           OR NEW.until_date::date < (clock_timestamp() AT TIME ZONE 'UTC')::date)) THEN
      PERFORM refuse('an exemption lasts 1, 7, 30 or 90 days, until a date (YYYY-MM-DD, not past) or for ever');
    END IF;
  ELSIF NEW.status <> 'approved' OR NEW.approved_at IS NOT DISTINCT FROM OLD.approved_at THEN
    RETURN NEW; -- only a request and an approval are held to the limits
  END IF;
  asked := CASE WHEN NEW.duration_days IS NOT NULL THEN NEW.duration_days
                WHEN NEW.until_date IS NOT NULL
                THEN NEW.until_date::date - (clock_timestamp() AT TIME ZONE 'UTC')::date + 1 END;
  -- A reason as the client reads it (exemptionReasonFromText): letters compared without case or separators.
  reason := coalesce((SELECT r FROM unnest(reasons) r
                       WHERE lower(regexp_replace(r, '[\s_-]+', '', 'g')) = lower(regexp_replace(NEW.reason, '[\s_-]+', '', 'g'))),
                     'Other');
  -- Each project the exemption reaches, with the highest severity of the issue there
  -- (ExemptionStore::coveredSeverityByProject): an approval widened to the organization is held to
  -- every project's limits; the requesting project's hold even where the issue is in no scan (Info).
  FOR proj_id, level IN
    SELECT p.id, max(si.severity) FROM project p
      LEFT JOIN (scan_issue si JOIN issue i ON i.id = si.issue_id AND i.scanner = NEW.scanner AND i.issue_key = NEW.issue_key
                 JOIN target t ON t.id = i.target_id AND (NEW.scope <> 'target' OR t.id = NEW.target_id))
        ON t.project_id = p.id
     WHERE p.id = NEW.project_id OR (NEW.scope = 'organization' AND p.organization_id = NEW.organization_id)
     GROUP BY p.id
    HAVING p.id = NEW.project_id OR count(si.issue_id) > 0
     ORDER BY p.id
  LOOP
    rules := NULL;
    BEGIN -- rules the client cannot read are no rules to it either (ExemptionPolicy::fromJson)
      SELECT ep.rules::jsonb INTO rules FROM exemption_policy ep WHERE ep.project_id = proj_id;
    EXCEPTION WHEN invalid_text_representation THEN rules := NULL;
    END;
    CONTINUE WHEN jsonb_typeof(rules) IS DISTINCT FROM 'object';
    place := CASE WHEN proj_id = NEW.project_id THEN 'in this project'
                  ELSE format('in project %s, which the organization scope covers', (SELECT name FROM project WHERE id = proj_id)) END;
    severity := (ARRAY['info', 'low', 'medium', 'high', 'critical'])[greatest(0, least(4, coalesce(level, 0))) + 1];
    longest := rules -> 'maxDays' -> severity;
    IF jsonb_typeof(longest) = 'number' AND (asked IS NULL OR asked > longest::text::numeric) THEN
      PERFORM refuse(format('exemption policy: %s issues may be exempted for at most %s days %s; asked: %s',
                            initcap(severity), longest::text, place,
                            coalesce(NEW.duration_days || ' days', 'until ' || NEW.until_date, 'permanent')));
    END IF;
    IF jsonb_typeof(rules -> 'urlRequiredReasons') = 'array' AND (rules -> 'urlRequiredReasons') ? reason
       AND coalesce(NEW.url, '') ~ '^\s*$' THEN
      PERFORM refuse(format('exemption policy: the reason %s needs a URL (a ticket or a risk acceptance) %s', reason, place));
    END IF;
  END LOOP;
  RETURN NEW;
END $f$)sql")
            .arg(fn),
        // After exemption_check (triggers fire by name): the row is a valid request or decision.
        QStringLiteral("CREATE TRIGGER exemption_limits_check BEFORE INSERT OR UPDATE ON exemption"
                       " FOR EACH ROW EXECUTE FUNCTION exemption_limits_check()"),
        QStringLiteral("REVOKE EXECUTE ON FUNCTION exemption_limits_check() FROM PUBLIC"),
        QStringLiteral("GRANT EXECUTE ON FUNCTION exemption_limits_check() TO ") + everyone,
    };
}

// Version 14's too: an issue's text from a ci, secops or admin import stays theirs: a developer's
// import (or a developer in psql) neither rewords it nor claims that trust (ScanWriter's upsert).
QStringList serverIssueTextRules()
{
    const QString fn = QStringLiteral("LANGUAGE plpgsql SECURITY DEFINER SET search_path = secreview, pg_temp");
    const QString importers = QStringLiteral("\"%PREFIX%developer\", \"%PREFIX%secops\", \"%PREFIX%admin\", \"%PREFIX%ci\"");
    return {
        QStringLiteral(R"sql(CREATE FUNCTION issue_text_check() RETURNS trigger %1 AS $f$
BEGIN
  -- No mark asked for and none held: nothing to check (a developer's import of new issues).
  IF NEW.text_trusted = 0 AND (TG_OP = 'INSERT' OR OLD.text_trusted = 0) THEN RETURN NEW; END IF;
  IF trusted() OR member('ci') OR member('secops') OR member('admin') THEN RETURN NEW; END IF;
  IF NEW.text_trusted <> 0 AND (TG_OP = 'INSERT' OR OLD.text_trusted = 0) THEN
    PERFORM refuse('only a ci, secops or admin import writes an issue''s text as theirs');
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.text_trusted <> 0
     AND (NEW.rule, NEW.title, NEW.kind, NEW.description, NEW.remediation, NEW.refs, NEW.cwe, NEW.text_trusted)
         IS DISTINCT FROM (OLD.rule, OLD.title, OLD.kind, OLD.description, OLD.remediation, OLD.refs, OLD.cwe, OLD.text_trusted) THEN
    PERFORM refuse(format('issue %s: its text came from a ci, secops or admin import and is theirs to change', OLD.id));
  END IF;
  RETURN NEW;
END $f$)sql")
            .arg(fn),
        QStringLiteral("CREATE TRIGGER issue_text_check BEFORE INSERT OR UPDATE ON issue"
                       " FOR EACH ROW EXECUTE FUNCTION issue_text_check()"),
        QStringLiteral("REVOKE EXECUTE ON FUNCTION issue_text_check() FROM PUBLIC"),
        QStringLiteral("GRANT EXECUTE ON FUNCTION issue_text_check() TO ") + importers,
        QStringLiteral("GRANT INSERT (text_trusted), UPDATE (text_trusted) ON issue TO ") + importers,
    };
}

} // namespace secreview
