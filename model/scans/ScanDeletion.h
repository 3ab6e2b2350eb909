#pragma once

#include "model/store/Database.h"
#include "model/users/Session.h"

#include <QList>
#include <optional>

namespace secreview {

// What `scan delete` did: the scan that went, and the scans that were compared with it (their
// new and common issues, remediated ones) and are now compared with the scan before it.
struct ScanDeleted
{
    qint64 scanId = 0;
    QString target;
    QString variant;
    QString scanner;
    QString file;
    std::optional<qint64> replacement; // the previous scan of its scanner on its variant
    QList<qint64> recomputed;          // now compared with the replacement (with none: all new)
};

// Deleting a scan (issue 16): SecOps only; its issues' rows in it, its occurrences and raw
// entries go with it, the issues themselves stay (their exemptions, notes and history name
// them). Every scan whose recorded comparison was this one is compared with the scan before it
// on the same variant and scanner instead; the latest scans of that variant are then the ones
// before it. Audited (scan.delete, with what was recomputed) in the same transaction; on a
// server, a SECURITY DEFINER function does it and the server ties the entry to it. The id is
// never given to another scan.
class ScanDeletion
{
public:
    explicit ScanDeletion(Database db) : m_db(std::move(db)) {}
    ScanDeleted remove(const Session &actor, qint64 scanId) const; // NotFound, Forbidden
    static constexpr auto kAction = "scan.delete";

private:
    Database m_db;
};

} // namespace secreview
