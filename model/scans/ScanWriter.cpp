#include "model/scans/ScanWriter.h"

#include "model/core/Clock.h"
#include "model/core/Error.h"
#include "model/core/Text.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <array>
#include <cmath>
#include <simdjson.h>
#include <stdexcept>

namespace secreview {
namespace {

QString jsonList(const QStringList &items)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(items)).toJson(QJsonDocument::Compact));
}

qint64 insertScan(const Database &db, const NewScan &scan, qint64 importedAt)
{
    // A file gives the next id itself, past every scan the database or its audit log has named
    // (SQLite would give the id of a deleted latest scan again, whether `scan delete` or sqlite3
    // deleted it, and the log names scans by id). A server's sequence never gives one again.
    const QString id = db.isServer()
                           ? QString()
                           : QStringLiteral("(SELECT max(coalesce((SELECT max(id) FROM scan), 0),"
                                            " coalesce((SELECT max(scan_id) FROM scan_deletion), 0),"
                                            " coalesce((SELECT max(CAST(object_id AS INTEGER)) FROM audit_entry"
                                            " WHERE object_type = 'scan'), 0)) + 1), ");
    return Query(db,
                 QStringLiteral(
                     "INSERT INTO scan(%1target_id, variant_id, scanner, format, file_name, file_sha256,"
                     " file_size, imported_at, imported_by, pipeline_identifier, step_identifier, execution,"
                     " imported_by_ci) VALUES (%2:t, :v, :sc, :f, :fn, :sha, :size, :at, :by, :pl, :st, :ex, :ci)"
                     " RETURNING id")
                     .arg(db.isServer() ? QString() : QStringLiteral("id, "), id))
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

// An issue's row: its text is the latest import's, but a developer's import does not reword what a
// ci, secops or admin import wrote (text_trusted; on a server issue_text_check holds the same).
// values: the placeholders of target_id, scanner, issue_key, the texts and text_trusted.
QString upsertIssueSql(const QStringList &values)
{
    static const QStringList texts{QStringLiteral("rule"),        QStringLiteral("title"),
                                   QStringLiteral("kind"),        QStringLiteral("description"),
                                   QStringLiteral("remediation"), QStringLiteral("refs"),
                                   QStringLiteral("cwe"),         QStringLiteral("text_trusted")};
    QStringList sets;
    for (const QString &column : texts)
        sets.append(QStringLiteral("%1 = CASE WHEN issue.text_trusted > excluded.text_trusted THEN issue.%1"
                                   " ELSE excluded.%1 END")
                        .arg(column));
    return QStringLiteral("INSERT INTO issue(target_id, scanner, issue_key, %1) VALUES (%2)"
                          " ON CONFLICT(target_id, scanner, issue_key) DO UPDATE SET %3 RETURNING id")
        .arg(texts.join(QStringLiteral(", ")), values.join(QStringLiteral(", ")), sets.join(QStringLiteral(", ")));
}

// The occurrence columns after scan_id and issue_id, in ScanSealer::kOccurrenceColumns' order
// (which starts with the issue's scanner and key).
constexpr const char *kInsertOccurrence =
    "INSERT INTO occurrence(scan_id, issue_id, location, file_path, line, package, installed_version,"
    " fixed_version, fingerprint, severity, scanner_severity, confidence, score, message, snippet, suppressed,"
    " suppression, raw_chunk, raw_offset, raw_length) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
    " ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)";

void bind(SqliteStatement &q, int position, const StoredText &t)
{
    if (t.null)
        q.bindNull(position);
    else
        q.bindText(position, t.utf8);
}

// UTF-8 bytes that read back as written: valid, and without U+FFFE or U+FFFF (EF BF BE/BF).
bool storableUtf8(const QByteArray &bytes)
{
    return simdjson::validate_utf8(bytes.constData(), size_t(bytes.size())) && !bytes.contains("\xEF\xBF\xBE") &&
           !bytes.contains("\xEF\xBF\xBF");
}

} // namespace

StoredText StoredText::of(const QString &s)
{
    return {storableText(s).toUtf8(), s.isNull()};
}

