#pragma once

#include <QIcon>
#include <functional>

class QPainter;

namespace secreview::views {

// An icon drawn by code at whatever size and device pixel ratio it is asked for, so it stays
// sharp on a high-DPI screen (a pixmap drawn once at a fixed size is blown up and blurs). The
// painter draws into a square of `unit` x `unit` logical units; it is scaled to the rectangle
// asked for.
using IconPainter = std::function<void(QPainter &)>;
QIcon paintedIcon(qreal unit, IconPainter painter);

} // namespace secreview::views
