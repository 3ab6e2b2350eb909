#pragma once

#include <QString>
#include <QStringView>

namespace secreview {

// Text limits and safety, for every text a user or a scanner gives.

// Characters as people count them: Unicode code points, so an emoji is one, not two UTF-16 units.
qsizetype codePoints(QStringView text);

// Throws Usage "what has N characters; at most max are allowed" when text is longer.
void requireAtMost(QStringView text, qsizetype max, const QString &what);

// The text with every control character written visibly (\n, \r, \t, \e, \x00 ... \x9f, and
// the bidirectional overrides U+202A-U+202E, U+2066-U+2069 as \u202e, and the invisible ones:
// zero-width spaces and joiners, direction marks U+200B-U+200F, line and paragraph separators,
// U+2060-U+2064, U+FEFF): what the command line
// prints of a field, so that scanner text or a user's description cannot move the cursor, change
// the terminal, or forge a line of output.
QString terminalSafe(QStringView text);

// The text as both engines store and give it back: U+FFFE and U+FFFF become U+FFFD. SQLite
// turns them into U+FFFD when it reads UTF-8 back as UTF-16 (Qt's driver does), so a text kept
// as written would no longer be what its seal or its audit entry recorded. Applied where text is
// bound (Query::bind, the import's rows) and before anything stored is hashed.
QString storableText(QString text);
inline bool needsStorableText(QStringView text)
{
    for (QChar c : text) {
        if (c.unicode() >= 0xFFFE)
            return true;
    }
    return false;
}

// The bounds every stored text has (in code points).
// Whether text has a character a reader can see: not only blanks, control or format characters
// (a zero-width space alone is no note).
bool hasVisibleText(QStringView text);

inline constexpr qsizetype kMaxNameLength = 255;     // targets, variants, projects, pipelines
inline constexpr qsizetype kMaxCommentLength = 1024; // descriptions, comments
inline constexpr qsizetype kMaxUrlLength = 2048;

} // namespace secreview
