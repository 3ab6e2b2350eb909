#include "model/scans/ScanWriter.h"

#include "model/core/Clock.h"
#include "model/core/Error.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace secreview {
namespace {

QString jsonList(const QStringList &items)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(items)).toJson(QJsonDocument::Compact));
}

qint64 insertScan(const Database &db, const NewScan &scan, qint64 importedAt)
{
    return Query(db,
                 QStringLiteral(
                     "INSERT INTO scan(target_id, variant_id, scanner, format, file_name, file_sha256,"
                     " file_size, imported_at, imported_by, pipeline_identifier, step_identifier, execution,"
                     " imported_by_ci) VALUES (:t, :v, :sc, :f, :fn, :sha, :size, :at, :by, :pl, :st, :ex, :ci)"
                     " RETURNING id"))
        .bind(QStringLiteral(":ci"), scan.importedByCi ? 1 : 0)
        .bind(QStringLiteral(":t"), scan.targetId)
        .bind(QStringLiteral(":v"), scan.variantId)
        .bind(QStringLiteral(":sc"), scan.format)
        .bind(QStringLiteral(":f"), scan.format)
        .bind(QStringLiteral(":fn"), scan.fileName)
        .bind(QStringLiteral(":sha"), scan.sha256)
        .bind(QStringLiteral(":size"), scan.fileSize)
        .bind(QStringLiteral(":at"), importedAt)
        .bind(QStringLiteral(":by"), scan.importedBy)
        .bind(QStringLiteral(":pl"), scan.pipeline.isEmpty() ? QVariant() : QVariant(scan.pipeline))
        .bind(QStringLiteral(":st"), scan.step.isEmpty() ? QVariant() : QVariant(scan.step))
        .bind(QStringLiteral(":ex"), scan.execution ? QVariant(*scan.execution) : QVariant())
        .scalar()
        .toLongLong();
}

} // namespace

ScanWriter::ScanWriter(const Database &db, const NewScan &scan, const QString &file,
                       const std::atomic<bool> *cancel)
    : m_db(db), m_file(file), m_targetId(scan.targetId), m_scan(scan), m_importedAt(Clock::nowMs()),
      m_scanId(insertScan(db, scan, m_importedAt)), m_cancel(cancel),
      m_upsertIssue(db,
                    QStringLiteral(
                        "INSERT INTO issue(target_id, scanner, issue_key, rule, title, kind, description,"
                        " remediation, refs, cwe) VALUES (:t, :sc, :k, :r, :ti, :kind, :d, :rem, :refs, :cwe)"
                        " ON CONFLICT(target_id, scanner, issue_key) DO UPDATE SET rule = excluded.rule,"
                        " title = excluded.title, kind = excluded.kind, description = excluded.description,"
                        " remediation = excluded.remediation, refs = excluded.refs, cwe = excluded.cwe"
                        " RETURNING id")),
      m_insertOccurrence(
          db, QStringLiteral("INSERT INTO occurrence(scan_id, issue_id, location, file_path, line, package,"
                             " installed_version, fixed_version, fingerprint, severity, scanner_severity,"
                             " confidence, score, message, snippet, suppressed, suppression, raw) VALUES "
                             "(:s, :i, :loc, :f,"
                             " :l, :pkg, :iv, :fv, :fp, :sev, :ssev, :conf, :score, :msg, :snip, :sup, :supw,"
                             " :raw)"))
{
    if (db.isServer())
        m_copyOccurrences = std::make_unique<ServerCopy>(
            db, QStringLiteral("occurrence"),
            QStringList{QStringLiteral("scan_id"), QStringLiteral("issue_id"), QStringLiteral("location"),
                        QStringLiteral("file_path"), QStringLiteral("line"), QStringLiteral("package"),
                        QStringLiteral("installed_version"), QStringLiteral("fixed_version"),
                        QStringLiteral("fingerprint"), QStringLiteral("severity"), QStringLiteral("scanner_severity"),
                        QStringLiteral("confidence"), QStringLiteral("score"), QStringLiteral("message"),
                        QStringLiteral("snippet"), QStringLiteral("suppressed"), QStringLiteral("suppression"),
                        QStringLiteral("raw")});
}

