#pragma once

#include <QWidget>

namespace secreview::views {

// What every page of the console is to the main window: it reloads what it shows (off the GUI
// thread), says when nothing of it is in flight any more (settled: for screenshots, tests and
// the window's own "loaded" state), and reports one-line outcomes for the status bar.
// MainWindow::pageSpecs() registers each page once; navigation, --page and the Ctrl+N shortcuts
// follow from that list. A page does not load in its constructor: the window calls reload() once
// it has connected the page's signals (a load can finish before the constructor's caller goes
// on, and what it emits then reaches no one).
class Page : public QWidget
{
    Q_OBJECT
public:
    using QWidget::QWidget;

    virtual void reload() = 0;
    virtual bool isSettled() const = 0;
    // The page has just been brought to the front (the Audit page reads what others changed).
    virtual void pageShown() {}
    // Someone changed the database (another user, or another page of this console): show what it
    // holds now, keeping what the reader selected and typed. Reloading is the default.
    virtual void databaseChanged() { reload(); }

signals:
    void settled();
    void statusMessage(const QString &message);
};

} // namespace secreview::views
