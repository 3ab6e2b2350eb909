#pragma once

#include <QByteArray>
#include <QString>

namespace secreview {

// The whole content of a file a user named, read only when it is a regular file within
// maxBytes: a FIFO, a device (/dev/zero), a socket or a directory is refused at once, before a
// byte is read, and an oversize file by its size, so no input blocks or is read to a limit it was
// never going to meet. Qt resources (":/...") are read as files. Throws Error(BadInput) naming the
// file (displayName) and what was expected (expected: "a result file", "a pipeline YAML file").
// The array gets `padding` bytes of spare capacity after the content (a parser that reads past
// the end, like simdjson, then parses it in place instead of copying it).
QByteArray readRegularFile(const QString &path, const QString &displayName, qint64 maxBytes,
                           const QString &expected, const QString &limitHint = {}, qsizetype padding = 0);

} // namespace secreview
