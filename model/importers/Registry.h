#pragma once

#include "model/importers/Importer.h"

#include <QList>
#include <memory>
#include <optional>

namespace secreview {

// The formats this build reads, in detection order, and the one place that decides which of them
// a file is: from its content, or from the --scanner name checked against the content.
const QList<const Importer *> &importers();
const Importer *importerByName(const QString &name); // format or alias, case-insensitive
QString supportedFormatsText();                      // "SARIF 2.1.0 (--scanner sarif), ..."

// The format of a parsed JSON file; scanner is "auto" (or empty) to detect it, else a format
// name or alias the content must agree with. Throws Usage for an unknown name, BadInput (naming
// file) for content no format recognizes or that disagrees with the name.
const Importer &detectJson(const JsonNode &root, const QString &scanner, const QString &file);
const Importer &detectXml(const XmlDocument &document, const QString &scanner);

// A JSON result file parsed and its format decided (detectJson's rules). Split (decision 81)
// when a format that reads its bulk split may be the file's (detected, or named by scanner) and
// the file has that shape; parsed whole otherwise, which is also where every problem of the file
// is reported. Either way read() hands the sink the same findings, and throws the same errors.
class JsonScan
{
public:
    JsonScan(const InputFile &input, const QString &scanner, const QString &display);
    JsonScan(const JsonScan &) = delete;
    JsonScan &operator=(const JsonScan &) = delete;

    const Importer &importer() const { return *m_importer; }
    bool isSplit() const { return m_split != nullptr; }
    ScanInfo read(FindingSink &sink) const;

private:
    std::unique_ptr<SplitJsonDocument> m_split;
    std::optional<JsonDocument> m_whole;
    std::optional<JsonNode> m_root;
    const Importer *m_importer = nullptr;
};

} // namespace secreview
