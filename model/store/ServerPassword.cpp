#include "model/store/ServerPassword.h"

#include "model/core/Error.h"
#include "model/store/ServerConnection.h"

#include <QCryptographicHash>
#include <QSqlDriver>
#include <libpq-fe.h>

namespace secreview {

PGconn *serverConnection(const Database &db)
{
    // QPSQL hands out its PGconn* (named "PGconn*" or "pg_conn*" by Qt's versions).
    const QVariant handle = db.connection().driver()->handle();
    if (!db.isServer() || !handle.isValid() ||
        (qstrcmp(handle.typeName(), "PGconn*") != 0 && qstrcmp(handle.typeName(), "pg_conn*") != 0))
        throw Error(ErrorKind::DatabaseUnavailable, QStringLiteral("not connected to a PostgreSQL server"));
    return *static_cast<PGconn *const *>(handle.constData());
}

QString serverPasswordVerifier(const Database &db, const QString &login, const QString &password)
{
    PGconn *connection = serverConnection(db);
    char *verifier = PQencryptPasswordConn(connection, password.toUtf8().constData(), login.toUtf8().constData(),
                                           "scram-sha-256");
    if (!verifier)
        throw Error(ErrorKind::DatabaseUnavailable,
                    QStringLiteral("cannot make the server's password verifier: %1")
                        .arg(QString::fromUtf8(PQerrorMessage(connection)).trimmed()));
    const QString out = QString::fromUtf8(verifier);
    PQfreemem(verifier);
    return out;
}

QString serverStoredPassword(const QString &verifier)
{
    return QStringLiteral("server:") +
           QString::fromLatin1(QCryptographicHash::hash(verifier.toUtf8(), QCryptographicHash::Sha256).toHex());
}

} // namespace secreview
