#pragma once

#include "model/store/Database.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QStringList>
#include <span>

namespace secreview {

// Rows into a server's table by COPY ... FROM STDIN (text format) on this thread's connection,
// inside its open transaction: a bulk import's fast path (one statement per few megabytes instead
// of a round trip per row). The server's row triggers check every row as for an INSERT; a refused
// row fails the COPY (NotAllowed, as throwSqlError says). Only for a server database.
//
// The server works on one batch while the next is built: a batch's outcome is read by settle(),
// which must come before anything else uses the connection (finish() and the destructor do).
class ServerCopy
{
public:
    // One value: its text as UTF-8 (numbers as their decimal text), or NULL.
    struct Field
    {
        QByteArrayView utf8;
        bool null = false;
    };

    ServerCopy(Database db, const QString &table, const QStringList &columns);
    ~ServerCopy();
    ServerCopy(const ServerCopy &) = delete;
    ServerCopy &operator=(const ServerCopy &) = delete;

    void add(std::span<const Field> row); // in the columns' order
    // The server's answer to the batch it is working on, if any (throws what it refused).
    void settle();
    void finish(); // sends what is buffered and settles

private:
    void send();

    Database m_db;
    QByteArray m_statement;
    QByteArray m_buffer;
    bool m_pending = false;
};

} // namespace secreview
