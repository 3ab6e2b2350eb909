#pragma once

#include "model/users/UserDirectory.h"
#include "views/common/ListTableModel.h"

namespace secreview::views {

// The users as the Users page lists them: name, roles, whether the account is active.
class UserTableModel : public ListTableModel<UserInfo>
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        RolesColumn,
        StatusColumn,
        ColumnCount
    };

    explicit UserTableModel(QObject *parent = nullptr);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
};

} // namespace secreview::views
