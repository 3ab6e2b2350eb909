#pragma once

#include "model/scans/ScanWriter.h"

#include <QTimer>
#include <QWidget>
#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;

namespace secreview::views {

// The status bar's import progress: which file of how many, the results read so far in the one
// being imported (polled from the import thread's counter five times a second), and Cancel,
// which stops that file's import (rolled back whole) and the files after it.
class ImportProgress : public QWidget
{
    Q_OBJECT
public:
    explicit ImportProgress(QWidget *parent = nullptr);

    void start(int files);
    // The index-th file (0-based) begins: a fresh control for it.
    // The import thread's task holds the control, so it outlives this widget if need be.
    std::shared_ptr<ImportControl> beginFile(int index, const QString &name);
    void finish();
    bool isCancelled() const { return m_cancelled; }
    // Cancels the file being imported (a window closing does too).
    void cancel();

    QProgressBar *bar() const { return m_bar; }
    QPushButton *cancelButton() const { return m_cancelButton; }
    QString resultsText() const;

private:
    void poll();

    QProgressBar *m_bar;
    QLabel *m_results;
    QPushButton *m_cancelButton;
    QTimer m_timer;
    std::shared_ptr<ImportControl> m_control; // shared with the import thread's task
    bool m_cancelled = false;
};

} // namespace secreview::views
