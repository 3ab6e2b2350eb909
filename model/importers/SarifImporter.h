#pragma once

#include "model/importers/Importer.h"

namespace secreview {

// SARIF 2.1.0 (CodeQL, Semgrep, Gitleaks, Trivy, flawfinder, ...). Several runs; rules found by
// ruleId, ruleIndex, rule.index or in tool.extensions; security-severity on the result or its
// rule. Issue key: the rule id. Occurrence identity: the fingerprints the tool wrote, else a hash
// of rule, location and message.
class SarifImporter final : public Importer
{
public:
    QString format() const override { return QStringLiteral("sarif"); }
    QString displayName() const override { return QStringLiteral("SARIF 2.1.0"); }
    bool recognizes(const JsonNode &root) const override;
    ScanInfo read(const JsonNode &root, FindingSink &sink) const override;
};

} // namespace secreview
