#pragma once

#include "app/cli/Arguments.h"

#include <QJsonObject>
#include <QString>

namespace secreview {
class Database;
class Session;
} // namespace secreview

namespace secreview::cli {

// The headless verbs of SPEC section 5. Thin by design: it parses, signs in, calls the model and
// prints; every rule (roles, transitions, limits) is enforced by the model it calls.
class CommandLine
{
public:
    explicit CommandLine(Arguments args);
    int run(); // the exit status

    static QString usage();
    static QStringList commands();

private:
    int dispatch();
    Database openDatabase() const;
    Session signIn(const Database &db) const;
    QString password(const char *envVar, const QString &prompt) const;

    int init();
    int user();
    int importScans();
    int issues();
    int issueShow();
    int gate();
    int baseline();
    int exemption();
    int pipeline();
    int audit();
    int demo();
    int policy();

    void print(const QString &text, const QJsonObject &json) const;
    bool json() const { return m_format == QLatin1String("json"); }

    Arguments m_args;
    QString m_format;
    QString m_command;
};

QString defaultDatabasePath();

} // namespace secreview::cli
