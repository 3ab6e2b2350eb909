#pragma once

#include "model/importers/Importer.h"

namespace secreview {

// Bandit's JSON report (bandit -f json). Issue key: test_id (B602). Occurrence: file:line.
class BanditImporter final : public Importer
{
public:
    QString format() const override { return QStringLiteral("bandit"); }
    QString displayName() const override { return QStringLiteral("Bandit JSON"); }
    bool recognizes(const JsonNode &root) const override;
    ScanInfo read(const JsonNode &root, FindingSink &sink) const override;
};

} // namespace secreview
