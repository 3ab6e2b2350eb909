#pragma once

#include "model/store/Database.h"
#include "model/users/Session.h"

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
    QString importedBy;
    bool unchanged = false; // import only: the text was the latest version's already
};

struct PipelineDefinition;

// Harness pipeline definitions, stored as given (the YAML text) with their identity. Re-importing
// an identifier with a changed text adds a version; earlier versions stay (history and diffs).
// The same text again adds nothing. The YAML is checked on import (PipelineDefinition::parse),
// so a stored pipeline always parses.
class PipelineStore
{
public:
    explicit PipelineStore(Database db) : m_db(std::move(db)) {}

    PipelineInfo import(const Session &actor, const QString &path, const QString &displayName = {}) const;
    QList<PipelineInfo> list() const;                                   // the latest version of each
    QList<PipelineInfo> versions(const QString &identifier) const;      // newest first; NotFound
    PipelineInfo get(const QString &identifier, int version = 0) const; // 0: latest; NotFound
    static PipelineDefinition definition(const PipelineInfo &info);

private:
    Database m_db;
};

} // namespace secreview
