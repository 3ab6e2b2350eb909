#pragma once

#include "model/store/AuditLog.h"
#include "views/common/ListTableModel.h"

namespace secreview::views {

// Audit entries as rows (newest first); details are shown as the compact JSON they were stored as.
class AuditTableModel : public ListTableModel<AuditEntry>
{
    Q_OBJECT
public:
    enum Column
    {
        TimeColumn,
        ActorColumn,
        ActionColumn,
        ObjectColumn,
        DetailsColumn,
        ColumnCount
    };

    explicit AuditTableModel(QObject *parent = nullptr);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
};

} // namespace secreview::views
