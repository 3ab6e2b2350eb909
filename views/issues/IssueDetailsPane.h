#pragma once

#include "model/exemptions/ExemptionWorkflow.h"
#include "model/scans/IssueQuery.h"
#include "model/store/Database.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTabWidget;
class QTextBrowser;
class QPlainTextEdit;
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

    // remediated: the row is a remediated issue, shown as it was in scanId (where last seen).
    void showIssue(const Database &db, qint64 issueId, qint64 scanId, bool remediated = false);
    void refresh(); // the same issue again, e.g. after its exemption changed
    void clear();
    // Whether the signed-in user may ask for exemptions; whyNot explains a disabled button.
    void setRequestAllowed(bool allowed, const QString &whyNot);
    QPushButton *requestButton() const { return m_request; }
    QPushButton *occurrenceRequestButton() const { return m_requestOccurrences; }
    QTreeWidget *occurrencesTree() const { return m_occurrences; }
    QPlainTextEdit *rawView() const { return m_raw; }
    static QString rawText(const QString &raw);
    QString currentTitle() const; // the issue's title as the scanner gave it
    QLabel *titleLabel() const { return m_title; }
    QString currentKey() const { return m_key; }
    qint64 issueId() const { return m_issueId; }
    // The requests of the shown issue waiting for a decision (one per scope at most).
    const QList<ExemptionInfo> &openRequests() const { return m_open; }
    bool isLoading() const { return m_loading; }
    // A further tab beside Overview, Occurrences and Raw (the page's triage panel).
    int addTab(QWidget *page, const QString &title);
    void setTabTitle(int index, const QString &title);
    QTabWidget *tabs() const { return m_tabs; }

    // The HTML of the overview (public for tests: scanner text must arrive escaped).
    // remediated: the issue is gone from the latest scan and shown as it was in details' scan.
    static QString overviewHtml(const IssueDetails &details, const QList<ExemptionEvent> &history,
                                const QList<ExemptionInfo> &open = {}, bool remediated = false);
    static QString referenceUrl(const QString &reference); // CVE/CWE ids to their pages

signals:
    void loaded();
    void requestExemption(qint64 issueId);
    void showExemption(qint64 exemptionId); // an open request, instead of a second one
    void requestOccurrenceExemption(qint64 issueId, const QStringList &fingerprints);

private:
    struct Loaded
    {
        IssueDetails details;
        QList<ExemptionEvent> history;
        QList<ExemptionInfo> open;
    };
    void present(const Loaded &loaded);
    void updateRequestButton();

    QLabel *m_title;
    QString m_fullTitle;
    QLabel *m_chip;
    QLabel *m_subtitle;
    QTabWidget *m_tabs;
    QTextBrowser *m_overview;
    QTreeWidget *m_occurrences;
    QPlainTextEdit *m_raw;
    QStringList m_raws; // per occurrence row: the entry as the scanner wrote it
    QPushButton *m_request;
    QPushButton *m_requestOccurrences;
    bool m_requestAllowed = false;
    QString m_requestWhyNot;
    QList<ExemptionInfo> m_open;
    std::optional<Database> m_db;
    qint64 m_scanId = 0;
    bool m_remediated = false;
    QString m_key;
    qint64 m_issueId = 0;
    quint64 m_generation = 0;
    bool m_loading = false;
};

} // namespace secreview::views
