#include "model/store/ServerSchema.h"

namespace secreview {
namespace {
const QString fn = QStringLiteral("LANGUAGE plpgsql SECURITY DEFINER SET search_path = secreview, pg_temp");
} // namespace

// Scans: imported by the login that writes them (a ci account's mark only by a ci account),
// their rows written in the importing transaction only; nothing changes afterwards, but the
// comparison of a scan whose comparison scan this transaction deletes (scan_delete, version 13).
QString serverScanCheck()
{
    return QStringLiteral(R"sql(CREATE OR REPLACE FUNCTION scan_check() RETURNS trigger %1 AS $f$
DECLARE me bigint;
BEGIN
  IF trusted() THEN RETURN NEW; END IF;
  me := require_user();
  IF TG_OP = 'INSERT' THEN
    PERFORM require_member('developer', 'secops', 'admin', 'ci');
    IF NEW.imported_by IS DISTINCT FROM me OR NOT is_now(NEW.imported_at) THEN
      PERFORM refuse('a scan names its importer, the signed-in user, and the server''s time');
    END IF;
    IF NEW.imported_by_ci <> 0 AND NOT member('ci') THEN
      PERFORM refuse('only a ci account imports CI''s scans');
    END IF;
    RETURN NEW;
  END IF;
  IF (NEW.id, NEW.target_id, NEW.variant_id, NEW.format, NEW.file_name, NEW.file_sha256, NEW.file_size,
      NEW.imported_at, NEW.imported_by, NEW.pipeline_identifier, NEW.step_identifier, NEW.execution,
      NEW.imported_by_ci)
     IS DISTINCT FROM
     (OLD.id, OLD.target_id, OLD.variant_id, OLD.format, OLD.file_name, OLD.file_sha256, OLD.file_size,
      OLD.imported_at, OLD.imported_by, OLD.pipeline_identifier, OLD.step_identifier, OLD.execution,
      OLD.imported_by_ci)
     OR NOT (EXISTS (SELECT 1 FROM scan_in_progress WHERE xact = this_xact8() AND scan_id = OLD.id)
             OR (NEW.baseline_at_import IS NOT DISTINCT FROM OLD.baseline_at_import
                 AND EXISTS (SELECT 1 FROM scan_deletion d WHERE d.xact = this_xact8()
                             AND d.scan_id = OLD.comparison_scan_id))) THEN
    PERFORM refuse(format('scan %s is as it was imported: no one changes it', OLD.id));
  END IF;
  RETURN NEW;
END $f$)sql")
        .arg(fn);
}

// scan_delete(id) (version 13; version 14 replaces it: the replacement comparison under a 'ci'
// gate policy is a ci account's scan).
QString serverScanDeleteFunction()
{
    return QStringLiteral(R"sql(CREATE OR REPLACE FUNCTION scan_delete(p_scan bigint) RETURNS jsonb %1 AS $f$
DECLARE me bigint; s record; replacement bigint; recomputed jsonb;
BEGIN
  me := require_user();
  PERFORM require_member('secops');
  SELECT id, target_id, variant_id, scanner, imported_at INTO s FROM scan WHERE id = p_scan FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = format('secreview: no scan with id %s', p_scan);
  END IF;
  -- Under a 'ci' gate policy a ci account's scan (ScanDeletion::remove, decision 92).
  SELECT p.id INTO replacement FROM scan p WHERE p.variant_id = s.variant_id AND p.scanner = s.scanner
    AND (p.imported_by_ci = 1 OR (SELECT pr.gate_scans FROM target t JOIN project pr ON pr.id = t.project_id
                                  WHERE t.id = s.target_id) <> 'ci')
    AND (p.imported_at < s.imported_at OR (p.imported_at = s.imported_at AND p.id < s.id))
    ORDER BY p.imported_at DESC, p.id DESC LIMIT 1;
  INSERT INTO scan_deletion(scan_id, deleted_at, deleted_by, xact) VALUES (p_scan, now_ms(), me, this_xact8());
  SELECT coalesce(jsonb_agg(id ORDER BY id), '[]'::jsonb) INTO recomputed FROM scan WHERE comparison_scan_id = p_scan;
  UPDATE scan SET comparison_scan_id = replacement WHERE comparison_scan_id = p_scan;
  DELETE FROM occurrence WHERE scan_id = p_scan;
  DELETE FROM scan_raw WHERE scan_id = p_scan;
  DELETE FROM scan_issue WHERE scan_id = p_scan;
  DELETE FROM scan WHERE id = p_scan;
  RETURN jsonb_build_object('replacement', replacement, 'recomputed', recomputed);
END $f$)sql")
        .arg(fn);
}

// Version 13: `scan delete` (issue 16). SecOps call scan_delete(id), which deletes the scan and
// its rows as the owner, compares the scans that were compared with it with the scan before it,
// and marks the deletion with this transaction; the audit entry (scan.delete) is the client's,
// tied to that mark by audit_entry_check, and required at commit.
QStringList serverScanDeletionRules()
{
    return {serverScanCheck(), serverAuditEntryCheck(), serverScanDeleteFunction(),
            QStringLiteral(R"sql(CREATE OR REPLACE FUNCTION scan_deletion_audited() RETURNS trigger %1 AS $f$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM audit_entry a WHERE a.action = 'scan.delete' AND a.object_type = 'scan'
                 AND a.object_id = NEW.scan_id::text AND a.xmin::text = this_xact()) THEN
    PERFORM refuse(format('scan %s is deleted with its audit entry, in one transaction', NEW.scan_id));
  END IF;
  RETURN NULL;
END $f$)sql")
                .arg(fn),
            QStringLiteral("CREATE CONSTRAINT TRIGGER scan_deletion_audited AFTER INSERT ON scan_deletion"
                           " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION scan_deletion_audited()"),
            QStringLiteral("REVOKE ALL ON scan_deletion FROM PUBLIC"),
            QStringLiteral("GRANT SELECT ON scan_deletion TO \"%PREFIX%viewer\", \"%PREFIX%developer\","
                           " \"%PREFIX%secops\", \"%PREFIX%admin\", \"%PREFIX%ci\""),
            QStringLiteral("REVOKE EXECUTE ON FUNCTION scan_delete(bigint), scan_deletion_audited() FROM PUBLIC"),
            QStringLiteral("GRANT EXECUTE ON FUNCTION scan_delete(bigint) TO \"%PREFIX%secops\"")};
}

} // namespace secreview
