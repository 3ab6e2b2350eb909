#include "tests/TestSupport.h"

#include "model/users/UserDirectory.h"

#include <QFile>
#include <QMetaMethod>
#include <QSet>
#include <QSettings>
#include <QSqlRecord>
#include <QStandardPaths>
#include <vector>
#include <QStringList>

namespace secreview::test {

void isolateSettings(const QString &folder)
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, folder);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, folder);
}

QString fixture(const QString &relative)
{
    return QStringLiteral(SECREVIEW_FIXTURES "/") + relative;
}

namespace {
// Argon2id is slow on purpose; the users are made once per test program and their database is
// copied for each test.
QString templateDatabase()
{
    static QTemporaryDir dir;
    static const QString path = [] {
        const QString p = dir.filePath(QStringLiteral("template.db"));
        const Database db = Database::create(p);
        const UserDirectory users(db);
        const Session admin = users.createFirstAdmin(QStringLiteral("admin"), TestDatabase::password());
        users.addUser(admin, QStringLiteral("alice"), TestDatabase::password(), {Role::Developer});
        users.addUser(admin, QStringLiteral("carol"), TestDatabase::password(), {Role::Developer});
        users.addUser(admin, QStringLiteral("bob"), TestDatabase::password(), {Role::Secops});
        users.addUser(admin, QStringLiteral("vera"), TestDatabase::password(), {Role::Viewer});
        Query(db, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")).exec();
        return p;
    }();
    return path;
}

Session sessionOf(const Database &db, const QString &name)
{
    const UserInfo u = UserDirectory(db).find(name);
    return Session(u.id, u.name, u.roles);
}
} // namespace

std::unique_ptr<TestDatabase> TestDatabase::create()
{
    QStandardPaths::setTestModeEnabled(true);
    auto t = std::make_unique<TestDatabase>();
    if (!QFile::copy(templateDatabase(), t->path()))
        qFatal("cannot copy the template database");
    t->db = Database::open(t->path());
    t->admin = sessionOf(*t->db, QStringLiteral("admin"));
    t->alice = sessionOf(*t->db, QStringLiteral("alice"));
    t->carol = sessionOf(*t->db, QStringLiteral("carol"));
    t->bob = sessionOf(*t->db, QStringLiteral("bob"));
    t->vera = sessionOf(*t->db, QStringLiteral("vera"));
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
            tables.append(q.text(u"name"));
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

int runSuites(int argc, char **argv, const QList<QObject *> &suites)
{
    auto names = [](const QObject *suite) {
        QSet<QByteArray> out;
        for (int i = 0; i < suite->metaObject()->methodCount(); ++i)
            out.insert(suite->metaObject()->method(i).name());
        return out;
    };
    QSet<QByteArray> known;
    for (const QObject *suite : suites)
        known.unite(names(suite));
    int status = 0;
    for (QObject *suite : suites) {
        const QSet<QByteArray> mine = names(suite);
        std::vector<char *> args{argv[0]};
        bool named = false, namedHere = false;
        for (int i = 1; i < argc; ++i) {
            QByteArray function(argv[i]);
            for (const char end : {':', '('}) // a data tag follows the colon
                if (const qsizetype at = function.indexOf(end); at >= 0)
                    function.truncate(at);
            if (argv[i][0] != '-' && known.contains(function)) {
                named = true;
                if (!mine.contains(function))
                    continue;
                namedHere = true;
            }
            args.push_back(argv[i]);
        }
        if (named && !namedHere)
            continue;
        status |= QTest::qExec(suite, int(args.size()), args.data());
    }
    return status;
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

} // namespace secreview::test
