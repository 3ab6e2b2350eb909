#include "model/store/ServerSchema.h"

namespace secreview {

// The grants of serverRules() (docs/team-mode.md, "What the server enforces"); the triggers check
// the rows each grant lets in. Statements with %PREFIX% and %OWNER% left for serverRules() to
// expand.
QStringList serverGrants(const ServerLocation &)
{
    QStringList s;
    QStringList groups;
    for (const char *g : {"viewer", "developer", "secops", "admin", "ci"})
        groups.append(QStringLiteral("\"%PREFIX%%1\"").arg(QLatin1String(g)));
    const QString everyone = groups.join(QStringLiteral(", "));
    // Grants. Everyone reads; writers write only where their roles do; no one but the owner
    // updates what the triggers do not check, deletes (but a revoked role) or truncates.
    const QString importers = QStringLiteral("\"%PREFIX%developer\", \"%PREFIX%secops\", \"%PREFIX%admin\", \"%PREFIX%ci\"");
    s.append(QStringLiteral("GRANT USAGE ON SCHEMA secreview TO ") + everyone);
    s.append(QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA secreview TO ") + everyone);
    s.append(QStringLiteral("REVOKE ALL ON sign_in_throttle, scan_in_progress FROM ") + everyone);
    // An admin's pg_dump (db backup) reads every table.
    s.append(QStringLiteral("GRANT SELECT ON sign_in_throttle, scan_in_progress TO \"%PREFIX%admin\""));
    s.append(QStringLiteral("GRANT SELECT ON ALL SEQUENCES IN SCHEMA secreview TO \"%PREFIX%admin\""));
    s.append(QStringLiteral("GRANT USAGE ON ALL SEQUENCES IN SCHEMA secreview TO ") + everyone);
    s.append(QStringLiteral("REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA secreview FROM PUBLIC"));
    s.append(QStringLiteral("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA secreview TO ") + everyone);
    // INSERT by column, never the id: the sequences number rows (an id chosen by hand would put
    // a row first or last where order decides: the first-imported target, the latest audit entry).
    const QString requesters = QStringLiteral("\"%PREFIX%developer\", \"%PREFIX%secops\"");
    const QString deciders = QStringLiteral("\"%PREFIX%secops\", \"%PREFIX%admin\"");
    const QString admins = QStringLiteral("\"%PREFIX%admin\"");
    QStringList inserts;
    for (const auto &[table, excluded, roles] :
         {std::tuple{QStringLiteral("audit_entry"), QStringLiteral("id"), importers},
          std::tuple{QStringLiteral("organization"), QStringLiteral("id"), importers},
          std::tuple{QStringLiteral("project"), QStringLiteral("id,allow_self_approval,gate_scans"), importers},
          std::tuple{QStringLiteral("target"), QStringLiteral("id"), importers},
          std::tuple{QStringLiteral("variant"), QStringLiteral("id"), importers},
          std::tuple{QStringLiteral("scan"), QStringLiteral("id"), importers},
          std::tuple{QStringLiteral("issue"), QStringLiteral("id"), importers},
          std::tuple{QStringLiteral("scan_issue"), QString(), importers},
          std::tuple{QStringLiteral("occurrence"), QStringLiteral("id"), importers},
          std::tuple{QStringLiteral("pipeline"), QStringLiteral("id"), importers},
          std::tuple{QStringLiteral("exemption"), QStringLiteral("id,reviewed_by,reviewed_at,approved_at,expires_at"), requesters},
          std::tuple{QStringLiteral("exemption_event"), QStringLiteral("id"), requesters},
          std::tuple{QStringLiteral("exemption_occurrence"), QString(), requesters},
          std::tuple{QStringLiteral("baseline"), QString(), deciders},
          std::tuple{QStringLiteral("exemption_policy"), QString(), admins},
          std::tuple{QStringLiteral("app_user"), QStringLiteral("id,disabled,failed_logins,locked_until"), admins},
          std::tuple{QStringLiteral("user_role"), QString(), admins}}) {
        inserts.append(QStringLiteral("('%1', '{%2}', '%3')").arg(table, excluded, QString(roles).replace(QLatin1Char('\''), QStringLiteral("''"))));
    }
    s.append(QStringLiteral(R"sql(DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT * FROM (VALUES %1) v(t, excluded, roles) LOOP
    EXECUTE format('GRANT INSERT (%s) ON secreview.%I TO %s',
      (SELECT string_agg(quote_ident(column_name), ', ') FROM information_schema.columns
       WHERE table_schema = 'secreview' AND table_name = r.t AND column_name <> ALL (r.excluded::text[])),
      r.t, r.roles);
  END LOOP;
END $$)sql").arg(inserts.join(QStringLiteral(", "))));
    s.append(QStringLiteral("GRANT UPDATE (scanner, tool_version, baseline_at_import, comparison_scan_id) ON scan TO ") +
             importers);
    s.append(QStringLiteral("GRANT UPDATE (rule, title, kind, description, remediation, refs, cwe) ON issue TO ") +
             importers);
    s.append(QStringLiteral("GRANT UPDATE (status, scope, reviewed_by, reviewed_at, approved_at, expires_at,"
                            " occurrence_level) ON exemption TO ") + requesters);
    s.append(QStringLiteral("GRANT UPDATE (variant_name, pattern, set_by, set_at) ON baseline TO ") + deciders);
    s.append(QStringLiteral("GRANT UPDATE (rules) ON exemption_policy TO ") + admins);
    s.append(QStringLiteral("GRANT UPDATE (allow_self_approval, gate_scans) ON project TO ") + admins);
    // A server counts failed sign-ins itself: the columns for it are not the users' to write.
    s.append(QStringLiteral("GRANT UPDATE (password_hash) ON app_user TO ") + everyone);
    s.append(QStringLiteral("GRANT UPDATE (disabled, failed_logins, locked_until) ON app_user TO \"%PREFIX%admin\""));
    s.append(QStringLiteral("GRANT DELETE ON user_role TO ") + admins);
    return s;
}

} // namespace secreview
