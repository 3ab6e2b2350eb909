#include "views/exemptions/ExemptionTableModel.h"

#include "model/core/Clock.h"
#include "views/common/PlainText.h"
#include "views/common/SeverityStyle.h"

namespace secreview::views {

void ExemptionTableModel::setRows(const QList<ExemptionInfo> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

int ExemptionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ExemptionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ExemptionTableModel::durationText(const ExemptionInfo &e)
{
    const QString duration = e.duration.text();
    if (e.status == ExemptionStatus::Approved && e.expiresAt) {
        const qint64 secs = Clock::now().secsTo(*e.expiresAt);
        const QString left = secs >= 2 * 86400 ? tr("%1 days left").arg(secs / 86400)
                             : secs >= 3600    ? tr("%1 hours left").arg(secs / 3600)
                                               : tr("%1 minutes left").arg(qMax<qint64>(1, secs / 60));
        return QStringLiteral("%1 · %2").arg(duration, left);
    }
    if (e.status == ExemptionStatus::Expired && e.expiresAt)
        return tr("%1 · expired %2")
            .arg(duration, e.expiresAt->toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    return duration;
}

QVariant ExemptionTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ExemptionInfo &e = m_rows.at(index.row());
    auto when = [](const QDateTime &t) {
        return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
    };
    if (role == Qt::DisplayRole) {
        switch (Column(index.column())) {
        case SeverityColumn:
            return severityName(e.severity);
        case IssueColumn:
            return QStringLiteral("%1  %2").arg(e.issueKey, e.issueTitle);
        case TargetColumn:
            return e.target;
        case ScopeColumn: {
            const QString scope = exemptionScopeKey(e.scope);
            if (!e.occurrences.isEmpty())
                return tr("%1 (%n occurrence(s))", nullptr, int(e.occurrences.size())).arg(scope);
            return e.pipeline.isEmpty() ? scope : QStringLiteral("%1 (%2)").arg(scope, e.pipeline);
        }
        case ReasonColumn:
            return exemptionReasonName(e.reason);
        case DurationColumn:
            return durationText(e);
        case RequestedColumn:
            return QStringLiteral("%1 · %2").arg(e.requestedBy, when(e.requestedAt));
        case ReviewedColumn:
            return e.reviewedBy.isEmpty() ? QString()
                                          : QStringLiteral("%1 · %2").arg(e.reviewedBy, when(e.reviewedAt));
        case ColumnCount:
            break;
        }
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == IssueColumn)
        return plainToolTip(e.description);
    if (role == kSeverityRole)
        return int(e.severity);
    if (role == ExemptionIdRole)
        return e.id;
    return {};
}

QVariant ExemptionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case SeverityColumn:
        return tr("Severity");
    case IssueColumn:
        return tr("Issue");
    case TargetColumn:
        return tr("Target");
    case ScopeColumn:
        return tr("Scope");
    case ReasonColumn:
        return tr("Reason");
    case DurationColumn:
        return tr("Duration");
    case RequestedColumn:
        return tr("Requested");
    case ReviewedColumn:
        return tr("Reviewed");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace secreview::views
