#include "views/common/SeverityStyle.h"

#include <QPainter>
#include <QPixmap>

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
    QPixmap pm(24, 24);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(fill(s));
    p.drawEllipse(QRectF(4, 4, 16, 16));
    return QIcon(pm);
}

QString shortName(Severity s)
{
    return severityName(s).left(1);
}

} // namespace secreview::views::SeverityStyle
