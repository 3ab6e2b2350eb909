#include "model/scans/ScanImporter.h"

#include "model/core/Clock.h"
#include "model/core/Error.h"
#include "model/importers/Importer.h"
#include "model/input/InputFile.h"
#include "model/scans/Catalog.h"
#include "model/store/AuditLog.h"

#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace secreview {
namespace {

QString jsonList(const QStringList &items)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(items)).toJson(QJsonDocument::Compact));
}

// Writes findings as they arrive: one issue row per (scanner, key) in the target, one occurrence
// row per finding; the per-scan issue severity is the highest of its occurrences.
class StoreSink final : public FindingSink
{
public:
    StoreSink(const Database &db, const QString &file, qint64 targetId, qint64 scanId,
              const std::atomic<bool> *cancel)
        : m_file(file), m_targetId(targetId), m_scanId(scanId), m_cancel(cancel),
          m_upsertIssue(
              db, QStringLiteral(
                      "INSERT INTO issue(target_id, scanner, issue_key, rule, title, kind, description,"
                      " remediation, refs, cwe) VALUES (:t, :sc, :k, :r, :ti, :kind, :d, :rem, :refs, :cwe)"
                      " ON CONFLICT(target_id, scanner, issue_key) DO UPDATE SET rule = excluded.rule,"
                      " title = excluded.title, kind = excluded.kind, description = excluded.description,"
                      " remediation = excluded.remediation, refs = excluded.refs, cwe = excluded.cwe"
                      " RETURNING id")),
          m_insertOccurrence(
              db,
              QStringLiteral("INSERT INTO occurrence(scan_id, issue_id, location, file_path, line, package,"
                             " installed_version, fixed_version, fingerprint, severity, scanner_severity,"
                             " confidence, score, message, snippet, suppressed, suppression, raw) VALUES "
                             "(:s, :i, :loc, :f,"
                             " :l, :pkg, :iv, :fv, :fp, :sev, :ssev, :conf, :score, :msg, :snip, :sup, :supw,"
                             " :raw)")),
          m_db(db)
    {
    }

    void add(const Finding &f) override
    {
        if (m_cancel && m_cancel->load(std::memory_order_relaxed))
            throw Error(ErrorKind::BadInput, QStringLiteral("import cancelled"));
        if (f.key.isEmpty())
            throw Error(ErrorKind::BadInput,
                        QStringLiteral("%1: a finding of %2 without an issue key (rule '%3')")
                            .arg(m_file, f.scanner, f.rule));
        const QString mapKey = f.scanner + QLatin1Char('\x1f') + f.key;
        auto it = m_issues.find(mapKey);
        if (it == m_issues.end()) {
            m_upsertIssue.bind(QStringLiteral(":t"), m_targetId)
                .bind(QStringLiteral(":sc"), f.scanner)
                .bind(QStringLiteral(":k"), f.key)
                .bind(QStringLiteral(":r"), f.rule)
                .bind(QStringLiteral(":ti"),
                      f.title.isEmpty() ? (f.rule.isEmpty() ? f.key : f.rule) : f.title)
                .bind(QStringLiteral(":kind"), issueKindKey(f.kind))
                .bind(QStringLiteral(":d"), f.description)
                .bind(QStringLiteral(":rem"), f.remediation)
                .bind(QStringLiteral(":refs"), jsonList(f.references))
                .bind(QStringLiteral(":cwe"), jsonList(f.cwes));
            IssueAccumulator acc;
            acc.issueId = m_upsertIssue.scalar().toLongLong();
            acc.severity = f.severity;
            acc.score = f.score;
            acc.scannerSeverity = f.scannerSeverity;
            acc.confidence = f.confidence;
            it = m_issues.insert(mapKey, acc);
            m_order.append(mapKey);
        } else if (f.severity > it->severity ||
                   (f.severity == it->severity && f.score && (!it->score || *f.score > *it->score))) {
            it->severity = f.severity;
            it->score = f.score;
            it->scannerSeverity = f.scannerSeverity;
            it->confidence = f.confidence;
        }
        ++it->occurrences;
        ++m_occurrences;
        m_insertOccurrence.bind(QStringLiteral(":s"), m_scanId)
            .bind(QStringLiteral(":i"), it->issueId)
            .bind(QStringLiteral(":loc"), f.location.isEmpty() ? QStringLiteral("(no location)") : f.location)
            .bind(QStringLiteral(":f"), f.filePath)
            .bind(QStringLiteral(":l"), f.line > 0 ? QVariant(f.line) : QVariant())
            .bind(QStringLiteral(":pkg"), f.package)
            .bind(QStringLiteral(":iv"), f.installedVersion)
            .bind(QStringLiteral(":fv"), f.fixedVersion)
            .bind(QStringLiteral(":fp"), f.fingerprint)
            .bind(QStringLiteral(":sev"), int(f.severity))
            .bind(QStringLiteral(":ssev"), f.scannerSeverity)
            .bind(QStringLiteral(":conf"), f.confidence)
            .bind(QStringLiteral(":score"), f.score ? QVariant(*f.score) : QVariant())
            .bind(QStringLiteral(":msg"), f.message)
            .bind(QStringLiteral(":snip"), f.snippet)
            .bind(QStringLiteral(":sup"), f.suppressed ? 1 : 0)
            .bind(QStringLiteral(":supw"), f.suppression.isEmpty() ? QVariant() : QVariant(f.suppression))
            .bind(QStringLiteral(":raw"), f.raw.isEmpty() ? QVariant() : QVariant(QString::fromUtf8(f.raw)))
            .exec();
    }

