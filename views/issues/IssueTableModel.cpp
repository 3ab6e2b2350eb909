#include "views/issues/IssueTableModel.h"

#include "views/common/Background.h"
#include "views/common/PlainText.h"
#include "views/common/SeverityStyle.h"

#include <QFont>

namespace secreview::views {

IssueTableModel::IssueTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void IssueTableModel::setQuery(const Database &db, const IssueScope &scope, const IssueFilter &filter)
{
    m_db = db;
    m_scope = scope;
    m_filter = filter;
    requery();
}

void IssueTableModel::clear()
{
    beginResetModel();
    ++m_generation;
    m_scope = {};
    m_rowCount = 0;
    m_countKnown = false;
    m_pages.clear();
    m_pending.clear();
    m_counting = false;
    endResetModel();
    emit loaded();
}

void IssueTableModel::requery(Recount recount)
{
    if (!m_db)
        return;
    // A new order of the same rows keeps their count, unless a count is still on its way.
    const std::optional<int> known =
        recount == Recount::No && m_countKnown && !m_counting ? std::optional<int>(m_rowCount) : std::nullopt;
    const quint64 generation = ++m_generation;
    m_counting = true;
    const Database db = *m_db;
    const IssueScope scope = m_scope;
    const IssueFilter filter = m_filter;
    const IssueSort sortOrder = m_sort;
    // The count and the first page in one trip, so the table fills in one step.
    runInBackground([db, scope, filter, sortOrder, known] {
        const IssueQuery query(db);
        return std::make_pair(known ? *known : query.count(scope, filter),
                              query.list(scope, filter, sortOrder, 0, kPageSize));
    }).then(this, [this, generation](const Outcome<std::pair<int, QList<IssueRow>>> &out) {
        if (generation != m_generation)
            return; // superseded
        beginResetModel();
        m_pages.clear();
        m_pending.clear();
        m_counting = false;
        m_rowCount = out.value ? out.value->first : 0;
        m_countKnown = out.value.has_value();
        if (out.value)
            m_pages.insert(0, out.value->second);
        endResetModel();
        if (!out.value)
            emit failed(out.error);
        emit loaded();
    });
}

void IssueTableModel::requestPage(int page) const
{
    if (m_pending.contains(page) || !m_db)
        return;
    m_pending.insert(page);
    const quint64 generation = m_generation;
    const Database db = *m_db;
    const IssueScope scope = m_scope;
    const IssueFilter filter = m_filter;
    const IssueSort sortOrder = m_sort;
    auto *self = const_cast<IssueTableModel *>(this);
    runInBackground([db, scope, filter, sortOrder, page] {
        return IssueQuery(db).list(scope, filter, sortOrder, page * kPageSize, kPageSize);
    }).then(self, [self, generation, page](const Outcome<QList<IssueRow>> &out) {
        if (generation != self->m_generation)
            return;
        self->m_pending.remove(page);
        if (!out.value) {
            emit self->failed(out.error);
            return;
        }
        self->m_pages.insert(page, *out.value);
        const int first = page * kPageSize;
        const int last = qMin(self->m_rowCount, first + int(out.value->size())) - 1;
        if (last >= first)
            emit self->dataChanged(self->index(first, 0), self->index(last, ColumnCount - 1));
        if (!self->isLoading())
            emit self->loaded();
    });
}

int IssueTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rowCount;
}

int IssueTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

std::optional<IssueRow> IssueTableModel::rowAt(int row) const
{
    if (row < 0 || row >= m_rowCount)
        return std::nullopt;
    auto it = m_pages.constFind(row / kPageSize);
    if (it == m_pages.constEnd() || row % kPageSize >= it->size())
        return std::nullopt;
    return it->at(row % kPageSize);
}

std::optional<int> IssueTableModel::rowOfIssue(qint64 issueId) const
{
    for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it) {
        for (int i = 0; i < it->size(); ++i) {
            if (it->at(i).id == issueId)
                return it.key() * kPageSize + i;
        }
    }
    return std::nullopt;
}

