#pragma once

#include "model/core/Severity.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace secreview {

// What an issue is about; decides how its occurrences read (file:line, package@version, ...).
enum class IssueKind
{
    Code,
    Package,
    Configuration,
    Secret,
    License
};
QString issueKindKey(IssueKind kind);

// One finding as a scanner reported it: the issue it belongs to (by key) and one occurrence.
// Importers produce these; ScanImporter groups them into issues by (scanner, key).
struct Finding
{
    // The issue
    QString scanner; // "Bandit", "Trivy", a SARIF run's tool.driver.name
    QString key;     // the stable issue key (documented per format in docs/formats.md)
    QString rule;    // the rule or vulnerability id as the scanner names it
    QString title;
    QString description;
    QString remediation;
    QStringList references; // URLs
    QStringList cwes;       // "CWE-78"
    IssueKind kind = IssueKind::Code;

    // The occurrence
    Severity severity = Severity::Info;
    QString scannerSeverity; // the scanner's own value, e.g. "HIGH", "error", "7.5"
    QString confidence;
    std::optional<double> score; // 0-10
    QString location;            // how the occurrence reads: "sqli/services/ping.py:7", "openssl@1.1.1"
    QString filePath;
    int line = 0;
    QString package;
    QString installedVersion;
    QString fixedVersion;
    QString fingerprint; // identifies the occurrence across re-scans where the scanner says so
    QString message;
    QString snippet;
    bool suppressed = false; // suppressed at source by the scanner's own mechanism
    QString suppression;     // its kind and justification, when the scanner gives them
    QByteArray raw;          // the entry as the scanner wrote it (JSON or XML), for the raw view
};

struct ScanInfo
{
    QString format;  // "bandit", "trivy", "sarif"
    QString scanner; // the scan's scanner (several SARIF runs: their tool names joined)
    QString toolVersion;
};

// Receives findings as the importer walks the file; lets a 100 MB file stream into the
// database without a second copy of every finding in memory.
class FindingSink
{
public:
    virtual ~FindingSink() = default;
    virtual void add(const Finding &finding) = 0;
};

} // namespace secreview
