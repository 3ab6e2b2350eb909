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
    // An identifier names one pipeline per project. Without a project it means the pipeline
    // first imported with that identifier (decision 48), the rule target names follow: an
    // import under another project cannot take its place.
    QList<PipelineInfo> versions(const QString &identifier, const QString &project = {}) const; // newest first; NotFound
    PipelineInfo get(const QString &identifier, int version = 0, const QString &project = {}) const; // 0: latest
    // The version a gate judges (pipeline gate, the console's Evaluate): the latest, but under a
    // project's 'ci' gate policy the latest imported by an account holding ci, secops or admin,
    // so that a developer's import (fail_on_severity: none) cannot empty the gate. Its row must
    // still be what its import's audit entry recorded (importer, text); else it fails closed
    // (Failed). NotFound when no version may count. note says why an older one was taken.
    PipelineInfo gateVersion(const QString &identifier, const QString &project, QString *note) const;
    // The projects holding a pipeline with this identifier, the one it means without a project first.
    QStringList projectsWith(const QString &identifier) const;
    static PipelineDefinition definition(const PipelineInfo &info);

private:
    Database m_db;
};

} // namespace secreview