    // The per-scan issue rows, once every occurrence is known.
    void finish(ImportResult &result)
    {
        Query insert(m_db, QStringLiteral(
                               "INSERT INTO scan_issue(scan_id, issue_id, severity, score, scanner_severity,"
                               " confidence, occurrences) VALUES (:s, :i, :sev, :score, :ssev, :conf, :n)"));
        for (const QString &key : std::as_const(m_order)) {
            const IssueAccumulator &acc = m_issues[key];
            insert.bind(QStringLiteral(":s"), m_scanId)
                .bind(QStringLiteral(":i"), acc.issueId)
                .bind(QStringLiteral(":sev"), int(acc.severity))
                .bind(QStringLiteral(":score"), acc.score ? QVariant(*acc.score) : QVariant())
                .bind(QStringLiteral(":ssev"), acc.scannerSeverity)
                .bind(QStringLiteral(":conf"), acc.confidence)
                .bind(QStringLiteral(":n"), acc.occurrences)
                .exec();
            ++result.counts.notExempted[size_t(acc.severity)];
        }
        result.issues = int(m_order.size());
        result.occurrences = m_occurrences;
    }

private:
    struct IssueAccumulator
    {
        qint64 issueId = 0;
        Severity severity = Severity::Info;
        std::optional<double> score;
        QString scannerSeverity;
        QString confidence;
        int occurrences = 0;
    };
    QString m_file;
    qint64 m_targetId;
    qint64 m_scanId;
    const std::atomic<bool> *m_cancel;
    Query m_upsertIssue;
    Query m_insertOccurrence;
    Database m_db;
    QHash<QString, IssueAccumulator> m_issues;
    QStringList m_order;
    int m_occurrences = 0;
};

const Importer *namedImporter(const QString &scanner)
{
    if (scanner.isEmpty() || scanner.compare(QLatin1String("auto"), Qt::CaseInsensitive) == 0)
        return nullptr;
    const Importer *named = importerByName(scanner);
    if (!named)
        throw Error(ErrorKind::Usage, QStringLiteral("unknown scanner format '%1'; supported: %2")
                                          .arg(scanner, supportedFormatsText()));
    return named;
}

const Importer *chooseXmlImporter(const XmlDocument &document, const QString &scanner)
{
    if (const Importer *named = namedImporter(scanner)) {
        if (!named->recognizesXml(document.root()))
            document.fail(document.root(), QStringLiteral("<%1> is not %2, which --scanner %3 names")
                                               .arg(document.root().name, named->displayName(), scanner));
        return named;
    }
    for (const Importer *importer : importers()) {
        if (importer->recognizesXml(document.root()))
            return importer;
    }
    document.fail(document.root(), QStringLiteral("<%1> is not a known result format; supported: %2")
                                       .arg(document.root().name, supportedFormatsText()));
}

// null and an empty list: what several tools write for "nothing found", telling no format.
bool isNothingFound(const JsonNode &root)
{
    return root.isNull() || (root.isArray() && root.element().get_array().value_unsafe().size() == 0);
}

const Importer *chooseImporter(const JsonNode &root, const QString &scanner, const QString &file)
{
    if (const Importer *named = namedImporter(scanner)) {
        // Named, the format still has to be what the file holds; only "nothing found" (null, an
        // empty list), which no content can tell apart, is taken on the name alone.
        if (!isNothingFound(root) && !named->recognizes(root))
            root.fail(QStringLiteral("not %1, which --scanner %2 names").arg(named->displayName(), scanner));
        return named;
    }
    if (root.isNull())
        throw Error(ErrorKind::BadInput,
                    QStringLiteral("%1: the file holds only JSON null, which no format can be "
                                   "told from (legacy Trivy writes it for \"nothing found\": "
                                   "import it with --scanner trivy)")
                        .arg(file));
    if (isNothingFound(root)) // the empty list (null is answered above)
        throw Error(
            ErrorKind::BadInput,
            QStringLiteral("%1: the file holds only an empty list, which several formats write for "
                           "\"nothing found\" (Gitleaks, TruffleHog, ...): import it with --scanner NAME")
                .arg(file));
    for (const Importer *importer : importers()) {
        if (importer->recognizes(root))
            return importer;
    }
    throw Error(ErrorKind::BadInput, QStringLiteral("%1: at $: not a known result format; supported: %2")
                                         .arg(file, supportedFormatsText()));
}

} // namespace

