#include "model/exemptions/GateRun.h"

#include <algorithm>

#include "model/core/Error.h"
#include "model/exemptions/ExemptionPolicyStore.h"
#include "model/exemptions/GateEvidence.h"

namespace secreview {

IssueScope gateScope(const Database &db, qint64 targetId, const QString &variant)
{
    const Catalog catalog(db);
    const TargetInfo target = catalog.target(targetId);
    const bool ciOnly = ExemptionPolicyStore(db).get(target.projectId).gateScans == ExemptionPolicy::GateScans::Ci;
    const IssueScope scope =
        IssueQuery(db).scopeForVariant(targetId, variant, ciOnly ? ScanTrust::CiOnly : ScanTrust::Any);
    if (scope.isEmpty()) {
        if (ciOnly && !catalog.latestScans(targetId, variant).isEmpty())
            throw Error(ErrorKind::NotFound,
                        QStringLiteral("no scan of %1 variant %2 counts: project %3 gates count only scans imported "
                                       "by a ci account (the gate fails closed)")
                            .arg(target.name, variant, target.project));
        throw Error(ErrorKind::NotFound,
                    QStringLiteral("no scan of %1 variant %2 (the gate fails closed)").arg(target.name, variant));
    }
    return scope;
}

bool countsForGate(const Database &db, qint64 scanId)
{
    const ScanInfoRow scan = Catalog(db).scan(scanId);
    const TargetInfo target = Catalog(db).target(scan.targetId);
    return scan.importedByCi ||
           ExemptionPolicyStore(db).get(target.projectId).gateScans == ExemptionPolicy::GateScans::Any;
}

GateResult runGate(const Database &db, const IssueScope &scope, const QString &threshold, bool latestOfPlace)
{
    GateResult result = Gate::evaluate(IssueQuery(db), scope, threshold);
    result.tampering = gateEvidenceProblems(db, scope, latestOfPlace);
    if (!result.tampering.isEmpty()) {
        result.passed = false;
        // The advice for what was changed behind the program's back; an outgrown exemption's
        // problem says itself what to do.
        const bool tampered =
            !std::all_of(result.tampering.cbegin(), result.tampering.cend(), isDecisionProblem);
        result.message = QStringLiteral("Exited with message: the gate fails closed: %1%2")
                             .arg(result.tampering.join(QStringLiteral("; ")),
                                  tampered ? QStringLiteral("; run secreview audit verify") : QString());
    }
    const Catalog catalog(db);
    for (const IssueScope::Entry &e : scope.scans) {
        if (const std::optional<DroppedToZero> drop = catalog.droppedToZero(e.scanId)) {
            const ScanInfoRow scan = catalog.scan(e.scanId);
            result.warnings.append(
                QStringLiteral("scan %1 (%2, %3) holds no issue; %2 scan %4 of this variant held %5%6")
                    .arg(e.scanId)
                    .arg(scan.scanner, scan.fileName)
                    .arg(drop->earlierScan)
                    .arg(drop->issues)
                    .arg(drop->emptyBetween == 0
                             ? QStringLiteral(" (the one before it)")
                             : QStringLiteral(", and %1 empty %2 scan(s) were imported since").arg(drop->emptyBetween).arg(scan.scanner)));
        }
    }
    return result;
}

} // namespace secreview
