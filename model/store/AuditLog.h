#pragma once

#include "model/store/Database.h"

#include <QJsonObject>
#include <QList>
#include <optional>

namespace secreview {

struct AuditEntry
{
    qint64 id = 0;
    qint64 at = 0; // ms since the epoch, UTC
    QString actor;
    QString action;
    QString objectType;
    QString objectId;
    QString details; // compact JSON
    QString prevHash;
    QString hash;
};

struct AuditFilter
{
    QString actor;      // empty: anyone
    QString objectType; // empty: any ("exemption", "user", "scan", "target", "pipeline", "project")
    qint64 fromMs = 0;  // 0: from the start
    qint64 toMs = 0;    // 0: until now
    int limit = 1000;
};

// The append-only audit trail. Each entry's hash is SHA-256 over the previous entry's hash and
// this entry's fields, so an entry edited or removed outside the program breaks the chain.
// append() runs inside the caller's transaction: the change and its entry land together.
class AuditLog
{
public:
    explicit AuditLog(Database db) : m_db(std::move(db)) {}

    void append(const QString &actor, const QString &action, const QString &objectType,
                const QString &objectId, const QJsonObject &details) const;
    QList<AuditEntry> entries(int limit = -1) const;         // oldest first
    QList<AuditEntry> find(const AuditFilter &filter) const; // newest first
    QStringList actors() const;
    QStringList objectTypes() const;
    // The id of the first entry whose hash does not match, or nullopt when the chain holds.
    std::optional<qint64> firstBrokenEntry() const;

    // The chain's head: its last entry's hash and the number of entries, to be recorded outside
    // the database (a CI log) and checked later with `audit verify --expect`.
    struct Head
    {
        QString hash; // empty when there are no entries
        qint64 entries = 0;
    };
    Head head() const;
    bool contains(const QString &hash) const; // an entry with this hash is in the chain

    // The latest entry about an object (the import of a scan, the last transition of an
    // exemption), or nullopt; action narrows it when not empty.
    std::optional<AuditEntry> latestAbout(const QString &objectType, const QString &objectId,
                                          const QString &action = {}) const;
    // Every entry about an object with this action, newest first (a pipeline's imports).
    QList<AuditEntry> allAbout(const QString &objectType, const QString &objectId, const QString &action) const;
    // Whether an entry is whole where it stands: its own hash matches its fields, and it links to
    // the entries before and after it. What the gate checks of the entries it relies on, without
    // walking the whole chain.
    bool holdsInPlace(const AuditEntry &entry) const;

    static QString entryHash(const AuditEntry &entry);

private:
    QStringList distinctValues(const QString &column) const;
    Database m_db;
};

} // namespace secreview
