// The gate's results where CI systems read them: GitLab's dotenv report, GitHub's step outputs
// and summary, JUnit XML, and the pipeline's e-mails as .eml files.
#include "model/report/CiOutputs.h"

#include "model/core/Error.h"
#include "model/core/Text.h"

#include <QHash>

#include <QLocale>
#include <QRegularExpression>
#include <QXmlStreamWriter>

namespace secreview::report {
namespace {

QString oneLine(QString text)
{
    text.replace(QStringLiteral("\r\n"), QStringLiteral(" "));
    for (QChar &c : text) {
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QChar(0x2028) || c == QChar(0x2029))
            c = QLatin1Char(' ');
    }
    return text;
}

// A name as dotenv and GitHub take it: letters, digits and _, not starting with a digit.
QString variableName(const QString &name)
{
    QString out;
    for (QChar c : name)
        out += (c.isLetterOrNumber() && c.unicode() < 128) || c == QLatin1Char('_') ? c : QLatin1Char('_');
    if (out.isEmpty() || out.front().isDigit())
        out.prepend(QLatin1Char('_'));
    return out;
}

// Markdown table cell text: HTML and the table's own syntax made plain.
QString markdown(const QString &text)
{
    QString out = terminalSafe(oneLine(text)).toHtmlEscaped();
    QString escaped;
    for (QChar c : out) {
        if (QStringLiteral("\\|`[]*_~!#").contains(c))
            escaped += QLatin1Char('\\');
        escaped += c;
    }
    return escaped;
}

// Text XML 1.0 can hold: the characters it forbids (most C0 controls) written visibly.
QString xmlText(const QString &text)
{
    QString out;
    for (QChar c : text) {
        const ushort u = c.unicode();
        if ((u < 0x20 && u != 0x09 && u != 0x0A && u != 0x0D) || u == 0xFFFE || u == 0xFFFF)
            out += QStringLiteral("\\x%1").arg(u, 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

// A header's value: plain when it is short printable ASCII, else RFC 2047 encoded words of at
// most 39 bytes of UTF-8 each (whole characters), one per folded line: no line of the header
// passes 78 characters, and a line break in the value is a space.
QByteArray headerValue(const QString &value)
{
    const QString line = oneLine(value);
    bool ascii = true;
    for (QChar c : line)
        ascii = ascii && c.unicode() >= 0x20 && c.unicode() < 0x7F;
    if (ascii && line.size() <= 60)
        return line.toLatin1();
    QByteArrayList words;
    QByteArray chunk;
    for (const uint cp : line.toUcs4()) {
        const QByteArray bytes = QString::fromUcs4(reinterpret_cast<const char32_t *>(&cp), 1).toUtf8();
        if (chunk.size() + bytes.size() > 39) {
            words.append("=?UTF-8?B?" + chunk.toBase64() + "?=");
            chunk.clear();
        }
        chunk += bytes;
    }
    if (!chunk.isEmpty())
        words.append("=?UTF-8?B?" + chunk.toBase64() + "?=");
    return words.join("\r\n ");
}

// Addresses (each one addr-spec, checked by the evaluator), one per folded line.
QByteArray addressList(const QStringList &addresses)
{
    return addresses.join(QStringLiteral(",\r\n ")).toLatin1();
}

QByteArray base64Lines(const QByteArray &data)
{
    const QByteArray b = data.toBase64();
    QByteArray out;
    for (qsizetype i = 0; i < b.size(); i += 76)
        out += b.mid(i, 76) + "\r\n";
    return out;
}

} // namespace

QList<CiCheck> gateChecks(const IssueQuery &query, const IssueScope &scope, const GateResult &result,
                          const QString &suite, const QHash<qint64, QString> &scanNames)
{
    QList<CiCheck> checks;
    bool anyFailed = false;
    for (const IssueScope::Entry &e : scope.scans) {
        IssueScope one;
        one.scans = {e};
        one.pipeline = scope.pipeline;
        const GateResult part = Gate::evaluate(query, one, result.threshold);
        CiCheck check{scanNames.value(e.scanId, QStringLiteral("scan %1").arg(e.scanId)), suite,
                      part.passed ? QStringLiteral("pass") : QStringLiteral("fail"), part.message, part.variables};
        anyFailed = anyFailed || !part.passed;
        checks.append(check);
    }
    if (!result.passed && !anyFailed)
        checks.append({QStringLiteral("evidence"), suite, QStringLiteral("fail"), result.message, std::nullopt});
    return checks;
}

QList<CiCheck> pipelineChecks(const PipelineEvaluation &evaluation)
{
    QList<CiCheck> checks;
    for (const StepEvaluation &s : evaluation.steps) {
        if (!s.scanStep)
            continue;
        checks.append({s.stage + QLatin1Char('.') + s.step, evaluation.pipeline, stepStatusKey(s.status), s.message,
                       s.variables});
    }
    return checks;
}

QList<std::pair<QString, QString>> ciVariables(const QList<std::pair<QString, QString>> &variables)
{
    QHash<QString, QString> seen; // the name as written, in capitals -> the name it came from
    QList<std::pair<QString, QString>> out;
    for (const auto &[name, value] : variables) {
        const QString written = variableName(name);
        // GitHub looks outputs up without regard to case: Gate_STATUS would be GATE_STATUS.
        const QString key = written.toUpper();
        if (seen.contains(key))
            throw Error(ErrorKind::BadInput,
                        QStringLiteral("the output variables %1 and %2 would both be read as %3 (rename a step); "
                                       "nothing written")
                            .arg(seen.value(key), name, key));
        seen.insert(key, name);
        out.append({written, value});
    }
    return out;
}

QByteArray dotenv(const QList<std::pair<QString, QString>> &variables)
{
    QByteArray out;
    for (const auto &[name, value] : variables)
        out += variableName(name).toUtf8() + '=' + oneLine(value).toUtf8() + '\n';
    return out;
}

QByteArray githubOutput(const QList<std::pair<QString, QString>> &variables)
{
    QByteArray out;
    for (const auto &[name, value] : variables) {
        const QByteArray key = variableName(name).toUtf8();
        if (!value.contains(QLatin1Char('\n')) && !value.contains(QLatin1Char('\r'))) {
            out += key + '=' + value.toUtf8() + '\n';
            continue;
        }
        QByteArray delimiter = "SECREVIEW_EOF";
        for (int n = 0; value.contains(QString::fromLatin1(delimiter)); ++n)
            delimiter = "SECREVIEW_EOF_" + QByteArray::number(n);
        out += key + "<<" + delimiter + '\n' + value.toUtf8() + '\n' + delimiter + '\n';
    }
    return out;
}

QByteArray githubSummary(const QString &title, bool passed, const QString &message, const QList<CiCheck> &checks)
{
    QString md = QStringLiteral("### %1 %2\n\n%3\n\n")
                     .arg(passed ? QStringLiteral("✅") : QStringLiteral("❌"), markdown(title), markdown(message));
    md += QStringLiteral("| Check | Status | Critical | High | Medium | Low | Info | New | Exempted |\n"
                         "|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const CiCheck &c : checks) {
        QStringList cells{markdown(c.name), markdown(c.status)};
        for (Severity s : kSeveritiesDescending)
            cells.append(c.variables ? QString::number(c.variables->bySeverity[size_t(s)]) : QStringLiteral("-"));
        cells.append(c.variables ? QString::number(c.variables->newTotal()) : QStringLiteral("-"));
        cells.append(c.variables ? QString::number(c.variables->ignored) : QStringLiteral("-"));
        md += QStringLiteral("| ") + cells.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
    }
    return (md + QLatin1Char('\n')).toUtf8();
}

QByteArray junit(const QString &suiteName, const QList<CiCheck> &checks, const QDateTime &at)
{
    QByteArray out;
    QXmlStreamWriter xml(&out);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    int failures = 0, skipped = 0;
    for (const CiCheck &c : checks) {
        failures += c.failed() ? 1 : 0;
        skipped += c.status == QLatin1String("skipped") ? 1 : 0;
    }
    xml.writeStartElement(QStringLiteral("testsuites"));
    xml.writeAttribute(QStringLiteral("name"), QStringLiteral("secreview"));
    xml.writeAttribute(QStringLiteral("tests"), QString::number(checks.size()));
    xml.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    xml.writeStartElement(QStringLiteral("testsuite"));
    xml.writeAttribute(QStringLiteral("name"), xmlText(suiteName));
    xml.writeAttribute(QStringLiteral("tests"), QString::number(checks.size()));
    xml.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    xml.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
    xml.writeAttribute(QStringLiteral("skipped"), QString::number(skipped));
    xml.writeAttribute(QStringLiteral("timestamp"), at.toUTC().toString(Qt::ISODate));
    for (const CiCheck &c : checks) {
        xml.writeStartElement(QStringLiteral("testcase"));
        xml.writeAttribute(QStringLiteral("name"), xmlText(c.name));
        xml.writeAttribute(QStringLiteral("classname"), xmlText(c.suite));
        xml.writeAttribute(QStringLiteral("time"), QStringLiteral("0"));
        if (c.failed()) {
            xml.writeStartElement(QStringLiteral("failure"));
            xml.writeAttribute(QStringLiteral("message"), xmlText(oneLine(c.message)));
            xml.writeAttribute(QStringLiteral("type"), c.status);
            xml.writeCharacters(xmlText(c.message));
            xml.writeEndElement();
        } else if (c.status == QLatin1String("skipped")) {
            xml.writeStartElement(QStringLiteral("skipped"));
            xml.writeAttribute(QStringLiteral("message"), xmlText(oneLine(c.message)));
            xml.writeEndElement();
        }
        QString variables;
        if (c.variables) {
            for (const auto &[name, value] : c.variables->named())
                variables += QStringLiteral("%1=%2\n").arg(name).arg(value);
        }
        const QString said = xmlText(c.message + QLatin1Char('\n') + variables);
        xml.writeTextElement(QStringLiteral("system-out"), said);
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndDocument();
    return out;
}

QString emailText(const QString &html)
{
    QString text = html;
    text.replace(QRegularExpression(QStringLiteral("<\\s*br\\s*/?\\s*>|</\\s*(p|div|tr|li|h[1-6])\\s*>"),
                                    QRegularExpression::CaseInsensitiveOption),
                 QStringLiteral("\n"));
    text.remove(QRegularExpression(QStringLiteral("<[^>]*>")));
    text.replace(QStringLiteral("&lt;"), QStringLiteral("<"));
    text.replace(QStringLiteral("&gt;"), QStringLiteral(">"));
    text.replace(QStringLiteral("&quot;"), QStringLiteral("\""));
    text.replace(QStringLiteral("&#39;"), QStringLiteral("'"));
    text.replace(QStringLiteral("&nbsp;"), QStringLiteral(" "));
    text.replace(QStringLiteral("&amp;"), QStringLiteral("&")); // last: "&amp;lt;" is the text "&lt;"
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &line : lines)
        line = line.trimmed();
    return lines.join(QStringLiteral("\r\n")).trimmed() + QStringLiteral("\r\n");
}

QByteArray eml(const EmailPreview &email, const QString &from, const QDateTime &at, const QString &messageId)
{
    const QByteArray boundary = "=_secreview_" + messageId.toLatin1().toHex().left(24);
    QByteArray out;
    out += "From: " + addressList({from}) + "\r\n";
    out += "To: " + addressList(email.toAddresses) + "\r\n";
    if (!email.ccAddresses.isEmpty())
        out += "Cc: " + addressList(email.ccAddresses) + "\r\n";
    out += "Subject: " + headerValue(email.subject) + "\r\n";
    out += "Date: " + QLocale::c().toString(at.toUTC(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss")).toLatin1() + " +0000\r\n";
    out += "Message-ID: <" + messageId.toLatin1() + ">\r\n";
    out += "X-Secreview-Step: " + headerValue(email.stage + QLatin1Char('.') + email.step) + "\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
    out += "This is a multi-part message in MIME format.\r\n\r\n";
    const QString html = email.htmlBody.isEmpty() ? email.body.toHtmlEscaped() : email.htmlBody;
    out += "--" + boundary + "\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    out += base64Lines(emailText(html).toUtf8());
    out += "--" + boundary + "\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    const QString page = QStringLiteral("<!DOCTYPE html><html><head><meta charset=\"utf-8\"/><title>%1</title></head><body>%2</body></html>\r\n")
                             .arg(email.subject.toHtmlEscaped(), html);
    out += base64Lines(page.toUtf8());
    out += "--" + boundary + "--\r\n";
    return out;
}

} // namespace secreview::report
