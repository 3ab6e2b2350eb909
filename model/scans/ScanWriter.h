#pragma once

#include "model/importers/Finding.h"
#include "model/scans/IssueQuery.h"
#include "model/scans/RawEntries.h"
#include "model/scans/ScanSeal.h"
#include "model/store/Database.h"
#include "model/store/ServerCopy.h"
#include "model/store/SqliteStatement.h"

#include <QHash>
#include <QSet>
#include <array>
#include <atomic>
#include <memory>
#include <optional>

namespace secreview {

// Where a new scan row belongs and what it was read from.
struct NewScan
{
    qint64 targetId = 0;
    qint64 variantId = 0;
    QString format; // also the scanner until the importer names the tool (setScanner)
    QString fileName;
    QString sha256;
    qint64 fileSize = 0;
    qint64 importedBy = 0;
    bool importedByCi = false; // the importer holds the ci role
    bool trustedText = false;  // the importer holds ci, secops or admin: a developer's import keeps its text
    QString pipeline;
    QString step;
    std::optional<qint64> execution;
};

// What a running import shares with whoever started it (the console's Cancel and progress):
// set cancel and the import stops at its next result and rolls back; results counts the results
// read so far. Written and read from different threads.
struct ImportControl
{
    std::atomic<bool> cancel{false};
    std::atomic<qint64> results{0};
};

// A text as Qt's SQLite driver stores a QString: NULL for a null string, else its UTF-8 (made
// storable: storableText).
struct StoredText
{
    QByteArray utf8;
    bool null = false;
    static StoredText of(const QString &s);
};

// An issue's row in a scan as its findings so far make it: the worst of its occurrences.
struct ScanIssueState
{
    QString scanner, key;
    Severity severity = Severity::Info;
    std::optional<double> score;
    QString scannerSeverity, confidence;
    // A higher severity, or the same with a higher score, takes the row over.
    bool outranks(const ScanIssueState &other) const
    {
        return severity > other.severity || (severity == other.severity && score && (!other.score || *score > *other.score));
    }
};

// A finding made ready to be stored: checked, its values converted to the UTF-8 that is bound
// and sealed, its raw entry cut to size (FindingPreparer). The work of this step needs no
// database, so that an import can do it on a thread of its own (ImportPipeline).
struct PreparedFinding
{
    QString mapKey; // scanner, U+001F, key: the issue in this scan
    // The issue's row: set on the first finding of its issue only.
    struct IssueRow
    {
        QString scanner, key, rule, title, kind, description, remediation, refs, cwe;
        std::array<StoredText, 9> texts; // the same, as bound on a file (not made for a server)
    };
    std::optional<IssueRow> issue;
    ScanIssueState state; // the issue, for the scan's issue rows
    int line = 0;
    bool suppressed = false;
    // The occurrence's texts in ScanSealer::kOccurrenceColumns' order, from the issue's scanner
    // and key to the raw entry (line, severity, score and suppressed hold their decimal texts).
    enum Value
    {
        Scanner,
        Key,
        Location,
        FilePath,
        Line,
        Package,
        Installed,
        Fixed,
        Fingerprint,
        SeverityValue,
        ScannerSeverity,
        Confidence,
        Score,
        Message,
        Snippet,
        Suppressed,
        Suppression,
        Raw,
        ValueCount
    };
    std::array<StoredText, ValueCount> values;
};

// Checks and converts findings in the order an importer hands them over. Needs no database; one
// preparer per import (it remembers which issues it has seen).
class FindingPreparer
{
public:
    // file names the input in errors; forServer: the issue rows are bound from the QStrings.
    FindingPreparer(const QString &file, bool forServer) : m_file(file), m_forServer(forServer) {}
    PreparedFinding prepare(const Finding &f);

private:
    QString m_file;
    bool m_forServer;
    QSet<QString> m_seen;
};

// The SQL that stores one scan, inside the caller's transaction: the scan row, then the findings
// as the importer hands them over (one issue row per scanner and key in the target, one
// occurrence row per finding), then the per-scan issue rows, whose severity is the highest of
// the issue's occurrences. Streaming: a 100 MB file is never held as findings in memory.
class ScanWriter final
{
public:
    // Inserts the scan row. file names the input in errors; control, when given, can abort
    // add() and counts the results added.
    ScanWriter(const Database &db, const NewScan &scan, const QString &file, ImportControl *control);
    ~ScanWriter();
    ScanWriter(const ScanWriter &) = delete;
    ScanWriter &operator=(const ScanWriter &) = delete;

    qint64 scanId() const { return m_scanId; }
    // Stores a finding prepared by this import's preparer, in the importer's order
    // (ImportPipeline prepares them on a thread of its own).
    void store(PreparedFinding &&f);
    const QString &file() const { return m_file; }
    bool isServer() const { return m_db.isServer(); }
    // Writes the per-scan issue rows once every occurrence is known; their count by severity.
    SeverityCounts finish();
    int issues() const { return int(m_order.size()); }
    int occurrences() const { return m_occurrences; }
    void setScanner(const QString &scanner, const QString &toolVersion);
    // What was stored, as a digest (after finish() and setScanner()): the import's audit entry
    // keeps it.
    ScanSeal seal() { return m_sealer.seal(); }

private:
    struct IssueAccumulator
    {
        qint64 issueId = 0;
        ScanIssueState state;
        int occurrences = 0;
    };
    Database m_db;
    QString m_file;
    qint64 m_targetId;
    NewScan m_scan;
    qint64 m_importedAt = 0;
    qint64 m_scanId;
    ImportControl *m_control;
    qint64 upsertIssue(const PreparedFinding::IssueRow &issue);
    void storeOccurrence(const PreparedFinding &f, qint64 issueId);

    // SQLite: prepared statements on the C API, text bound as UTF-8 (SqliteStatement); a
    // server: Qt's named binds for the issues, COPY for the occurrences.
    std::unique_ptr<SqliteStatement> m_sqliteIssue;
    std::unique_ptr<SqliteStatement> m_sqliteOccurrence;
    std::optional<Query> m_upsertIssue;
    std::unique_ptr<ServerCopy> m_copyOccurrences;
    RawEntryWriter m_raw;
    QHash<QString, IssueAccumulator> m_issues;
    QStringList m_order;
    int m_occurrences = 0;
    ScanSealer m_sealer;
};

} // namespace secreview
