#include "app/cli/Arguments.h"

#include "model/core/Error.h"

namespace secreview::cli {

const QStringList &Arguments::globalValueOptions()
{
    static const QStringList names{QStringLiteral("--db"), QStringLiteral("--user"),
                                   QStringLiteral("--format")};
    return names;
}

Arguments Arguments::parse(const QStringList &args)
{
    // Options without a value. --undo and --none are the triage verbs'; allowOnly() refuses them
    // elsewhere like any option a command does not take.
    static const QStringList flagNames{QStringLiteral("--help"), QStringLiteral("-h"), QStringLiteral("--version"),
                                       QStringLiteral("--undo"), QStringLiteral("--none"),
                                       QStringLiteral("--github")};
    Arguments a;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (flagNames.contains(arg)) {
            a.flags.append(arg == QLatin1String("-h") ? QStringLiteral("--help") : arg);
        } else if (arg == QLatin1String("-o")) { // export's output file: --output
            if (i + 1 >= args.size())
                throw Error(ErrorKind::Usage, QStringLiteral("-o needs a file name"));
            a.options[QStringLiteral("--output")].append(args.at(++i));
        } else if (arg == QLatin1String("--")) {
            a.positionals.append(args.mid(i + 1));
            break;
        } else if (arg.startsWith(QLatin1String("--"))) {
            const qsizetype eq = arg.indexOf(QLatin1Char('='));
            if (eq > 0 && flagNames.contains(arg.left(eq)))
                throw Error(ErrorKind::Usage, QStringLiteral("%1 takes no value").arg(arg.left(eq)));
            if (eq > 0) {
                a.options[arg.left(eq)].append(arg.mid(eq + 1));
            } else {
                if (i + 1 >= args.size())
                    throw Error(ErrorKind::Usage,
                                QStringLiteral("option %1 needs a value, or is no option (see secreview --help)").arg(arg));
                a.options[arg].append(args.at(++i));
            }
        } else {
            a.positionals.append(arg);
        }
    }
    return a;
}

QString Arguments::value(const QString &name, const QString &fallback) const
{
    const QStringList v = options.value(name);
    return v.isEmpty() ? fallback : v.last();
}

void Arguments::allowOnly(const QStringList &names, const QString &command, const QStringList &repeatable) const
{
    for (const QString &f : flags) {
        if (f != QLatin1String("--help") && f != QLatin1String("--version") && !names.contains(f))
            throw Error(ErrorKind::Usage,
                        QStringLiteral("'%1' does not take the option %2 (see secreview --help)").arg(command, f));
        if (flags.count(f) > 1)
            throw Error(ErrorKind::Usage, QStringLiteral("%1 is given %2 times; '%3' takes it once").arg(f).arg(flags.count(f)).arg(command));
    }
    for (auto it = options.cbegin(); it != options.cend(); ++it) {
        if (!names.contains(it.key()) && !globalValueOptions().contains(it.key()))
            throw Error(ErrorKind::Usage,
                        QStringLiteral("'%1' does not take the option %2 (see secreview --help)")
                            .arg(command, it.key()));
        if (it.value().size() > 1 && !repeatable.contains(it.key()))
            throw Error(ErrorKind::Usage,
                        QStringLiteral("%1 is given %2 times; '%3' takes it once").arg(it.key()).arg(it.value().size()).arg(command));
    }
}

void Arguments::allowPositionals(qsizetype max, const QString &command) const
{
    if (positionals.size() > max)
        throw Error(ErrorKind::Usage, QStringLiteral("'%1' does not take '%2' (see secreview --help)")
                                          .arg(command, positionals.at(max)));
}

qint64 Arguments::number(const QString &name, qint64 fallback, qint64 min, qint64 max) const
{
    if (!has(name))
        return fallback;
    bool ok = false;
    const qint64 n = value(name).toLongLong(&ok);
    if (!ok || n < min || n > max)
        throw Error(ErrorKind::Usage,
                    QStringLiteral("%1 takes a whole number from %2 to %3, not '%4'").arg(name).arg(min).arg(max).arg(value(name)));
    return n;
}

QString Arguments::required(const QString &name, const QString &command) const
{
    const QString v = value(name);
    if (v.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("'%1' needs %2").arg(command, name));
    return v;
}

} // namespace secreview::cli
