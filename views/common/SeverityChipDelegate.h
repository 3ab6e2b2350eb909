#pragma once

#include <QStyledItemDelegate>

namespace secreview::views {

// Paints the severity column as a coloured chip ("Critical" on red), from the model's SeverityRole.
class SeverityChipDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace secreview::views