void ScanWriter::add(const Finding &f)
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
            .bind(QStringLiteral(":ti"), f.title.isEmpty() ? (f.rule.isEmpty() ? f.key : f.rule) : f.title)
            .bind(QStringLiteral(":kind"), issueKindKey(f.kind))
            .bind(QStringLiteral(":d"), f.description)
            .bind(QStringLiteral(":rem"), f.remediation)
            .bind(QStringLiteral(":refs"), jsonList(f.references))
            .bind(QStringLiteral(":cwe"), jsonList(f.cwes));
        IssueAccumulator acc;
        acc.issueId = m_upsertIssue.scalar().toLongLong();
        acc.scanner = f.scanner;
        acc.key = f.key;
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
    // The values in ScanSealer::kOccurrenceColumns' order: bound, and sealed as bound.
    const QVariantList values{f.scanner,
                              f.key,
                              f.location.isEmpty() ? QStringLiteral("(no location)") : f.location,
                              f.filePath,
                              f.line > 0 ? QVariant(f.line) : QVariant(),
                              f.package,
                              f.installedVersion,
                              f.fixedVersion,
                              f.fingerprint,
                              int(f.severity),
                              f.scannerSeverity,
                              f.confidence,
                              f.score ? QVariant(*f.score) : QVariant(),
                              f.message,
                              f.snippet,
                              f.suppressed ? 1 : 0,
                              f.suppression.isEmpty() ? QVariant() : QVariant(f.suppression),
                              f.raw.isEmpty() ? QVariant() : QVariant(QString::fromUtf8(f.raw))};
    static const char *const placeholders[] = {nullptr, nullptr, ":loc", ":f", ":l", ":pkg", ":iv", ":fv", ":fp",
                                               ":sev", ":ssev", ":conf", ":score", ":msg", ":snip", ":sup", ":supw",
                                               ":raw"};
    if (m_copyOccurrences) {
        QVariantList row = values;
        row[0] = m_scanId;
        row[1] = it->issueId;
        m_copyOccurrences->add(row);
    } else {
        m_insertOccurrence.bind(QStringLiteral(":s"), m_scanId).bind(QStringLiteral(":i"), it->issueId);
        for (qsizetype i = 2; i < values.size(); ++i)
            m_insertOccurrence.bind(QString::fromLatin1(placeholders[i]), values.at(i));
        m_insertOccurrence.exec();
    }
    m_sealer.addOccurrence(values);
}

SeverityCounts ScanWriter::finish()
{
    if (m_copyOccurrences)
        m_copyOccurrences->finish();
    SeverityCounts counts;
    Query insert(m_db,
                 QStringLiteral("INSERT INTO scan_issue(scan_id, issue_id, severity, score, scanner_severity,"
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
        m_sealer.addIssue({acc.scanner, acc.key, int(acc.severity), acc.score ? QVariant(*acc.score) : QVariant(),
                           acc.occurrences, acc.scannerSeverity, acc.confidence});
        ++counts.notExempted[size_t(acc.severity)];
    }
    return counts;
}

void ScanWriter::setScanner(const QString &scanner, const QString &toolVersion)
{
    // The scan row as stored, in ScanSealer::kScanColumns' order.
    m_sealer.setScan({m_scan.targetId, m_scan.variantId, scanner, m_scan.format, m_scan.fileName, m_scan.sha256,
                      m_scan.fileSize, m_importedAt, m_scan.importedBy,
                      m_scan.pipeline.isEmpty() ? QVariant() : QVariant(m_scan.pipeline),
                      m_scan.step.isEmpty() ? QVariant() : QVariant(m_scan.step),
                      m_scan.execution ? QVariant(*m_scan.execution) : QVariant(), m_scan.importedByCi ? 1 : 0});
    Query(m_db, QStringLiteral("UPDATE scan SET scanner = :sc, tool_version = :tv WHERE id = :id"))
        .bind(QStringLiteral(":sc"), scanner)
        .bind(QStringLiteral(":tv"), toolVersion)
        .bind(QStringLiteral(":id"), m_scanId)
        .exec();
}

} // namespace secreview
