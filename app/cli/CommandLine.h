#pragma once

#include "app/cli/Arguments.h"
#include "model/store/Database.h"
#include "model/users/Session.h"

#include <QJsonObject>
#include <QString>

namespace secreview::cli {

// What every verb is given: its arguments, and the one way to open the database, sign in and
// print (text, or one JSON document with --format json).
class Context
{
public:
    explicit Context(Arguments args);

    const Arguments &args() const { return m_args; }
    QString verb() const { return m_args.positionals.value(1); } // "add" in `user add`
    bool json() const { return m_format == QLatin1String("json"); }
    const QString &format() const { return m_format; }

    QString databaseLocation() const; // --db, else $SECREVIEW_DB, else the per-user default
    Database openDatabase() const;
    Session signIn(const Database &db) const;
    // The password from envVar, else asked on the terminal without echo.
    QString password(const char *envVar, const QString &prompt) const;
    void print(const QString &text, const QJsonObject &json) const;

private:
    Arguments m_args;
    QString m_format;
};

// The headless verbs of SPEC section 5. Thin by design: each verb parses its arguments, signs in,
// calls the model and prints what the model's report writers (model/report) make of the answer;
// every rule (roles, transitions, limits) is enforced by the model it calls.
class CommandLine
{
public:
    explicit CommandLine(Arguments args) : m_context(std::move(args)) {}
    int run(); // the exit status

    static QString usage();
    static QStringList commands();

private:
    Context m_context;
};

QString defaultDatabasePath();

} // namespace secreview::cli
