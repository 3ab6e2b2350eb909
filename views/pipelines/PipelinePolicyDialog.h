#pragma once

#include "model/pipelines/PipelinePolicy.h"

#include <QDialog>
#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace secreview::views {

// Edits the governance policy that `pipeline check --policy FILE` reads: each rule on or off with
// its parameters, opened from and saved to a YAML file (PipelinePolicy::load / save, so what the
// console saves is exactly what the command line checks).
class PipelinePolicyDialog : public QDialog
{
    Q_OBJECT
public:
    PipelinePolicyDialog(const PipelinePolicy &policy, const QString &file, QWidget *parent = nullptr);

    PipelinePolicy policy() const; // as the form stands
    QString file() const { return m_file; }

    void setPolicy(const PipelinePolicy &policy);
    bool saveTo(const QString &path); // false (with a message) when it cannot write
    bool openFrom(const QString &path);

    QComboBox *atLeastBox() const { return m_atLeast; }
    QCheckBox *noIgnoreBox() const { return m_noIgnore; }
    QCheckBox *allowNoneBox() const { return m_allowNone; }
    QCheckBox *scanRunsBox() const { return m_scanRuns; }
    QCheckBox *allowConditionsBox() const { return m_allowConditions; }
    QCheckBox *scannerBox() const { return m_scanner; }

private:
    void save();
    void saveAs();
    void openFile(); // Open…: another policy file
    void updateFileLabel();
    // Runs work (reading or writing path); on success path becomes the dialog's file, on an
    // error the message shows in the dialog.
    bool withFile(const QString &path, const std::function<void()> &work);

    QString m_file;
    QCheckBox *m_scanStep;
    QLineEdit *m_stageTypes;
    QCheckBox *m_threshold;
    QComboBox *m_atLeast;
    QCheckBox *m_allowNone;
    QCheckBox *m_scanRuns;
    QCheckBox *m_allowConditions;
    QCheckBox *m_noIgnore;
    QLineEdit *m_allowedStages;
    QCheckBox *m_scanner;
    QLineEdit *m_required;
    QLabel *m_fileLabel;
    QLabel *m_error;
};

} // namespace secreview::views
