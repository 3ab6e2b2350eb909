#pragma once

#include "model/importers/Importer.h"

namespace secreview {

// Trivy JSON: schema 2 ({"SchemaVersion": 2, "Results": [...]}), the legacy top-level array,
// and the Kubernetes reports ("Resources", or "Vulnerabilities"/"Misconfigurations" by resource).
// Issue keys: vulnerability "VulnerabilityID|PkgName"; misconfiguration the check ID;
// secret "RuleID|target file"; licence "license:Name|PkgName".
class TrivyImporter final : public Importer
{
public:
    QString format() const override { return QStringLiteral("trivy"); }
    QString displayName() const override { return QStringLiteral("Trivy JSON"); }
    QStringList aliases() const override { return {QStringLiteral("aquatrivy")}; }
    bool recognizes(const JsonNode &root) const override;
    ScanInfo read(const JsonNode &root, FindingSink &sink) const override;
};

} // namespace secreview
