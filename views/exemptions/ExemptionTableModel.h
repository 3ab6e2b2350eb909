#pragma once

#include "model/exemptions/ExemptionWorkflow.h"

#include "views/common/ListTableModel.h"

namespace secreview::views {

// Exemptions of one status, as the Exemptions page lists them. The rows are few (one per
// request), so the page hands the model the whole list it loaded in the background.
class ExemptionTableModel : public ListTableModel<ExemptionInfo>
{
    Q_OBJECT
public:
    enum Column
    {
        SeverityColumn,
        IssueColumn,
        TargetColumn,
        ScopeColumn,
        ReasonColumn,
        DurationColumn,
        RequestedColumn,
        ReviewedColumn,
        ColumnCount
    };
    enum Roles
    {
        ExemptionIdRole = Qt::UserRole + 10
    };

    explicit ExemptionTableModel(QObject *parent = nullptr);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // "7 days", "permanent", "until 2026-03-10"; approved: "until 2026-12-30 (29 days left)".
    static QString durationText(const ExemptionInfo &e);
};

} // namespace secreview::views
