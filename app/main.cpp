// secreview: with a command it runs headless (no display needed); without one it opens the
// desktop console. Both faces call the same model.
#include "app/cli/Arguments.h"
#include "app/cli/CommandLine.h"
#include "model/core/Error.h"
#include "views/shell/Console.h"

#include <QApplication>
#include <QSettings>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QStringDecoder>
#include <QTextStream>
#include <memory>

namespace {

QtMessageHandler qtHandler = nullptr;

// Qt's PostgreSQL driver warns when it cannot free a prepared statement in a transaction the
// server has already aborted (a refused change): the statement goes with the rollback's session
// anyway, and the user has the real error. Everything else passes through.
void filterMessages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg && message.startsWith(QLatin1String("Unable to free statement")))
        return;
    if (qtHandler)
        qtHandler(type, context, message);
}

} // namespace

int main(int argc, char *argv[])
{
    qtHandler = qInstallMessageHandler(filterMessages);
    // Arguments are UTF-8; one that is not is refused rather than read with U+FFFD in place of
    // its bad bytes (which would make $'t\xff' and $'t\xfe' the same target).
    QStringList raw;
    for (int i = 1; i < argc; ++i) {
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString arg = utf8(QByteArrayView(argv[i]));
        if (utf8.hasError()) {
            QTextStream(stderr) << "secreview: argument " << i << " is not valid UTF-8\n";
            return 2;
        }
        raw.append(arg);
    }

    secreview::cli::Arguments args;
    try {
        args = secreview::cli::Arguments::parse(raw);
    } catch (const secreview::Error &e) {
        QTextStream(stderr) << "secreview: " << e.message() << "\n";
        return e.exitCode();
    }
    const bool console = args.positionals.isEmpty() && args.flags.isEmpty();
    QCoreApplication::setApplicationName(QStringLiteral("secreview"));
    // Settings live in ~/.config/secreview/secreview.conf (before the organization was named:
    // "Unknown Organization", read once below).
    QCoreApplication::setOrganizationName(QStringLiteral("secreview"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SECREVIEW_VERSION));

    if (!console) {
        // export lays out its PDF with Qt Gui's fonts: a QGuiApplication, offscreen (no display needed).
        if (args.positionals.value(0) == QLatin1String("export")) {
            if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
            QGuiApplication app(argc, argv);
            return secreview::cli::CommandLine(args).run();
        }
        QCoreApplication app(argc, argv);
        return secreview::cli::CommandLine(args).run();
    }

    QApplication app(argc, argv);
    {
        QSettings settings;
        if (settings.allKeys().isEmpty()) {
            const QSettings earlier(QStringLiteral("Unknown Organization"), QStringLiteral("secreview"));
            for (const QString &key : earlier.allKeys())
                settings.setValue(key, earlier.value(key));
        }
    }
    QApplication::setApplicationDisplayName(QStringLiteral("secreview"));
    QApplication::setDesktopFileName(QStringLiteral("io.secreview.secreview"));
    secreview::views::ConsoleOptions options;
    options.database = args.value(QStringLiteral("--db"), qEnvironmentVariable("SECREVIEW_DB"));
    if (options.database.isEmpty())
        options.database = secreview::cli::defaultDatabasePath();
    options.page = args.value(QStringLiteral("--page"));
    options.screenshot = args.value(QStringLiteral("--screenshot"));
    options.theme = args.value(QStringLiteral("--theme"));
    if (args.has(QStringLiteral("--size"))) {
        const QStringList wh = args.value(QStringLiteral("--size")).split(QLatin1Char('x'));
        options.size = QSize(wh.value(0).toInt(), wh.value(1).toInt());
        if (wh.size() != 2 || !options.size.isValid()) {
            QTextStream(stderr) << "secreview: --size is WIDTHxHEIGHT, e.g. 1024x640\n";
            return 2;
        }
    }
    for (auto it = args.options.cbegin(); it != args.options.cend(); ++it) {
        static const QStringList known{QStringLiteral("--db"), QStringLiteral("--page"),
                                       QStringLiteral("--screenshot"), QStringLiteral("--user"),
                                       QStringLiteral("--format"), QStringLiteral("--theme"), QStringLiteral("--size")};
        if (!known.contains(it.key())) {
            QTextStream(stderr) << "secreview: the console does not take " << it.key()
                                << " (see secreview --help)\n";
            return 2;
        }
        if (it.value().size() > 1) {
            QTextStream(stderr) << "secreview: " << it.key() << " is given more than once\n";
            return 2;
        }
    }
    options.user = args.value(QStringLiteral("--user"), qEnvironmentVariable("SECREVIEW_USER"));
    return secreview::views::runConsole(options);
}
