#pragma once

#include <QString>

class QLabel;
class QWidget;

namespace secreview::views {

// The caption before a filter (Target, Variant, Actor, ...): quiet text whose mnemonic (Alt+T)
// moves the focus to buddy, taking no more room than its text.
QLabel *filterCaption(const QString &text, QWidget *buddy, QWidget *parent);

} // namespace secreview::views
