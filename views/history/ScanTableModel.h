#pragma once

#include "model/scans/ScanHistory.h"
#include "views/common/ListTableModel.h"

namespace secreview::views {

// The scans as rows (newest first): where and when each came from, its issues by severity, and
// what it added and fixed against the scan it is compared with.
class ScanTableModel : public ListTableModel<ScanSummary>
{
    Q_OBJECT
public:
    enum Column
    {
        IdColumn,
        TargetColumn,
        VariantColumn,
        ScannerColumn,
        CriticalColumn,
        HighColumn,
        MediumColumn,
        LowColumn,
        InfoColumn,
        NewColumn,
        RemediatedColumn,
        ImportedColumn,
        FileColumn,
        ImportedByColumn,
        ColumnCount
    };

    explicit ScanTableModel(QObject *parent = nullptr);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
};

} // namespace secreview::views
