#include "model/store/ServerCopy.h"

#include "model/core/Error.h"
#include "model/store/ServerConnection.h"

#include <QSqlError>
#include <libpq-fe.h>

namespace secreview {
namespace {

constexpr qsizetype kFlushBytes = 4 * 1024 * 1024;

// COPY's text format: backslash, tab, newline and carriage return escaped; \N is NULL.
void appendField(QByteArray &out, const ServerCopy::Field &field)
{
    if (field.null) {
        out.append("\\N");
        return;
    }
    // The runs between escapes go in whole (a byte at a time was most of the client's COPY time).
    const char *run = field.utf8.data();
    const char *const end = run + field.utf8.size();
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

ServerCopy::~ServerCopy()
{
    // A batch still at work (an import that failed or was cancelled): its answer is read before
    // the connection rolls the transaction back (libpq would discard it there too; read here, no
    // statement of the rollback's ever meets it).
    if (m_pending) {
        PGconn *connection = serverConnection(m_db);
        while (PGresult *rest = PQgetResult(connection))
            PQclear(rest);
    }
}

void ServerCopy::add(std::span<const Field> row)
{
    for (size_t i = 0; i < row.size(); ++i) {
        if (i)
            m_buffer.append('\t');
        appendField(m_buffer, row[i]);
    }
    m_buffer.append('\n');
    if (m_buffer.size() >= kFlushBytes)
        send();
}

void ServerCopy::finish()
{
    send();
    settle();
}

// One COPY per batch, its end sent without waiting for the server's answer: the server
// parses and stores it while this thread builds the next batch (the two took turns, and the
// import took their sum).
void ServerCopy::send()
{
    if (m_buffer.isEmpty())
        return;
    settle();
    PGconn *connection = serverConnection(m_db);
    PGresult *started = PQexec(connection, m_statement.constData());
    if (PQresultStatus(started) != PGRES_COPY_IN)
        fail(connection, started);
    PQclear(started);
    if (PQputCopyData(connection, m_buffer.constData(), int(m_buffer.size())) != 1 ||
        PQputCopyEnd(connection, nullptr) != 1)
        fail(connection, nullptr);
    m_pending = true;
    m_buffer.truncate(0); // the allocation is kept for the next batch
}

void ServerCopy::settle()
{
    if (!m_pending)
        return;
    m_pending = false;
    PGconn *connection = serverConnection(m_db);
    PGresult *done = PQgetResult(connection);
    if (PQresultStatus(done) != PGRES_COMMAND_OK)
        fail(connection, done);
    PQclear(done);
    while (PGresult *rest = PQgetResult(connection))
        PQclear(rest);
}

} // namespace secreview
