#pragma once

#include <QLabel>
#include <QString>

namespace secreview::views {

// A tooltip that shows text as written. Qt renders a tooltip as HTML when it looks like HTML, so
// text from files (scanner output, pipeline YAML, names) is escaped and wrapped to stay text.
inline QString plainToolTip(const QString &text)
{
    if (text.isEmpty())
        return {};
    return QStringLiteral("<p>%1</p>")
        .arg(text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
}

// A form's inline error: plain text (it quotes what the user typed), wrapped, in the error colour.
inline void makeInlineError(QLabel *label)
{
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #b01e2d;"));
}

} // namespace secreview::views
