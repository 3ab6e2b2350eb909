#include "model/pipelines/HarnessIdentifier.h"

#include <QRegularExpression>
#include <QStringList>

namespace secreview {

QString harnessIdentifierProblem(const QString &identifier)
{
    static const QRegularExpression shape(QStringLiteral("^[A-Za-z_][A-Za-z0-9_$]{0,127}$"));
    static const QStringList reserved{
        QStringLiteral("or"),   QStringLiteral("and"),       QStringLiteral("eq"),     QStringLiteral("ne"),
        QStringLiteral("lt"),   QStringLiteral("gt"),        QStringLiteral("le"),     QStringLiteral("ge"),
        QStringLiteral("div"),  QStringLiteral("mod"),       QStringLiteral("not"),    QStringLiteral("null"),
        QStringLiteral("true"), QStringLiteral("false"),     QStringLiteral("new"),    QStringLiteral("var"),
        QStringLiteral("return"), QStringLiteral("step"),    QStringLiteral("parallel"), QStringLiteral("stepGroup"),
        QStringLiteral("org"),  QStringLiteral("account"),   QStringLiteral("status")};
    if (!shape.match(identifier).hasMatch())
        return QStringLiteral("a letter or _ first, then letters, digits, _ or $, at most 128 characters");
    if (reserved.contains(identifier))
        return QStringLiteral("'%1' is a reserved word").arg(identifier);
    return {};
}

} // namespace secreview