PreparedFinding FindingPreparer::prepare(const Finding &f)
{
    if (f.key.isEmpty())
        throw Error(ErrorKind::BadInput,
                    QStringLiteral("%1: a finding of %2 without an issue key (rule '%3')")
                        .arg(m_file, f.scanner, f.rule));
    // NaN would be stored as NULL and sealed as "nan"; infinity is no score either.
    if (f.score && !std::isfinite(*f.score))
        throw Error(ErrorKind::BadInput, QStringLiteral("%1: a finding of %2 (rule '%3') has a score that is not a "
                                                        "finite number; expected a number from 0 to 10")
                                             .arg(m_file, f.scanner, f.rule));
    PreparedFinding p;
    p.mapKey = f.scanner + QLatin1Char('\x1f') + f.key;
    if (!m_seen.contains(p.mapKey)) {
        m_seen.insert(p.mapKey);
        PreparedFinding::IssueRow &issue = p.issue.emplace();
        issue = {f.scanner,
                 f.key,
                 f.rule,
                 f.title.isEmpty() ? (f.rule.isEmpty() ? f.key : f.rule) : f.title,
                 issueKindKey(f.kind),
                 f.description,
                 f.remediation,
                 jsonList(f.references),
                 jsonList(f.cwes),
                 {}};
        if (!m_forServer) {
            int i = 0;
            for (const QString *t : {&issue.scanner, &issue.key, &issue.rule, &issue.title, &issue.kind,
                                     &issue.description, &issue.remediation, &issue.refs, &issue.cwe})
                issue.texts[size_t(i++)] = StoredText::of(*t);
        }
    }
    p.state = {f.scanner, f.key, f.severity, f.score, f.scannerSeverity, f.confidence};
    p.line = f.line;
    p.suppressed = f.suppressed;

    // Each value converted to UTF-8 once, stored (bound on a file, copied to a server) and sealed
    // from the same bytes (a NULL seals as an empty text, as ScanSeal::of reads it back).
    using V = PreparedFinding;
    auto &v = p.values;
    v[V::Scanner] = StoredText::of(f.scanner);
    v[V::Key] = StoredText::of(f.key);
    v[V::Location] = StoredText::of(f.location.isEmpty() ? QStringLiteral("(no location)") : f.location);
    v[V::FilePath] = StoredText::of(f.filePath);
    v[V::Line] = {f.line > 0 ? QByteArray::number(f.line) : QByteArray(), f.line <= 0};
    v[V::Package] = StoredText::of(f.package);
    v[V::Installed] = StoredText::of(f.installedVersion);
    v[V::Fixed] = StoredText::of(f.fixedVersion);
    v[V::Fingerprint] = StoredText::of(f.fingerprint);
    v[V::SeverityValue] = {QByteArray::number(int(f.severity)), false};
    v[V::ScannerSeverity] = StoredText::of(f.scannerSeverity);
    v[V::Confidence] = StoredText::of(f.confidence);
    v[V::Score] = {f.score ? QByteArray::number(*f.score, 'g', 17) : QByteArray(), !f.score};
    v[V::Message] = StoredText::of(f.message);
    v[V::Snippet] = StoredText::of(f.snippet);
    v[V::Suppressed] = {f.suppressed ? QByteArrayLiteral("1") : QByteArrayLiteral("0"), false};
    v[V::Suppression] = f.suppression.isEmpty() ? StoredText{{}, true} : StoredText::of(f.suppression);
    // The raw entry is UTF-8 already; only a cut inside a character or U+FFFE/U+FFFF needs
    // the round trip through QString.
    // An entry past RawEntryWriter::kMaxEntry is cut, saying so (a chunk's size stays bounded).
    constexpr qsizetype kKept = RawEntryWriter::kMaxEntry - 64;
    const QByteArray entry = f.raw.size() <= RawEntryWriter::kMaxEntry
                                 ? f.raw
                                 : f.raw.left(kKept) + "\n... (cut at " + QByteArray::number(kKept) + " of " +
                                       QByteArray::number(f.raw.size()) + " bytes)";
    v[V::Raw] = entry.isEmpty()          ? StoredText{{}, true}
                : storableUtf8(entry) ? StoredText{entry, false}
                                      : StoredText::of(QString::fromUtf8(entry));
    return p;
}

