#pragma once

#include "model/importers/Finding.h"
#include "model/input/JsonInput.h"
#include "model/input/XmlInput.h"

#include <QList>
#include <initializer_list>

namespace secreview {

// One result-file format. Stateless; read() walks the parsed file and hands every finding to the
// sink, throwing BadInput (with the JSON path) when the file is not the shape the format has.
class Importer
{
public:
    virtual ~Importer() = default;
    virtual QString format() const = 0;                // "bandit": what --scanner names and scans record
    virtual QString displayName() const = 0;           // "Bandit JSON"
    virtual QStringList aliases() const { return {}; } // other --scanner names
    // True when the content is this format. Detection never looks at the file name.
    virtual bool recognizes(const JsonNode &root) const = 0;
    virtual ScanInfo read(const JsonNode &root, FindingSink &sink) const = 0;
    // XML formats (ZAP, Dependency-Check, CycloneDX) answer these too; a format may read both.
    virtual bool recognizesXml(const XmlElement &) const { return false; }
    virtual ScanInfo readXml(const XmlDocument &document, FindingSink &sink) const;
};

// The formats this build reads, in detection order.
const QList<const Importer *> &importers();
const Importer *importerByName(const QString &name); // format or alias, case-insensitive
QString supportedFormatsText();                      // "Bandit JSON, Trivy JSON, SARIF 2.1.0"

// The cleaned path a scanner printed: "./sqli/x.py" -> "sqli/x.py".
QString cleanPath(QString path);

namespace importing {
// An occurrence identity from the parts that make it: SHA-256 of the parts joined by U+001F,
// 32 hex characters. Every format without a fingerprint of its own uses it.
QString identity(std::initializer_list<QString> parts);
} // namespace importing

} // namespace secreview
