#include "views/common/PaintedIcon.h"

#include <QIconEngine>
#include <QPainter>
#include <QPixmap>

namespace secreview::views {
namespace {

class PaintedIconEngine final : public QIconEngine
{
public:
    PaintedIconEngine(qreal unit, IconPainter painter) : m_unit(unit), m_painter(std::move(painter)) {}

    void paint(QPainter *p, const QRect &rect, QIcon::Mode mode, QIcon::State) override
    {
        // A square centred in the rectangle, as QIcon does for its pixmaps.
        const qreal side = qMin(rect.width(), rect.height());
        p->save();
        p->setRenderHint(QPainter::Antialiasing);
        p->translate(rect.x() + (rect.width() - side) / 2.0, rect.y() + (rect.height() - side) / 2.0);
        p->scale(side / m_unit, side / m_unit);
        if (mode == QIcon::Disabled)
            p->setOpacity(0.45);
        m_painter(*p);
        p->restore();
    }

    // Asked for in device pixels (QIcon::pixmap passes the logical size times the ratio and
    // sets the ratio on what it gets back).
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        QPixmap pm(size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        paint(&p, QRect(QPoint(0, 0), size), mode, state);
        return pm;
    }

    QSize actualSize(const QSize &size, QIcon::Mode, QIcon::State) override { return size; }
    QIconEngine *clone() const override { return new PaintedIconEngine(m_unit, m_painter); }
    QString key() const override { return QStringLiteral("secreview.painted"); }

private:
    qreal m_unit;
    IconPainter m_painter;
};

} // namespace

QIcon paintedIcon(qreal unit, IconPainter painter)
{
    return QIcon(new PaintedIconEngine(unit, std::move(painter)));
}

} // namespace secreview::views
