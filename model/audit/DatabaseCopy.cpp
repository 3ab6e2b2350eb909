#include "model/audit/DatabaseCopy.h"

#include "model/core/Error.h"
#include "model/store/AuditLog.h"
#include "model/store/ServerPassword.h"
#include "model/store/TableCopy.h"
#include "model/users/PasswordHasher.h"

#include <QCryptographicHash>
#include <QJsonObject>
#include <QRandomGenerator>

namespace secreview {
namespace {

QString oneTimePassword()
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    QString out;
    for (int i = 0; i < 20; ++i)
        out.append(QLatin1Char(alphabet[QRandomGenerator::system()->bounded(int(sizeof(alphabet) - 1))]));
    return out;
}

QString where(const Database &db)
{
    return db.isServer() ? db.server().display() : db.location();
}

} // namespace

CopyResult copyDatabaseTo(const Session &actor, const Database &from, const QString &to, const ServerLogin &serverAdmin)
{
    actor.require(Permission::BackUpDatabase, QStringLiteral("copy the database"));
    if (const std::optional<qint64> broken = AuditLog(from).firstBrokenEntry())
        throw Error(ErrorKind::Failed, QStringLiteral("the audit chain of %1 is broken at entry %2: audit verify says "
                                                      "more; a copy would hide where")
                                           .arg(where(from))
                                           .arg(*broken));
    CopyResult result;
    result.to = to;
    Database::create(
        to,
        [&](const Database &copy) {
            QHash<QString, QString> stored; // user -> what the copy's row holds
            copyTables(from, copy, [&](const QString &name) {
                const QString password = oneTimePassword();
                result.passwords.append({name, password});
                QString hash;
                if (copy.isServer()) {
                    hash = serverPasswordVerifier(copy, serverLoginName(name), password);
                    stored.insert(name, serverStoredPassword(hash));
                } else {
                    hash = PasswordHasher::hash(password);
                    stored.insert(name, hash);
                }
                return hash;
            });
            const AuditLog log(copy);
            for (const auto &[name, password] : std::as_const(result.passwords)) {
                const QString digest = QString::fromLatin1(
                    QCryptographicHash::hash(stored.value(name).toUtf8(), QCryptographicHash::Sha256).toHex());
                log.append(actor.name(), QStringLiteral("user.passwd"), QStringLiteral("user"), name,
                           {{QStringLiteral("passwordDigest"), digest},
                            {QStringLiteral("reason"), QStringLiteral("one-time password set by db copy from %1").arg(where(from))}});
            }
            result.entries = log.head().entries;
        },
        serverAdmin);
    // The source records the copy once it exists (a refused copy leaves no trace of one).
    Transaction tx(from);
    AuditLog(from).append(actor.name(), QStringLiteral("database.copy"), QStringLiteral("database"),
                          from.isServer() ? from.server().database : from.location(),
                          QJsonObject{{QStringLiteral("to"), ServerLocation::isServerLocation(to)
                                                                 ? ServerLocation::parse(to).display()
                                                                 : to},
                                      {QStringLiteral("entries"), result.entries}});
    tx.commit();
    return result;
}

} // namespace secreview
