#include "model/input/XmlInput.h"

#include "model/input/InputFile.h"

#include <QHash>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

namespace secreview {
namespace {

void write(QXmlStreamWriter &w, const XmlElement &e)
{
    w.writeStartElement(e.name);
    for (const auto &[name, value] : e.attributes)
        w.writeAttribute(name, value);
    if (!e.text.isEmpty())
        w.writeCharacters(e.text);
    for (const XmlElement &c : e.children)
        write(w, c);
    w.writeEndElement();
}

} // namespace

QString XmlElement::attribute(const QString &key) const
{
    for (const auto &[attributeName, value] : attributes) {
        if (attributeName == key)
            return value;
    }
    return {};
}

const XmlElement *XmlElement::child(const QString &key) const
{
    for (const XmlElement &c : children) {
        if (c.name == key)
            return &c;
    }
    return nullptr;
}

QList<const XmlElement *> XmlElement::childrenNamed(const QString &key) const
{
    QList<const XmlElement *> out;
    for (const XmlElement &c : children) {
        if (c.name == key)
            out.append(&c);
    }
    return out;
}

QString XmlElement::childText(const QString &key) const
{
    const XmlElement *c = child(key);
    return c ? c->text : QString();
}

QString XmlElement::toXml(qsizetype limit) const
{
    QString out;
    QXmlStreamWriter w(&out);
    w.setAutoFormatting(true);
    write(w, *this);
    if (out.size() > limit)
        return out.left(limit) +
               QStringLiteral("\n... (cut at %1 of %2 characters)").arg(limit).arg(out.size());
    return out.trimmed();
}

XmlDocument::XmlDocument(const InputFile &file) : m_name(file.name())
{
    QXmlStreamReader reader(file.bytes());
    QList<XmlElement *> stack;
    QHash<QString, int> *siblings = nullptr;
    QList<QHash<QString, int>> siblingCounts; // per open element: how many children of each name so far
    bool haveRoot = false;
    auto where = [&] {
        return QStringLiteral("%1: at line %2, column %3")
            .arg(m_name)
            .arg(reader.lineNumber())
            .arg(reader.columnNumber());
    };
    while (!reader.atEnd()) {
        const QXmlStreamReader::TokenType token = reader.readNext();
        switch (token) {
        case QXmlStreamReader::DTD:
            throw Error(
                ErrorKind::BadInput,
                QStringLiteral("%1: a document type declaration (<!DOCTYPE ...>) is refused: result files do "
                               "not need one, and secreview never expands XML entities")
                    .arg(where()));
        case QXmlStreamReader::EntityReference:
            throw Error(ErrorKind::BadInput, QStringLiteral("%1: an entity reference (&%2;) is refused")
                                                 .arg(where(), reader.name().toString()));
        case QXmlStreamReader::StartElement: {
            if (stack.size() >= kMaxDepth)
                throw Error(
                    ErrorKind::BadInput,
                    QStringLiteral("%1: XML nested deeper than %2 levels").arg(where()).arg(kMaxDepth));
            XmlElement e;
            e.name = reader.name().toString();
            e.line = reader.lineNumber();
            e.column = reader.columnNumber();
            for (const QXmlStreamAttribute &a : reader.attributes())
                e.attributes.append({a.name().toString(), a.value().toString()});
            if (stack.isEmpty()) {
                if (haveRoot)
                    throw Error(ErrorKind::BadInput,
                                QStringLiteral("%1: a second root element").arg(where()));
                haveRoot = true;
                e.path = QLatin1Char('/') + e.name;
                m_root = std::move(e);
                stack.append(&m_root);
            } else {
                XmlElement *parent = stack.last();
                siblings = &siblingCounts.last();
                const int index = (*siblings)[e.name]++;
                e.path = QStringLiteral("%1/%2[%3]").arg(parent->path, e.name).arg(index);
                parent->children.append(std::move(e));
                stack.append(&parent->children.last());
            }
            siblingCounts.append(QHash<QString, int>());
            break;
        }
        case QXmlStreamReader::EndElement:
            stack.last()->text = stack.last()->text.trimmed();
            stack.removeLast();
            siblingCounts.removeLast();
            break;
        case QXmlStreamReader::Characters:
            if (!stack.isEmpty())
                stack.last()->text += reader.text();
            break;
        default:
            break;
        }
    }
    if (reader.hasError()) {
        const bool truncated = reader.error() == QXmlStreamReader::PrematureEndOfDocumentError;
        throw Error(ErrorKind::BadInput,
                    QStringLiteral("%1: %2: %3; expected an XML result file")
                        .arg(where(),
                             truncated ? QStringLiteral("truncated XML") : QStringLiteral("not valid XML"),
                             reader.errorString()));
    }
    if (!haveRoot)
        throw Error(ErrorKind::BadInput,
                    QStringLiteral("%1: no root element; expected an XML result file").arg(where()));
}

void XmlDocument::fail(const XmlElement &at, const QString &what) const
{
    throw Error(ErrorKind::BadInput, QStringLiteral("%1: at line %2, column %3 (%4): %5")
                                         .arg(m_name)
                                         .arg(at.line)
                                         .arg(at.column)
                                         .arg(at.path, what));
}

} // namespace secreview
