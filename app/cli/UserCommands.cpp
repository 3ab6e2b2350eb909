// init, user and demo: the database's accounts.
#include "app/cli/CliOutput.h"
#include "app/cli/Commands.h"
#include "model/core/Error.h"
#include "model/demo/DemoDatabase.h"
#include "model/report/AuditJson.h"
#include "model/users/PasswordHasher.h"
#include "model/users/UserDirectory.h"

#include <QJsonArray>

namespace secreview::cli {
namespace {

Role parseRole(const QString &text)
{
    const auto role = roleFromKey(text);
    if (!role)
        throw Error(ErrorKind::Usage,
                    QStringLiteral("role '%1' is not one of %2").arg(text, roleKeys().join(QStringLiteral(", "))));
    return *role;
}

QString needName(const Context &c)
{
    const QString name = c.args().positionals.value(2);
    if (name.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("'user %1' needs a user name").arg(c.verb()));
    return name;
}

int addUser(const Context &c, const UserDirectory &users, const Database &db)
{
    const QString name = needName(c);
    QList<Role> roles;
    for (const QString &r : c.args()
                                .required(QStringLiteral("--role"), QStringLiteral("user add"))
                                .split(QLatin1Char(','), Qt::SkipEmptyParts))
        roles.append(parseRole(r));
    const Session actor = c.signIn(db);
    const QString pass = c.password("SECREVIEW_NEW_PASSWORD", QStringLiteral("Password for %1: ").arg(name));
    const UserInfo u = users.addUser(actor, name, pass, roles);
    c.print(QStringLiteral("added %1").arg(name), {{QStringLiteral("user"), json::user(u)}});
    return 0;
}

int listUsers(const Context &c, const UserDirectory &users, const Database &db)
{
    const Session actor = c.signIn(db);
    QJsonArray list;
    QString text;
    for (const UserInfo &u : users.list(actor)) {
        QStringList names;
        for (Role r : u.roles)
            names.append(roleKey(r));
        list.append(json::user(u));
        text += QStringLiteral("%1 %2%3\n")
                    .arg(padded(u.name, 20), names.join(QStringLiteral(",")),
                         u.disabled ? QStringLiteral(" (disabled)") : QString());
    }
    c.print(text, {{QStringLiteral("users"), list}});
    return 0;
}

} // namespace

// On a team server init and demo connect as the server administrator named in the location, with
// SECREVIEW_SERVER_PASSWORD (else libpq's own: PGPASSWORD, ~/.pgpass); docs/team-mode.md.
static ServerLogin serverAdministrator(const QString &location)
{
    if (!ServerLocation::isServerLocation(location))
        return {};
    return {ServerLocation::parse(location).user, qEnvironmentVariable("SECREVIEW_SERVER_PASSWORD")};
}

int initCommand(const Context &c)
{
    c.args().allowOnly({QStringLiteral("--admin")}, QStringLiteral("init"));
    c.args().allowPositionals(1, QStringLiteral("init"));
    const QString admin = c.args().required(QStringLiteral("--admin"), QStringLiteral("init"));
    UserDirectory::checkName(admin);
    QString pass = qEnvironmentVariable("SECREVIEW_NEW_PASSWORD");
    if (pass.isEmpty())
        pass = c.password("SECREVIEW_PASSWORD", QStringLiteral("Password for the new admin %1: ").arg(admin));
    const QString location = c.databaseLocation();
    PasswordHasher::checkAcceptable(pass);
    Database::create(
        location, [&](const Database &db) { UserDirectory(db).createFirstAdmin(admin, pass); },
        serverAdministrator(location));
    c.print(QStringLiteral("created %1 with admin %2").arg(location, admin),
            {{QStringLiteral("database"), location}, {QStringLiteral("admin"), admin}});
    return 0;
}

int userCommand(const Context &c)
{
    const QString verb = c.verb();
    c.args().allowOnly({QStringLiteral("--role")}, QStringLiteral("user ") + verb);
    c.args().allowPositionals(verb == QLatin1String("list")                                         ? 2
                              : verb == QLatin1String("grant") || verb == QLatin1String("revoke") ? 4
                                                                                                     : 3,
                              QStringLiteral("user ") + verb);
    const Database db = c.openDatabase();
    const UserDirectory users(db);
    if (verb == QLatin1String("add"))
        return addUser(c, users, db);
    if (verb == QLatin1String("list"))
        return listUsers(c, users, db);
    if (verb == QLatin1String("grant") || verb == QLatin1String("revoke")) {
        const QString name = needName(c);
        const Role role = parseRole(c.args().positionals.value(3));
        const Session actor = c.signIn(db);
        if (verb == QLatin1String("grant"))
            users.grant(actor, name, role);
        else
            users.revoke(actor, name, role);
        c.print(
            QStringLiteral("%1 %2 %3")
                .arg(verb == QLatin1String("grant") ? QStringLiteral("granted") : QStringLiteral("revoked"),
                     roleKey(role), name),
            {{QStringLiteral("user"), name},
             {QStringLiteral("role"), roleKey(role)},
             {QStringLiteral("action"), verb}});
        return 0;
    }
    if (verb == QLatin1String("disable") || verb == QLatin1String("enable")) {
        const QString name = needName(c);
        const Session actor = c.signIn(db);
        users.setDisabled(actor, name, verb == QLatin1String("disable"));
        c.print(QStringLiteral("%1 %2d").arg(name, verb),
                {{QStringLiteral("user"), name}, {QStringLiteral("action"), verb}});
        return 0;
    }
    if (verb == QLatin1String("passwd")) {
        const QString name = needName(c);
        const Session actor = c.signIn(db);
        users.setPassword(
            actor, name,
            c.password("SECREVIEW_NEW_PASSWORD", QStringLiteral("New password for %1: ").arg(name)));
        c.print(QStringLiteral("password of %1 changed").arg(name), {{QStringLiteral("user"), name}});
        return 0;
    }
    throw Error(ErrorKind::Usage,
                QStringLiteral("user needs one of add, list, grant, revoke, passwd, disable, enable"));
}

int demoCommand(const Context &c)
{
    c.args().allowOnly({}, QStringLiteral("demo"));
    c.args().allowPositionals(1, QStringLiteral("demo"));
    const QString location = c.databaseLocation();
    DemoDatabase::create(location, serverAdministrator(location));
    QString text = QStringLiteral("created the demo database %1\nusers (demo passwords):\n").arg(location);
    QJsonArray users;
    for (const DemoDatabase::Account &a : DemoDatabase::accounts()) {
        text +=
            QStringLiteral("  %1 %2 password: %3\n").arg(padded(a.name, 6), padded(a.role, 10), a.password);
        users.append(QJsonObject{{QStringLiteral("name"), a.name},
                                 {QStringLiteral("role"), a.role},
                                 {QStringLiteral("password"), a.password}});
    }
    c.print(text, {{QStringLiteral("database"), location}, {QStringLiteral("users"), users}});
    return 0;
}

} // namespace secreview::cli
