#include "model/store/ServerLocation.h"

#include "model/core/Error.h"

#include <QRegularExpression>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

namespace secreview {

bool ServerLocation::isServerLocation(const QString &location)
{
    return location.startsWith(QLatin1String("postgresql://")) || location.startsWith(QLatin1String("postgres://"));
}

ServerLocation ServerLocation::parse(const QString &location)
{
    auto refuse = [&](const QString &why) {
        throw Error(ErrorKind::Usage, QStringLiteral("bad team database location '%1': %2 (the form is "
                                                     "postgresql://[user@]host[:port]/dbname[?sslmode=...])")
                                          .arg(location.left(200), why));
    };
    const QUrl url(location, QUrl::StrictMode);
    if (!url.isValid())
        refuse(url.errorString());
    const QString authority = location.section(QStringLiteral("://"), 1).section(QLatin1Char('/'), 0, 0);
    if (!url.password().isEmpty() ||
        (authority.contains(QLatin1Char('@')) && authority.section(QLatin1Char('@'), 0, -2).contains(QLatin1Char(':'))))
        refuse(QStringLiteral("a password does not belong in the location; set SECREVIEW_PASSWORD"));
    if (!url.fragment().isEmpty())
        refuse(QStringLiteral("a location has no #fragment"));
    ServerLocation s;
    s.user = url.userName();
    s.host = url.host();
    if (s.host.isEmpty())
        refuse(QStringLiteral("no host"));
    s.port = url.port(5432);
    if (s.port < 1 || s.port > 65535)
        refuse(QStringLiteral("the port is 1-65535"));
    s.database = url.path().mid(1);
    static const QRegularExpression name(QStringLiteral("^[a-z][a-z0-9_]{0,39}$"));
    if (!name.match(s.database).hasMatch())
        refuse(QStringLiteral("the database name is 1-40 lower-case letters, digits or '_' starting with a "
                              "letter (it names the server's roles: NAME_secops, ...)"));
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("sslmode")) {
            static const QStringList modes{QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"),
                                           QStringLiteral("require"), QStringLiteral("verify-ca"),
                                           QStringLiteral("verify-full")};
            if (!modes.contains(value))
                refuse(QStringLiteral("sslmode is one of %1").arg(modes.join(QStringLiteral(", "))));
            s.sslMode = value;
        } else if (key == QLatin1String("sslrootcert")) {
            s.sslRootCert = value;
        } else if (key == QLatin1String("connect_timeout")) {
            bool ok = false;
            const int seconds = value.toInt(&ok);
            if (!ok || seconds < 1 || seconds > 600)
                refuse(QStringLiteral("connect_timeout is 1-600 seconds"));
            s.connectTimeout = QString::number(seconds);
        } else {
            refuse(QStringLiteral("unknown option '%1' (sslmode, sslrootcert, connect_timeout)").arg(key));
        }
    }
    for (const QString &value : {s.sslRootCert, s.user}) {
        if (value.contains(QLatin1Char(';')) || value.contains(QLatin1Char('\'')) || value.contains(QLatin1Char('\\')))
            refuse(QStringLiteral("';', quotes and backslashes are not allowed in its values"));
    }
    return s;
}

QString ServerLocation::connectOptions() const
{
    QStringList options{QStringLiteral("connect_timeout=%1").arg(connectTimeout.isEmpty() ? QStringLiteral("10")
                                                                                        : connectTimeout),
                        QStringLiteral("application_name=secreview")};
    if (!sslMode.isEmpty())
        options.append(QStringLiteral("sslmode=%1").arg(sslMode));
    if (!sslRootCert.isEmpty())
        options.append(QStringLiteral("sslrootcert=%1").arg(sslRootCert));
    return options.join(QLatin1Char(';'));
}

QString ServerLocation::display() const
{
    return QStringLiteral("postgresql://%1%2:%3/%4")
        .arg(user.isEmpty() ? QString() : user + QLatin1Char('@'), host)
        .arg(port)
        .arg(database);
}

QString serverLoginName(const QString &userName)
{
    return userName.toLower();
}

} // namespace secreview
