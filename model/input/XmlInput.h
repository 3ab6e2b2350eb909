#pragma once

#include "model/core/Error.h"

#include <QList>
#include <QString>
#include <utility>

namespace secreview {

class InputFile;

// One element of an XML result file (ZAP, Dependency-Check, CycloneDX), with its place in the
// file for errors. Names are local names: namespaces are ignored, as every format here has one.
struct XmlElement
{
    QString name;
    QList<std::pair<QString, QString>> attributes;
    QString text; // the element's own character data, trimmed
    QList<XmlElement> children;
    qint64 line = 0;
    qint64 column = 0;
    QString path; // "/OWASPZAPReport/site[0]/alerts"

    QString attribute(const QString &name) const;
    const XmlElement *child(const QString &name) const; // the first, or null
    QList<const XmlElement *> childrenNamed(const QString &name) const;
    QString childText(const QString &name) const; // the first child's text, or empty
    // The element as XML text again, for the raw view of a finding (cut at limit characters).
    QString toXml(qsizetype limit = 64 * 1024) const;
};

// An XML result file, read with QXmlStreamReader into XmlElements. A DTD is refused outright:
// no entity is ever declared, so none can expand (no "billion laughs", no external entities).
// Nesting is bounded. Errors: Error(BadInput) naming the file, the line and the column.
class XmlDocument
{
public:
    static constexpr int kMaxDepth = 256;

    explicit XmlDocument(const InputFile &file);

    const XmlElement &root() const { return m_root; }
    const QString &name() const { return m_name; }
    [[noreturn]] void fail(const XmlElement &at, const QString &what) const;

private:
    QString m_name;
    XmlElement m_root;
};

} // namespace secreview
