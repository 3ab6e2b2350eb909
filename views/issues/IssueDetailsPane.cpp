#include "views/issues/IssueDetailsPane.h"

#include "views/common/Background.h"
#include "views/common/PlainText.h"
#include "views/common/SeverityStyle.h"

#include <QApplication>
#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace secreview::views {
namespace {

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

// The text with a zero-width space after separators and within runs of 24 characters without
// one: a QLabel wraps only where a line may break, and a title such as a Java class path or a
// rule id with underscores has no such place.
QString breakable(const QString &text)
{
    QString out;
    int run = 0;
    for (const QChar c : text) {
        out.append(c);
        ++run;
        if (c.isSpace()) {
            run = 0;
        } else if (c == QLatin1Char('_') || c == QLatin1Char('/') || c == QLatin1Char('.') || c == QLatin1Char('-') ||
                   c == QLatin1Char(':') || run >= 24) {
            out.append(QChar(0x200B));
            run = 0;
        }
    }
    return out;
}

QString paragraphs(const QString &text)
{
    QString html = esc(text.trimmed());
    html.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    return html;
}

} // namespace

IssueDetailsPane::IssueDetailsPane(QWidget *parent)
    : QWidget(parent), m_title(new QLabel(this)), m_chip(new QLabel(this)), m_subtitle(new QLabel(this)),
      m_tabs(new QTabWidget(this)), m_overview(new QTextBrowser(this)), m_occurrences(new QTreeWidget(this)),
      m_raw(new QPlainTextEdit(this)), m_request(new QPushButton(tr("Request Exemption…"), this)),
      m_requestOccurrences(new QPushButton(tr("Request Exemption for Selected Occurrences…"), this))
{
    connect(m_request, &QPushButton::clicked, this, [this] {
        if (!m_issueId || m_loading)
            return;
        if (!m_open.isEmpty())
            emit showExemption(m_open.first().id);
        else if (m_requestAllowed)
            emit requestExemption(m_issueId);
    });
    // The header keeps its size whatever the issue (bug 9 of issue 14): a title of any length
    // wraps, also within a long word, in at most three lines (the whole title in the tooltip), so
    // neither the pane's width nor the tabs' place moves from one issue to the next.
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    QFont f = m_title->font();
    f.setPointSizeF(f.pointSizeF() * 1.25);
    f.setBold(true);
    m_title->setFont(f);
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    m_title->setFixedHeight(QFontMetrics(f).lineSpacing() * 3 + 2);
    m_title->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_chip->setTextFormat(Qt::PlainText);
    m_chip->setAlignment(Qt::AlignCenter);
    m_chip->setMinimumWidth(72);
    m_subtitle->setTextFormat(Qt::PlainText);
    m_subtitle->setWordWrap(true);
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);
    m_subtitle->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    m_subtitle->setFixedHeight(m_subtitle->fontMetrics().lineSpacing() * 2 + 2);
    m_subtitle->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    m_overview->setOpenExternalLinks(true);
    m_overview->setOpenLinks(true);
    m_overview->setFrameShape(QFrame::NoFrame);
    m_occurrences->setColumnCount(3);
    m_occurrences->setHeaderLabels({tr("Location"), tr("Scanner severity"), tr("Detail")});
    m_occurrences->setRootIsDecorated(false);
    m_occurrences->setAlternatingRowColors(true);
    m_occurrences->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tabs->addTab(m_overview, tr("Overview"));
    m_occurrences->setSelectionMode(QAbstractItemView::ExtendedSelection);
    auto *occurrencesPage = new QWidget(this);
    auto *occurrencesLayout = new QVBoxLayout(occurrencesPage);
    occurrencesLayout->setContentsMargins(0, 4, 0, 0);
    occurrencesLayout->addWidget(m_occurrences, 1);
    occurrencesLayout->addWidget(m_requestOccurrences, 0, Qt::AlignRight);
    m_requestOccurrences->setEnabled(false);
    connect(m_occurrences, &QTreeWidget::itemSelectionChanged, this, [this] {
        m_requestOccurrences->setEnabled(m_requestAllowed && !m_occurrences->selectedItems().isEmpty());
    });
    connect(m_requestOccurrences, &QPushButton::clicked, this, [this] {
        QStringList fingerprints;
        for (QTreeWidgetItem *item : m_occurrences->selectedItems())
            fingerprints.append(item->data(0, Qt::UserRole).toString());
        fingerprints.removeDuplicates();
        if (m_issueId && !fingerprints.isEmpty())
            emit requestOccurrenceExemption(m_issueId, fingerprints);
    });
    m_tabs->addTab(occurrencesPage, tr("Occurrences"));
    // Everything the scanner said about the selected occurrence, as it said it: plain text,
    // never interpreted.
    m_raw->setReadOnly(true);
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_raw->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_tabs->addTab(m_raw, tr("Raw"));
    connect(m_occurrences, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        const int row = item ? m_occurrences->indexOfTopLevelItem(item) : 0;
        m_raw->setPlainText(rawText(m_raws.value(row, m_raws.value(0))));
    });
    m_tabs->setDocumentMode(true);
    m_tabs->setUsesScrollButtons(true); // a narrow pane scrolls its tabs rather than widening
    setMinimumWidth(280);

    auto *header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    header->addWidget(m_chip, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 8, 8);
    layout->addLayout(header);
    layout->addWidget(m_subtitle);
    layout->addWidget(m_request, 0, Qt::AlignRight);
    layout->addWidget(m_tabs, 1);
    clear();
}

