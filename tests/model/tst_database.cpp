// The database foundation: schema version and migrations, pragmas, refusal of newer schemas and
// foreign files, users with Argon2id passwords and roles.
#include "Database.h"
#include "Error.h"
#include "PasswordHasher.h"
#include "TestSupport.h"
#include "UserDirectory.h"

#include <QFile>
#include <QSqlQuery>
#include <QTest>

using namespace secreview;
using namespace secreview::test;

class TestDatabaseAndUsers : public QObject
{
    Q_OBJECT

private slots:
    void schemaAndPragmas()
    {
        auto t = TestDatabase::create();
        QCOMPARE(t->db->schemaVersion(), Database::kSchemaVersion);
        QCOMPARE(Query(*t->db, QStringLiteral("PRAGMA journal_mode")).scalar().toString(),
                 QStringLiteral("wal"));
        QCOMPARE(Query(*t->db, QStringLiteral("PRAGMA foreign_keys")).scalar().toInt(), 1);
        for (const char *table :
             {"project", "target", "variant", "baseline", "scan", "issue", "scan_issue", "occurrence",
              "app_user", "user_role", "exemption", "exemption_event", "audit_entry", "pipeline"}) {
            QVERIFY2(Query(*t->db, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = :n"))
                             .bind(QStringLiteral(":n"), QString::fromLatin1(table))
                             .scalar()
                             .toInt() == 1,
                     table);
        }
        // Foreign keys are enforced, not decoration.
        QSqlQuery q(t->db->connection());
        QVERIFY(!q.exec(QStringLiteral("INSERT INTO variant(target_id, name) VALUES (4242, 'x')")));
    }

    void refusesNewerSchemaAndForeignFiles()
    {
        auto t = TestDatabase::create();
        Query(*t->db, QStringLiteral("UPDATE meta SET value = '99' WHERE key = 'schema_version'")).exec();
        expectError(ErrorKind::DatabaseUnavailable, [&] { Database::open(t->path()); });

        QTemporaryDir dir;
        const QString other = dir.filePath(QStringLiteral("other.db"));
        {
            QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
            raw.setDatabaseName(other);
            QVERIFY(raw.open());
            QSqlQuery(raw).exec(QStringLiteral("CREATE TABLE t(x)"));
            raw.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw"));
        expectError(ErrorKind::DatabaseUnavailable, [&] { Database::open(other); });
        expectError(ErrorKind::DatabaseUnavailable,
                    [&] { Database::open(dir.filePath(QStringLiteral("missing.db"))); });
        QFile garbage(dir.filePath(QStringLiteral("garbage.db")));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(4096, 'x'));
        garbage.close();
        expectError(ErrorKind::DatabaseUnavailable, [&] { Database::open(garbage.fileName()); });
        expectError(ErrorKind::Usage, [&] { Database::create(t->path()); }); // exists
    }

    void passwordsAreArgon2id()
    {
        auto t = TestDatabase::create();
        const QString stored =
            Query(*t->db, QStringLiteral("SELECT password_hash FROM app_user WHERE name = 'alice'"))
                .scalar()
                .toString();
        QVERIFY(stored.startsWith(QLatin1String("$argon2id$")));
        QVERIFY(!stored.contains(TestDatabase::password()));
        QVERIFY(PasswordHasher::verify(stored, TestDatabase::password()));
        QVERIFY(!PasswordHasher::verify(stored, QStringLiteral("test-Secret-2")));
        // Same password, different salt.
        QVERIFY(PasswordHasher::hash(QStringLiteral("same-password")) !=
                PasswordHasher::hash(QStringLiteral("same-password")));
    }

    void signInAndRoles()
    {
        auto t = TestDatabase::create();
        const UserDirectory users(*t->db);
        expectError(ErrorKind::NotAllowed,
                    [&] { users.authenticate(QStringLiteral("alice"), QStringLiteral("wrong-password")); });
        expectError(ErrorKind::NotAllowed,
                    [&] { users.authenticate(QStringLiteral("nobody"), TestDatabase::password()); });
        QVERIFY(t->alice.has(Role::Developer));
        QVERIFY(!t->alice.has(Role::Secops));

        expectError(ErrorKind::NotAllowed, [&] {
            users.addUser(t->bob, QStringLiteral("eve"), TestDatabase::password(), {Role::Admin});
        });
        expectError(ErrorKind::Usage, [&] {
            users.addUser(t->admin, QStringLiteral("eve"), QStringLiteral("short"), {Role::Viewer});
        });
        expectError(ErrorKind::Usage, [&] {
            users.addUser(t->admin, QStringLiteral("bad name"), TestDatabase::password(), {Role::Viewer});
        });
        expectError(ErrorKind::Usage, [&] {
            users.addUser(t->admin, QStringLiteral("alice"), TestDatabase::password(), {Role::Viewer});
        });

        users.grant(t->admin, QStringLiteral("alice"), Role::Secops);
        QVERIFY(users.authenticate(QStringLiteral("alice"), TestDatabase::password()).has(Role::Secops));
        users.revoke(t->admin, QStringLiteral("alice"), Role::Secops);
        QVERIFY(!users.authenticate(QStringLiteral("alice"), TestDatabase::password()).has(Role::Secops));
        expectError(ErrorKind::Usage,
                    [&] { users.revoke(t->admin, QStringLiteral("admin"), Role::Admin); }); // the last admin
        expectError(ErrorKind::NotFound,
                    [&] { users.grant(t->admin, QStringLiteral("nobody"), Role::Viewer); });

        users.setPassword(t->alice, QStringLiteral("alice"), QStringLiteral("a-new-Secret"));
        QVERIFY(users.authenticate(QStringLiteral("alice"), QStringLiteral("a-new-Secret")).isValid());
        expectError(ErrorKind::NotAllowed, [&] {
            users.setPassword(t->alice, QStringLiteral("bob"), QStringLiteral("a-new-Secret"));
        });
        QCOMPARE(users.list(t->admin).size(), 5);
        expectError(ErrorKind::NotAllowed, [&] { users.list(t->alice); });
    }
};

QTEST_GUILESS_MAIN(TestDatabaseAndUsers)
#include "tst_database.moc"
