#include "model/scans/Catalog.h"

#include "model/core/Clock.h"
#include "model/core/Error.h"
#include "model/core/Text.h"
#include "model/scans/ScanOrder.h"
#include "model/store/AuditLog.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTimeZone>

namespace secreview {
namespace {
// The scans a trust admits, as an SQL condition on the scan alias: CI's only, or any.
QString admittedBy(ScanTrust trust, const QString &alias)
{
    return trust == ScanTrust::CiOnly ? alias + QStringLiteral(".imported_by_ci = 1") : QStringLiteral("1 = 1");
}

const QString kTargetColumns =
    QStringLiteral("SELECT t.id AS id, t.name AS name, t.type AS type, p.id AS project_id, p.name AS project,"
                   " o.id AS organization_id, o.name AS organization FROM target t"
                   " JOIN project p ON p.id = t.project_id JOIN organization o ON o.id = p.organization_id");
const QString kScanColumns = QStringLiteral(
    "SELECT s.id AS id, s.target_id AS target_id, t.name AS target,"
    " (SELECT p.name FROM project p WHERE p.id = t.project_id) AS project, v.name AS variant, s.scanner AS scanner,"
    " s.format AS format, s.file_name AS file_name, s.file_sha256 AS sha256, s.imported_at AS imported_at,"
    " u.name AS imported_by, s.pipeline_identifier AS pipeline, s.step_identifier AS step,"
    " s.execution AS execution, s.imported_by_ci AS imported_by_ci,"
    " (SELECT count(*) FROM scan_issue WHERE scan_id = s.id) AS issues FROM scan s JOIN target t ON t.id = s.target_id"
    " JOIN variant v ON v.id = s.variant_id LEFT JOIN app_user u ON u.id = s.imported_by");

ScanInfoRow readScan(const Query &q)
{
    ScanInfoRow s;
    s.id = q.integer(u"id");
    s.targetId = q.integer(u"target_id");
    s.target = q.text(u"target");
    s.project = q.text(u"project");
    s.variant = q.text(u"variant");
    s.scanner = q.text(u"scanner");
    s.format = q.text(u"format");
    s.fileName = q.text(u"file_name");
    s.sha256 = q.text(u"sha256");
    s.importedAt = q.time(u"imported_at");
    s.importedBy = q.text(u"imported_by");
    s.pipeline = q.text(u"pipeline");
    s.step = q.text(u"step");
    s.execution = q.optionalInteger(u"execution");
    s.importedByCi = q.flag(u"imported_by_ci");
    s.issues = int(q.integer(u"issues"));
    return s;
}

TargetInfo readTarget(const Query &q)
{
    return {q.integer(u"id"),         q.text(u"name"),    q.text(u"type"),
            q.integer(u"project_id"), q.text(u"project"), q.integer(u"organization_id"),
            q.text(u"organization")};
}

QList<qint64> ids(Query &q)
{
    q.exec();
    QList<qint64> out;
    while (q.next())
        out.append(q.integer(u"id"));
    return out;
}
} // namespace

QStringList Catalog::targetTypes()
{
    return {QStringLiteral("repository"), QStringLiteral("container"), QStringLiteral("instance"),
            QStringLiteral("configuration")};
}

TargetInfo Catalog::ensureTarget(const QString &projectName, const QString &name, const QString &type) const
{
    if (name.trimmed().isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("a target needs a name (--target)"));
    requireAtMost(name, kMaxNameLength, QStringLiteral("the target name"));
    requireAtMost(projectName, kMaxNameLength, QStringLiteral("the project name"));
    if (!type.isEmpty() && !targetTypes().contains(type))
        throw Error(ErrorKind::Usage, QStringLiteral("target type '%1' is not one of %2")
                                          .arg(type, targetTypes().join(QStringLiteral(", "))));
    // An unqualified name means the target that first had it (decision 37), so an import
    // without --project lands where the gate without --project looks.
    std::optional<TargetInfo> found;
    qint64 projectId = 0;
    if (projectName.isEmpty()) {
        Query first(m_db, kTargetColumns + QStringLiteral(" WHERE t.name = :n ORDER BY t.id LIMIT 1"));
        first.bind(QStringLiteral(":n"), name).exec();
        if (first.next())
            found = readTarget(first);
        else
            projectId = ensureProject(QString::fromLatin1(kDefaultProject));
    } else {
        projectId = ensureProject(projectName);
        Query existing(m_db, kTargetColumns + QStringLiteral(" WHERE t.project_id = :p AND t.name = :n"));
        existing.bind(QStringLiteral(":p"), projectId).bind(QStringLiteral(":n"), name).exec();
        if (existing.next())
            found = readTarget(existing);
    }
    if (found) {
        const TargetInfo t = *found;
        if (!type.isEmpty() && type != t.type)
            throw Error(ErrorKind::Usage,
                        QStringLiteral("target '%1' is a %2, not a %3").arg(name, t.type, type));
        return t;
    }
    const QString effectiveType = type.isEmpty() ? QStringLiteral("repository") : type;
    const qint64 id =
        Query(m_db,
              QStringLiteral("INSERT INTO target(project_id, name, type) VALUES (:p, :n, :t) RETURNING id"))
            .bind(QStringLiteral(":p"), projectId)
            .bind(QStringLiteral(":n"), name)
            .bind(QStringLiteral(":t"), effectiveType)
            .scalar()
            .toLongLong();
    return target(id);
}

qint64 Catalog::ensureProject(const QString &project, const QString &organization) const
{
    requireAtMost(project, kMaxNameLength, QStringLiteral("the project name"));
    requireAtMost(organization, kMaxNameLength, QStringLiteral("the organization name"));
    const QVariant existing =
        Query(m_db, QStringLiteral("SELECT id FROM project WHERE name = :p ORDER BY id LIMIT 1"))
            .bind(QStringLiteral(":p"), project)
            .scalar();
    if (existing.isValid())
        return existing.toLongLong();
    const QString org = organization.isEmpty() ? QString::fromLatin1(kDefaultOrganization) : organization;
    Query(m_db, QStringLiteral("INSERT INTO organization(name) VALUES (:o) ON CONFLICT DO NOTHING"))
        .bind(QStringLiteral(":o"), org)
        .exec();
    const qint64 orgId = Query(m_db, QStringLiteral("SELECT id FROM organization WHERE name = :o"))
                             .bind(QStringLiteral(":o"), org)
                             .scalar()
                             .toLongLong();
    return Query(m_db,
                 QStringLiteral("INSERT INTO project(organization_id, name) VALUES (:o, :p) RETURNING id"))
        .bind(QStringLiteral(":o"), orgId)
        .bind(QStringLiteral(":p"), project)
        .scalar()
        .toLongLong();
}

qint64 Catalog::ensureVariant(qint64 targetId, const QString &name) const
{
    if (name.trimmed().isEmpty())
        throw Error(ErrorKind::Usage,
                    QStringLiteral("a scan needs a variant (--variant: a branch, tag or version)"));
    requireAtMost(name, kMaxNameLength, QStringLiteral("the variant name"));
    Query(m_db, QStringLiteral("INSERT INTO variant(target_id, name) VALUES (:t, :n) ON CONFLICT DO NOTHING"))
        .bind(QStringLiteral(":t"), targetId)
        .bind(QStringLiteral(":n"), name)
        .exec();
    return Query(m_db, QStringLiteral("SELECT id FROM variant WHERE target_id = :t AND name = :n"))
        .bind(QStringLiteral(":t"), targetId)
        .bind(QStringLiteral(":n"), name)
        .scalar()
        .toLongLong();
}

TargetInfo Catalog::target(const QString &name, const QString &project) const
{
    // With a project, the target of that name there; without one, the target that first had the
    // name (decision 37): a later import of the same name under another project can neither take
    // the name over nor make it ambiguous for a CI job that does not name the project.
    Query q(m_db, kTargetColumns + QStringLiteral(" WHERE t.name = :n AND (:p = '' OR p.name = :p)"
                                                  " ORDER BY t.id LIMIT 1"));
    q.bind(QStringLiteral(":n"), name).bind(QStringLiteral(":p"), project.isEmpty() ? QStringLiteral("") : project).exec();
    if (!q.next())
        throw Error(ErrorKind::NotFound,
                    project.isEmpty() ? QStringLiteral("no target named '%1'").arg(name)
                                      : QStringLiteral("no target named '%1' in project '%2'").arg(name, project));
    return readTarget(q);
}

TargetInfo Catalog::target(qint64 id) const
{
    Query q(m_db, kTargetColumns + QStringLiteral(" WHERE t.id = :id"));
    q.bind(QStringLiteral(":id"), id).exec();
    if (!q.next())
        throw Error(ErrorKind::NotFound, QStringLiteral("no target with id %1").arg(id));
    return readTarget(q);
}

QList<TargetInfo> Catalog::targets() const
{
    Query q(m_db, kTargetColumns + QStringLiteral(" ORDER BY t.name, p.name"));
    q.exec();
    QList<TargetInfo> out;
    while (q.next())
        out.append(readTarget(q));
    return out;
}

QStringList Catalog::variants(qint64 targetId) const
{
    Query q(m_db,
            QStringLiteral("SELECT v.name AS name FROM variant v LEFT JOIN scan s ON s.variant_id = v.id"
                           " WHERE v.target_id = :t GROUP BY v.id, v.name"
                           " ORDER BY max(s.imported_at) DESC, v.name"));
    q.bind(QStringLiteral(":t"), targetId).exec();
    QStringList out;
    while (q.next())
        out.append(q.text(u"name"));
    return out;
}

void Catalog::setBaseline(const Session &actor, qint64 targetId, const BaselineInfo &baseline) const
{
    actor.require(Permission::SetBaselines, QStringLiteral("set baselines"));
    if (baseline.isPattern()) {
        const QRegularExpression re(baseline.pattern);
        if (!re.isValid())
            throw Error(ErrorKind::Usage,
                        QStringLiteral("baseline pattern '%1' is not a valid regular expression: %2")
                            .arg(baseline.pattern, re.errorString()));
        requireAtMost(baseline.pattern, kMaxCommentLength, QStringLiteral("the baseline pattern"));
    } else if (baseline.variant.trimmed().isEmpty()) {
        throw Error(ErrorKind::Usage, QStringLiteral("a baseline needs --variant or --regex"));
    }
    Transaction tx(m_db);
    const TargetInfo t = target(targetId);
    const std::optional<BaselineInfo> before = ownBaseline(targetId);
    Query(m_db, QStringLiteral("INSERT INTO baseline(target_id, variant_name, pattern, set_by, set_at)"
                               " VALUES (:t, :v, :p, :u, :at) ON CONFLICT(target_id) DO UPDATE SET"
                               " variant_name = excluded.variant_name, pattern = excluded.pattern,"
                               " set_by = excluded.set_by, set_at = excluded.set_at"))
        .bind(QStringLiteral(":t"), targetId)
        .bind(QStringLiteral(":v"), baseline.isPattern() ? QVariant() : QVariant(baseline.variant))
        .bind(QStringLiteral(":p"), baseline.isPattern() ? QVariant(baseline.pattern) : QVariant())
        .bind(QStringLiteral(":u"), actor.userId())
        .bind(QStringLiteral(":at"), Clock::nowMs())
        .exec();
    AuditLog(m_db).append(actor.name(), QStringLiteral("baseline.set"), QStringLiteral("target"), t.name,
                          {{QStringLiteral("before"), before ? before->text() : QString()},
                           {QStringLiteral("after"), baseline.text()},
                           {QStringLiteral("project"), t.project}}); // target names are unique per project
    tx.commit();
}

std::optional<BaselineInfo> Catalog::ownBaseline(qint64 targetId) const
{
    Query q(m_db, QStringLiteral("SELECT variant_name, pattern FROM baseline WHERE target_id = :t"));
    q.bind(QStringLiteral(":t"), targetId).exec();
    if (!q.next())
        return std::nullopt;
    return BaselineInfo{q.text(u"variant_name"), q.text(u"pattern")};
}

std::optional<BaselineInfo> Catalog::baseline(qint64 targetId) const
{
    if (std::optional<BaselineInfo> own = ownBaseline(targetId))
        return own;
    // The project's policy (ExemptionPolicy::defaultBaselines, kept by the exemptions module,
    // read here as stored: the policy's JSON, by target type).
    Query q(m_db, QStringLiteral("SELECT t.type AS type, p.rules AS rules FROM target t"
                                 " JOIN exemption_policy p ON p.project_id = t.project_id WHERE t.id = :t"));
    q.bind(QStringLiteral(":t"), targetId).exec();
    if (!q.next())
        return std::nullopt;
    const QString pattern = QJsonDocument::fromJson(q.text(u"rules").toUtf8())
                                .object()
                                .value(QStringLiteral("defaultBaselines"))
                                .toObject()
                                .value(q.text(u"type"))
                                .toString();
    if (pattern.isEmpty() || !QRegularExpression(pattern).isValid())
        return std::nullopt;
    return BaselineInfo{QString(), pattern, true};
}

QString Catalog::scannerOf(qint64 scanId) const
{
    return Query(m_db, QStringLiteral("SELECT scanner FROM scan WHERE id = :s"))
        .bind(QStringLiteral(":s"), scanId)
        .scalar()
        .toString();
}

ScanInfoRow Catalog::scan(qint64 scanId) const
{
    Query q(m_db, kScanColumns + QStringLiteral(" WHERE s.id = :id"));
    q.bind(QStringLiteral(":id"), scanId).exec();
    if (!q.next())
        throw Error(ErrorKind::NotFound, QStringLiteral("no scan with id %1").arg(scanId));
    return readScan(q);
}

QList<ScanInfoRow> Catalog::scans(qint64 targetId) const
{
    Query q(m_db, kScanColumns + QStringLiteral(" WHERE (CAST(:t AS BIGINT) = 0 OR s.target_id = :t) ORDER BY ") +
                      scanOrder::newestFirst(QStringLiteral("s")));
    q.bind(QStringLiteral(":t"), targetId).exec();
    QList<ScanInfoRow> out;
    while (q.next())
        out.append(readScan(q));
    return out;
}

QList<qint64> Catalog::latestScans(qint64 targetId, const QString &variant, ScanTrust trust) const
{
    Query q(m_db, QStringLiteral("SELECT s.id AS id FROM scan s JOIN variant v ON v.id = s.variant_id"
                                 " WHERE s.target_id = :t AND v.name = :v AND %1 AND ")
                          .arg(admittedBy(trust, QStringLiteral("s"))) +
                      scanOrder::isLatestOfItsScanner(QStringLiteral("s"), admittedBy(trust, QStringLiteral("newer"))) +
                      QStringLiteral(" ORDER BY s.scanner"));
    q.bind(QStringLiteral(":t"), targetId).bind(QStringLiteral(":v"), variant);
    return ids(q);
}

std::optional<DroppedToZero> Catalog::droppedToZero(qint64 scanId) const
{
    const QVariant held = Query(m_db, QStringLiteral("SELECT EXISTS (SELECT 1 FROM scan_issue WHERE scan_id = :s)"))
                              .bind(QStringLiteral(":s"), scanId)
                              .scalar();
    if (held.toLongLong() != 0)
        return std::nullopt;
    // The previous scans of the same scanner on this variant, newest first: the first that held
    // issues, so importing a second empty report does not wash out the first.
    Query q(m_db, QStringLiteral("SELECT p.id AS id, (SELECT count(*) FROM scan_issue WHERE scan_id = p.id) AS n"
                                 " FROM scan p JOIN scan s ON s.id = :s"
                                 " WHERE p.variant_id = s.variant_id AND p.scanner = s.scanner AND ") +
                      scanOrder::isAfter(QStringLiteral("s"), QStringLiteral("p")) + QStringLiteral(" ORDER BY ") +
                      scanOrder::newestFirst(QStringLiteral("p")) + QStringLiteral(" LIMIT :window"));
    q.bind(QStringLiteral(":s"), scanId).bind(QStringLiteral(":window"), kDroppedToZeroWindow).exec();
    int empty = 0;
    while (q.next()) {
        if (const qint64 n = q.integer(u"n"); n > 0)
            return DroppedToZero{q.integer(u"id"), int(n), empty};
        ++empty;
    }
    return std::nullopt;
}

QList<qint64> Catalog::allLatestScans() const
{
    Query q(m_db, QStringLiteral("SELECT s.id AS id FROM scan s WHERE ") +
                      scanOrder::isLatestOfItsScanner(QStringLiteral("s")) +
                      QStringLiteral(" ORDER BY s.target_id, s.variant_id, s.scanner"));
    return ids(q);
}

std::optional<qint64> Catalog::comparisonScan(qint64 scanId) const
{
    return comparison(scanId, true).scanId;
}

ScanComparisonBasis Catalog::recordComparison(qint64 scanId) const
{
    const ScanComparisonBasis basis = comparison(scanId, false);
    Query(m_db, QStringLiteral("UPDATE scan SET baseline_at_import = coalesce(:b, ''), comparison_scan_id = :c"
                               " WHERE id = :id"))
        .bind(QStringLiteral(":b"), basis.baseline)
        .bind(QStringLiteral(":c"), basis.scanId ? QVariant(*basis.scanId) : QVariant())
        .bind(QStringLiteral(":id"), scanId)
        .exec();
    return basis;
}

ScanComparisonBasis Catalog::comparison(qint64 scanId, bool recorded) const
{
    // What the comparison depends on; not scan(), whose issue count walks the scan's issues.
    Query self(m_db, QStringLiteral("SELECT s.target_id AS target_id, s.scanner AS scanner, v.name AS variant,"
                                    " s.baseline_at_import AS recorded, s.comparison_scan_id AS cmp,"
                                    " c.target_id AS cmp_target, c.scanner AS cmp_scanner, pr.gate_scans AS gate_scans"
                                    " FROM scan s JOIN variant v ON v.id = s.variant_id"
                                    " JOIN target t ON t.id = s.target_id JOIN project pr ON pr.id = t.project_id"
                                    " LEFT JOIN scan c ON c.id = s.comparison_scan_id WHERE s.id = :id"));
    self.bind(QStringLiteral(":id"), scanId).exec();
    if (!self.next())
        throw Error(ErrorKind::NotFound, QStringLiteral("no scan with id %1").arg(scanId));
    const struct
    {
        qint64 targetId;
        QString scanner, variant;
    } s{self.integer(u"target_id"), self.text(u"scanner"), self.text(u"variant")};
    // Recorded at import (schema 12): the baseline in force then decides, whatever it is now. A
    // recorded scan of another target or scanner is no comparison (only an edit by SQL makes one,
    // and `audit verify` names it): it is computed as for a scan imported before schema 12.
    if (recorded && !self.isNull(u"recorded")) {
        const QString baseline = self.text(u"recorded");
        if (self.isNull(u"cmp"))
            return {baseline, std::nullopt, true};
        if (self.integer(u"cmp_target") == s.targetId && self.text(u"cmp_scanner") == s.scanner)
            return {baseline, self.integer(u"cmp"), true};
    }
    // Where gates count CI's scans only, so do comparisons: a developer's scan of the baseline
    // (or of the variant before) would otherwise make CI's new findings "common" (NEW_* lower).
    const ScanTrust trust = self.text(u"gate_scans") == QLatin1String("ci") ? ScanTrust::CiOnly : ScanTrust::Any;
    // The previous scan of the same scanner on this variant.
    auto previous = [&]() -> std::optional<qint64> {
        Query q(m_db, QStringLiteral("SELECT p.id FROM scan p JOIN scan s ON s.id = :s"
                                     " WHERE p.variant_id = s.variant_id AND p.scanner = s.scanner AND ") +
                          admittedBy(trust, QStringLiteral("p")) + QStringLiteral(" AND ") +
                          scanOrder::isAfter(QStringLiteral("s"), QStringLiteral("p")) +
                          QStringLiteral(" ORDER BY ") + scanOrder::newestFirst(QStringLiteral("p")) +
                          QStringLiteral(" LIMIT 1"));
        const QVariant v = q.bind(QStringLiteral(":s"), scanId).scalar();
        return v.isValid() ? std::optional<qint64>(v.toLongLong()) : std::nullopt;
    };
    const std::optional<BaselineInfo> base = baseline(s.targetId);
    if (!base)
        return {QString(), previous(), false};
    const QString text = base->text();
    // The latest scan of this scanner on the variants the baseline names (most recent first).
    Query q(m_db, QStringLiteral(
                      "SELECT b.id AS id, v.name AS variant FROM scan b JOIN variant v ON v.id = b.variant_id"
                      " WHERE b.target_id = :t AND b.scanner = :sc AND ") +
                      admittedBy(trust, QStringLiteral("b")) + QStringLiteral(" ORDER BY ") +
                      scanOrder::newestFirst(QStringLiteral("b")));
    q.bind(QStringLiteral(":t"), s.targetId).bind(QStringLiteral(":sc"), s.scanner).exec();
    if (base->isPattern()) {
        const QRegularExpression re(base->pattern);
        if (re.match(s.variant).hasMatch())
            return {text, previous(), false}; // this variant is (one of) the baseline
        while (q.next()) {
            if (re.match(q.text(u"variant")).hasMatch())
                return {text, q.integer(u"id"), false};
        }
        return {text, std::nullopt, false};
    }
    if (s.variant == base->variant)
        return {text, previous(), false};
    while (q.next()) {
        if (q.text(u"variant") == base->variant)
            return {text, q.integer(u"id"), false};
    }
    return {text, std::nullopt, false};
}

QList<qint64> Catalog::scansForStep(const QString &pipeline, const QString &step, qint64 execution,
                                   ScanTrust trust) const
{
    const auto admitted = [trust](const QString &alias) { return admittedBy(trust, alias); };
    Query q(m_db, QStringLiteral("SELECT s.id AS id FROM scan s WHERE s.pipeline_identifier = :p"
                                 " AND s.step_identifier = :s AND s.execution = :e AND %1"
                                 " AND NOT EXISTS (SELECT 1 FROM scan newer WHERE newer.pipeline_identifier = :p"
                                 "  AND newer.step_identifier = :s AND newer.execution = :e"
                                 "  AND newer.scanner = s.scanner AND %2 AND %3)"
                                 " ORDER BY s.scanner")
                      .arg(admitted(QStringLiteral("s")), admitted(QStringLiteral("newer")),
                           scanOrder::isAfter(QStringLiteral("newer"), QStringLiteral("s"))));
    q.bind(QStringLiteral(":p"), pipeline).bind(QStringLiteral(":s"), step).bind(QStringLiteral(":e"), execution);
    return ids(q);
}

std::optional<qint64> Catalog::latestExecution(const QString &pipeline, const QString &variant,
                                               ScanTrust trust) const
{
    const QVariant n =
        Query(m_db, QStringLiteral("SELECT MAX(s.execution) FROM scan s JOIN variant v ON v.id = s.variant_id"
                                   " WHERE s.pipeline_identifier = :p AND v.name = :v AND %1")
                        .arg(trust == ScanTrust::CiOnly ? QStringLiteral("s.imported_by_ci = 1")
                                                        : QStringLiteral("1 = 1")))
            .bind(QStringLiteral(":p"), pipeline)
            .bind(QStringLiteral(":v"), variant)
            .scalar();
    if (n.isNull())
        return std::nullopt;
    return n.toLongLong();
}

QStringList Catalog::pipelineVariants(const QString &pipeline) const
{
    Query q(m_db, QStringLiteral("SELECT v.name AS name FROM scan s JOIN variant v ON v.id = s.variant_id"
                                 " JOIN target t ON t.id = s.target_id"
                                 " WHERE s.pipeline_identifier = :p AND t.type = 'repository'"
                                 " GROUP BY v.name ORDER BY MAX(s.imported_at) DESC, MAX(s.id) DESC"));
    q.bind(QStringLiteral(":p"), pipeline).exec();
    QStringList out;
    while (q.next())
        out.append(q.text(u"name"));
    return out;
}

} // namespace secreview
