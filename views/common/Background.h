#pragma once

#include <QFuture>
#include <QString>
#include <QThreadPool>
#include <QtConcurrent>
#include <optional>

#include "model/core/Error.h"

namespace secreview::views {

// The console's private worker: database reads and imports run here, never on the GUI thread.
// One thread, so that queries run in the order they were asked and SQLite sees one reader from
// the console at a time; results come back through QFuture::then(context, ...).
QThreadPool *backgroundPool();
// The Security Tests page's counts (the toggles'): read beside the list's count and first page
// (backgroundPool), so that on two cores the table and its counts are read at once; read-only,
// and asked after any write the page waits for, so it sees what that write did.
QThreadPool *countsPool();
// Imports write for as long as a file takes; they get a thread of their own so that reading
// (WAL lets readers go on during a write) stays quick meanwhile.
QThreadPool *importPool();

// A worker's answer: the value, or the error message the GUI should show instead.
template <typename T> struct Outcome
{
    std::optional<T> value;
    QString error;
    int exitCode = 0;
};

template <typename F>
auto runInBackground(F &&work, QThreadPool *pool = backgroundPool())
    -> QFuture<Outcome<std::invoke_result_t<F>>>
{
    using T = std::invoke_result_t<F>;
    return QtConcurrent::run(pool, [work = std::forward<F>(work)]() mutable {
        Outcome<T> out;
        try {
            out.value = work();
        } catch (const Error &e) {
            out.error = e.message();
            out.exitCode = e.exitCode();
        } catch (const std::exception &e) {
            out.error = QString::fromLocal8Bit(e.what());
            out.exitCode = 1;
        }
        return out;
    });
}

} // namespace secreview::views
