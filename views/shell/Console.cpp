#include "views/shell/Console.h"

#include "model/core/Error.h"
#include "model/users/UserDirectory.h"
#include "views/common/Theme.h"
#include "views/shell/MainWindow.h"
#include "views/shell/OpenDatabaseDialog.h"
#include "views/users/SignInDialog.h"

#include <QApplication>
#include <QIcon>
#include <QMessageBox>
#include <QTextStream>
#include <QTimer>
#include <optional>

// Resources of a static library are registered by hand, from the global namespace.
static void initIconResources()
{
    Q_INIT_RESOURCE(icons);
}

namespace secreview::views {
namespace {

int fail(bool headless, int code, const QString &message)
{
    QTextStream(stderr) << "secreview: " << message << "\n";
    if (!headless) {
        // The message names files and quotes them: shown as text, never as HTML.
        QMessageBox box(QMessageBox::Critical, QObject::tr("secreview"), message, QMessageBox::Ok);
        box.setTextFormat(Qt::PlainText);
        box.exec();
    }
    return code;
}

} // namespace

int runConsole(const ConsoleOptions &options)
{
    initIconResources();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/secreview.svg")));
    const bool headless = !options.screenshot.isEmpty();
    if (!options.page.isEmpty() && !MainWindow::pageKeys().contains(options.page))
        return fail(true, int(ErrorKind::Usage),
                    QObject::tr("--page is one of %1, not '%2'")
                        .arg(MainWindow::pageKeys().join(QStringLiteral(", ")), options.page));
    // A screenshot is taken in the theme asked for (else the system's), never the saved one.
    const std::optional<Theme> theme = options.theme.isEmpty() ? std::optional<Theme>(headless ? Theme::System : savedTheme())
                                                               : themeFromKey(options.theme);
    if (!theme)
        return fail(true, int(ErrorKind::Usage), QObject::tr("--theme is system, light or dark, not '%1'").arg(options.theme));
    applyTheme(*theme);
    if (options.size.isValid() && (options.size.width() < 1024 || options.size.height() < 640))
        return fail(true, int(ErrorKind::Usage), QObject::tr("--size is at least 1024x640"));
    std::optional<Database> db;
    try {
        db = Database::open(options.database);
    } catch (const Error &e) {
        return fail(headless, e.exitCode(), e.message());
    }

    Session session;
    const QString user = options.user;
    if (!user.isEmpty() && qEnvironmentVariableIsSet("SECREVIEW_PASSWORD")) {
        try {
            session = UserDirectory(*db).authenticate(user, qEnvironmentVariable("SECREVIEW_PASSWORD"));
        } catch (const Error &e) {
            return fail(headless, e.exitCode(), e.message());
        }
    } else if (headless) {
        return fail(true, int(ErrorKind::NotAllowed),
                    QObject::tr("--screenshot signs in with SECREVIEW_USER and SECREVIEW_PASSWORD"));
    } else {
        SignInDialog dialog(*db, user);
        if (dialog.exec() != QDialog::Accepted)
            return 0;
        session = dialog.session();
    }

    if (!headless)
        rememberDatabase(db->location());
    MainWindow window(*db, session);
    window.resize(options.size.isValid() ? options.size : QSize(1280, 800));
    if (!options.page.isEmpty())
        window.showPage(options.page); // a page the window has: checked above, exit 2 otherwise
    window.setRemembersLayout(!headless);
    window.show();
    if (!headless)
        return QApplication::exec();

    // Render once the page shows its data: the table, the counts and the selected issue's details.
    int status = 0;
    bool done = false;
    auto shoot = [&] {
        if (done)
            return;
        done = true;
        QTimer::singleShot(50, &window, [&] {
            if (!window.grab().save(options.screenshot, "PNG"))
                status = fail(true, 3, QObject::tr("cannot write %1").arg(options.screenshot));
            QApplication::exit(status);
        });
    };
    QObject::connect(&window, &MainWindow::settled, &window, shoot);
    QTimer::singleShot(30000, &window, [&] {
        if (!done) {
            done = true;
            status = fail(true, 6, QObject::tr("the console did not finish loading within 30 s"));
            QApplication::exit(status);
        }
    });
    if (window.isSettled())
        shoot();
    const int code = QApplication::exec();
    return status ? status : code;
}

} // namespace secreview::views
