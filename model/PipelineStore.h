#pragma once

#include "Database.h"
#include "Session.h"

#include <QDateTime>
#include <QList>

namespace secreview {

struct PipelineInfo
{
    qint64 id = 0;
    QString identifier;
    QString name;
    QString project;
    QString organization;
    int version = 0;
    QDateTime importedAt;
    QString yaml;
};

// Harness pipeline definitions, stored as given (the YAML text) with their identity. Re-importing
// an identifier adds a version; earlier versions stay. Evaluation comes with the pipelines work.
class PipelineStore
{
public:
    static constexpr qint64 kMaxBytes = 4 * 1024 * 1024;

    explicit PipelineStore(Database db) : m_db(std::move(db)) {}

    PipelineInfo import(const Session &actor, const QString &path, const QString &displayName = {}) const;
    QList<PipelineInfo> list() const;                  // the latest version of each
    PipelineInfo get(const QString &identifier) const; // latest version; NotFound

private:
    Database m_db;
};

} // namespace secreview
