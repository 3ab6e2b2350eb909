#pragma once

#include "model/importers/Finding.h"
#include "model/input/JsonInput.h"
#include "model/input/SplitJsonDocument.h"
#include "model/input/XmlInput.h"

namespace secreview {

// One result-file format. Stateless; read() walks the parsed file and hands every finding to the
// sink, throwing BadInput (with the JSON path) when the file is not the shape the format has.
// Importers never touch the database: ScanImporter (model/scans) stores what they find.
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
    // A format whose bulk is one array in each element of another (SARIF: runs[].results[])
    // names them; a file of that shape is then read split (decision 81): readSplit meets the
    // same values and paths as read, the arrays' elements parsed one at a time.
    struct SplitArrays
    {
        const char *outer;
        const char *inner;
    };
    virtual std::optional<SplitArrays> splitArrays() const { return std::nullopt; }
    virtual ScanInfo readSplit(const SplitJsonDocument &document, FindingSink &sink) const;
    // XML formats (ZAP, Dependency-Check, CycloneDX) answer these too; a format may read both.
    virtual bool recognizesXml(const XmlElement &) const { return false; }
    virtual ScanInfo readXml(const XmlDocument &document, FindingSink &sink) const;
};

} // namespace secreview