ScanWriter::ScanWriter(const Database &db, const NewScan &scan, const QString &file,
                       ImportControl *control)
    : m_db(db), m_file(file), m_targetId(scan.targetId), m_scan(scan), m_importedAt(Clock::nowMs()),
      m_scanId(insertScan(db, scan, m_importedAt)), m_control(control), m_raw(db, m_scanId)
{
    if (!db.isServer()) {
        QStringList values;
        for (int i = 1; i <= 11; ++i)
            values.append(QStringLiteral("?%1").arg(i));
        m_sqliteIssue = std::make_unique<SqliteStatement>(db, upsertIssueSql(values).toUtf8().constData());
        m_sqliteOccurrence = std::make_unique<SqliteStatement>(db, kInsertOccurrence);
        return;
    }
    m_upsertIssue.emplace(db, upsertIssueSql({QStringLiteral(":t"), QStringLiteral(":sc"), QStringLiteral(":k"),
                                              QStringLiteral(":r"), QStringLiteral(":ti"), QStringLiteral(":kind"),
                                              QStringLiteral(":d"), QStringLiteral(":rem"), QStringLiteral(":refs"),
                                              QStringLiteral(":cwe"), QStringLiteral(":trusted")}));
    m_copyOccurrences = std::make_unique<ServerCopy>(
        db, QStringLiteral("occurrence"),
        QStringList{QStringLiteral("scan_id"), QStringLiteral("issue_id"), QStringLiteral("location"),
                    QStringLiteral("file_path"), QStringLiteral("line"), QStringLiteral("package"),
                    QStringLiteral("installed_version"), QStringLiteral("fixed_version"),
                    QStringLiteral("fingerprint"), QStringLiteral("severity"), QStringLiteral("scanner_severity"),
                    QStringLiteral("confidence"), QStringLiteral("score"), QStringLiteral("message"),
                    QStringLiteral("snippet"), QStringLiteral("suppressed"), QStringLiteral("suppression"),
                    QStringLiteral("raw_chunk"), QStringLiteral("raw_offset"), QStringLiteral("raw_length")});
}

ScanWriter::~ScanWriter() = default;

qint64 ScanWriter::upsertIssue(const PreparedFinding::IssueRow &issue)
{
    if (m_sqliteIssue) {
        SqliteStatement &q = *m_sqliteIssue;
        q.bindInt(1, m_targetId);
        int position = 2;
        for (const StoredText &t : issue.texts)
            bind(q, position++, t);
        q.bindInt(position, m_scan.trustedText ? 1 : 0);
        return q.run();
    }
    m_copyOccurrences->settle(); // the connection is free again for the upsert
    return m_upsertIssue->bind(QStringLiteral(":t"), m_targetId)
        .bind(QStringLiteral(":sc"), issue.scanner)
        .bind(QStringLiteral(":k"), issue.key)
        .bind(QStringLiteral(":r"), issue.rule)
        .bind(QStringLiteral(":ti"), issue.title)
        .bind(QStringLiteral(":kind"), issue.kind)
        .bind(QStringLiteral(":d"), issue.description)
        .bind(QStringLiteral(":rem"), issue.remediation)
        .bind(QStringLiteral(":refs"), issue.refs)
        .bind(QStringLiteral(":cwe"), issue.cwe)
        .bind(QStringLiteral(":trusted"), m_scan.trustedText ? 1 : 0)
        .scalar()
        .toLongLong();
}

void ScanWriter::store(PreparedFinding &&f)
{
    if (m_control) {
        if (m_control->cancel.load(std::memory_order_relaxed))
            throw Error(ErrorKind::BadInput, QStringLiteral("%1: import cancelled: nothing of it was imported").arg(m_file));
        m_control->results.fetch_add(1, std::memory_order_relaxed);
    }
    auto it = m_issues.find(f.mapKey);
    if (it == m_issues.end()) {
        if (!f.issue) // prepared by another import's preparer: a programming error
            throw std::logic_error("ScanWriter::store: an issue's first finding came without the issue");
        IssueAccumulator acc;
        acc.issueId = upsertIssue(*f.issue);
        acc.state = f.state;
        it = m_issues.insert(f.mapKey, acc);
        m_order.append(f.mapKey);
    } else if (f.state.outranks(it->state)) {
        it->state = f.state;
    }
    ++it->occurrences;
    ++m_occurrences;
    storeOccurrence(f, it->issueId);
}

