#pragma once

#include <QDateTime>
#include <QTextStream>

namespace secreview::cli {

// Output helpers shared by the command line's verbs (one process, one stdout/stderr stream).
QTextStream &out();
QTextStream &err();
QString isoOrEmpty(const QDateTime &t);
qint64 parseId(const QString &text, const QString &what);
QString padded(const QString &s, int width); // cut with an ellipsis or padded to width

} // namespace secreview::cli
