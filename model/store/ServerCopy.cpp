#include "model/store/ServerCopy.h"

#include "model/core/Error.h"
#include "model/store/ServerConnection.h"

#include <QSqlError>
#include <libpq-fe.h>

namespace secreview {
namespace {

constexpr qsizetype kFlushBytes = 4 * 1024 * 1024;

// COPY's text format: backslash, tab, newline and carriage return escaped; \N is NULL.
void appendField(QByteArray &out, const QVariant &value)
{
    if (value.isNull()) {
        out.append("\\N");
        return;
    }
    QByteArray text;
    switch (value.metaType().id()) {
    case QMetaType::Double:
        text = QByteArray::number(value.toDouble(), 'g', 17);
        break;
    case QMetaType::Bool:
        text = value.toBool() ? "1" : "0";
        break;
    default:
        text = value.toString().toUtf8();
    }
    // The runs between escapes go in whole (a byte at a time was most of the client's COPY time).
    const char *run = text.constData();
    const char *const end = run + text.size();
    for (const char *p = run; p < end; ++p) {
        const char *escaped = nullptr;
        switch (*p) {
        case '\\': escaped = "\\\\"; break;
        case '\t': escaped = "\\t"; break;
        case '\n': escaped = "\\n"; break;
        case '\r': escaped = "\\r"; break;
        default: continue;
        }
        out.append(run, p - run).append(escaped, 2);
        run = p + 1;
    }
    out.append(run, end - run);
}

// The server's error as Qt's driver would report it, so that throwSqlError maps it as for any
// other statement (a refusal by the server's rules is NotAllowed).
[[noreturn]] void fail(PGconn *connection, PGresult *result)
{
    const QString state = QString::fromLatin1(result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr);
    const char *primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const QString message = QString::fromUtf8(primary ? primary : PQerrorMessage(connection)).trimmed();
    if (result)
        PQclear(result);
    while (PGresult *rest = PQgetResult(connection))
        PQclear(rest);
    throwSqlError(QSqlError(QStringLiteral("COPY"), message, QSqlError::StatementError, state));
}

} // namespace

ServerCopy::ServerCopy(Database db, const QString &table, const QStringList &columns) : m_db(std::move(db))
{
    m_statement = QStringLiteral("COPY %1(%2) FROM STDIN").arg(table, columns.join(QStringLiteral(", "))).toUtf8();
    m_buffer.reserve(kFlushBytes + 64 * 1024);
}

void ServerCopy::add(const QVariantList &row)
{
    for (qsizetype i = 0; i < row.size(); ++i) {
        if (i)
            m_buffer.append('\t');
        appendField(m_buffer, row.at(i));
    }
    m_buffer.append('\n');
    if (m_buffer.size() >= kFlushBytes)
        flush();
}

void ServerCopy::finish()
{
    flush();
}

void ServerCopy::flush()
{
    if (m_buffer.isEmpty())
        return;
    PGconn *connection = serverConnection(m_db);
    PGresult *started = PQexec(connection, m_statement.constData());
    if (PQresultStatus(started) != PGRES_COPY_IN)
        fail(connection, started);
    PQclear(started);
    if (PQputCopyData(connection, m_buffer.constData(), int(m_buffer.size())) != 1 ||
        PQputCopyEnd(connection, nullptr) != 1)
        fail(connection, nullptr);
    PGresult *done = PQgetResult(connection);
    if (PQresultStatus(done) != PGRES_COMMAND_OK)
        fail(connection, done);
    PQclear(done);
    while (PGresult *rest = PQgetResult(connection))
        PQclear(rest);
    m_buffer.clear();
}

} // namespace secreview
