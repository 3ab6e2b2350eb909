#pragma once

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

} // namespace secreview::views
