#pragma once

#include "model/core/Error.h"
#include "model/store/Database.h"
#include "model/users/Session.h"

#include <QString>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <optional>

namespace secreview::test {

// A path under tests/fixtures (copies of ../shared/fixtures; see tests/fixtures/SOURCES.md).
QString fixture(const QString &relative);

// Settings of this test run alone (the console remembers its policy file and recent databases):
// QStandardPaths' test mode, and QSettings in folder, so that runs of another build or checkout
// at the same time share nothing (test mode alone shares ~/.qttest between runs).
void isolateSettings(const QString &folder);

// A fresh database in a temporary directory with the tutorial's people:
// admin (admin), alice and carol (developer), bob (secops), vera (viewer).
struct TestDatabase
{
    static std::unique_ptr<TestDatabase> create();
    QString path() const { return dir.filePath(QStringLiteral("review.db")); }

    QTemporaryDir dir;
    std::optional<Database> db;
    Session admin, alice, bob, carol, vera;
    static QString password() { return QStringLiteral("test-Secret-1"); }
};

// Runs f and checks that it throws a secreview::Error of that kind (a failure is recorded in
// the current test otherwise).
template <typename F> void expectError(ErrorKind kind, F &&f)
{
    try {
        f();
    } catch (const Error &e) {
        QCOMPARE(e.kind(), kind);
        return;
    }
    QFAIL("no error was thrown");
}

// Runs the suites in turn, like QTEST_MAIN for several: test functions named on the command line
// go to the suite that has them (one that has none of those named is not run).
int runSuites(int argc, char **argv, const QList<QObject *> &suites);

// Writes bytes to path (a failure is fatal: a test cannot go on without its input).
void writeFile(const QString &path, const QByteArray &bytes);

// Every row of every table, in a stable order: "the database is exactly as it was" in one compare.
QString dumpDatabase(const Database &db);

} // namespace secreview::test
