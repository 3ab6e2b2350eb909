#include "model/pipelines/PipelineStore.h"

#include "model/core/Clock.h"
#include "model/core/Error.h"
#include "model/input/BoundedYaml.h"
#include "model/pipelines/PipelineDefinition.h"
#include "model/scans/Catalog.h"
#include "model/store/AuditLog.h"

#include <QFile>
#include <QFileInfo>

namespace secreview {
PipelineInfo PipelineStore::import(const Session &actor, const QString &path,
                                   const QString &displayName) const
{
    actor.require(Permission::ImportPipelines, QStringLiteral("import pipelines"));
    const QString name = displayName.isEmpty() ? path : displayName;
    const QByteArray bytes = BoundedYaml::readFile(path, name);
    const PipelineDefinition definition = PipelineDefinition::parse(bytes, name); // bounds, syntax, shape
    PipelineInfo info;
    info.identifier = definition.identifier;
    info.name = definition.name;
    info.project = definition.project;
    info.organization = definition.organization;
    if (info.project.isEmpty())
        info.project = QString::fromLatin1(Catalog::kDefaultProject);
    info.yaml = QString::fromUtf8(bytes);

    Transaction tx(m_db);
    const qint64 projectId = Catalog(m_db).ensureProject(info.project, info.organization);
    // The same text again is not a new version: history shows changes, not re-imports.
    Query latest(m_db,
                 QStringLiteral("SELECT pl.id AS id, pl.version AS version, pl.imported_at AS imported_at,"
                                " pl.yaml AS yaml, u.name AS imported_by FROM pipeline pl"
                                " LEFT JOIN app_user u ON u.id = pl.imported_by"
                                " WHERE pl.project_id = :p AND pl.identifier = :i"
                                " ORDER BY pl.version DESC LIMIT 1"));
    latest.bind(QStringLiteral(":p"), projectId).bind(QStringLiteral(":i"), info.identifier).exec();
    if (latest.next() && latest.text(u"yaml") == info.yaml) {
        info.id = latest.integer(u"id");
        info.version = int(latest.integer(u"version"));
        info.importedAt = latest.time(u"imported_at");
        info.importedBy = latest.text(u"imported_by"); // who imported the version it still is
        info.unchanged = true;
        return info;
    }
    info.version = Query(m_db, QStringLiteral("SELECT COALESCE(MAX(version), 0) + 1 FROM pipeline"
                                              " WHERE project_id = :p AND identifier = :i"))
                       .bind(QStringLiteral(":p"), projectId)
                       .bind(QStringLiteral(":i"), info.identifier)
                       .scalar()
                       .toInt();
    info.importedAt = Clock::now();
    info.importedBy = actor.name();
    info.id = Query(m_db, QStringLiteral(
                              "INSERT INTO pipeline(project_id, identifier, name, version, yaml, imported_at,"
                              " imported_by) VALUES (:p, :i, :n, :v, :y, :at, :by) RETURNING id"))
                  .bind(QStringLiteral(":p"), projectId)
                  .bind(QStringLiteral(":i"), info.identifier)
                  .bind(QStringLiteral(":n"), info.name)
                  .bind(QStringLiteral(":v"), info.version)
                  .bind(QStringLiteral(":y"), info.yaml)
                  .bind(QStringLiteral(":at"), info.importedAt.toMSecsSinceEpoch())
                  .bind(QStringLiteral(":by"), actor.userId())
                  .scalar()
                  .toLongLong();
    AuditLog(m_db).append(
        actor.name(), QStringLiteral("pipeline.import"), QStringLiteral("pipeline"), info.identifier,
        {{QStringLiteral("version"), info.version}, {QStringLiteral("file"), QFileInfo(name).fileName()}});
    tx.commit();
    return info;
}

namespace {

constexpr const char *kSelect =
    "SELECT pl.id AS id, pl.identifier AS identifier, pl.name AS name, p.name AS project,"
    " o.name AS organization, pl.version AS version, pl.imported_at AS imported_at, pl.yaml AS yaml,"
    " u.name AS imported_by FROM pipeline pl JOIN project p ON p.id = pl.project_id"
    " JOIN organization o ON o.id = p.organization_id LEFT JOIN app_user u ON u.id = pl.imported_by";

QList<PipelineInfo> readAll(Query &q)
{
    q.exec();
    QList<PipelineInfo> out;
    while (q.next()) {
        PipelineInfo p{q.integer(u"id"),       q.text(u"identifier"),   q.text(u"name"),
                       q.text(u"project"),     q.text(u"organization"), int(q.integer(u"version")),
                       q.time(u"imported_at"), q.text(u"yaml"),         q.text(u"imported_by")};
        out.append(p);
    }
    return out;
}

} // namespace

QList<PipelineInfo> PipelineStore::list() const
{
    Query q(m_db, QString::fromLatin1(kSelect) +
                      QStringLiteral(" WHERE pl.version = (SELECT MAX(version) FROM pipeline x"
                                     "  WHERE x.project_id = pl.project_id AND x.identifier = pl.identifier)"
                                     " ORDER BY pl.identifier"));
    return readAll(q);
}

QStringList PipelineStore::projectsWith(const QString &identifier) const
{
    Query q(m_db, QStringLiteral("SELECT p.name AS project FROM pipeline pl JOIN project p ON p.id = pl.project_id"
                                 " WHERE pl.identifier = :i GROUP BY p.id, p.name ORDER BY MIN(pl.id)"));
    q.bind(QStringLiteral(":i"), identifier).exec();
    QStringList out;
    while (q.next())
        out.append(q.text(u"project"));
    return out;
}

QList<PipelineInfo> PipelineStore::versions(const QString &identifier, const QString &project) const
{
    // Without a project: the project of the first row imported with this identifier.
    Query q(m_db, QString::fromLatin1(kSelect) +
                      QStringLiteral(" WHERE pl.identifier = :i AND pl.project_id = "
                                     "(SELECT x.project_id FROM pipeline x JOIN project xp ON xp.id = x.project_id"
                                     "  WHERE x.identifier = :i2 AND (:any = 1 OR xp.name = :p)"
                                     "  ORDER BY x.id LIMIT 1)"
                                     " ORDER BY pl.version DESC"));
    q.bind(QStringLiteral(":i"), identifier)
        .bind(QStringLiteral(":i2"), identifier)
        .bind(QStringLiteral(":any"), project.isEmpty() ? 1 : 0)
        .bind(QStringLiteral(":p"), project);
    const QList<PipelineInfo> out = readAll(q);
    if (out.isEmpty())
        throw Error(ErrorKind::NotFound,
                    project.isEmpty()
                        ? QStringLiteral("no pipeline with identifier '%1'").arg(identifier)
                        : QStringLiteral("no pipeline with identifier '%1' in project '%2'").arg(identifier, project));
    return out;
}

PipelineInfo PipelineStore::get(const QString &identifier, int version, const QString &project) const
{
    const QList<PipelineInfo> all = versions(identifier, project);
    if (version <= 0)
        return all.first();
    for (const PipelineInfo &p : all) {
        if (p.version == version)
            return p;
    }
    throw Error(ErrorKind::NotFound, QStringLiteral("pipeline '%1' has no version %2 (it has 1 to %3)")
                                         .arg(identifier)
                                         .arg(version)
                                         .arg(all.first().version));
}

PipelineDefinition PipelineStore::definition(const PipelineInfo &info)
{
    return PipelineDefinition::parse(
        info.yaml.toUtf8(),
        QStringLiteral("pipeline '%1' version %2").arg(info.identifier).arg(info.version));
}

} // namespace secreview
