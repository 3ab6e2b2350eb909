#include "views/audit/AuditTableModel.h"

#include "views/audit/AuditDetails.h"

#include <QTimeZone>

namespace secreview::views {

AuditTableModel::AuditTableModel(QObject *parent)
    : ListTableModel({tr("Time"), tr("Actor"), tr("Action"), tr("Object"), tr("What changed")}, parent)
{
}

QVariant AuditTableModel::data(const QModelIndex &index, int role) const
{
    const AuditEntry *row = rowOf(index);
    if (!row)
        return {};
    const AuditEntry &e = *row;
    if (role == Qt::DisplayRole) {
        switch (Column(index.column())) {
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(e.at, QTimeZone::utc())
                .toLocalTime()
                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case ActorColumn:
            return e.actor;
        case ActionColumn:
            return e.action;
        case ObjectColumn:
            return QStringLiteral("%1 %2").arg(e.objectType, e.objectId);
        case DetailsColumn:
            return describeAuditDetails(e.details, m_users);
        case ColumnCount:
            break;
        }
    }
    if (role == Qt::ToolTipRole && index.column() == DetailsColumn)
        return QStringLiteral("<p>%1<br>sha256 %2</p>").arg(e.details.toHtmlEscaped(), e.hash);
    return {};
}

} // namespace secreview::views
