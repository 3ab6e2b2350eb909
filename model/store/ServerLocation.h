#pragma once

#include <QString>

namespace secreview {

// A team database's location: postgresql://[user@]host[:port]/dbname[?sslmode=...&sslrootcert=...]
// (docs/team-mode.md). The database name also names the server's group roles (NAME_secops, ...),
// so it is 1-40 lower-case letters, digits or '_' starting with a letter. A password in the
// location is refused: it would sit in shell histories and process lists (SECREVIEW_PASSWORD).
struct ServerLocation
{
    QString user; // may be empty: the signed-in user's name is used
    QString host;
    int port = 5432;
    QString database;
    QString sslMode;     // libpq's sslmode; empty: libpq's default (prefer)
    QString sslRootCert; // a CA file for sslmode=verify-ca / verify-full
    QString connectTimeout;

    static bool isServerLocation(const QString &location); // starts with postgresql:// or postgres://
    // Throws Usage naming what is wrong with the location.
    static ServerLocation parse(const QString &location);

    QString rolePrefix() const { return database + QLatin1Char('_'); }
    QString groupRole(const QString &roleKey) const { return rolePrefix() + roleKey; }
    QString ownerRole() const { return rolePrefix() + QStringLiteral("owner"); }
    // libpq's connection options as QPSQL takes them (QSqlDatabase::setConnectOptions).
    QString connectOptions() const;
    // The location without anything secret, as shown to the user.
    QString display() const;
};

// A server login's name for a secreview user name: names are one namespace without regard to
// case (decision 49), the server's are case-sensitive, so logins are lower case.
QString serverLoginName(const QString &userName);

} // namespace secreview
