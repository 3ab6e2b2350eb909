#pragma once

#include <QHash>
#include <QStringList>
#include <optional>

namespace secreview::cli {

// The command line split into words (the command path), "--name value" options and positionals.
// Option names are checked against what the command accepts, so a typo is a usage error (exit 2)
// and never silently ignored by a CI job.
class Arguments
{
public:
    // Global options that take a value, recognised before and after the command.
    static const QStringList &globalValueOptions();

    static Arguments parse(const QStringList &args); // throws Usage

    QStringList positionals;
    QStringList flags;                   // --help, --version, --undo, --none
    QHash<QString, QStringList> options; // "--target" -> values, in order

    bool has(const QString &name) const { return options.contains(name); }
    bool flag(const QString &name) const { return flags.contains(name); } // --undo, --none
    QString value(const QString &name, const QString &fallback = {}) const;
    QStringList values(const QString &name) const { return options.value(name); }
    // Throws Usage naming the first option that the command does not take, and an option given
    // twice unless it is one of those that add up (--set, --occurrence): "the last one wins" would
    // let a CI job's --fail-on-severity be overridden by a second one further down.
    void allowOnly(const QStringList &names, const QString &command, const QStringList &repeatable = {}) const;
    // Throws Usage when the command got more positional words than it takes (max, counting the
    // command's own words: `exemption approve 7` is 3).
    void allowPositionals(qsizetype max, const QString &command) const;
    QString required(const QString &name, const QString &command) const;
    // A whole number within [min, max], or fallback when the option is absent; Usage otherwise.
    qint64 number(const QString &name, qint64 fallback, qint64 min, qint64 max) const;
};

} // namespace secreview::cli
