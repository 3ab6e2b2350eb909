#include "views/history/ScanTableModel.h"

#include <QLocale>

namespace secreview::views {

ScanTableModel::ScanTableModel(QObject *parent)
    : ListTableModel({tr("Scan"), tr("Target"), tr("Variant"), tr("Scanner"), tr("Critical"), tr("High"),
                      tr("Medium"), tr("Low"), tr("Info"), tr("New"), tr("Remediated"), tr("Imported"), tr("File"),
                      tr("Imported by")},
                     parent)
{
}

QVariant ScanTableModel::data(const QModelIndex &index, int role) const
{
    const ScanSummary *row = rowOf(index);
    if (!row)
        return {};
    const ScanSummary &s = *row;
    const auto column = Column(index.column());
    const bool count = column >= CriticalColumn && column <= RemediatedColumn;
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(Qt::Alignment((count || column == IdColumn ? Qt::AlignRight : Qt::AlignLeft) |
                                                 Qt::AlignVCenter));
    if (role == Qt::ToolTipRole && column == RemediatedColumn)
        return s.comparisonScan ? tr("Issues of scan %1 (the scan this one is compared with) that this one no "
                                     "longer has")
                                      .arg(*s.comparisonScan)
                                : tr("Nothing to compare with: no earlier scan of this scanner on this variant "
                                     "and no baseline scan");
    if (role == Qt::ToolTipRole && column == FileColumn)
        return tr("SHA-256 %1").arg(s.scan.sha256);
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case IdColumn:
        return s.scan.id;
    case ImportedColumn:
        return s.scan.importedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case TargetColumn:
        return s.scan.target;
    case VariantColumn:
        return s.scan.variant;
    case ScannerColumn:
        return s.scan.scanner;
    case CriticalColumn:
    case HighColumn:
    case MediumColumn:
    case LowColumn:
    case InfoColumn:
        // Columns from Critical down; the counts are indexed by int(Severity), Info first.
        return s.counts[size_t(InfoColumn - column)];
    case NewColumn:
        return s.newIssues;
    case RemediatedColumn:
        return s.comparisonScan ? QVariant(s.remediated) : QVariant(QStringLiteral("–"));
    case FileColumn:
        return s.scan.fileName;
    case ImportedByColumn:
        return s.scan.importedByCi ? tr("%1 (ci)").arg(s.scan.importedBy) : s.scan.importedBy;
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace secreview::views