QVariant IssueTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rowCount)
        return {};
    const std::optional<IssueRow> row = rowAt(index.row());
    if (!row) {
        requestPage(index.row() / kPageSize);
        if (role == Qt::DisplayRole)
            return index.column() == IssueColumn ? tr("Loading…") : QString();
        if (role == LoadedRole)
            return false;
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case SeverityColumn:
            return severityName(row->severity);
        case IssueColumn:
            return row->title;
        case RuleColumn:
            return row->rule;
        case ScannerColumn:
            return row->scanner;
        case OccurrencesColumn:
            return row->occurrences;
        case CategoryColumn:
            switch (row->category) {
            case IssueCategory::New:
                return tr("New");
            case IssueCategory::Common:
                return tr("Common");
            case IssueCategory::Remediated:
                return tr("Remediated");
            }
            return {};
        case ExemptionColumn:
            if (!row->exemption)
                return QString();
            switch (*row->exemption) {
            case ExemptionStatus::Approved:
                return tr("Exempted");
            case ExemptionStatus::Pending:
                return tr("Pending");
            case ExemptionStatus::Rejected:
                return tr("Rejected");
            default:
                return tr("Expired");
            }
        case ReviewedColumn:
            return row->reviewed ? QStringLiteral("✓") : QString();
        case OwnerColumn:
            return row->assignee;
        case NotesColumn:
            return row->notes > 0 ? QVariant(row->notes) : QVariant(QString());
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        // Tooltips guess rich text from the content; escaped and wrapped, scanner text stays text.
        if (index.column() == IssueColumn)
            return plainToolTip(row->title);
        if (index.column() == SeverityColumn)
            return plainToolTip(
                tr("%1 (scanner: %2)").arg(severityName(row->severity), row->scannerSeverity));
        if (index.column() == RuleColumn)
            return plainToolTip(row->rule);
        if (index.column() == ReviewedColumn && row->reviewed)
            return tr("Reviewed");
        if (index.column() == NotesColumn && row->notes)
            return tr("%n note(s)", nullptr, row->notes);
        if (index.column() == CategoryColumn && row->category == IssueCategory::Remediated)
            return tr("Gone from the latest scan: as it was in scan %1, where it was last seen").arg(row->scanId);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == OccurrencesColumn || index.column() == NotesColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (row->category == IssueCategory::Remediated) { // gone: set apart from what is there
            QFont f;
            f.setItalic(true);
            return f;
        }
        if (index.column() == CategoryColumn && row->category == IssueCategory::New) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case IssueIdRole:
        return row->id;
    case ScanIdRole:
        return row->scanId;
    case SeverityRole:
        return int(row->severity);
    case LoadedRole:
        return true;
    default:
        return {};
    }
}

QVariant IssueTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    // The narrow columns' headers are signs; the chooser and the tooltip say them in words.
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        if (section == ReviewedColumn)
            return tr("Reviewed");
        if (section == NotesColumn)
            return tr("Notes");
        return headerData(section, orientation, Qt::DisplayRole);
    }
    if (orientation == Qt::Horizontal && role == Qt::UserRole) // the column chooser's words
        return section == ReviewedColumn ? tr("Reviewed") : section == NotesColumn ? tr("Notes")
                                                                                    : headerData(section, orientation);
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case SeverityColumn:
        return tr("Severity");
    case IssueColumn:
        return tr("Issue");
    case RuleColumn:
        return tr("Rule");
    case ScannerColumn:
        return tr("Scanner");
    case OccurrencesColumn:
        return tr("Occ.");
    case CategoryColumn:
        return tr("Category");
    case ExemptionColumn:
        return tr("Exemption");
    case ReviewedColumn:
        return QStringLiteral("✓");
    case OwnerColumn:
        return tr("Owner");
    case NotesColumn:
        return QStringLiteral("✎");
    case ColumnCount:
        break;
    }
    return {};
}

void IssueTableModel::sort(int column, Qt::SortOrder order)
{
    static const IssueSortColumn map[] = {IssueSortColumn::Severity,    IssueSortColumn::Title,
                                          IssueSortColumn::Rule,        IssueSortColumn::Scanner,
                                          IssueSortColumn::Occurrences, IssueSortColumn::Category,
                                          IssueSortColumn::Exemption,   IssueSortColumn::Reviewed,
                                          IssueSortColumn::Assignee,    IssueSortColumn::Notes};
    static_assert(std::size(map) == ColumnCount);
    if (column < 0 || column >= ColumnCount)
        return;
    m_sort = {map[column], order == Qt::DescendingOrder};
    requery(Recount::No);
}

} // namespace secreview::views
