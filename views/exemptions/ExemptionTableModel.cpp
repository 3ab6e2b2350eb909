#include "views/exemptions/ExemptionTableModel.h"

#include "model/core/Clock.h"
#include "views/common/PlainText.h"
#include "views/common/SeverityStyle.h"

namespace secreview::views {

ExemptionTableModel::ExemptionTableModel(QObject *parent)
    : ListTableModel({tr("Severity"), tr("Issue"), tr("Target"), tr("Scope"), tr("Reason"), tr("Duration"),
                      tr("Requested"), tr("Reviewed")},
                     parent)
{
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
    const ExemptionInfo *row = rowOf(index);
    if (!row)
        return {};
    const ExemptionInfo &e = *row;
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

} // namespace secreview::views
