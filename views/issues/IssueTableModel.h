#pragma once

#include "model/scans/IssueQuery.h"
#include "model/store/Database.h"
#include "views/common/SeverityStyle.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <optional>

namespace secreview::views {

// The issue table over SQL, for scopes of any size: the row count comes from a COUNT query, rows
// are fetched in pages on the background thread when the view asks for them, and rows not yet
// there read "…". Sorting is ORDER BY. A generation counter drops answers to superseded queries.
class IssueTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        SeverityColumn,
        IssueColumn,
        RuleColumn,
        ScannerColumn,
        OccurrencesColumn,
        CategoryColumn,
        ExemptionColumn,
        ReviewedColumn, // the triage state (model/triage)
        OwnerColumn,
        NotesColumn,
        ColumnCount
    };
    enum Roles
    {
        IssueIdRole = Qt::UserRole + 1,
        ScanIdRole,
        SeverityRole = kSeverityRole,
        LoadedRole
    };
    static constexpr int kPageSize = 200;

    explicit IssueTableModel(QObject *parent = nullptr);

    // Replaces what the table shows; the count and the first page load in the background.
    void setQuery(const Database &db, const IssueScope &scope, const IssueFilter &filter);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    bool isLoading() const { return m_counting || !m_pending.isEmpty(); }
    std::optional<int> rowOfIssue(qint64 issueId) const; // among loaded rows
    std::optional<IssueRow> rowAt(int row) const;        // if loaded

signals:
    void loaded(); // the count and every requested page are in
    void failed(const QString &message);

private:
    enum class Recount
    {
        Yes,
        No // the same rows in another order
    };
    void requery(Recount recount = Recount::Yes);
    void requestPage(int page) const;

    std::optional<Database> m_db;
    IssueScope m_scope;
    IssueFilter m_filter;
    IssueSort m_sort;
    int m_rowCount = 0;
    bool m_counting = false;
    bool m_countKnown = false; // m_rowCount is the count of the current query's rows
    quint64 m_generation = 0;
    mutable QHash<int, QList<IssueRow>> m_pages;
    mutable QSet<int> m_pending;
};

} // namespace secreview::views
