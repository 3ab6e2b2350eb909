#pragma once

#include <QDateTime>
#include <QTextStream>

namespace secreview::cli {

// Output helpers shared by the command line's verbs (one process, one stdout/stderr stream).
QTextStream &out();
QTextStream &err();
QString isoOrEmpty(const QDateTime &t);
qint64 parseId(const QString &text, const QString &what);
// Text output shows every field through these: control characters in scanner text, names or a
// user's description are written visibly (model/core/Text.h), so no field moves the cursor,
// rewrites the terminal or forges a line of output. JSON escapes them by itself.
QString safe(const QString &field);
QString padded(const QString &field, int width); // safe(), cut with an ellipsis or padded to width
QDate parseDate(const QString &text, const QString &option); // exactly YYYY-MM-DD, else a Usage error
// A multi-line text (a description): its lines kept, each indented, every other control
// character written visibly, so that no line of it can pass for a line of secreview's own.
QString block(const QString &text, int indent);

} // namespace secreview::cli
