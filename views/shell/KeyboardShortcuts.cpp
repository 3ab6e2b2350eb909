#include "views/shell/KeyboardShortcuts.h"

#include <QCoreApplication>
#include <QList>
#include <utility>

namespace secreview::views {

QString keyboardShortcutsText()
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("KeyboardShortcuts", text); };
    const QList<std::pair<QString, QString>> keys{
        {tr("Ctrl+1 … Ctrl+5"), tr("Security Tests, Exemptions, Pipelines, Users, Audit")},
        {tr("Alt+1 … Alt+5"), tr("show or hide Critical, High, Medium, Low, Info")},
        {tr("Alt+E"), tr("also show exempted issues")},
        {tr("Alt+T, Alt+V, Alt+S"), tr("target, variant, scanner")},
        {tr("Ctrl+F"), tr("search issues; Esc clears it, Tab goes on to the table")},
        {tr("Up, Down, Page Up, Page Down"), tr("move through the issues; Tab leaves the table")},
        {tr("Ctrl+Shift+E"), tr("request an exemption of the selected issue(s), or show its open request")},
        {tr("Ctrl+Enter"), tr("submit a request form or a decision's comment")},
        {tr("Ctrl+I"), tr("import results")},
        {tr("F5"), tr("reload")},
        {tr("Ctrl+O, Ctrl+Shift+O"), tr("open a database file, a team database")},
        {tr("Ctrl+Shift+U"), tr("switch user")},
        {tr("Ctrl+Q"), tr("quit")},
    };
    QString text;
    for (const auto &[key, what] : keys)
        text += key + QLatin1Char('\t') + what + QLatin1Char('\n');
    return text;
}

} // namespace secreview::views