void IssueDetailsPane::clear()
{
    ++m_generation;
    m_issueId = 0;
    m_loading = false;
    m_title->setText(tr("No issue selected"));
    m_title->setToolTip(QString());
    m_fullTitle = m_title->text();
    m_chip->hide();
    m_subtitle->setText(
        tr("Select an issue in the table to see its details, occurrences and exemption history."));
    m_overview->clear();
    m_occurrences->clear();
    m_raws.clear();
    m_raw->clear();
    m_tabs->setTabText(1, tr("Occurrences"));
    m_open.clear();
    updateRequestButton();
}

void IssueDetailsPane::setRequestAllowed(bool allowed, const QString &whyNot)
{
    m_requestAllowed = allowed;
    m_requestWhyNot = whyNot;
    updateRequestButton();
}

// One open request per issue and scope: while one waits, the button shows it instead of
// offering a second form (the Exemptions page, where it can be cancelled to ask differently).
void IssueDetailsPane::updateRequestButton()
{
    if (!m_open.isEmpty()) {
        const ExemptionInfo &open = m_open.first();
        m_request->setText(tr("Show Open Request #%1…").arg(open.id));
        m_request->setToolTip(tr("Exemption #%1 (%2 scope, requested by %3) is waiting for SecOps' decision; "
                                 "cancel it there to ask differently (Ctrl+Shift+E)")
                                  .arg(open.id)
                                  .arg(exemptionScopeKey(open.scope), open.requestedBy));
        m_request->setEnabled(m_issueId != 0 && !m_loading);
    } else {
        m_request->setText(tr("Request Exemption…"));
        m_request->setToolTip(m_requestAllowed ? tr("Ask SecOps to exempt this issue (Ctrl+Shift+E)")
                                               : m_requestWhyNot);
        m_request->setEnabled(m_requestAllowed && m_issueId != 0 && !m_loading);
    }
    // setText() replaces the shortcut with the text's mnemonic: set it after the text.
    m_request->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+E")));
}

int IssueDetailsPane::addTab(QWidget *page, const QString &title)
{
    return m_tabs->addTab(page, title);
}

void IssueDetailsPane::setTabTitle(int index, const QString &title)
{
    m_tabs->setTabText(index, title);
}

QString IssueDetailsPane::currentTitle() const
{
    return m_fullTitle;
}

void IssueDetailsPane::refresh()
{
    if (!m_db || !m_issueId)
        return;
    const qint64 issue = m_issueId;
    m_issueId = 0; // showIssue() skips the issue it already shows
    showIssue(*m_db, issue, m_scanId, m_remediated);
}

