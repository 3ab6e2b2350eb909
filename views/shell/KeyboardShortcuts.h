#pragma once

#include <QString>

namespace secreview::views {

// Help > Keyboard Shortcuts: every shortcut of the console, one per line ("keys<TAB>what"), as
// the user guide lists them.
QString keyboardShortcutsText();

} // namespace secreview::views
