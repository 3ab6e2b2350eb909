#include "model/importers/FormatImporter.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace secreview {

QString cleanPath(QString path)
{
    while (path.startsWith(QLatin1String("./")))
        path.remove(0, 2);
    return path;
}

bool FormatImporter::recognizes(const JsonNode &root) const
{
    return m_spec.recognizes && m_spec.recognizes(root);
}

ScanInfo FormatImporter::read(const JsonNode &root, FindingSink &sink) const
{
    if (!m_spec.read)
        root.fail(QStringLiteral("%1 is XML, not JSON").arg(m_spec.displayName));
    return m_spec.read(root, sink);
}

bool FormatImporter::recognizesXml(const XmlElement &root) const
{
    return m_spec.recognizesXml && m_spec.recognizesXml(root);
}

ScanInfo FormatImporter::readXml(const XmlDocument &document, FindingSink &sink) const
{
    if (!m_spec.readXml)
        return Importer::readXml(document, sink);
    return m_spec.readXml(document, sink);
}

} // namespace secreview

namespace secreview::importing {

QString identity(std::initializer_list<QString> parts)
{
    QStringList list;
    for (const QString &p : parts)
        list.append(p);
    return QString::fromLatin1(
        QCryptographicHash::hash(list.join(QLatin1Char('\x1f')).toUtf8(), QCryptographicHash::Sha256)
            .toHex()
            .left(32));
}

Severity severityFromWord(QStringView word)
{
    const QString w = word.trimmed().toString().toLower();
    if (w == QLatin1String("critical") || w == QLatin1String("blocker"))
        return Severity::Critical;
    if (w == QLatin1String("high") || w == QLatin1String("error") || w == QLatin1String("major"))
        return Severity::High;
    if (w == QLatin1String("medium") || w == QLatin1String("moderate") || w == QLatin1String("warning") ||
        w == QLatin1String("warn"))
        return Severity::Medium;
    if (w == QLatin1String("low") || w == QLatin1String("minor") || w == QLatin1String("note"))
        return Severity::Low;
    return Severity::Info; // info, informational, negligible, unknown, none, ...
}

QString cweOf(const QString &text)
{
    static const QRegularExpression cwe(QStringLiteral(R"(^\s*(?:CWE-)?(\d+)\b)"),
                                        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = cwe.match(text);
    return m.hasMatch() ? QStringLiteral("CWE-") + m.captured(1) : QString();
}

QString fileLocation(const QString &file, int line)
{
    return line > 0 ? QStringLiteral("%1:%2").arg(file).arg(line) : file;
}

} // namespace secreview::importing

namespace secreview::importing {

QByteArray redactedRaw(const JsonNode &node, std::initializer_list<const char *> secretKeys)
{
    QJsonDocument doc = QJsonDocument::fromJson(node.rawJson(16 * 1024 * 1024));
    if (!doc.isObject())
        return node.rawJson();
    QJsonObject o = doc.object();
    for (const char *key : secretKeys) {
        const QString k = QString::fromLatin1(key);
        if (!o.contains(k))
            continue;
        const QJsonValue value = o.value(k);
        if (value.isString() && !value.toString().isEmpty())
            o.insert(k,
                     QStringLiteral("(redacted by secreview: %1 characters)").arg(value.toString().size()));
        else if (value.isArray() || value.isObject())
            o.insert(k, QStringLiteral("(redacted by secreview)"));
    }
    const QByteArray out = QJsonDocument(o).toJson(QJsonDocument::Compact);
    return out.size() > JsonNode::kRawLimit ? out.left(JsonNode::kRawLimit) + "\n... (cut)" : out;
}

bool isNonEmptyArrayOf(const JsonNode &node, const std::function<bool(const JsonNode &)> &test)
{
    if (!node.isArray())
        return false;
    bool all = true, any = false;
    node.forEach([&](const JsonNode &e) {
        any = true;
        all = all && test(e);
    });
    return any && all;
}

QString secretDigest(const QString &secret)
{
    return identity({QStringLiteral("secret"), secret}).left(16);
}

} // namespace secreview::importing
