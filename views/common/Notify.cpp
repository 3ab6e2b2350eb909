#include "views/common/Notify.h"

#include <QMessageBox>

namespace secreview::views {

void warnLater(QWidget *parent, const QString &title, const QString &text, const QString &detail)
{
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, parent);
    box->setTextFormat(Qt::PlainText);
    if (!detail.isEmpty())
        box->setDetailedText(detail);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace secreview::views
