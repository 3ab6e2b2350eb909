#include "model/scans/ScanImporter.h"

#include "model/core/Error.h"
#include "model/importers/Registry.h"
#include "model/input/InputFile.h"
#include "model/scans/Catalog.h"
#include "model/scans/ImportPipeline.h"
#include "model/scans/ScanWriter.h"
#include "model/store/AuditLog.h"

#include <QFileInfo>

namespace secreview {

ImportResult ScanImporter::import(const Session &actor, const ImportRequest &request,
                                  ImportControl *control) const
{
    actor.require(Permission::ImportScans, QStringLiteral("import scans"));
    const QString display = request.displayName.isEmpty() ? request.path : request.displayName;
    if (request.target.trimmed().isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("import needs --target"));
    if (request.variant.trimmed().isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("import needs --variant"));

    const InputFile input(request.path, display);
    std::optional<JsonScan> json;
    std::optional<XmlDocument> xml;
    const Importer *importer = nullptr;
    if (input.looksLikeXml()) {
        xml.emplace(input);
        importer = &detectXml(*xml, request.scanner);
    } else {
        json.emplace(input, request.scanner, display);
        importer = &json->importer();
    }

    Transaction tx(m_db);
    const Catalog catalog(m_db);
    const TargetInfo target = catalog.ensureTarget(request.project, request.target, request.targetType);
    const qint64 variantId = catalog.ensureVariant(target.id, request.variant);
    const QString fileName = QFileInfo(display).fileName();
    // The scan row first (its scanner is fixed up once the importer has read the tool name).
    NewScan scan;
    scan.targetId = target.id;
    scan.variantId = variantId;
    scan.format = importer->format();
    scan.fileName = fileName;
    scan.sha256 = QString::fromLatin1(input.sha256Hex());
    scan.fileSize = input.size();
    scan.importedBy = actor.userId();
    scan.importedByCi = actor.has(Role::Ci);
    scan.trustedText = actor.has(Role::Ci) || actor.has(Role::Secops) || actor.has(Role::Admin);
    scan.pipeline = request.pipeline;
    scan.step = request.step;
    scan.execution = request.execution;
    ScanWriter writer(m_db, scan, display, control);
    // Read (parsed, converted) on a thread of its own while this one stores (ImportPipeline).
    const ScanInfo info = readThrough(writer, [&](FindingSink &sink) {
        return xml ? importer->readXml(*xml, sink) : json->read(sink);
    });

    ImportResult result;
    result.scanId = writer.scanId();
    result.file = display;
    result.target = target.name;
    result.variant = request.variant;
    result.counts = writer.finish();
    result.issues = writer.issues();
    result.occurrences = writer.occurrences();
    result.format = info.format;
    result.scanner = info.scanner;
    writer.setScanner(info.scanner, info.toolVersion);
    // The baseline in force now decides this scan's categories for good (decision 85).
    const ScanComparisonBasis comparison = catalog.recordComparison(result.scanId);

    const IssueQuery issues(m_db);
    IssueFilter onlyNew;
    onlyNew.category = IssueCategory::New;
    result.newIssues = issues.count(issues.scopeForScan(result.scanId), onlyNew);

    const ScanSeal seal = writer.seal();
    AuditLog(m_db).append(actor.name(), QStringLiteral("scan.import"), QStringLiteral("scan"),
                          QString::number(result.scanId),
                          {{QStringLiteral("file"), fileName},
                           {QStringLiteral("sha256"), QString::fromLatin1(input.sha256Hex())},
                           {QStringLiteral("format"), result.format},
                           {QStringLiteral("scanner"), result.scanner},
                           {QStringLiteral("target"), target.name},
                           {QStringLiteral("project"), target.project},
                           {QStringLiteral("project_id"), target.projectId},
                           {QStringLiteral("organization"), target.organization},
                           {QStringLiteral("organization_id"), target.organizationId},
                           {QStringLiteral("variant"), request.variant},
                           {QStringLiteral("issues"), result.issues},
                           {QStringLiteral("occurrences"), result.occurrences},
                           {QStringLiteral("baseline"), comparison.baseline},
                           {QStringLiteral("comparison_scan"),
                            comparison.scanId ? QJsonValue(*comparison.scanId) : QJsonValue(QJsonValue::Null)},
                           {QStringLiteral("seal"), seal.text()},
                           {QStringLiteral("seal_index"), seal.index.toJson()}});
    tx.commit();
    return result;
}

} // namespace secreview
