#pragma once

#include <QColor>
#include <QString>
#include <functional>

class QMenu;
#include <optional>

namespace secreview::views {

// The console's look: the system's palette, or light or dark whatever the system says (View >
// Theme, kept between runs; --theme for screenshots). Severity chips carry their own colours,
// chosen to read on both; text drawn in a status colour goes through readable().
enum class Theme
{
    System,
    Light,
    Dark
};

QString themeKey(Theme theme); // "system", "light", "dark"
std::optional<Theme> themeFromKey(const QString &key);
void applyTheme(Theme theme);
Theme currentTheme();
Theme savedTheme(); // QSettings "view/theme"; System when none
void saveTheme(Theme theme);
bool isDarkPalette(); // the application's palette has a dark window

// A colour for text in the current palette: a dark status colour (a failed step's red) is lifted
// until it reads on a dark background; on a light one it is kept.
QColor readable(const QColor &colour);
QString readableName(const QColor &colour); // for style sheets: "#rrggbb"

// View > Theme: System, Light, Dark as checkable actions (object names theme-system, ...);
// choosing one applies it and calls chosen (to keep it, to redraw).
void addThemeMenu(QMenu *view, const std::function<void(Theme)> &chosen);

} // namespace secreview::views
