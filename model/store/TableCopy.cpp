#include "model/store/TableCopy.h"

#include "model/core/Error.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStringList>

namespace secreview {
namespace {

struct Table
{
    const char *name;
    const char *order;
    bool serial; // an id from a sequence (a server's must move past the copied keys)
};

// Parents first; the audit log last, after everything it reports.
constexpr Table kTables[] = {
    {"app_user", "id", true},           {"user_role", "user_id, role", false},
    {"organization", "id", true},       {"project", "id", true},
    {"target", "id", true},             {"variant", "id", true},
    {"baseline", "target_id", false},   {"pipeline", "id", true},
    {"scan_deletion", "scan_id", false}, // before scan: its sequence moves past these ids too
    {"scan", "id", true},               {"scan_raw", "scan_id, chunk", false},
    {"issue", "id", true},
    {"scan_issue", "scan_id, issue_id", false},
    {"occurrence", "id", true},         {"exemption", "id", true},
    {"exemption_occurrence", "exemption_id, fingerprint", false},
    {"exemption_event", "id", true},    {"exemption_policy", "project_id", false},
    {"issue_triage", "issue_id", false}, {"issue_note", "id", true},
    {"audit_entry", "id", true},
};

} // namespace

void copyTables(const Database &from, const Database &to, const std::function<QString(const QString &)> &passwordFor)
{
    for (const Table &table : kTables) {
        const QString name = QString::fromLatin1(table.name);
        QSqlQuery read(from.connection());
        read.setForwardOnly(true);
        if (!read.exec(QStringLiteral("SELECT * FROM %1 ORDER BY %2").arg(name, QLatin1String(table.order))))
            throwSqlError(read.lastError());
        const QSqlRecord record = read.record();
        QStringList columns, placeholders;
        for (int i = 0; i < record.count(); ++i) {
            columns.append(record.fieldName(i));
            placeholders.append(QStringLiteral("?"));
        }
        QSqlQuery write(to.connection());
        if (!write.prepare(QStringLiteral("INSERT INTO %1(%2) VALUES (%3)")
                               .arg(name, columns.join(QStringLiteral(", ")), placeholders.join(QStringLiteral(", ")))))
            throwSqlError(write.lastError());
        const int passwordColumn = name == QLatin1String("app_user") ? record.indexOf(QStringLiteral("password_hash")) : -1;
        const int nameColumn = record.indexOf(QStringLiteral("name"));
        while (read.next()) {
            for (int i = 0; i < record.count(); ++i) {
                QVariant value = read.value(i);
                if (i == passwordColumn)
                    value = passwordFor(read.value(nameColumn).toString());
                write.bindValue(i, value);
            }
            if (!write.exec())
                throwSqlError(write.lastError());
        }
        if (table.serial && to.isServer()) {
            // Past deleted scans' ids too (a deleted latest scan's id is never given again).
            const QString highest = name == QLatin1String("scan")
                                        ? QStringLiteral("(SELECT max(i) FROM (SELECT max(id) AS i FROM scan UNION ALL"
                                                         " SELECT max(scan_id) FROM scan_deletion) m)")
                                        : QStringLiteral("(SELECT max(id) FROM %1)").arg(name);
            QSqlQuery sequence(to.connection());
            if (!sequence.exec(QStringLiteral("SELECT setval(pg_get_serial_sequence('secreview.%1', 'id'), %2)"
                                              " WHERE EXISTS (SELECT 1 FROM %1)")
                                   .arg(name, highest)))
                throwSqlError(sequence.lastError());
        }
    }
}

} // namespace secreview
