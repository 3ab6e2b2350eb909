#pragma once

#include "model/scans/ScanImporter.h"

#include <QDialog>

class QComboBox;
class QLineEdit;

namespace secreview::views {

// Where imported files go: target (new or existing), its type, the variant, and the format
// (detected from the content unless named).
class ImportDialog : public QDialog
{
    Q_OBJECT
public:
    ImportDialog(const QStringList &files, const QStringList &targets, const QString &target,
                 const QString &variant, QWidget *parent = nullptr);
    ImportRequest request() const; // everything but the path

private:
    QComboBox *m_target;
    QComboBox *m_type;
    QLineEdit *m_variant;
    QComboBox *m_scanner;
};

} // namespace secreview::views