void ScanWriter::storeOccurrence(const PreparedFinding &f, qint64 issueId)
{
    using V = PreparedFinding;
    const auto &v = f.values;
    // The entry goes to the scan's chunks (decision 79); the occurrence names its place.
    std::optional<RawPlace> place;
    if (!v[V::Raw].null)
        place = m_raw.add(v[V::Raw].utf8);

    if (m_copyOccurrences) {
        const auto field = [&v](V::Value i) { return ServerCopy::Field{v[i].utf8, v[i].null}; };
        const QByteArray scanId = QByteArray::number(m_scanId), issue = QByteArray::number(issueId);
        const QByteArray rawChunk = place ? QByteArray::number(place->chunk) : QByteArray(),
                         rawOffset = place ? QByteArray::number(place->offset) : QByteArray(),
                         rawLength = place ? QByteArray::number(place->length) : QByteArray();
        const std::array<ServerCopy::Field, 20> row{
            ServerCopy::Field{scanId}, ServerCopy::Field{issue}, field(V::Location), field(V::FilePath),
            field(V::Line), field(V::Package), field(V::Installed), field(V::Fixed), field(V::Fingerprint),
            field(V::SeverityValue), field(V::ScannerSeverity), field(V::Confidence), field(V::Score),
            field(V::Message), field(V::Snippet), field(V::Suppressed), field(V::Suppression),
            ServerCopy::Field{rawChunk, !place}, ServerCopy::Field{rawOffset, !place},
            ServerCopy::Field{rawLength, !place}};
        m_copyOccurrences->add(row);
    } else {
        SqliteStatement &q = *m_sqliteOccurrence;
        q.bindInt(1, m_scanId).bindInt(2, issueId);
        bind(q, 3, v[V::Location]);
        bind(q, 4, v[V::FilePath]);
        if (f.line > 0)
            q.bindInt(5, f.line);
        else
            q.bindNull(5);
        bind(q, 6, v[V::Package]);
        bind(q, 7, v[V::Installed]);
        bind(q, 8, v[V::Fixed]);
        bind(q, 9, v[V::Fingerprint]);
        q.bindInt(10, int(f.state.severity));
        bind(q, 11, v[V::ScannerSeverity]);
        bind(q, 12, v[V::Confidence]);
        if (f.state.score)
            q.bindReal(13, *f.state.score);
        else
            q.bindNull(13);
        bind(q, 14, v[V::Message]);
        bind(q, 15, v[V::Snippet]);
        q.bindInt(16, f.suppressed ? 1 : 0);
        bind(q, 17, v[V::Suppression]);
        if (place)
            q.bindInt(18, place->chunk).bindInt(19, place->offset).bindInt(20, place->length);
        else
            q.bindNull(18).bindNull(19).bindNull(20);
        q.run();
    }

    std::array<QByteArrayView, V::ValueCount> sealed;
    for (size_t i = 0; i < sealed.size(); ++i)
        sealed[i] = v[i].utf8;
    m_sealer.addOccurrenceTexts(sealed.data(), qsizetype(sealed.size()));
}

SeverityCounts ScanWriter::finish()
{
    if (m_copyOccurrences)
        m_copyOccurrences->finish();
    m_raw.finish();
    SeverityCounts counts;
    std::optional<SqliteStatement> sqlite;
    std::optional<Query> insert;
    if (m_sqliteIssue)
        sqlite.emplace(m_db, "INSERT INTO scan_issue(scan_id, issue_id, severity, score, scanner_severity,"
                             " confidence, occurrences) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    else
        insert.emplace(m_db, QStringLiteral("INSERT INTO scan_issue(scan_id, issue_id, severity, score,"
                                            " scanner_severity, confidence, occurrences) VALUES (:s, :i, :sev,"
                                            " :score, :ssev, :conf, :n)"));
    for (const QString &key : std::as_const(m_order)) {
        const IssueAccumulator &acc = m_issues[key];
        const ScanIssueState &st = acc.state;
        if (sqlite) {
            const StoredText scannerSeverity = StoredText::of(st.scannerSeverity),
                             confidence = StoredText::of(st.confidence);
            sqlite->bindInt(1, m_scanId).bindInt(2, acc.issueId).bindInt(3, int(st.severity));
            if (st.score)
                sqlite->bindReal(4, *st.score);
            else
                sqlite->bindNull(4);
            bind(*sqlite, 5, scannerSeverity);
            bind(*sqlite, 6, confidence);
            sqlite->bindInt(7, acc.occurrences);
            sqlite->run();
        } else {
            insert->bind(QStringLiteral(":s"), m_scanId)
                .bind(QStringLiteral(":i"), acc.issueId)
                .bind(QStringLiteral(":sev"), int(st.severity))
                .bind(QStringLiteral(":score"), st.score ? QVariant(*st.score) : QVariant())
                .bind(QStringLiteral(":ssev"), st.scannerSeverity)
                .bind(QStringLiteral(":conf"), st.confidence)
                .bind(QStringLiteral(":n"), acc.occurrences)
                .exec();
        }
        m_sealer.addIssue(acc.issueId, {st.scanner, st.key, int(st.severity), st.score ? QVariant(*st.score) : QVariant(),
                           acc.occurrences, st.scannerSeverity, st.confidence});
        ++counts.notExempted[size_t(st.severity)];
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
    if (m_copyOccurrences)
        m_copyOccurrences->settle(); // the connection is free again for the update
    Query(m_db, QStringLiteral("UPDATE scan SET scanner = :sc, tool_version = :tv WHERE id = :id"))
        .bind(QStringLiteral(":sc"), scanner)
        .bind(QStringLiteral(":tv"), toolVersion)
        .bind(QStringLiteral(":id"), m_scanId)
        .exec();
}

} // namespace secreview
