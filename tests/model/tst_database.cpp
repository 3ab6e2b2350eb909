// The database foundation: schema version and migrations, pragmas, refusal of newer schemas and
// foreign files, users with Argon2id passwords and roles.
#include "model/core/Clock.h"
#include "model/core/Error.h"
#include "model/core/Sha256.h"
#include "model/audit/AuditVerification.h"
#include "model/exemptions/GateEvidence.h"
#include "model/scans/IssueQuery.h"
#include "model/input/InputFile.h"
#include "model/scans/Catalog.h"
#include "model/scans/Gate.h"
#include "model/scans/RawEntries.h"
#include "model/scans/ScanImporter.h"
#include "model/scans/ScanWriter.h"
#include "model/store/AuditLog.h"
#include "model/store/Database.h"
#include "model/users/PasswordHasher.h"
#include "model/users/UserDirectory.h"
#include "tests/TestSupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <thread>

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
        // A 64 MiB page cache (negative: KiB), so a large import's index pages stay in memory.
        QCOMPARE(Query(*t->db, QStringLiteral("PRAGMA cache_size")).scalar().toInt(), -65536);
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

    void migratesAnOlderSchema()
    {
        auto t = TestDatabase::create();
        // Take the database back to version 1: without the sign-in throttling columns (version 2)
        // the policy table (version 3), occurrence-level exemptions (version 4), the raw view (5)
        // what version 6 adds (names without case, throttles, gate scans), the triage tables (7)
        // the counting index (8), the search index (9), the raw entries' chunks and the title and rule
        // indexes (10), the occurrences and scanner indexes (11), the comparison recorded at import (12),
        // the deleted scans (13), whose text an issue has (14).
        Query(*t->db, QStringLiteral("ALTER TABLE issue DROP COLUMN text_trusted")).exec(); // version 14
        Query(*t->db, QStringLiteral("DROP TABLE scan_deletion")).exec(); // version 13
        Query(*t->db, QStringLiteral("ALTER TABLE scan DROP COLUMN comparison_scan_id")).exec(); // version 12
        Query(*t->db, QStringLiteral("ALTER TABLE scan DROP COLUMN baseline_at_import")).exec();
        Query(*t->db, QStringLiteral("DROP INDEX scan_issue_by_occurrences")).exec(); // version 11
        Query(*t->db, QStringLiteral("DROP INDEX issue_by_scanner")).exec();
        Query(*t->db, QStringLiteral("ALTER TABLE app_user DROP COLUMN failed_logins")).exec();
        Query(*t->db, QStringLiteral("ALTER TABLE app_user DROP COLUMN locked_until")).exec();
        Query(*t->db, QStringLiteral("DROP TABLE exemption_policy")).exec();     // version 3
        Query(*t->db, QStringLiteral("DROP TABLE exemption_occurrence")).exec(); // version 4
        Query(*t->db, QStringLiteral("ALTER TABLE exemption DROP COLUMN occurrence_level")).exec();
        Query(*t->db, QStringLiteral("ALTER TABLE occurrence DROP COLUMN raw")).exec(); // version 5
        Query(*t->db, QStringLiteral("ALTER TABLE occurrence DROP COLUMN suppression")).exec();
        Query(*t->db, QStringLiteral("DROP INDEX app_user_name_nocase")).exec(); // version 6
        Query(*t->db, QStringLiteral("DROP TABLE sign_in_throttle")).exec();
        Query(*t->db, QStringLiteral("ALTER TABLE project DROP COLUMN gate_scans")).exec();
        Query(*t->db, QStringLiteral("ALTER TABLE scan DROP COLUMN imported_by_ci")).exec();
        Query(*t->db, QStringLiteral("DROP INDEX audit_entry_object")).exec();
        Query(*t->db, QStringLiteral("DROP TABLE issue_triage")).exec(); // version 7
        Query(*t->db, QStringLiteral("DROP TABLE issue_note")).exec();
        Query(*t->db, QStringLiteral("DROP INDEX scan_issue_counts")).exec(); // version 8
        Query(*t->db, QStringLiteral("DROP TABLE issue_search")).exec();     // version 9
        for (const char *trigger : {"issue_search_insert", "issue_search_delete", "issue_search_update"})
            Query(*t->db, QStringLiteral("DROP TRIGGER %1").arg(QLatin1String(trigger))).exec();
        Query(*t->db, QStringLiteral("DROP TABLE scan_raw")).exec(); // version 10
        Query(*t->db, QStringLiteral("DROP INDEX issue_by_title")).exec();
        Query(*t->db, QStringLiteral("DROP INDEX issue_by_rule")).exec();
        for (const char *column : {"raw_chunk", "raw_offset", "raw_length"})
            Query(*t->db, QStringLiteral("ALTER TABLE occurrence DROP COLUMN %1").arg(QLatin1String(column))).exec();
        Query(*t->db, QStringLiteral("UPDATE meta SET value = '1' WHERE key = 'schema_version'")).exec();
        const Database reopened = Database::open(t->path());
        QCOMPARE(reopened.schemaVersion(), Database::kSchemaVersion);
        QCOMPARE(Query(reopened, QStringLiteral("SELECT count(text_trusted) FROM issue")).scalar().toInt(), 0);
        // The file as it was is kept beside it, readable by its owner only, at its old version.
        const QString backup = t->path() + QStringLiteral(".schema-v1.bak");
        QVERIFY(QFileInfo::exists(backup));
        QCOMPARE(QFileInfo(backup).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        {
            QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old"));
            raw.setDatabaseName(backup);
            QVERIFY(raw.open());
            QSqlQuery q(raw);
            QVERIFY(q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("1"));
            q.finish();
            raw.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("old"));
        // Opening the migrated file again takes no second copy.
        Database::open(t->path());
        QVERIFY(!QFileInfo::exists(t->path() + QStringLiteral(".schema-v7.bak")));
        QVERIFY(!QFileInfo::exists(t->path() + QStringLiteral(".schema-v1.2.bak")));
        QCOMPARE(Query(reopened, QStringLiteral("SELECT count(*) FROM app_user WHERE failed_logins = 0"))
                     .scalar()
                     .toInt(),
                 5);
        QVERIFY(UserDirectory(reopened)
                    .authenticate(QStringLiteral("alice"), TestDatabase::password())
                    .isValid());
    }

    // The console's live refresh rests on the change stamp: it moves when another connection
    // commits (another process, a sqlite3 shell) and when this one logs a change, and stays put
    // while nothing changes.
    void changeStampMovesOnChangesOnly()
    {
        auto t = TestDatabase::create();
        const QString first = t->db->changeStamp();
        QCOMPARE(t->db->changeStamp(), first);
        {
            QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other"));
            other.setDatabaseName(t->path());
            QVERIFY(other.open());
            QVERIFY(QSqlQuery(other).exec(QStringLiteral("UPDATE app_user SET failed_logins = failed_logins + 1")));
            other.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("other"));
        const QString second = t->db->changeStamp();
        QVERIFY(second != first);
        QCOMPARE(t->db->changeStamp(), second);
        {
            Transaction tx(*t->db);
            AuditLog(*t->db).append(QStringLiteral("admin"), QStringLiteral("test.note"), QStringLiteral("test"),
                                    QStringLiteral("1"), {});
            tx.commit();
        }
        QVERIFY(t->db->changeStamp() != second);
    }

    void failedSignInsAreSlowedAndLogged()
    {
        auto t = TestDatabase::create();
        const UserDirectory users(*t->db);
        const QDateTime start = QDateTime::currentDateTimeUtc();
        Clock::setOverride(start);
        for (int i = 0; i < UserDirectory::kFreeAttempts; ++i)
            expectError(ErrorKind::NotAllowed, [&] {
                users.authenticate(QStringLiteral("bob"), QStringLiteral("guess-%1").arg(i));
            });
        // Now even the right password is refused until the lockout has passed.
        try {
            users.authenticate(QStringLiteral("bob"), TestDatabase::password());
            QFAIL("signed in during the lockout");
        } catch (const Error &e) {
            QVERIFY2(e.message().contains(QLatin1String("try again in 5 s")), qPrintable(e.message()));
        }
        Clock::setOverride(start.addSecs(6));
        QVERIFY(users.authenticate(QStringLiteral("bob"), TestDatabase::password()).isValid());
        // The counter starts again after a success.
        expectError(ErrorKind::NotAllowed,
                    [&] { users.authenticate(QStringLiteral("bob"), QStringLiteral("guess")); });
        QVERIFY(users.authenticate(QStringLiteral("bob"), TestDatabase::password()).isValid());
        Clock::setOverride({});
        QCOMPARE(UserDirectory::lockoutMs(UserDirectory::kFreeAttempts + 1), 10000);
        QCOMPARE(UserDirectory::lockoutMs(40), 15 * 60 * 1000);

        int logged = 0;
        for (const AuditEntry &e : AuditLog(*t->db).entries())
            logged += e.action == QLatin1String("auth.failure") && e.objectId == QLatin1String("bob");
        QCOMPARE(logged, UserDirectory::kFreeAttempts + 1);
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

    void onlyAdminManagesUsers()
    {
        // secops reviews exemptions; it does not make itself (or anyone) admin.
        auto t = TestDatabase::create();
        const UserDirectory users(*t->db);
        expectError(ErrorKind::NotAllowed, [&] { users.grant(t->bob, QStringLiteral("bob"), Role::Admin); });
        expectError(ErrorKind::NotAllowed,
                    [&] { users.revoke(t->bob, QStringLiteral("alice"), Role::Developer); });
        expectError(ErrorKind::NotAllowed, [&] { users.setDisabled(t->bob, QStringLiteral("alice"), true); });
        expectError(ErrorKind::NotAllowed, [&] { users.list(t->bob); });
        QVERIFY(!users.authenticate(QStringLiteral("bob"), TestDatabase::password()).has(Role::Admin));
        QVERIFY(users.authenticate(QStringLiteral("alice"), TestDatabase::password()).has(Role::Developer));
    }

    // The hashes of the bulk paths: libsodium's SHA-256 and the stream hashed on a second thread
    // (past its first 1 MiB chunk) give the digests QCryptographicHash gives.
    void sha256StreamMatchesOneShot()
    {
        QCOMPARE(Sha256::hash({}), QCryptographicHash::hash({}, QCryptographicHash::Sha256));
        QByteArray data(5 * 1024 * 1024 + 12345, Qt::Uninitialized);
        quint32 x = 2463534242u;
        for (char &c : data) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            c = char(x);
        }
        const QByteArray expected = QCryptographicHash::hash(data, QCryptographicHash::Sha256);
        QCOMPARE(Sha256::hash(data), expected);
        Sha256Stream stream;
        qsizetype at = 0;
        for (qsizetype piece = 1; at < data.size(); piece = piece * 7 % 300007 + 1) {
            const qsizetype n = qMin(piece, data.size() - at);
            stream.addData(data.constData() + at, n);
            at += n;
        }
        QCOMPARE(stream.result(), expected);
        Sha256Stream empty;
        QCOMPARE(empty.result(), QCryptographicHash::hash({}, QCryptographicHash::Sha256));
    }

    // An import large enough for the seal to be hashed on its thread and the file to be parsed in
    // place: what the import recorded is what the rows give back (audit verify holds), and a raw
    // entry with multi-byte UTF-8 and an escaped U+0000 is stored exactly as written.
    void largeImportSealsWhatItStored()
    {
        auto t = TestDatabase::create();
        QFile f(t->dir.filePath(QStringLiteral("large.sarif")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"Big\"}},\"results\":[");
        for (int i = 0; i < 6000; ++i) {
            const QString result = QStringLiteral(
                "%1{\"ruleId\":\"r%2\",\"level\":\"warning\",\"message\":{\"text\":\"Größe \\u0000 %3 – ünïcödé\"},"
                "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"src/a%3.py\"},"
                "\"region\":{\"startLine\":%4}}}]}");
            f.write(result.arg(i ? QStringLiteral(",") : QString()).arg(i % 300).arg(i).arg(i + 1).toUtf8());
        }
        f.write("]}]}");
        f.close();
        QVERIFY(f.size() > 1024 * 1024);
        ImportRequest r;
        r.path = f.fileName();
        r.target = QStringLiteral("big");
        r.variant = QStringLiteral("main");
        ImportControl control;
        const ImportResult result = ScanImporter(*t->db).import(t->bob, r, &control);
        QCOMPARE(result.occurrences, 6000);
        QCOMPARE(control.results.load(), qint64(6000)); // what the console's progress shows
        QCOMPARE(result.issues, 300);
        QVERIFY2(verifyAudit(*t->db).isEmpty(), qPrintable(verifyAudit(*t->db).join(QLatin1Char('\n'))));
        const IssueDetails d = IssueQuery(*t->db).details(IssueQuery(*t->db).list(IssueQuery(*t->db).scopeForScan(result.scanId), {}).first().id,
                                                          result.scanId);
        QVERIFY(!d.occurrences.isEmpty());
        const OccurrenceRow &o = d.occurrences.first();
        QVERIFY2(o.raw.contains(QStringLiteral("Größe \\u0000 ")), qPrintable(o.raw));
        QVERIFY(o.raw.contains(QStringLiteral("– ünïcödé")));
        QVERIFY(o.message.startsWith(QStringLiteral("Größe \uFFFD ")));
        // What a scanner did not give is NULL, as Qt's driver stored a null string, not ''.
        QSqlQuery nulls(t->db->connection());
        QVERIFY(nulls.exec(QStringLiteral("SELECT COUNT(*) FROM occurrence WHERE package IS NULL"
                                          " AND installed_version IS NULL AND suppression IS NULL")));
        QVERIFY(nulls.next());
        QCOMPARE(nulls.value(0).toInt(), 6000);
        // Sealed bytes and stored bytes agree row by row: a changed message is caught.
        QSqlQuery(t->db->connection()).exec(QStringLiteral("UPDATE occurrence SET message = 'x' WHERE id = %1").arg(o.id));
        QVERIFY(!verifyAudit(*t->db).isEmpty());
    }

    // Decision 83: the importer reads on a thread of its own while the caller's thread stores.
    // Errors keep the order of a single loop: a reading error after thousands of findings (more
    // than wait between the threads) is the first one in the file and leaves nothing behind; a
    // Cancel while the reader is ahead (blocked on a full hand-over) stops both without a hang.
    void readingAndStoringSideBySide()
    {
        auto t = TestDatabase::create();
        const auto write = [&](const QString &name, int count, const QList<int> &badLevels) {
            QFile f(t->dir.filePath(name));
            if (!f.open(QIODevice::WriteOnly))
                return QString();
            f.write("{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"Big\"}},\"results\":[");
            for (int i = 0; i < count; ++i) {
                const QString level = badLevels.contains(i) ? QStringLiteral("7") : QStringLiteral("\"error\"");
                f.write(QStringLiteral("%1{\"ruleId\":\"r%2\",\"level\":%3,\"message\":{\"text\":\"m %4\"},"
                                       "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":"
                                       "\"src/a%4.py\"},\"region\":{\"startLine\":%5}}}]}")
                            .arg(i ? QStringLiteral(",") : QString())
                            .arg(i % 97)
                            .arg(level)
                            .arg(i)
                            .arg(i + 1)
                            .toUtf8());
            }
            f.write("]}]}");
            return f.fileName();
        };
        const QString before = auditReport(*t->db).head;
        ImportRequest r;
        r.target = QStringLiteral("side");
        r.variant = QStringLiteral("main");
        for (const int first : {0, 255, 256, 5000}) {
            r.path = write(QStringLiteral("bad-%1.sarif").arg(first), 6000, {first, first + 700});
            QVERIFY(!r.path.isEmpty());
            ImportControl control;
            try {
                ScanImporter(*t->db).import(t->bob, r, &control);
                QFAIL("a file with a bad result was imported");
            } catch (const Error &e) {
                QCOMPARE(e.kind(), ErrorKind::BadInput);
                QCOMPARE(e.message(), QStringLiteral("%1: at $.runs[0].results[%2].level: expected a string, found "
                                                     "a number")
                                          .arg(r.path)
                                          .arg(first));
            }
            // Every finding before the bad one was stored (then rolled back), none after it.
            QCOMPARE(control.results.load(), qint64(first));
            QVERIFY(Catalog(*t->db).scans().isEmpty());
            QCOMPARE(auditReport(*t->db).head, before);
        }

        // Cancel once a thousand findings are stored, from another thread, as the console does.
        r.path = write(QStringLiteral("long.sarif"), 20000, {});
        ImportControl control;
        std::thread canceller([&control] {
            while (control.results.load() < 1000)
                std::this_thread::yield();
            control.cancel = true;
        });
        try {
            ScanImporter(*t->db).import(t->bob, r, &control);
            canceller.join();
            QFAIL("a cancelled import went through");
        } catch (const Error &e) {
            canceller.join();
            QVERIFY2(e.message().endsWith(QLatin1String("long.sarif: import cancelled: nothing of it was imported")),
                     qPrintable(e.message()));
        }
        QVERIFY(control.results.load() >= 1000 && control.results.load() < 20000);
        QVERIFY(Catalog(*t->db).scans().isEmpty());
        QCOMPARE(auditReport(*t->db).head, before);

        // And the same file whole: every finding, in the file's order (the occurrences' ids).
        control.cancel = false;
        control.results = 0;
        const ImportResult result = ScanImporter(*t->db).import(t->bob, r, &control);
        QCOMPARE(result.occurrences, 20000);
        QCOMPARE(result.issues, 97);
        QSqlQuery order(t->db->connection());
        QVERIFY(order.exec(QStringLiteral("SELECT line FROM occurrence WHERE scan_id = %1 ORDER BY id").arg(result.scanId)));
        int expected = 1;
        while (order.next())
            QCOMPARE(order.value(0).toInt(), expected++);
        QCOMPARE(expected, 20001);
        QVERIFY2(verifyAudit(*t->db).isEmpty(), qPrintable(verifyAudit(*t->db).join(QLatin1Char('\n'))));
    }

    // Decision 79: a scan's raw entries are kept once, in compressed chunks. Every occurrence
    // shows its own entry exactly, whichever chunk holds it; a chunk changed, unreadable, claiming
    // more than it holds (or gigabytes), or a place outside its chunk is caught by the seal and
    // shown as unreadable, never read blindly; an occurrence whose entry is in occurrence.raw (an
    // import of an earlier release) still shows and verifies.
    void rawEntriesAreKeptOncePerScan()
    {
        auto t = TestDatabase::create();
        QFile f(t->dir.filePath(QStringLiteral("chunks.sarif")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"Chunky\"}},\"results\":[");
        QHash<QString, QString> written; // file path -> the result as written (compact already)
        for (int i = 0; i < 3000; ++i) {
            const QString result = QStringLiteral(
                "{\"ruleId\":\"r%1\",\"level\":\"error\",\"message\":{\"text\":\"Finding %2 é � %3\"},"
                "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"lib/m%2.c\"},"
                "\"region\":{\"startLine\":%4}}}]}")
                                       .arg(i % 40)
                                       .arg(i)
                                       .arg(QString(i % 7 * 40, QLatin1Char('x')))
                                       .arg(i + 1);
            written.insert(QStringLiteral("lib/m%1.c").arg(i), result);
            f.write((i ? QStringLiteral(",") : QString()).toUtf8() + result.toUtf8());
        }
        f.write("," + written.value(QStringLiteral("lib/m0.c")).toUtf8()); // the first once more, last
        f.write("]}]}");
        f.close();
        ImportRequest r;
        r.path = f.fileName();
        r.target = QStringLiteral("chunky");
        r.variant = QStringLiteral("main");
        const ImportResult result = ScanImporter(*t->db).import(t->bob, r);
        const QString scan = QString::number(result.scanId);
        QCOMPARE(result.occurrences, 3001);
        QCOMPARE(Query(*t->db, QStringLiteral("SELECT count(*) FROM occurrence WHERE raw IS NOT NULL")).scalar().toInt(), 0);
        QVERIFY(Query(*t->db, QStringLiteral("SELECT count(*) FROM scan_raw WHERE scan_id = %1").arg(scan)).scalar().toInt() >= 3);

        const IssueQuery query(*t->db);
        const auto everyRaw = [&] { // file path -> its entry (lib/m0.c's two, when they agree)
            QHash<QString, QString> shown;
            for (const IssueRow &issue : query.list(query.scopeForScan(result.scanId), {}))
                for (const OccurrenceRow &o : query.details(issue.id, result.scanId).occurrences) {
                    const auto seen = shown.constFind(o.filePath);
                    shown.insert(o.filePath, seen == shown.cend() || *seen == o.raw ? o.raw : QStringLiteral("(two differ)"));
                }
            return shown;
        };
        QCOMPARE(everyRaw(), written);
        QVERIFY(verifyAudit(*t->db).isEmpty());

        // Each way of changing a chunk or a place, undone after it is caught.
        const auto caught = [&](const QString &change, const QString &undo) {
            QSqlQuery q(t->db->connection());
            QVERIFY2(q.exec(change), qPrintable(q.lastError().text()));
            const QStringList problems = verifyAudit(*t->db);
            QVERIFY2(problems.join(QLatin1Char(' ')).contains(
                         QStringLiteral("scan %1 (chunks.sarif) was changed after its import: its occurrences").arg(scan)),
                     qPrintable(change + QLatin1String(": ") + problems.join(QLatin1Char(' '))));
            QVERIFY(everyRaw() != written);
            QVERIFY2(q.exec(undo), qPrintable(q.lastError().text()));
            QCOMPARE(everyRaw(), written);
        };
        QSqlQuery chunk(t->db->connection());
        QVERIFY(chunk.exec(QStringLiteral("SELECT size, data FROM scan_raw WHERE scan_id = %1 AND chunk = 1").arg(scan)));
        QVERIFY(chunk.next());
        const qint64 size = chunk.value(0).toLongLong();
        const QByteArray data = chunk.value(1).toByteArray();
        chunk.finish();
        QByteArray inflated = qUncompress(QByteArray(4, '\0') + data); // qUncompress's own header, unknown size
        QCOMPARE(qint64(inflated.size()), size);
        const QString restore = QStringLiteral("UPDATE scan_raw SET size = %1, data = x'%2' WHERE scan_id = %3 AND chunk = 1")
                                    .arg(size)
                                    .arg(QString::fromLatin1(data.toHex()), scan);
        inflated.replace("Finding", "Findinh"); // a chunk rewritten, well formed
        caught(QStringLiteral("UPDATE scan_raw SET data = x'%1' WHERE scan_id = %2 AND chunk = 1")
                   .arg(QString::fromLatin1(qCompress(inflated, 1).mid(4).toHex()), scan),
               restore);
        caught(QStringLiteral("UPDATE scan_raw SET data = x'00ff00ff' WHERE scan_id = %1 AND chunk = 1").arg(scan), restore);
        caught(QStringLiteral("UPDATE scan_raw SET size = size - 1 WHERE scan_id = %1 AND chunk = 1").arg(scan), restore);
        caught(QStringLiteral("UPDATE scan_raw SET size = 1099511627776 WHERE scan_id = %1 AND chunk = 1").arg(scan),
               restore);
        // A small row that inflates to 64 MiB and more: refused at the size it claims.
        caught(QStringLiteral("UPDATE scan_raw SET size = %1, data = x'%2' WHERE scan_id = %3 AND chunk = 1")
                   .arg(RawEntryReader::kMaxChunk + 1)
                   .arg(QString::fromLatin1(qCompress(QByteArray(RawEntryReader::kMaxChunk + 1, 'a'), 9).mid(4).toHex()),
                        scan),
               restore);
        caught(QStringLiteral("DELETE FROM scan_raw WHERE scan_id = %1 AND chunk = 1").arg(scan),
               QStringLiteral("INSERT INTO scan_raw(scan_id, chunk, size, data) VALUES (%1, 1, %2, x'%3')")
                   .arg(scan)
                   .arg(size)
                   .arg(QString::fromLatin1(data.toHex())));
        const QString first = QStringLiteral("(SELECT min(id) FROM occurrence WHERE scan_id = %1)").arg(scan);
        for (const QString &place : {QStringLiteral("raw_offset = raw_offset + 1"), QStringLiteral("raw_offset = 1099511627776"),
                                     QStringLiteral("raw_length = -1"), QStringLiteral("raw_chunk = 999"),
                                     QStringLiteral("raw_length = NULL"), QStringLiteral("raw_offset = NULL")})
            caught(QStringLiteral("UPDATE occurrence SET %1 WHERE id = %2").arg(place, first),
                   QStringLiteral("UPDATE occurrence SET raw_chunk = 0, raw_offset = 0, raw_length = %1 WHERE id = %2")
                       .arg(written.value(QStringLiteral("lib/m0.c")).toUtf8().size())
                       .arg(first));

        // Places are in the order of the import: the last occurrence pointed at the first one's
        // entry (the same bytes) is a changed scan, read without inflating a chunk again.
        const QString last = QStringLiteral("(SELECT max(id) FROM occurrence WHERE scan_id = %1)").arg(scan);
        QSqlQuery lastPlace(t->db->connection());
        QVERIFY(lastPlace.exec(QStringLiteral("SELECT raw_chunk, raw_offset FROM occurrence WHERE id = %1").arg(last)));
        QVERIFY(lastPlace.next());
        const QString restoreLast = QStringLiteral("UPDATE occurrence SET raw_chunk = %1, raw_offset = %2 WHERE id = %3")
                                        .arg(lastPlace.value(0).toLongLong())
                                        .arg(lastPlace.value(1).toLongLong())
                                        .arg(last);
        lastPlace.finish();
        QVERIFY(QSqlQuery(t->db->connection()).exec(
            QStringLiteral("UPDATE occurrence SET raw_chunk = 0, raw_offset = 0 WHERE id = %1").arg(last)));
        QCOMPARE(everyRaw(), written); // the same text
        QVERIFY(!verifyAudit(*t->db).isEmpty());
        QVERIFY(QSqlQuery(t->db->connection()).exec(restoreLast));
        QVERIFY(verifyAudit(*t->db).isEmpty());
        // U+FFFE stored where the import wrote U+FFFD reads back as the import's: SQLite itself
        // reads U+FFFE as U+FFFD (noncharactersReadBackAsStored), and the Raw tab shows what the
        // seal checks.
        QByteArray odd = qUncompress(QByteArray(4, '\0') + data);
        QVERIFY(odd.contains("\xEF\xBF\xBD"));
        odd.replace("\xEF\xBF\xBD", "\xEF\xBF\xBE");
        QVERIFY(QSqlQuery(t->db->connection()).exec(
            QStringLiteral("UPDATE scan_raw SET data = x'%1' WHERE scan_id = %2 AND chunk = 1")
                .arg(QString::fromLatin1(qCompress(odd, 1).mid(4).toHex()), scan)));
        QCOMPARE(everyRaw(), written);
        QVERIFY(verifyAudit(*t->db).isEmpty());
        QVERIFY(QSqlQuery(t->db->connection()).exec(restore));

        // An entry kept in the occurrence itself, as an earlier release did: shown and sealed alike.
        Query(*t->db, QStringLiteral("UPDATE occurrence SET raw = :raw, raw_chunk = NULL, raw_offset = NULL,"
                                     " raw_length = NULL WHERE id = %1").arg(first))
            .bind(QStringLiteral(":raw"), written.value(QStringLiteral("lib/m0.c")))
            .exec();
        QCOMPARE(everyRaw(), written);
        QVERIFY2(verifyAudit(*t->db).isEmpty(), qPrintable(verifyAudit(*t->db).join(QLatin1Char(' '))));
    }

    // An entry longer than RawEntryWriter::kMaxEntry (a Harness STO issue of many members, each
    // cut at 64 KiB) is cut, saying so, so that no chunk outgrows what the reader accepts.
    void longRawEntriesAreCut()
    {
        auto t = TestDatabase::create();
        QByteArray members;
        for (int i = 0; i < 20; ++i)
            members += ",\"x" + QByteArray::number(i) + "\":\"" + QByteArray(60000, 'a' + char(i)) + "\"";
        const QString path = t->dir.filePath(QStringLiteral("long.json"));
        writeFile(path, "{\"meta\":{\"key\":[\"issueName\"],\"subproduct\":\"Long\"},\"issues\":[{\"issueName\":\"Long one\","
                        "\"issueDescription\":\"d\",\"severity\":8" + members + "}]}");
        ImportRequest r;
        r.path = path;
        r.target = QStringLiteral("long");
        r.variant = QStringLiteral("main");
        const ImportResult result = ScanImporter(*t->db).import(t->bob, r);
        const IssueQuery query(*t->db);
        const QList<OccurrenceRow> occurrences =
            query.details(query.list(query.scopeForScan(result.scanId), {}).first().id, result.scanId).occurrences;
        QCOMPARE(occurrences.size(), 1);
        const QString raw = occurrences.first().raw;
        const qsizetype kept = RawEntryWriter::kMaxEntry - 64;
        QVERIFY(raw.startsWith(QLatin1String("{\"issueName\":\"Long one\"")));
        QCOMPARE(raw.indexOf(QStringLiteral("\n... (cut at %1 of ").arg(kept)), kept); // ASCII: a character a byte
        QVERIFY2(raw.endsWith(QLatin1String(" bytes)")), qPrintable(raw.right(80)));
        QVERIFY(Query(*t->db, QStringLiteral("SELECT max(size) FROM scan_raw")).scalar().toLongLong() <= RawEntryReader::kMaxChunk);
        QVERIFY2(verifyAudit(*t->db).isEmpty(), qPrintable(verifyAudit(*t->db).join(QLatin1Char(' '))));
    }

    // U+FFFE and U+FFFF, which SQLite reads back as U+FFFD, in a message, a rule, the tool's
    // name and the file's name: stored as U+FFFD from the start, so the seals and the chain
    // hold and the gate does not fail closed on a scan nobody touched (hostile review).
    void noncharactersReadBackAsStored()
    {
        auto t = TestDatabase::create();
        const QString name = t->dir.filePath(QStringLiteral("odd\uFFFF.sarif"));
        QFile f(name);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"Tool\\uffff\"}},"
                "\"results\":[{\"ruleId\":\"R\\ufffe\",\"level\":\"error\",\"message\":{\"text\":\"a\xEF\xBF\xBE" "b\"}}]}]}");
        f.close();
        ImportRequest r;
        r.path = name;
        r.target = QStringLiteral("odd");
        r.variant = QStringLiteral("main");
        r.pipeline = QStringLiteral("p\uFFFE");
        const ImportResult result = ScanImporter(*t->db).import(t->bob, r);
        QVERIFY2(verifyAudit(*t->db).isEmpty(), qPrintable(verifyAudit(*t->db).join(QLatin1Char('\n'))));
        const IssueQuery query(*t->db);
        const QList<IssueRow> rows = query.list(query.scopeForScan(result.scanId), {});
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().rule, QStringLiteral("R\uFFFD"));
        QCOMPARE(result.scanner, QStringLiteral("Tool\uFFFD"));
        // What the gate checks first (GateRun): the seal holds for the replaced characters.
        const QStringList tampering = gateEvidenceProblems(*t->db, query.scopeForScan(result.scanId));
        QVERIFY2(tampering.isEmpty(), qPrintable(tampering.join(QLatin1Char(' '))));
    }

    // A scan imported by a release before the seal had its index (decision 75) is checked whole
    // by the gate, as before: the import entry's seal alone (the program's own entry, appended
    // as such a release wrote it) holds while the rows do and fails the gate once they don't.
    void importsOfAnEarlierReleaseAreCheckedWhole()
    {
        auto t = TestDatabase::create();
        ImportRequest r;
        r.path = fixture(QStringLiteral("bandit/dd.json"));
        r.target = QStringLiteral("legacy");
        r.variant = QStringLiteral("main");
        const ImportResult result = ScanImporter(*t->db).import(t->bob, r);
        const QString id = QString::number(result.scanId);
        const AuditLog log(*t->db);
        const std::optional<AuditEntry> entry =
            log.latestAbout(QStringLiteral("scan"), id, QStringLiteral("scan.import"));
        QVERIFY(entry);
        const QJsonObject details = QJsonDocument::fromJson(entry->details.toUtf8()).object();
        QVERIFY(details.contains(QStringLiteral("seal_index")));
        {
            Transaction tx(*t->db);
            log.append(t->bob.name(), QStringLiteral("scan.import"), QStringLiteral("scan"), id,
                       {{QStringLiteral("seal"), details.value(QStringLiteral("seal"))}});
            tx.commit();
        }
        const IssueQuery query(*t->db);
        const IssueScope scope = query.scopeForScan(result.scanId);
        QVERIFY(gateEvidenceProblems(*t->db, scope).isEmpty());
        // A row the gate would not subtract (no exemption here): only a whole check finds it.
        Query(*t->db, QStringLiteral("UPDATE scan_issue SET score = 0.5 WHERE scan_id = %1 AND issue_id ="
                                     " (SELECT min(issue_id) FROM scan_issue WHERE scan_id = %1)")
                          .arg(id))
            .exec();
        const QStringList tampering = gateEvidenceProblems(*t->db, scope);
        QVERIFY2(tampering.join(QLatin1Char(' ')).contains(QStringLiteral("scan %1 was changed after its import (its "
                                                                          "issues no longer match").arg(id)),
                 qPrintable(tampering.join(QLatin1Char(' '))));
    }

    // A score that is not a number is refused by name, not stored as NULL under a seal of "nan".
    void nonFiniteScoresAreRefused()
    {
        auto t = TestDatabase::create();
        QFile in(fixture(QStringLiteral("dependency_check/single_vuln.xml")));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray xml = in.readAll();
        QVERIFY(xml.contains("<cvssScore>7.5</cvssScore>"));
        xml.replace("<cvssScore>7.5</cvssScore>", "<cvssScore>NaN</cvssScore>");
        const QString path = t->dir.filePath(QStringLiteral("nan.xml"));
        writeFile(path, xml);
        ImportRequest r;
        r.path = path;
        r.target = QStringLiteral("nan");
        r.variant = QStringLiteral("main");
        try {
            ScanImporter(*t->db).import(t->bob, r);
            QFAIL("a NaN score was imported");
        } catch (const Error &e) {
            QCOMPARE(e.kind(), ErrorKind::BadInput);
            QVERIFY2(e.message().contains(QLatin1String("nan.xml")) && e.message().contains(QLatin1String("finite")),
                     qPrintable(e.message()));
        }
        QVERIFY(Catalog(*t->db).scans().isEmpty());
        // An absurd input limit is the largest there is, not a negative number.
        qputenv("SECREVIEW_MAX_INPUT_MB", "99999999999999");
        QCOMPARE(InputFile::maxBytes(), std::numeric_limits<qint64>::max());
        qunsetenv("SECREVIEW_MAX_INPUT_MB");
    }

    // A cancelled import (the console's Cancel) is refused by name and leaves nothing behind.
    void cancelledImportLeavesNothing()
    {
        auto t = TestDatabase::create();
        ImportRequest r;
        r.path = fixture(QStringLiteral("sarif/flawfinder.sarif"));
        r.target = QStringLiteral("cancelled");
        r.variant = QStringLiteral("main");
        ImportControl control;
        control.cancel = true;
        const QString before = auditReport(*t->db).head;
        try {
            ScanImporter(*t->db).import(t->bob, r, &control);
            QFAIL("a cancelled import went through");
        } catch (const Error &e) {
            QCOMPARE(e.kind(), ErrorKind::BadInput);
            QVERIFY2(e.message().contains(QLatin1String("flawfinder.sarif: import cancelled")), qPrintable(e.message()));
        }
        QVERIFY(Catalog(*t->db).scans().isEmpty());
        QCOMPARE(auditReport(*t->db).head, before);
    }
};

QTEST_GUILESS_MAIN(TestDatabaseAndUsers)
#include "tst_database.moc"
