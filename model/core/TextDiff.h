#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace secreview {

// A line diff of two texts (pipeline versions), as unified-diff hunks. Common leading and
// trailing lines are trimmed first; the middle is an LCS table, bounded in size: past the bound
// the middle is reported as replaced as a whole, which is still a correct (if coarse) diff.
class TextDiff
{
public:
    struct Line
    {
        char kind; // ' ' kept, '-' removed, '+' added
        QString text;
    };

    static QList<Line> lines(const QStringList &before, const QStringList &after);
    // "--- a\n+++ b\n@@ -l,n +l,n @@\n..." with `context` unchanged lines around each change;
    // empty when the texts are equal.
    static QString unified(const QString &before, const QString &after, const QString &beforeName,
                           const QString &afterName, int context = 3);

    static constexpr qint64 kMaxTableCells = 16'000'000;
};

} // namespace secreview
