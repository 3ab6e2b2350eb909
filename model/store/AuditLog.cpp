#include "model/store/AuditLog.h"

#include "model/core/Text.h"

#include "model/core/Clock.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace secreview {

QString AuditLog::entryHash(const AuditEntry &e)
{
    // Fields joined with a separator that cannot occur in compact JSON or in names unescaped.
    QByteArray material = e.prevHash.toUtf8();
    for (const QString &field :
         {QString::number(e.at), e.actor, e.action, e.objectType, e.objectId, e.details}) {
        material.append('\x1f');
        material.append(field.toUtf8());
    }
    return QString::fromLatin1(QCryptographicHash::hash(material, QCryptographicHash::Sha256).toHex());
}

void AuditLog::append(const QString &actor, const QString &action, const QString &objectType,
                      const QString &objectId, const QJsonObject &details) const
{
    AuditEntry e;
    e.at = Clock::nowMs();
    // Hashed as stored (storableText), so that the chain reads back as it was written.
    e.actor = storableText(actor);
    e.action = storableText(action);
    e.objectType = storableText(objectType);
    e.objectId = storableText(objectId);
    e.details = storableText(QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact)));
    Query last(m_db, QStringLiteral("SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1"));
    const QVariant prev = last.scalar();
    e.prevHash = prev.isValid() ? prev.toString() : QString(64, QLatin1Char('0'));
    e.hash = entryHash(e);
    Query(m_db, QStringLiteral(
                    "INSERT INTO audit_entry(at, actor, action, object_type, object_id, details,"
                    " prev_hash, hash) VALUES (:at, :actor, :action, :ot, :oid, :details, :prev, :hash)"))
        .bind(QStringLiteral(":at"), e.at)
        .bind(QStringLiteral(":actor"), e.actor)
        .bind(QStringLiteral(":action"), e.action)
        .bind(QStringLiteral(":ot"), e.objectType)
        .bind(QStringLiteral(":oid"), e.objectId)
        .bind(QStringLiteral(":details"), e.details)
        .bind(QStringLiteral(":prev"), e.prevHash)
        .bind(QStringLiteral(":hash"), e.hash)
        .exec();
}

namespace {
const QString kColumns = QStringLiteral(
    "SELECT id, at, actor, action, object_type, object_id, details, prev_hash, hash FROM audit_entry");

QList<AuditEntry> readEntries(Query &q)
{
    QList<AuditEntry> out;
    while (q.next()) {
        out.append({q.integer(u"id"), q.integer(u"at"), q.text(u"actor"), q.text(u"action"),
                    q.text(u"object_type"), q.text(u"object_id"), q.text(u"details"), q.text(u"prev_hash"),
                    q.text(u"hash")});
    }
    return out;
}
} // namespace

QList<AuditEntry> AuditLog::entries(int limit) const
{
    Query q(m_db, kColumns + QStringLiteral(" ORDER BY id LIMIT :limit"));
    q.bind(QStringLiteral(":limit"), limit < 0 ? m_db.dialect().unlimited() : QVariant(limit)).exec();
    return readEntries(q);
}

QList<AuditEntry> AuditLog::find(const AuditFilter &filter) const
{
    Query q(m_db, kColumns +
                      QStringLiteral(" WHERE (:actor = '' OR actor = :actor)"
                                     " AND (:type = '' OR object_type = :type)"
                                     // Typed: PostgreSQL would read :from as an integer from `= 0`.
                                     " AND (CAST(:from AS BIGINT) = 0 OR at >= :from)"
                                     " AND (CAST(:to AS BIGINT) = 0 OR at < :to) ORDER BY id DESC LIMIT :limit"));
    q.bind(QStringLiteral(":actor"), filter.actor.isEmpty() ? QStringLiteral("") : filter.actor)
        .bind(QStringLiteral(":type"), filter.objectType.isEmpty() ? QStringLiteral("") : filter.objectType)
        .bind(QStringLiteral(":from"), filter.fromMs)
        .bind(QStringLiteral(":to"), filter.toMs)
        .bind(QStringLiteral(":limit"), filter.limit)
        .exec();
    return readEntries(q);
}

QStringList AuditLog::distinctValues(const QString &column) const
{
    // column is one of ours, never user input: actors() and objectTypes() name it.
    Query q(m_db, QStringLiteral("SELECT DISTINCT %1 FROM audit_entry ORDER BY %1").arg(column));
    q.exec();
    QStringList out;
    while (q.next())
        out.append(q.text(column));
    return out;
}

QStringList AuditLog::actors() const
{
    return distinctValues(QStringLiteral("actor"));
}

QStringList AuditLog::objectTypes() const
{
    return distinctValues(QStringLiteral("object_type"));
}

AuditLog::Head AuditLog::head() const
{
    Query q(m_db, QStringLiteral("SELECT hash, (SELECT count(*) FROM audit_entry) AS entries FROM audit_entry"
                                 " ORDER BY id DESC LIMIT 1"));
    q.exec();
    if (!q.next())
        return {};
    return {q.text(u"hash"), q.integer(u"entries")};
}

bool AuditLog::contains(const QString &hash) const
{
    return Query(m_db, QStringLiteral("SELECT count(*) FROM audit_entry WHERE hash = :h"))
               .bind(QStringLiteral(":h"), hash)
               .scalar()
               .toLongLong() > 0;
}

std::optional<AuditEntry> AuditLog::latestAbout(const QString &objectType, const QString &objectId,
                                                const QString &action) const
{
    Query q(m_db, kColumns + QStringLiteral(" WHERE object_type = :t AND object_id = :o AND (:a = '' OR action = :a)"
                                            " ORDER BY id DESC LIMIT 1"));
    q.bind(QStringLiteral(":t"), objectType)
        .bind(QStringLiteral(":o"), objectId)
        .bind(QStringLiteral(":a"), action.isEmpty() ? QStringLiteral("") : action)
        .exec();
    const QList<AuditEntry> found = readEntries(q);
    return found.isEmpty() ? std::nullopt : std::optional<AuditEntry>(found.first());
}

QList<AuditEntry> AuditLog::allAbout(const QString &objectType, const QString &objectId, const QString &action) const
{
    Query q(m_db, kColumns + QStringLiteral(" WHERE object_type = :t AND object_id = :o AND action = :a ORDER BY id DESC"));
    q.bind(QStringLiteral(":t"), objectType).bind(QStringLiteral(":o"), objectId).bind(QStringLiteral(":a"), action).exec();
    return readEntries(q);
}

bool AuditLog::holdsInPlace(const AuditEntry &entry) const
{
    if (entryHash(entry) != entry.hash)
        return false;
    Query before(m_db, QStringLiteral("SELECT hash FROM audit_entry WHERE id < :id ORDER BY id DESC LIMIT 1"));
    const QVariant previous = before.bind(QStringLiteral(":id"), entry.id).scalar();
    if (entry.prevHash != (previous.isValid() ? previous.toString() : QString(64, QLatin1Char('0'))))
        return false;
    Query after(m_db, QStringLiteral("SELECT prev_hash FROM audit_entry WHERE id > :id ORDER BY id LIMIT 1"));
    const QVariant next = after.bind(QStringLiteral(":id"), entry.id).scalar();
    return !next.isValid() || next.toString() == entry.hash;
}

std::optional<qint64> AuditLog::firstBrokenEntry() const
{
    QString expectedPrev(64, QLatin1Char('0'));
    for (const AuditEntry &e : entries()) {
        if (e.prevHash != expectedPrev || entryHash(e) != e.hash)
            return e.id;
        expectedPrev = e.hash;
    }
    return std::nullopt;
}

} // namespace secreview
