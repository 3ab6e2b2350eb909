#include "views/common/SeverityChipDelegate.h"

#include "views/common/SeverityStyle.h"
#include "views/common/SeverityStyle.h"

#include <QApplication>
#include <QPainter>

namespace secreview::views {

void SeverityChipDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const
{
    const QVariant sev = index.data(kSeverityRole);
    if (!sev.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The row background (selection, alternate colour) first, then the chip on top.
    QStyleOptionViewItem bg = option;
    initStyleOption(&bg, index);
    bg.text.clear();
    QApplication::style()->drawControl(QStyle::CE_ItemViewItem, &bg, painter, bg.widget);

    const Severity s = Severity(sev.toInt());
    const QString text = severityName(s);
    QFont font = option.font;
    font.setPointSizeF(font.pointSizeF() * 0.9);
    font.setBold(true);
    const QFontMetrics fm(font);
    const int w = fm.horizontalAdvance(QStringLiteral("Critical")) + 16;
    const int h = fm.height() + 4;
    const QRect chip(option.rect.left() + 6, option.rect.center().y() - h / 2 + 1, w, h);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(SeverityStyle::fill(s));
    painter->drawRoundedRect(chip, h / 2.0, h / 2.0);
    painter->setPen(SeverityStyle::text(s));
    painter->setFont(font);
    painter->drawText(chip, Qt::AlignCenter, text);
    painter->restore();
}

QSize SeverityChipDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const QFontMetrics fm(option.font);
    size.setWidth(fm.horizontalAdvance(QStringLiteral("Critical")) + 30);
    size.setHeight(qMax(size.height(), fm.height() + 12));
    return size;
}

} // namespace secreview::views
