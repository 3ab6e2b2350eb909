#pragma once

#include "model/exemptions/ExemptionWorkflow.h"

#include <QAbstractTableModel>

namespace secreview::views {

// Exemptions of one status, as the Exemptions page lists them. The rows are few (one per
// request), so the page hands the model the whole list it loaded in the background.
class ExemptionTableModel : public QAbstractTableModel
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

    using QAbstractTableModel::QAbstractTableModel;
    void setRows(const QList<ExemptionInfo> &rows);
    const ExemptionInfo &at(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString
    durationText(const ExemptionInfo &e); // "7d · 6 days left", "permanent", "until 2026-03-10"

private:
    QList<ExemptionInfo> m_rows;
};

} // namespace secreview::views
