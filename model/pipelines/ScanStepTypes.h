#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace secreview {

// Target types an STO scan step may scan (spec.target.type), as flags.
enum TargetKind : unsigned
{
    Repository = 1,
    Container = 2,
    Instance = 4,
    Configuration = 8,
    AnyTarget = 15,
};
QStringList targetKindKeys(unsigned kinds);     // "repository", "container", ...
unsigned targetKindFromKey(const QString &key); // also the legacy "containerImage"; 0 when unknown

// One of Harness STO's scanner step types (the step palette, `- step: type: <type>`), from
// Harness's pipeline schema (harness/harness-schema, security-node.yaml) and its STO reference
// pages; docs/pipelines.md lists them with their sources.
struct ScanStepType
{
    const char *type;    // exactly as the YAML writes it: "AquaTrivy", "Owasp", ...
    const char *scanner; // what Harness calls the scanner
    unsigned targets;    // TargetKind flags the step may scan
    bool ingestion;      // whether the step can ingest a results file (mode: ingestion)
    // What an imported scan's scanner name holds (lower case, letters and digits only) when it
    // is this step's: "trivy" for AquaTrivy, "dependencycheck" for Owasp. Empty: any scanner
    // (CustomIngest, the generic Security step).
    QList<const char *> scans;
    // The legacy Security step's product_name values that mean this scanner.
    QList<const char *> products;
};

// The whole table, in the palette's order.
const QList<ScanStepType> &scanStepTypes();
// By type, without regard to case; nullptr when it is not one.
const ScanStepType *findScanStepType(const QString &type);
// The scanner a legacy Security step's product_name means; nullptr when the table does not know it.
const ScanStepType *findScanStepProduct(const QString &productName);
// Lower case, letters and digits only: how step types and scanner names are compared.
QString normalizedScannerName(const QString &name);

} // namespace secreview
