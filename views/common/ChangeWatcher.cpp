#include "views/common/ChangeWatcher.h"

#include "model/core/Error.h"

namespace secreview::views {

ChangeWatcher::ChangeWatcher(Database db, QObject *parent) : QObject(parent), m_db(std::move(db))
{
    try {
        m_stamp = m_db.changeStamp();
    } catch (const Error &) { // unreadable for a moment: the next poll decides
    }
    // A server says when something changed; the poll stays for what a notification cannot
    // carry (a connection that was lost and came back).
    try {
        m_db.notifyOnChange(this, [this] { check(); });
    } catch (const Error &) {
    }
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ChangeWatcher::check);
    m_timer.start();
}

void ChangeWatcher::check()
{
    QString stamp;
    try {
        stamp = m_db.changeStamp();
    } catch (const Error &) {
        return;
    }
    if (stamp.isEmpty() || stamp == m_stamp)
        return;
    m_stamp = stamp;
    emit changed();
}

} // namespace secreview::views