QString IssueDetailsPane::referenceUrl(const QString &reference)
{
    static const QRegularExpression cwe(QStringLiteral("^CWE-(\\d+)$"),
                                        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression cve(QStringLiteral("^CVE-\\d{4}-\\d+$"),
                                        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression ghsa(QStringLiteral("^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$"));
    if (auto m = cwe.match(reference); m.hasMatch())
        return QStringLiteral("https://cwe.mitre.org/data/definitions/%1.html").arg(m.captured(1));
    if (cve.match(reference).hasMatch())
        return QStringLiteral("https://nvd.nist.gov/vuln/detail/%1").arg(reference.toUpper());
    if (ghsa.match(reference).hasMatch())
        return QStringLiteral("https://github.com/advisories/%1").arg(reference);
    const QUrl url(reference, QUrl::StrictMode);
    if (url.isValid() && (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http")))
        return QString::fromUtf8(url.toEncoded());
    return {};
}

QString IssueDetailsPane::overviewHtml(const IssueDetails &d, const QList<ExemptionEvent> &history,
                                       const QList<ExemptionInfo> &open, bool remediated)
{
    auto link = [](const QString &reference) {
        const QString url = referenceUrl(reference);
        return url.isEmpty() ? esc(reference)
                             : QStringLiteral("<a href=\"%1\">%2</a>").arg(esc(url), esc(reference));
    };
    QString html;
    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\">");
    auto row = [&html](const QString &label, const QString &valueHtml) {
        html +=
            QStringLiteral("<tr><td style=\"color:%3\"><b>%1</b></td><td>%2</td></tr>")
                .arg(esc(label), valueHtml, QApplication::palette().color(QPalette::PlaceholderText).name());
    };
    QString severity = esc(severityName(d.row.severity));
    QString scannerSays = esc(d.row.scannerSeverity);
    if (!d.confidence.isEmpty())
        scannerSays += QStringLiteral(" / confidence ") + esc(d.confidence);
    if (d.row.score)
        scannerSays += QStringLiteral(" / score %1").arg(*d.row.score, 0, 'f', 1);
    row(tr("Severity"),
        QStringLiteral("%1 &nbsp;<span>(%2: %3)</span>").arg(severity, esc(d.row.scanner), scannerSays));
    row(tr("Rule"), link(d.row.rule));
    if (!d.cwes.isEmpty()) {
        QStringList links;
        for (const QString &c : d.cwes)
            links.append(link(c));
        row(tr("Weakness"), links.join(QStringLiteral(", ")));
    }
    row(tr("Category"), esc(remediated ? tr("Remediated: gone from the latest scan; shown as it was in scan %1, "
                                            "where it was last seen")
                                             .arg(d.row.scanId)
                            : QStringLiteral("%1 (%2)")
                                  .arg(d.row.category == IssueCategory::New ? tr("New in this variant")
                                                                            : tr("Common with the comparison scan"),
                                       !d.comparisonScan ? tr("nothing to compare with")
                                       : d.baseline.isEmpty()
                                           ? tr("against the previous scan, %1").arg(*d.comparisonScan)
                                           : tr("against scan %1 of baseline %2").arg(*d.comparisonScan).arg(d.baseline))));
    row(tr("Exemption"),
        esc(d.row.exemption ? exemptionStatusKey(*d.row.exemption) : QStringLiteral("none")));
    for (const ExemptionInfo &e : open) {
        row(tr("Open request"), esc(tr("#%1, %2 scope, requested by %3 on %4: waiting for SecOps")
                                        .arg(e.id)
                                        .arg(exemptionScopeKey(e.scope), e.requestedBy,
                                             e.requestedAt.toString(QStringLiteral("yyyy-MM-dd")))));
    }
    row(tr("Found in"), esc(QStringLiteral("%1 @ %2").arg(d.target, d.variant)));
    // Where it came, went and came back on this variant (an issue back after it was fixed is new again).
    if (const QStringList events = d.presenceEvents(); !events.isEmpty())
        row(tr("History"), esc(events.join(QStringLiteral("; "))));
    html += QStringLiteral("</table>");
    // A vulnerable package: what is installed where, and what fixes it.
    bool packages = false;
    for (const OccurrenceRow &o : d.occurrences)
        packages = packages || !o.package.isEmpty();
    if (packages) {
        html += QStringLiteral(
                    "<h4>%1</h4><table cellspacing=\"0\" cellpadding=\"3\"><tr><th align=\"left\">%2</th>"
                    "<th align=\"left\">%3</th><th align=\"left\">%4</th><th align=\"left\">%5</th></tr>")
                    .arg(esc(tr("Packages")), esc(tr("Package")), esc(tr("Installed")), esc(tr("Fixed in")),
                         esc(tr("Path")));
        for (const OccurrenceRow &o : d.occurrences) {
            if (o.package.isEmpty())
                continue;
            html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td></tr>")
                        .arg(esc(o.package), esc(o.installedVersion),
                             o.fixedVersion.isEmpty() ? esc(tr("no fix yet")) : esc(o.fixedVersion),
                             esc(o.filePath));
        }
        html += QStringLiteral("</table>");
    }
    if (!d.description.isEmpty())
        html += QStringLiteral("<h4>%1</h4><p>%2</p>").arg(esc(tr("Description")), paragraphs(d.description));
    if (!d.remediation.isEmpty())
        html += QStringLiteral("<h4>%1</h4><p>%2</p>").arg(esc(tr("Remediation")), paragraphs(d.remediation));
    if (!d.references.isEmpty()) {
        html += QStringLiteral("<h4>%1</h4><ul>").arg(esc(tr("References")));
        for (const QString &r : d.references)
            html += QStringLiteral("<li>%1</li>").arg(link(r));
        html += QStringLiteral("</ul>");
    }
    if (!history.isEmpty()) {
        html += QStringLiteral("<h4>%1</h4><ul>").arg(esc(tr("Exemption history")));
        for (const ExemptionEvent &e : history) {
            html +=
                QStringLiteral("<li>%1 &mdash; %2 %3 (#%4 &rarr; %5)%6</li>")
                    .arg(esc(e.at.toString(QStringLiteral("yyyy-MM-dd HH:mm"))), esc(e.actor), esc(e.action))
                    .arg(e.exemptionId)
                    .arg(esc(exemptionStatusKey(e.toStatus)),
                         e.comment.isEmpty() ? QString() : QStringLiteral(": ") + esc(e.comment));
        }
        html += QStringLiteral("</ul>");
    }
    return html;
}

// The entry as the scanner wrote it, indented when it is JSON. Formatted when shown, not for
// every occurrence of an issue that may have thousands.
QString IssueDetailsPane::rawText(const QString &raw)
{
    if (raw.isEmpty())
        return tr("(not kept: this scan was imported by an earlier version of secreview)");
    if (raw.startsWith(QLatin1Char('{')) || raw.startsWith(QLatin1Char('['))) {
        const QJsonDocument json = QJsonDocument::fromJson(raw.toUtf8());
        if (!json.isNull())
            return QString::fromUtf8(json.toJson(QJsonDocument::Indented));
    }
    return raw;
}

void IssueDetailsPane::showIssue(const Database &db, qint64 issueId, qint64 scanId, bool remediated)
{
    if (issueId == m_issueId && scanId == m_scanId && !m_loading && issueId != 0)
        return;
    const quint64 generation = ++m_generation;
    m_db = db;
    m_scanId = scanId;
    m_remediated = remediated;
    m_issueId = issueId;
    m_loading = true;
    m_open.clear();
    updateRequestButton();
    runInBackground([db, issueId, scanId] {
        const ExemptionWorkflow workflow(db);
        return Loaded{IssueQuery(db).details(issueId, scanId), workflow.history(issueId),
                      workflow.openRequests(issueId)};
    }).then(this, [this, generation](const Outcome<Loaded> &out) {
        if (generation != m_generation)
            return;
        m_loading = false;
        if (out.value)
            present(*out.value);
        else
            m_subtitle->setText(out.error);
        updateRequestButton();
        if (!out.value)
            m_request->setEnabled(false);
        emit loaded();
    });
}

void IssueDetailsPane::present(const Loaded &loaded)
{
    const IssueDetails &d = loaded.details;
    m_open = loaded.open;
    m_title->setText(breakable(d.row.title));
    m_title->setToolTip(plainToolTip(d.row.title));
    m_fullTitle = d.row.title;
    m_key = d.row.key;
    m_chip->setText(severityName(d.row.severity));
    m_chip->setStyleSheet(
        QStringLiteral("QLabel { background: %1; color: %2; border-radius: 9px; padding: 2px 10px;"
                       " font-weight: bold; }")
            .arg(SeverityStyle::fill(d.row.severity).name(), SeverityStyle::text(d.row.severity).name()));
    m_chip->show();
    QString subtitle =
        tr("%1 %2 · %n occurrence(s)", nullptr, int(d.occurrences.size())).arg(d.row.scanner, d.row.rule);
    if (d.row.key != d.row.rule)
        subtitle += tr(" · issue key %1").arg(d.row.key);
    m_subtitle->setText(subtitle);
    m_overview->setHtml(overviewHtml(d, loaded.history, loaded.open, m_remediated));
    m_occurrences->clear();
    m_raws.clear();
    for (const OccurrenceRow &o : d.occurrences) {
        m_raws.append(o.raw);
        QString detail = o.message;
        if (!o.fixedVersion.isEmpty())
            detail = tr("fixed in %1").arg(o.fixedVersion) +
                     (detail.isEmpty() ? QString() : QStringLiteral(" · ") + detail);
        if (o.suppressed || !o.suppression.isEmpty())
            detail = (o.suppressed ? tr("suppressed at source") : tr("suppression not in force")) +
                     (o.suppression.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(o.suppression)) +
                     QStringLiteral(" · ") + detail;
        auto *item = new QTreeWidgetItem(
            {o.location,
             o.scannerSeverity + (o.confidence.isEmpty() ? QString() : QStringLiteral(" / ") + o.confidence),
             detail.section(QLatin1Char('\n'), 0, 0)});
        // Tooltips guess rich text from the content; wrap escaped text so it is always shown as text.
        item->setToolTip(0, plainToolTip(o.location));
        item->setToolTip(2, plainToolTip(detail.trimmed()));
        item->setIcon(0, SeverityStyle::dot(o.severity));
        item->setData(0, Qt::UserRole, o.fingerprint);
        m_occurrences->addTopLevelItem(item);
    }
    m_tabs->setTabText(1, tr("Occurrences (%1)").arg(d.occurrences.size()));
    m_raw->setPlainText(rawText(m_raws.value(0)));
}

} // namespace secreview::views
