#pragma once

#include "Severity.h"

#include <QColor>
#include <QIcon>

namespace secreview::views {

// One palette for severities everywhere (chips, toggles, counts), chosen to stay readable on
// light and dark window colours: the fill carries the meaning, the text colour its contrast.
namespace SeverityStyle {
QColor fill(Severity s);
QColor text(Severity s);       // on fill()
QIcon dot(Severity s);         // a small filled circle for buttons and lists
QString shortName(Severity s); // "C", "H", ...
} // namespace SeverityStyle

} // namespace secreview::views
