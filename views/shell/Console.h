#pragma once

#include <QString>
#include <QSize>

namespace secreview::views {

struct ConsoleOptions
{
    QString database;
    QString page;       // a --page key; empty: security-tests
    QString screenshot; // render the window to this PNG once loaded, then exit
    QString user;       // prefilled in the sign-in dialog
    QString theme;      // --theme system|light|dark; empty: the saved one (a screenshot: system)
    QSize size;         // --size WxH for a screenshot; invalid: 1280x800 (or the saved size)
};

// Opens the database, signs the user in (the dialog, or SECREVIEW_USER and SECREVIEW_PASSWORD),
// shows the main window and runs the event loop. Returns the exit status.
int runConsole(const ConsoleOptions &options);

} // namespace secreview::views
