#include "model/pipelines/PipelineStore.h"

#include "model/core/Clock.h"
#include "model/core/Error.h"
#include "model/exemptions/ExemptionPolicyStore.h"
#include "model/input/BoundedYaml.h"
#include "model/pipelines/PipelineDefinition.h"
#include "model/scans/Catalog.h"
#include "model/store/AuditLog.h"

#include <QCryptographicHash>
#include <algorithm>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

namespace secreview {
namespace {

QString textDigest(const QString &yaml)
{
    return QString::fromLatin1(QCryptographicHash::hash(yaml.toUtf8(), QCryptographicHash::Sha256).toHex());
}

// Whether a gate under a 'ci' policy may count what this account imported: accounts developers
// cannot give themselves (docs/security.md).
bool trustedForGates(const Database &db, const QString &user)
{
    return Query(db, QStringLiteral("SELECT count(*) FROM user_role r JOIN app_user u ON u.id = r.user_id"
                                    " WHERE u.name = :n AND r.role IN ('ci', 'secops', 'admin')"))
               .bind(QStringLiteral(":n"), user)
               .scalar()
               .toInt() > 0;
}

bool trustedForGates(const Session &actor)
{
    return actor.has(Role::Ci) || actor.has(Role::Secops) || actor.has(Role::Admin);
}

} // namespace

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
    // ...unless it now comes from an account a 'ci' gate policy counts, where it did not: then
    // it is a version of its own, which such a gate may judge.
    if (latest.next() && latest.text(u"yaml") == info.yaml &&
        !(trustedForGates(actor) && !trustedForGates(m_db, latest.text(u"imported_by")))) {
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
        {{QStringLiteral("version"), info.version},
         {QStringLiteral("file"), QFileInfo(name).fileName()},
         {QStringLiteral("project"), info.project},
         {QStringLiteral("sha256"), textDigest(info.yaml)},
         // Whether a 'ci' gate policy counts this version, as the importer's roles said then: the
         // gate reads this, not the roles table (a role added by SQL for one gate run).
         {QStringLiteral("trusted"), trustedForGates(actor)}});
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

PipelineInfo PipelineStore::gateVersion(const QString &identifier, const QString &project, QString *note) const
{
    const ExemptionPolicyStore policies(m_db);
    auto ciOnlyIn = [&](const QString &p) { return policies.get(p).gateScans == ExemptionPolicy::GateScans::Ci; };
    // Without --project an identifier means the pipeline imported first with it (decision 48).
    // Where one of its projects counts only CI's imports, a gate does not guess (decision 67): a
    // developer could have taken the identifier first in a project of their own.
    if (project.isEmpty()) {
        const QStringList projects = projectsWith(identifier);
        if (projects.size() > 1 && std::any_of(projects.cbegin(), projects.cend(), ciOnlyIn))
            throw Error(ErrorKind::Usage,
                        QStringLiteral("pipeline '%1' is in %2 projects (%3), and a gate of one that counts only CI's "
                                       "imports (gate-scans ci) names its project: add --project")
                            .arg(identifier)
                            .arg(projects.size())
                            .arg(projects.join(QStringLiteral(", "))));
    }
    const QList<PipelineInfo> all = versions(identifier, project);
    const QString where = all.first().project;
    const bool ciOnly = ciOnlyIn(where);

    // Every version as its import recorded it, before one is chosen: an entry of that version
    // (and project, where the entry names it) by the same account, of the same text where the
    // entry has its digest, whole in the chain; and every import the log records for this project
    // still there. So a newer version cannot be hidden (deleted, or put in a developer's name) to
    // make the gate fall back to an older, laxer one. Entries older than the digest name no
    // project: any that fits will do for them.
    const AuditLog log(m_db);
    const QList<AuditEntry> entries =
        log.allAbout(QStringLiteral("pipeline"), identifier, QStringLiteral("pipeline.import"));
    auto changed = [&](const QString &what) {
        return Error(ErrorKind::Failed,
                     QStringLiteral("pipeline '%1' (project %2): %3, not what the audit log recorded of its imports: it was "
                                    "changed behind the program's back, so the gate fails closed; restore the database "
                                    "from a backup or import the pipeline again from the CI job")
                         .arg(identifier, where, what));
    };
    QHash<int, bool> recordedTrust; // by version, where its entry says (since it does)
    for (const PipelineInfo &v : all) {
        const bool recorded = std::any_of(entries.cbegin(), entries.cend(), [&](const AuditEntry &e) {
            const QJsonObject d = QJsonDocument::fromJson(e.details.toUtf8()).object();
            const bool fits =
                d.value(QStringLiteral("version")).toInt() == v.version &&
                (!d.contains(QStringLiteral("project")) || d.value(QStringLiteral("project")).toString() == v.project) &&
                e.actor == v.importedBy &&
                (!d.contains(QStringLiteral("sha256")) || d.value(QStringLiteral("sha256")).toString() == textDigest(v.yaml)) &&
                log.holdsInPlace(e);
            if (fits && d.contains(QStringLiteral("trusted")))
                recordedTrust.insert(v.version, d.value(QStringLiteral("trusted")).toBool());
            return fits;
        });
        if (!recorded)
            throw changed(QStringLiteral("version %1 is not what its import recorded (who imported it, its text)").arg(v.version));
    }
    for (const AuditEntry &e : entries) {
        const QJsonObject d = QJsonDocument::fromJson(e.details.toUtf8()).object();
        const int version = d.value(QStringLiteral("version")).toInt();
        if (d.value(QStringLiteral("project")).toString() == where &&
            std::none_of(all.cbegin(), all.cend(), [version](const PipelineInfo &v) { return v.version == version; }))
            throw changed(QStringLiteral("version %1, imported by %2, is gone").arg(version).arg(e.actor));
    }

    QStringList passedOver;
    for (const PipelineInfo &v : all) {
        const QString by = v.importedBy.isEmpty() ? QStringLiteral("an account that is gone") : v.importedBy;
        const bool trusted = recordedTrust.contains(v.version) ? recordedTrust.value(v.version)
                                                                : trustedForGates(m_db, v.importedBy);
        if (ciOnly && !trusted) {
            passedOver.append(QStringLiteral("version %1 by %2").arg(v.version).arg(by));
            continue;
        }
        if (note) {
            *note = passedOver.isEmpty()
                        ? QString()
                        : QStringLiteral("judged version %1 by %2, the latest imported by a ci, secops or admin account: "
                                         "project %3 counts only what those import (gate-scans ci), not %4")
                              .arg(v.version)
                              .arg(by, v.project, passedOver.join(QStringLiteral(", ")));
        }
        return v;
    }
    throw Error(ErrorKind::NotFound,
                QStringLiteral("no version of pipeline '%1' was imported by a ci, secops or admin account, and project %2 "
                               "counts only what those import (gate-scans ci), not %3; import the pipeline from the CI "
                               "job")
                    .arg(identifier, where, passedOver.join(QStringLiteral(", "))));
}

PipelineDefinition PipelineStore::definition(const PipelineInfo &info)
{
    return PipelineDefinition::parse(
        info.yaml.toUtf8(),
        QStringLiteral("pipeline '%1' version %2").arg(info.identifier).arg(info.version));
}

} // namespace secreview
