#include "views/shell/ImportProgress.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>

namespace secreview::views {

ImportProgress::ImportProgress(QWidget *parent)
    : QWidget(parent), m_bar(new QProgressBar(this)), m_results(new QLabel(this)),
      m_cancelButton(new QPushButton(tr("Cancel Import"), this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    m_bar->setMaximumWidth(160);
    m_bar->setTextVisible(true);
    m_results->setObjectName(QStringLiteral("importResults"));
    m_cancelButton->setObjectName(QStringLiteral("cancelImport"));
    m_cancelButton->setToolTip(tr("Stop the import: nothing of the file being imported is kept, and the files "
                                  "after it are not imported"));
    layout->addWidget(m_bar);
    layout->addWidget(m_results);
    layout->addWidget(m_cancelButton);
    connect(m_cancelButton, &QPushButton::clicked, this, &ImportProgress::cancel);
    m_timer.setInterval(200);
    connect(&m_timer, &QTimer::timeout, this, &ImportProgress::poll);
    hide();
}

void ImportProgress::start(int files)
{
    m_cancelled = false;
    m_bar->setRange(0, files);
    m_bar->setValue(0);
    m_bar->setFormat(tr("File %v of %m"));
    m_cancelButton->setEnabled(true);
    m_results->clear();
    show();
    m_timer.start();
}

std::shared_ptr<ImportControl> ImportProgress::beginFile(int index, const QString &name)
{
    m_bar->setValue(index + 1);
    m_bar->setToolTip(name);
    m_control = std::make_shared<ImportControl>();
    if (m_cancelled)
        m_control->cancel = true;
    poll();
    return m_control;
}

void ImportProgress::finish()
{
    m_timer.stop();
    hide();
}

void ImportProgress::cancel()
{
    m_cancelled = true;
    if (m_control)
        m_control->cancel = true;
    m_cancelButton->setEnabled(false);
    m_results->setText(tr("Cancelling…"));
}

QString ImportProgress::resultsText() const
{
    return m_results->text();
}

void ImportProgress::poll()
{
    if (!m_control || m_cancelled)
        return;
    const qint64 n = m_control->results.load(std::memory_order_relaxed);
    m_results->setText(tr("%1 results read").arg(QLocale().toString(n)));
}

} // namespace secreview::views
