#include "views/shell/KeyboardShortcuts.h"

#include <QCoreApplication>
#include <QList>
#include <utility>

namespace secreview::views {

QString keyboardShortcutsText()
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("KeyboardShortcuts", text); };
    const QList<std::pair<QString, QString>> keys{
        {tr("Ctrl+1 … Ctrl+8"), tr("Dashboard, Security Tests, Exemptions, Pipelines, Scans, Targets, Users, Audit")},
        {tr("F1"), tr("this list")},
        {tr("F5"), tr("reload")},
        {tr("Ctrl+I"), tr("import results")},
        {tr("Ctrl+Shift+S"), tr("export what Security Tests shows (SARIF, CSV, JSON, HTML, PDF)")},
        {tr("Ctrl+O, Ctrl+Shift+O"), tr("open a database file, a team database")},
        {tr("Ctrl+Shift+U"), tr("switch user")},
        {tr("Ctrl+Q"), tr("quit")},
        {tr("Ctrl+F"), tr("search (Security Tests, Exemptions); Esc clears it, Tab goes on to the table")},
        {tr("Up, Down, Page Up, Page Down"), tr("move through a table; Shift or Ctrl with them selects several; Tab leaves it")},
        {tr("Ctrl+Enter"), tr("submit a form with a comment, a decision, a note")},
        {tr("Dashboard"), QString()},
        {tr("Alt+T, Alt+R"), tr("target (or every target's main line), variant; Enter on a row opens it")},
        {tr("Security Tests"), QString()},
        {tr("Alt+1 … Alt+5"), tr("show or hide Critical, High, Medium, Low, Info")},
        {tr("Alt+E"), tr("also show exempted issues")},
        {tr("Alt+M"), tr("also list the remediated issues (gone since the comparison scan)")},
        {tr("Alt+T, Alt+R"), tr("target, variant")},
        {tr("Alt+W, Alt+G, Alt+U, Alt+S"), tr("show (review state), category, group by, scanner")},
        {tr("Ctrl+Shift+E"), tr("request an exemption of the selected issue(s), or show its open request")},
        {tr("Ctrl+R"), tr("mark the selected issue(s) reviewed, or take the marks back")},
        {tr("Ctrl+Shift+A"), tr("assign the selected issue(s)")},
        {tr("Alt+L"), tr("the latest scans again, after the Dashboard showed one scan")},
        {tr("Exemptions"), QString()},
        {tr("Ctrl+Shift+A, R, C, P, D"), tr("approve, reject, cancel, re-open, delete the selected exemption(s)")},
        {tr("Alt+A, Alt+Q, Alt+X"), tr("target, requester, expiring within")},
        {tr("Pipelines"), QString()},
        {tr("Ctrl+E"), tr("evaluate the pipeline")},
        {tr("Alt+R, Alt+X, Alt+P, Alt+Y"), tr("variant, execution, policy, import YAML")},
        {tr("Scans"), QString()},
        {tr("Ctrl+Shift+C"), tr("compare the two selected scans")},
        {tr("Ctrl+Shift+D"), tr("delete the selected scan (SecOps)")},
        {tr("Alt+T, Alt+R, Alt+N"), tr("target, variant, scanner")},
        {tr("Targets"), QString()},
        {tr("Ctrl+B"), tr("set or change the selected target's baseline")},
        {tr("Users"), QString()},
        {tr("Ctrl+Shift+N"), tr("add a user")},
        {tr("Audit"), QString()},
        {tr("Ctrl+Shift+V"), tr("verify the audit chain")},
        {tr("Alt+C, Alt+O, Alt+M, Alt+N"), tr("actor, object, from, until")},
    };
    QString text;
    for (const auto &[key, what] : keys)
        text += what.isEmpty() ? QString(QLatin1Char('\n') + key + QLatin1Char('\n'))
                               : QString(key + QLatin1Char('\t') + what + QLatin1Char('\n'));
    return text;
}

} // namespace secreview::views
