#include "PipelineStore.h"

#include "AuditLog.h"
#include "Catalog.h"
#include "Clock.h"
#include "Error.h"

#include <QFile>
#include <QFileInfo>
#include <QTimeZone>
#include <yaml-cpp/yaml.h>

namespace secreview {
namespace {

QString scalar(const YAML::Node &node, const char *key)
{
    const YAML::Node v = node[key];
    if (!v || !v.IsScalar())
        return {};
    return QString::fromStdString(v.Scalar());
}

} // namespace

PipelineInfo PipelineStore::import(const Session &actor, const QString &path,
                                   const QString &displayName) const
{
    actor.require({Role::Developer, Role::Secops, Role::Admin}, QStringLiteral("import pipelines"));
    const QString name = displayName.isEmpty() ? path : displayName;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(ErrorKind::BadInput, QStringLiteral("%1: cannot read: %2").arg(name, file.errorString()));
    if (file.size() > kMaxBytes)
        throw Error(ErrorKind::BadInput, QStringLiteral("%1: %2 bytes is over the pipeline limit of %3 bytes")
                                             .arg(name)
                                             .arg(file.size())
                                             .arg(kMaxBytes));
    const QByteArray bytes = file.readAll();
    YAML::Node root;
    try {
        root = YAML::Load(bytes.toStdString());
    } catch (const YAML::Exception &e) {
        throw Error(ErrorKind::BadInput, QStringLiteral("%1: at line %2, column %3: %4")
                                             .arg(name)
                                             .arg(e.mark.line + 1)
                                             .arg(e.mark.column + 1)
                                             .arg(QString::fromStdString(e.msg)));
    }
    const YAML::Node pipeline = root.IsMap() ? root["pipeline"] : YAML::Node();
    if (!pipeline || !pipeline.IsMap())
        throw Error(
            ErrorKind::BadInput,
            QStringLiteral("%1: at line 1: expected a Harness pipeline (a top-level 'pipeline' mapping)")
                .arg(name));
    PipelineInfo info;
    info.identifier = scalar(pipeline, "identifier");
    info.name = scalar(pipeline, "name");
    info.project = scalar(pipeline, "projectIdentifier");
    info.organization = scalar(pipeline, "orgIdentifier");
    if (info.identifier.isEmpty())
        throw Error(ErrorKind::BadInput, QStringLiteral("%1: at pipeline: missing 'identifier'").arg(name));
    if (info.name.isEmpty())
        info.name = info.identifier;
    if (info.project.isEmpty())
        info.project = QString::fromLatin1(Catalog::kDefaultProject);
    info.yaml = QString::fromUtf8(bytes);

    Transaction tx(m_db);
    const qint64 projectId = Catalog(m_db).ensureProject(info.project, info.organization);
    info.version = Query(m_db, QStringLiteral("SELECT COALESCE(MAX(version), 0) + 1 FROM pipeline"
                                              " WHERE project_id = :p AND identifier = :i"))
                       .bind(QStringLiteral(":p"), projectId)
                       .bind(QStringLiteral(":i"), info.identifier)
                       .scalar()
                       .toInt();
    info.importedAt = Clock::now();
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

QList<PipelineInfo> PipelineStore::list() const
{
    Query q(m_db,
            QStringLiteral(
                "SELECT pl.id, pl.identifier, pl.name, p.name, o.name, pl.version, pl.imported_at, pl.yaml"
                " FROM pipeline pl JOIN project p ON p.id = pl.project_id"
                " JOIN organization o ON o.id = p.organization_id"
                " WHERE pl.version = (SELECT MAX(version) FROM pipeline x"
                "  WHERE x.project_id = pl.project_id AND x.identifier = pl.identifier)"
                " ORDER BY pl.identifier"));
    q.exec();
    QList<PipelineInfo> out;
    while (q.next()) {
        out.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                    q.value(3).toString(), q.value(4).toString(), q.value(5).toInt(),
                    QDateTime::fromMSecsSinceEpoch(q.value(6).toLongLong(), Qt::UTC), q.value(7).toString()});
    }
    return out;
}

PipelineInfo PipelineStore::get(const QString &identifier) const
{
    for (const PipelineInfo &p : list()) {
        if (p.identifier == identifier)
            return p;
    }
    throw Error(ErrorKind::NotFound, QStringLiteral("no pipeline with identifier '%1'").arg(identifier));
}

} // namespace secreview
