#pragma once

#include <QAbstractTableModel>
#include <QStringList>

namespace secreview::views {

// A table over a list a page loaded whole in the background (exemptions, users, audit entries:
// few rows): the rows, the column count and the header titles. A subclass says what each cell
// shows (data()); the page hands it the list with setRows().
template <typename Row> class ListTableModel : public QAbstractTableModel
{
public:
    ListTableModel(QStringList headers, QObject *parent)
        : QAbstractTableModel(parent), m_headers(std::move(headers))
    {
    }

    void setRows(const QList<Row> &rows)
    {
        beginResetModel();
        m_rows = rows;
        endResetModel();
    }
    const Row &at(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_headers.size());
    }
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override
    {
        if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 &&
            section < m_headers.size())
            return m_headers.at(section);
        return QAbstractTableModel::headerData(section, orientation, role);
    }

protected:
    // The row of a valid index of this model, or null.
    const Row *rowOf(const QModelIndex &index) const
    {
        return index.isValid() && index.row() < m_rows.size() ? &m_rows.at(index.row()) : nullptr;
    }

private:
    QStringList m_headers;
    QList<Row> m_rows;
};

} // namespace secreview::views
