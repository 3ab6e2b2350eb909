#pragma once

#include <QString>
#include <exception>

namespace secreview {

// What went wrong, in the terms of SPEC section 5's exit statuses. The model throws Error; the
// command line maps kind() to its exit code, the console to a message box.
enum class ErrorKind
{
    Failed = 1,              // a gate failed, a policy was violated, the audit chain is broken
    Usage = 2,               // the request itself is malformed
    BadInput = 3,            // an input file is not what it should be; nothing was imported
    NotAllowed = 4,          // the signed-in user's roles do not allow this, or the password is wrong
    NotFound = 5,            // no such object (or no scan for a gate: fail closed)
    DatabaseUnavailable = 6, // cannot open, locked past the timeout, or a newer schema
};

class Error : public std::exception
{
public:
    Error(ErrorKind kind, QString message) : m_kind(kind), m_message(std::move(message)) {}

    ErrorKind kind() const noexcept { return m_kind; }
    const QString &message() const noexcept { return m_message; }
    int exitCode() const noexcept { return static_cast<int>(m_kind); }
    const char *what() const noexcept override { return "secreview::Error"; }

private:
    ErrorKind m_kind;
    QString m_message;
};

} // namespace secreview
