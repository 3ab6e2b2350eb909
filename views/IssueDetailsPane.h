#pragma once

#include "Database.h"
#include "ExemptionWorkflow.h"
#include "IssueQuery.h"

#include <QWidget>

class QLabel;
class QTabWidget;
class QTextBrowser;
class QTreeWidget;

namespace secreview::views {

// The details of the selected issue: what it is (title, rule, the scanner's own severity beside
// ours), description, remediation, references as links, its occurrences, and its exemption
// history. Everything a scanner wrote is escaped: shown as text, never interpreted as HTML.
class IssueDetailsPane : public QWidget
{
    Q_OBJECT
public:
    explicit IssueDetailsPane(QWidget *parent = nullptr);

    void showIssue(const Database &db, qint64 issueId, qint64 scanId);
    void clear();
    qint64 issueId() const { return m_issueId; }
    bool isLoading() const { return m_loading; }

    // The HTML of the overview (public for tests: scanner text must arrive escaped).
    static QString overviewHtml(const IssueDetails &details, const QList<ExemptionEvent> &history);
    static QString referenceUrl(const QString &reference); // CVE/CWE ids to their pages

signals:
    void loaded();

private:
    void present(const IssueDetails &details, const QList<ExemptionEvent> &history);

    QLabel *m_title;
    QLabel *m_chip;
    QLabel *m_subtitle;
    QTabWidget *m_tabs;
    QTextBrowser *m_overview;
    QTreeWidget *m_occurrences;
    qint64 m_issueId = 0;
    quint64 m_generation = 0;
    bool m_loading = false;
};

} // namespace secreview::views
