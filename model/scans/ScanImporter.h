#pragma once

#include "model/scans/IssueQuery.h"
#include "model/store/Database.h"
#include "model/users/Session.h"

#include <atomic>
#include <optional>

namespace secreview {

struct ImportRequest
{
    QString path;        // where to read (a file, or a ":/resource")
    QString displayName; // how errors and the scan name it; the path when empty
    QString target;
    QString targetType; // empty: as the target is (repository when new)
    QString variant;
    QString scanner = QStringLiteral("auto"); // auto: detect from the content
    QString project;
    QString pipeline;
    QString step;
    std::optional<qint64> execution;
};

struct ImportResult
{
    qint64 scanId = 0;
    QString file;
    QString format;
    QString scanner;
    QString target;
    QString variant;
    int issues = 0;
    int occurrences = 0;
    SeverityCounts counts; // by the issue's severity in this scan, exempted or not
    int newIssues = 0;
};

// Imports one result file as one scan, in one transaction: all of it or nothing. The file is
// parsed before the transaction starts, so a syntax error never touches the database.
// Safe to call from a worker thread (it uses that thread's connection).
struct ImportControl;

class ScanImporter
{
public:
    explicit ScanImporter(Database db) : m_db(std::move(db)) {}

    // control, when given, is read and written from the importing thread while it runs: its
    // cancel flag aborts the import (rolled back whole), its results count what was read.
    ImportResult import(const Session &actor, const ImportRequest &request, ImportControl *control = nullptr) const;

private:
    Database m_db;
};

} // namespace secreview
