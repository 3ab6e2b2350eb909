#pragma once

#include "model/report/Exports.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace secreview::views {

// File > Export…: the format (SARIF, CSV per issue or per occurrence, CSV for Jira, JSON, HTML,
// PDF) and the file, for what the Security Tests page shows now (said at the top).
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    ExportDialog(const QString &selection, const QString &suggestedFolder, QWidget *parent = nullptr);

    struct Choice
    {
        report::ExportFormat format = report::ExportFormat::Html;
        report::CsvOptions csv;
        QString path;
    };
    Choice choice() const;
    QComboBox *formatBox() const { return m_format; }
    QLineEdit *fileEdit() const { return m_file; }

private:
    void formatChanged();
    void updateOk();

    QComboBox *m_format;
    QLineEdit *m_file;
    QPushButton *m_ok = nullptr;
    QString m_lastSuffix;
};

} // namespace secreview::views
