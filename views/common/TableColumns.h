#pragma once

#include <QAbstractItemView>

class QAbstractItemModel;
class QTableView;

namespace secreview::views {

// A table's header gets a column chooser: its context menu (right click, or the Menu key on the
// header) lists every column with a check box; the chosen columns are kept with the header's
// state (MainWindow remembers every table's). The column `keep` cannot be hidden.
void addColumnChooser(QTableView *table, int keep);

// The column takes the width the others leave, but never less than minimum (the table scrolls
// sideways instead): at 1024 pixels a title column that QHeaderView::Stretch would shrink to
// nothing stays readable.
void fillWithColumn(QTableView *table, int column, int minimum);

// A table of rows as every page shows one: the model, whole rows selected (in this mode), Tab
// leaving the table, alternating rows without a grid or wrapping, no row numbers, headers left
// aligned that do not light up with the selection.
void setUpRowTable(QTableView *table, QAbstractItemModel *model,
                   QAbstractItemView::SelectionMode mode = QAbstractItemView::ExtendedSelection);

} // namespace secreview::views
