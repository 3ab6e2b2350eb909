#pragma once

#include <QString>

namespace secreview::views {

struct ConsoleOptions
{
    QString database;
    QString page;       // a --page key; empty: security-tests
    QString screenshot; // render the window to this PNG once loaded, then exit
    QString user;       // prefilled in the sign-in dialog
};

// Opens the database, signs the user in (the dialog, or SECREVIEW_USER and SECREVIEW_PASSWORD),
// shows the main window and runs the event loop. Returns the exit status.
int runConsole(const ConsoleOptions &options);

} // namespace secreview::views
