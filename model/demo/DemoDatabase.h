#pragma once

#include "model/store/Database.h"

#include <QList>

namespace secreview {

// The tutorial the product comes from, as a database: target dvpwa scanned by Bandit on main
// (the baseline) and on DEMO-001, the image sto-tutorial-test-private scanned by Trivy, the
// tutorial pipeline, users admin, alice (developer) and bob (secops), and alice's pending request
// to exempt B602. Built through the same model functions as everything else.
class DemoDatabase
{
public:
    struct Account
    {
        QString name;
        QString role;
        QString password;
    };
    static QList<Account> accounts();
    // Usage if the file exists; on a server, serverAdmin makes it as for init (Database::create).
    static Database create(const QString &path, const ServerLogin &serverAdmin = {});

private:
    static void fill(const Database &db);
};

} // namespace secreview
