#pragma once

#include "model/importers/Finding.h"
#include "model/scans/IssueQuery.h"
#include "model/scans/RawEntries.h"
#include "model/scans/ScanSeal.h"
#include "model/store/Database.h"
#include "model/store/ServerCopy.h"
#include "model/store/SqliteStatement.h"

#include <QHash>
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

// The SQL that stores one scan, inside the caller's transaction: the scan row, then the findings
// as the importer hands them over (one issue row per scanner and key in the target, one
// occurrence row per finding), then the per-scan issue rows, whose severity is the highest of
// the issue's occurrences. Streaming: a 100 MB file is never held as findings in memory.
class ScanWriter final : public FindingSink
{
public:
    // Inserts the scan row. file names the input in errors; control, when given, can abort
    // add() and counts the results added.
    ScanWriter(const Database &db, const NewScan &scan, const QString &file, ImportControl *control);
    ~ScanWriter() override;

    qint64 scanId() const { return m_scanId; }
    void add(const Finding &f) override;
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
        QString scanner;
        QString key;
        Severity severity = Severity::Info;
        std::optional<double> score;
        QString scannerSeverity;
        QString confidence;
        int occurrences = 0;
    };
    Database m_db;
    QString m_file;
    qint64 m_targetId;
    NewScan m_scan;
    qint64 m_importedAt = 0;
    qint64 m_scanId;
    ImportControl *m_control;
    qint64 upsertIssue(const Finding &f);
    void storeOccurrence(const Finding &f, qint64 issueId);

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
