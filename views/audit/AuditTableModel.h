#pragma once

#include "model/store/AuditLog.h"
#include "views/common/ListTableModel.h"

#include <QHash>

namespace secreview::views {

// Audit entries as rows (newest first); details are shown as a reviewer reads them (times, names:
// describeAuditDetails), the compact JSON they were stored and hashed as in the tooltip.
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
    // Who the user ids in the details are. Not a reset: the reader's selection stays.
    void setUsers(const QHash<qint64, QString> &users)
    {
        if (users == m_users)
            return;
        m_users = users;
        if (rowCount() > 0)
            emit dataChanged(index(0, DetailsColumn), index(rowCount() - 1, DetailsColumn), {Qt::DisplayRole});
    }

private:
    QHash<qint64, QString> m_users;
};

} // namespace secreview::views
