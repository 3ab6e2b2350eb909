#include "views/common/TableColumns.h"

#include <QAction>
#include <QEvent>
#include <QHeaderView>
#include <QMenu>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>

namespace secreview::views {
namespace {

class ColumnFiller : public QObject
{
public:
    ColumnFiller(QTableView *table, int column, int minimum)
        : QObject(table), m_table(table), m_column(column), m_minimum(minimum)
    {
        table->horizontalHeader()->setSectionResizeMode(column, QHeaderView::Interactive);
        table->viewport()->installEventFilter(this);
        connect(table->horizontalHeader(), &QHeaderView::sectionResized, this,
                [this](int logical) {
                    if (logical != m_column)
                        fit();
                });
        QTimer::singleShot(0, this, &ColumnFiller::fit);
    }

    void fit()
    {
        QHeaderView *header = m_table->horizontalHeader();
        int others = 0;
        for (int i = 0; i < header->count(); ++i) {
            if (i != m_column && !header->isSectionHidden(i))
                others += header->sectionSize(i);
        }
        const int width = qMax(m_minimum, m_table->viewport()->width() - others);
        if (header->sectionSize(m_column) != width)
            header->resizeSection(m_column, width);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Resize)
            fit();
        return QObject::eventFilter(watched, event);
    }

private:
    QTableView *m_table;
    int m_column;
    int m_minimum;
};

} // namespace

void addColumnChooser(QTableView *table, int keep)
{
    QHeaderView *header = table->horizontalHeader();
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(header, &QHeaderView::customContextMenuRequested, table, [table, header, keep](const QPoint &at) {
        QMenu menu(table);
        menu.setObjectName(QStringLiteral("columnChooser"));
        menu.setTitle(QObject::tr("Columns"));
        for (int i = 0; i < header->count(); ++i) {
            const QVariant words = table->model()->headerData(i, Qt::Horizontal, Qt::UserRole);
            QAction *column = menu.addAction(words.isValid() ? words.toString()
                                                             : table->model()->headerData(i, Qt::Horizontal).toString());
            column->setCheckable(true);
            column->setChecked(!header->isSectionHidden(i));
            column->setEnabled(i != keep);
            QObject::connect(column, &QAction::toggled, header, [header, i](bool shown) { header->setSectionHidden(i, !shown); });
        }
        menu.exec(header->mapToGlobal(at));
    });
}

void fillWithColumn(QTableView *table, int column, int minimum)
{
    new ColumnFiller(table, column, minimum);
}

void setUpRowTable(QTableView *table, QAbstractItemModel *model, QAbstractItemView::SelectionMode mode)
{
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(mode);
    table->setTabKeyNavigation(false); // Tab leaves the table; the arrows move within it
    table->setAlternatingRowColors(true);
    table->setShowGrid(false);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
}

} // namespace secreview::views
