#pragma once

#include "model/importers/Importer.h"

#include <QList>

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

} // namespace secreview
