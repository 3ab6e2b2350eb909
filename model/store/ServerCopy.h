#pragma once

#include "model/store/Database.h"

#include <QByteArray>
#include <QStringList>
#include <QVariantList>

namespace secreview {

// Rows into a server's table by COPY ... FROM STDIN (text format) on this thread's connection,
// inside its open transaction: a bulk import's fast path (one statement per few megabytes instead
// of a round trip per row). The server's row triggers check every row as for an INSERT; a refused
// row fails the COPY (NotAllowed, as throwSqlError says). Only for a server database.
class ServerCopy
{
public:
    ServerCopy(Database db, const QString &table, const QStringList &columns);
    ServerCopy(const ServerCopy &) = delete;
    ServerCopy &operator=(const ServerCopy &) = delete;

    void add(const QVariantList &row); // in the columns' order; a null QVariant is NULL
    void finish();                     // sends what is buffered

private:
    void flush();

    Database m_db;
    QByteArray m_statement;
    QByteArray m_buffer;
};

} // namespace secreview
