#pragma once

#include "model/exemptions/ExemptionStore.h"
#include "model/scans/ScanHistory.h"

#include <QDateTime>
#include <QList>

namespace secreview {

// What the Dashboard looks at: one target and variant, or every target. "Every target" means
// each target's main line: the baseline variant scanned last, else the variant scanned last
// (a branch's issues are mostly its main line's; adding them up would count them again).
struct DashboardScope
{
    qint64 targetId = 0; // 0: every target
    QString variant;     // with a target: required
    bool isAll() const { return targetId == 0; }
};

// A target's open (not exempted) issues in the latest scans of its main line.
struct TargetRisk
{
    qint64 targetId = 0;
    QString target;
    QString project;
    QString variant;
    int critical = 0;
    int high = 0;
};

// An open Critical issue and how long it has been known: since the first scan of its target
// that held it.
struct AgedIssue
{
    IssueRow row;
    QString target;
    QString variant;
    QDateTime firstSeen;
    qint64 ageDays = 0;
};

struct DashboardData
{
    QList<TrendPoint> trend; // oldest first; per scan for one variant (per day when many), per day for all
    QList<TargetRisk> riskiest; // every target, the most open Critical, then High, first; at most `top`
    QList<ExemptionInfo> pending;  // requests waiting for a decision, the oldest first
    QList<ExemptionInfo> expiring; // approved, running out within kExpiringDays, the soonest first
    QList<AgedIssue> oldestCritical; // at most `top`, the longest known first
    int openCritical = 0;            // in scope (every one, not only those listed)
    int openHigh = 0;
    QDateTime readAt;
};

// The Dashboard's figures (issue 16), read in one go off the GUI thread; also what a report's
// summary is made of. Reads only.
class Dashboard
{
public:
    static constexpr int kExpiringDays = 7;
    explicit Dashboard(Database db) : m_db(std::move(db)) {}

    DashboardData read(const DashboardScope &scope, int top = 10) const;
    // The targets and variants a scope can name: every target with its variants, the most
    // recently scanned first, and its main line (see DashboardScope).
    struct Choice
    {
        TargetInfo target;
        QStringList variants;
        QString mainLine;
    };
    QList<Choice> choices() const;

private:
    Database m_db;
};

} // namespace secreview
