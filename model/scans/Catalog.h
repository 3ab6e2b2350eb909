#pragma once

#include "model/store/Database.h"
#include "model/users/Session.h"

#include <QDateTime>
#include <QList>
#include <optional>

namespace secreview {

struct TargetInfo
{
    qint64 id = 0;
    QString name;
    QString type; // repository, container, instance, configuration
    qint64 projectId = 0;
    QString project;
    qint64 organizationId = 0;
    QString organization;
};

struct BaselineInfo
{
    QString variant; // a fixed variant, or
    QString pattern; // a regular expression: the most recently scanned matching variant
    bool projectDefault = false; // the project's default for the target's type (policy), not its own
    bool isPattern() const { return !pattern.isEmpty(); }
    QString text() const { return isPattern() ? QStringLiteral("/%1/").arg(pattern) : variant; }
    // For people: text(), and where a project's default comes from.
    QString described() const { return projectDefault ? text() + QStringLiteral(" (project default)") : text(); }
};

struct ScanInfoRow
{
    qint64 id = 0;
    qint64 targetId = 0;
    QString target;
    QString project;
    QString variant;
    QString scanner;
    QString format;
    QString fileName;
    QString sha256;
    QDateTime importedAt;
    QString importedBy;
    QString pipeline;
    QString step;
    std::optional<qint64> execution;
    bool importedByCi = false; // the importer held the ci role: the scan counts under a 'ci' gate policy
    int issues = 0;            // issues in the scan
};

// What a scan is compared with to tell new from common, and why.
struct ScanComparisonBasis
{
    QString baseline;             // the baseline's text then ("main", "/^rel/"); empty: none
    std::optional<qint64> scanId; // the comparison scan, if any
    bool recorded = false;        // as recorded at import (schema 12); else computed now
};

// Which scans a gate may count (a project's gate policy, ExemptionPolicy::GateScans).
enum class ScanTrust
{
    Any,
    CiOnly // imported by an account holding the ci role
};

// Projects, targets, variants, baselines and scans: the "where" of every issue.
// A scan that holds no issue where an earlier one of the same scanner and variant held some.
struct DroppedToZero
{
    qint64 earlierScan = 0; // the latest earlier scan that held issues
    int issues = 0;         // how many it held
    int emptyBetween = 0;   // empty scans imported between that one and this
};

class Catalog
{
public:
    static constexpr const char *kDefaultProject = "default";
    static constexpr const char *kDefaultOrganization = "default";

    explicit Catalog(Database db) : m_db(std::move(db)) {}

    static QStringList targetTypes();
    // Inside the caller's transaction: the target (created if new). A type that disagrees with
    // an existing target's is a Usage error; an empty type means "as it is" (repository if new).
    TargetInfo ensureTarget(const QString &project, const QString &name, const QString &type) const;
    // Inside the caller's transaction: a project by name (projects are named uniquely), created
    // in the organization (default if empty) when new.
    qint64 ensureProject(const QString &project, const QString &organization = {}) const;
    qint64 ensureVariant(qint64 targetId, const QString &name) const;

    // By name; with no project, the name must be unique across projects. NotFound if absent.
    TargetInfo target(const QString &name, const QString &project = {}) const;
    TargetInfo target(qint64 id) const;
    QList<TargetInfo> targets() const;
    QStringList variants(qint64 targetId) const; // most recently scanned first

    void setBaseline(const Session &actor, qint64 targetId, const BaselineInfo &baseline) const;
    // The baseline in force: the target's own, else its project's default for its type (the
    // project's policy, projectDefault set), else none.
    std::optional<BaselineInfo> baseline(qint64 targetId) const;
    std::optional<BaselineInfo> ownBaseline(qint64 targetId) const; // the target's own only

    ScanInfoRow scan(qint64 scanId) const; // NotFound
    QString scannerOf(qint64 scanId) const; // the scan's scanner alone (scan() counts its issues); empty: none
    // The latest scan of each scanner for the target and variant, among the scans trust admits;
    // empty when there is none.
    QList<qint64> latestScans(qint64 targetId, const QString &variant, ScanTrust trust = ScanTrust::Any) const;
    // When this scan holds no issue and one of the kDroppedToZeroWindow scans of the same scanner
    // on the same variant before it held some: the latest of those. A report emptied to pass a
    // gate looks like this, and importing it twice does not hide it.
    static constexpr int kDroppedToZeroWindow = 10;
    std::optional<DroppedToZero> droppedToZero(qint64 scanId) const;
    // The latest scan of each scanner for every target and variant.
    QList<qint64> allLatestScans() const;
    // The scan this one is compared with to tell new from common (SPEC section 2), if any: the
    // one recorded at its import (the baseline then in force), else computed with the baseline now.
    std::optional<qint64> comparisonScan(qint64 scanId) const;
    // recorded: as recorded at import when it was (else computed with the baseline now).
    ScanComparisonBasis comparison(qint64 scanId, bool recorded = true) const;
    // Inside the import's transaction, once the scan's scanner is known: computes the comparison
    // with the baseline now in force and records it with the scan, so that its categories do not
    // change when the baseline later does.
    ScanComparisonBasis recordComparison(qint64 scanId) const;
    QList<ScanInfoRow> scans(qint64 targetId = 0) const;
    // The scans imported for a pipeline step in an execution (import --pipeline --step
    // --execution): the latest of each scanner, by scanner name.
    QList<qint64> scansForStep(const QString &pipeline, const QString &step, qint64 execution,
                               ScanTrust trust = ScanTrust::Any) const;
    // The highest execution number imported for the pipeline with scans of the variant (among the
    // scans the trust admits), if any.
    std::optional<qint64> latestExecution(const QString &pipeline, const QString &variant,
                                          ScanTrust trust = ScanTrust::Any) const;
    // The variants with scans tied to the pipeline, the most recently imported first.
    QStringList pipelineVariants(const QString &pipeline) const;

private:
    Database m_db;
};

} // namespace secreview
