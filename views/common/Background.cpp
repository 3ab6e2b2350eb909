#include "views/common/Background.h"

namespace secreview::views {

QThreadPool *backgroundPool()
{
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool;
        p->setMaxThreadCount(1);
        p->setExpiryTimeout(-1); // keep the thread, and with it its database connection
        return p;
    }();
    return pool;
}

QThreadPool *countsPool()
{
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool;
        p->setMaxThreadCount(1);
        p->setExpiryTimeout(-1); // its connection's page cache stays warm between counts
        return p;
    }();
    return pool;
}

QThreadPool *importPool()
{
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool;
        p->setMaxThreadCount(1);
        return p;
    }();
    return pool;
}

} // namespace secreview::views
