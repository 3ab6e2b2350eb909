#pragma once

#include <QString>

class QWidget;

namespace secreview::views {

// A warning the user reads while the console stays usable: window-modal, never a nested event
// loop. detail, if any, goes behind "Show Details".
void warnLater(QWidget *parent, const QString &title, const QString &text, const QString &detail = {});

} // namespace secreview::views
