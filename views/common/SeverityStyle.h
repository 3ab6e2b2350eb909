#pragma once

#include "model/core/Severity.h"

#include <QColor>
#include <QIcon>
#include <Qt>

namespace secreview::views {

// One palette for severities everywhere (chips, toggles, counts), chosen to stay readable on
// light and dark window colours: the fill carries the meaning, the text colour its contrast.
// The item data role under which every table model of the console gives a row's Severity (as
// int), so that the chip delegate draws any of them.
inline constexpr int kSeverityRole = Qt::UserRole + 3;

namespace SeverityStyle {
QColor fill(Severity s);
QColor text(Severity s);       // on fill()
QIcon dot(Severity s);         // a small filled circle for buttons and lists
QString shortName(Severity s); // "C", "H", ...
} // namespace SeverityStyle

} // namespace secreview::views
