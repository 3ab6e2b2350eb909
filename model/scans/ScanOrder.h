#pragma once

#include <QString>

namespace secreview::scanOrder {

// "Latest" for scans, written once: scans are ordered by the time they were imported, then by id
// for scans imported in the same millisecond, so that "the latest scan" is always one scan. Every
// statement that asks for the latest or the previous scan builds on these fragments.

// ORDER BY this: newest first. alias is the scan table's alias in the statement ("s").
inline QString newestFirst(const QString &alias)
{
    return QStringLiteral("%1.imported_at DESC, %1.id DESC").arg(alias);
}

// True when scan `newer` was imported after scan `older`.
inline QString isAfter(const QString &newer, const QString &older)
{
    return QStringLiteral(
               "(%1.imported_at > %2.imported_at OR (%1.imported_at = %2.imported_at AND %1.id > %2.id))")
        .arg(newer, older);
}

// True when scan `alias` is the latest of its scanner on its variant (the scans whose issues make
// up a target and variant, SPEC section 2) among the scans `admitted` lets through (a condition
// on alias "newer"; "1 = 1" for all).
inline QString isLatestOfItsScanner(const QString &alias, const QString &admitted = QStringLiteral("1 = 1"))
{
    return QStringLiteral("NOT EXISTS (SELECT 1 FROM scan newer WHERE newer.variant_id = %1.variant_id"
                          " AND newer.scanner = %1.scanner AND %2 AND %3)")
        .arg(alias, admitted, isAfter(QStringLiteral("newer"), alias));
}

// The id of the latest scan holding the issue whose id is `issueId` (a column or a placeholder),
// among the scans that `where` admits (a condition on alias "s"; "1 = 1" for all).
inline QString latestScanHolding(const QString &issueId, const QString &where = QStringLiteral("1 = 1"))
{
    return QStringLiteral("(SELECT s.id FROM scan_issue si JOIN scan s ON s.id = si.scan_id"
                          " WHERE si.issue_id = %1 AND %2 ORDER BY %3 LIMIT 1)")
        .arg(issueId, where, newestFirst(QStringLiteral("s")));
}

} // namespace secreview::scanOrder
