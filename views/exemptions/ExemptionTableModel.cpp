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
    // In words (bug 12 of issue 14: "30d · 29 days left" read as two durations): what was asked
    // for, and for an approval until when it holds.
    const ExemptionDuration &d = e.duration;
    const QString asked = d.days ? (*d.days == 1 ? tr("1 day") : tr("%1 days").arg(*d.days))
                          : d.until.isValid() ? tr("until %1").arg(d.until.toString(Qt::ISODate))
                                              : tr("permanent");
    if (e.status == ExemptionStatus::Approved && e.expiresAt) {
        const qint64 secs = Clock::now().secsTo(*e.expiresAt);
        const QString left = secs >= 2 * 86400 ? tr("%1 days left").arg(secs / 86400)
                             : secs >= 7200    ? tr("%1 hours left").arg(secs / 3600)
                             : secs >= 3600    ? tr("1 hour left")
                             : secs >= 120     ? tr("%1 minutes left").arg(secs / 60)
                                               : tr("a minute left");
        return tr("until %1 (%2)").arg(e.expiresAt->toLocalTime().toString(QStringLiteral("yyyy-MM-dd")), left);
    }
    if (e.status == ExemptionStatus::Expired && e.expiresAt)
        return tr("expired %1").arg(e.expiresAt->toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    return asked;
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
    if (role == Qt::ToolTipRole && index.column() == ReviewedColumn && !e.decisionComment.isEmpty())
        return plainToolTip(e.decisionComment);
    if (role == Qt::ToolTipRole && index.column() == DurationColumn)
        return tr("Asked for: %1").arg(e.duration.text());
    if (role == kSeverityRole)
        return int(e.severity);
    if (role == ExemptionIdRole)
        return e.id;
    return {};
}

} // namespace secreview::views