ImportResult ScanImporter::import(const Session &actor, const ImportRequest &request,
                                  const std::atomic<bool> *cancel) const
{
    actor.require({Role::Developer, Role::Secops, Role::Admin}, QStringLiteral("import scans"));
    const QString display = request.displayName.isEmpty() ? request.path : request.displayName;
    if (request.target.trimmed().isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("import needs --target"));
    if (request.variant.trimmed().isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("import needs --variant"));

    const InputFile input(request.path, display);
    std::optional<JsonDocument> json;
    std::optional<XmlDocument> xml;
    std::optional<JsonNode> root;
    const Importer *importer = nullptr;
    if (input.looksLikeXml()) {
        xml.emplace(input);
        importer = chooseXmlImporter(*xml, request.scanner);
    } else {
        json.emplace(input);
        root.emplace(json->root(), QStringLiteral("$"), &json->displayName());
        importer = chooseImporter(*root, request.scanner, display);
    }

    Transaction tx(m_db);
    const Catalog catalog(m_db);
    const TargetInfo target = catalog.ensureTarget(request.project, request.target, request.targetType);
    const qint64 variantId = catalog.ensureVariant(target.id, request.variant);
    const QString fileName = QFileInfo(display).fileName();
    // The scan row first (its scanner is fixed up once the importer has read the tool name).
    const qint64 scanId =
        Query(m_db,
              QStringLiteral(
                  "INSERT INTO scan(target_id, variant_id, scanner, format, file_name, file_sha256,"
                  " file_size, imported_at, imported_by, pipeline_identifier, step_identifier, execution)"
                  " VALUES (:t, :v, :sc, :f, :fn, :sha, :size, :at, :by, :pl, :st, :ex) RETURNING id"))
            .bind(QStringLiteral(":t"), target.id)
            .bind(QStringLiteral(":v"), variantId)
            .bind(QStringLiteral(":sc"), importer->format())
            .bind(QStringLiteral(":f"), importer->format())
            .bind(QStringLiteral(":fn"), fileName)
            .bind(QStringLiteral(":sha"), QString::fromLatin1(input.sha256Hex()))
            .bind(QStringLiteral(":size"), input.size())
            .bind(QStringLiteral(":at"), Clock::nowMs())
            .bind(QStringLiteral(":by"), actor.userId())
            .bind(QStringLiteral(":pl"), request.pipeline.isEmpty() ? QVariant() : QVariant(request.pipeline))
            .bind(QStringLiteral(":st"), request.step.isEmpty() ? QVariant() : QVariant(request.step))
            .bind(QStringLiteral(":ex"), request.execution ? QVariant(*request.execution) : QVariant())
            .scalar()
            .toLongLong();

    ImportResult result;
    result.scanId = scanId;
    result.file = display;
    result.target = target.name;
    result.variant = request.variant;
    StoreSink sink(m_db, display, target.id, scanId, cancel);
    const ScanInfo info = xml ? importer->readXml(*xml, sink) : importer->read(*root, sink);
    sink.finish(result);
    result.format = info.format;
    result.scanner = info.scanner;
    Query(m_db, QStringLiteral("UPDATE scan SET scanner = :sc, tool_version = :tv WHERE id = :id"))
        .bind(QStringLiteral(":sc"), info.scanner)
        .bind(QStringLiteral(":tv"), info.toolVersion)
        .bind(QStringLiteral(":id"), scanId)
        .exec();

    const IssueQuery issues(m_db);
    IssueFilter onlyNew;
    onlyNew.category = QStringLiteral("new");
    result.newIssues = issues.count(issues.scopeForScan(scanId), onlyNew);

    AuditLog(m_db).append(actor.name(), QStringLiteral("scan.import"), QStringLiteral("scan"),
                          QString::number(scanId),
                          {{QStringLiteral("file"), fileName},
                           {QStringLiteral("sha256"), QString::fromLatin1(input.sha256Hex())},
                           {QStringLiteral("format"), result.format},
                           {QStringLiteral("scanner"), result.scanner},
                           {QStringLiteral("target"), target.name},
                           {QStringLiteral("variant"), request.variant},
                           {QStringLiteral("issues"), result.issues},
                           {QStringLiteral("occurrences"), result.occurrences}});
    tx.commit();
    return result;
}

} // namespace secreview
