#include "views/common/SeverityStyle.h"

#include "views/common/PaintedIcon.h"

#include <QPainter>

namespace secreview::views::SeverityStyle {

QColor fill(Severity s)
{
    switch (s) {
    case Severity::Critical:
        return QColor(0xB0, 0x1E, 0x2D);
    case Severity::High:
        return QColor(0xE0, 0x5A, 0x10);
    case Severity::Medium:
        return QColor(0xE8, 0xA3, 0x00);
    case Severity::Low:
        return QColor(0x2F, 0x74, 0xC0);
    case Severity::Info:
        break;
    }
    return QColor(0x6B, 0x72, 0x80);
}

QColor text(Severity s)
{
    return s == Severity::Medium ? QColor(0x1F, 0x1F, 0x1F) : QColor(Qt::white);
}

QIcon dot(Severity s)
{
    const QColor colour = fill(s);
    return paintedIcon(24, [colour](QPainter &p) {
        p.setPen(Qt::NoPen);
        p.setBrush(colour);
        p.drawEllipse(QRectF(4, 4, 16, 16));
    });
}

QString shortName(Severity s)
{
    return severityName(s).left(1);
}

} // namespace secreview::views::SeverityStyle
