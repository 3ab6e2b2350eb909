#include "views/users/UserTableModel.h"

namespace secreview::views {

UserTableModel::UserTableModel(QObject *parent)
    : ListTableModel({tr("User"), tr("Roles"), tr("Status")}, parent)
{
}

QVariant UserTableModel::data(const QModelIndex &index, int role) const
{
    const UserInfo *row = rowOf(index);
    if (!row || role != Qt::DisplayRole)
        return {};
    const UserInfo &u = *row;
    switch (Column(index.column())) {
    case NameColumn:
        return u.name;
    case RolesColumn:
        return Session(u.id, u.name, u.roles).rolesText();
    case StatusColumn:
        return u.disabled ? tr("disabled") : tr("active");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace secreview::views
