#include "TestSupport.h"

#include "UserDirectory.h"

#include <QSqlRecord>
#include <QStandardPaths>
#include <QStringList>

namespace secreview::test {

QString fixture(const QString &relative)
{
    return QStringLiteral(SECREVIEW_FIXTURES "/") + relative;
}

std::unique_ptr<TestDatabase> TestDatabase::create()
{
    QStandardPaths::setTestModeEnabled(true);
    auto t = std::make_unique<TestDatabase>();
    t->db = Database::create(t->path());
    const UserDirectory users(*t->db);
    t->admin = users.createFirstAdmin(QStringLiteral("admin"), password());
    users.addUser(t->admin, QStringLiteral("alice"), password(), {Role::Developer});
    users.addUser(t->admin, QStringLiteral("carol"), password(), {Role::Developer});
    users.addUser(t->admin, QStringLiteral("bob"), password(), {Role::Secops});
    users.addUser(t->admin, QStringLiteral("vera"), password(), {Role::Viewer});
    t->alice = users.authenticate(QStringLiteral("alice"), password());
    t->carol = users.authenticate(QStringLiteral("carol"), password());
    t->bob = users.authenticate(QStringLiteral("bob"), password());
    t->vera = users.authenticate(QStringLiteral("vera"), password());
    return t;
}

QString dumpDatabase(const Database &db)
{
    QStringList out;
    QStringList tables;
    {
        Query q(db, QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
        q.exec();
        while (q.next())
            tables.append(q.value(0).toString());
    }
    for (const QString &table : tables) {
        QSqlQuery q(db.connection());
        q.exec(QStringLiteral("SELECT * FROM \"%1\" ORDER BY 1").arg(table));
        while (q.next()) {
            QStringList row{table};
            for (int i = 0; i < q.record().count(); ++i)
                row.append(q.value(i).toString());
            out.append(row.join(QLatin1Char('|')));
        }
    }
    return out.join(QLatin1Char('\n'));
}

} // namespace secreview::test
