#pragma once

#include "model/store/Database.h"

#include <QObject>
#include <QTimer>

namespace secreview::views {

// Polls the database's change stamp (Database::changeStamp) and says when someone, another
// process or this console's own background work, changed what it holds: the console's live
// refresh. One cheap read a second; nothing while nothing changes. On a team server it also
// listens for the server's notification (Database::notifyOnChange) and checks at once.
class ChangeWatcher : public QObject
{
    Q_OBJECT
public:
    static constexpr int kIntervalMs = 1000;

    explicit ChangeWatcher(Database db, QObject *parent = nullptr);

    void check(); // polls now (the timer calls it; tests may too)

signals:
    void changed();

private:
    Database m_db;
    QString m_stamp;
    QTimer m_timer;
};

} // namespace secreview::views
