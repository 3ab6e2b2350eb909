#pragma once

#include <QAbstractButton>
#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QKeyEvent>
#include <QKeySequence>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>

namespace secreview::views {

// Ctrl+Enter in a multi-line field (which takes the keys it could use before any shortcut does)
// clicks button when it is enabled: a form's OK, a note's Add.
class CtrlEnterClick : public QObject
{
public:
    CtrlEnterClick(QAbstractButton *button, QObject *parent) : QObject(parent), m_button(button) {}

    static void press(QAbstractButton *button)
    {
        if (button && button->isEnabled())
            button->click();
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::KeyPress) {
            const auto *key = static_cast<QKeyEvent *>(event);
            if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
                key->modifiers().testFlag(Qt::ControlModifier)) {
                press(m_button);
                return true;
            }
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QAbstractButton *m_button;
};

inline void clickOnCtrlEnter(QPlainTextEdit *edit, QAbstractButton *button)
{
    edit->installEventFilter(new CtrlEnterClick(button, edit));
}

// Ctrl+Enter presses a form's OK button from anywhere in it, a multi-line comment field too
// (where Enter is a new line), as in mail and review tools. Call it once the fields exist.
inline void submitOnCtrlEnter(QDialog *dialog, QDialogButtonBox *buttons)
{
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    for (const QKeySequence &keys : {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto *shortcut = new QShortcut(keys, dialog);
        QObject::connect(shortcut, &QShortcut::activated, dialog, [ok] { CtrlEnterClick::press(ok); });
    }
    for (QPlainTextEdit *edit : dialog->findChildren<QPlainTextEdit *>())
        clickOnCtrlEnter(edit, ok);
}

} // namespace secreview::views
