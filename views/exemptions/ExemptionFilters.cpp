// The Exemptions page's filters and the notice of decisions since the last visit. Part of
// ExemptionsPage.
#include "model/core/Clock.h"
#include "views/common/FilterCaption.h"
#include "views/common/Theme.h"
#include "views/exemptions/ExemptionsPage.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSettings>
#include <QShortcut>
#include <QTabBar>

namespace secreview::views {
namespace {

constexpr int kAnyone = 0; // the requester filter's first item; the second is the user

} // namespace

QHBoxLayout *ExemptionsPage::buildFilters()
{
    m_search->setPlaceholderText(tr("Search (Ctrl+F)"));
    m_search->setToolTip(tr("Search the issue, its title, the description, the URL, who asked and decided, the comment"));
    m_search->setMinimumWidth(150);
    m_search->setClearButtonEnabled(true);
    m_search->setMaxLength(1000);
    m_search->setObjectName(QStringLiteral("exemptionSearch"));
    auto *find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, m_search, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    auto *clear = new QShortcut(QKeySequence(Qt::Key_Escape), m_search, nullptr, nullptr, Qt::WidgetShortcut);
    connect(clear, &QShortcut::activated, m_search, &QLineEdit::clear);
    m_targetFilter->addItem(tr("All targets"), QString());
    m_targetFilter->setMinimumContentsLength(14);
    m_targetFilter->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_requesterFilter->addItem(tr("Anyone"), QString());
    m_requesterFilter->addItem(tr("My requests"), m_session.name());
    // Whoever does not decide looks at their own requests first; SecOps at everyone's.
    m_requesterFilter->setCurrentIndex(m_session.may(Permission::DecideExemptions) ? kAnyone : 1);
    m_expiring->addItem(tr("any time"), 0);
    for (int days : {7, 30, 90})
        m_expiring->addItem(tr("within %n day(s)", nullptr, days), days);
    m_expiring->setToolTip(tr("Approved exemptions that run out within this time (the Approved tab)"));
    m_notice->setTextFormat(Qt::PlainText);
    m_notice->setWordWrap(true);
    m_notice->setObjectName(QStringLiteral("decisionsNotice"));
    m_notice->hide();

    auto *row = new QHBoxLayout;
    row->addWidget(filterCaption(tr("T&arget"), m_targetFilter, this));
    row->addWidget(m_targetFilter, 1);
    row->addSpacing(8);
    row->addWidget(filterCaption(tr("Re&quester"), m_requesterFilter, this));
    row->addWidget(m_requesterFilter, 1);
    row->addSpacing(8);
    row->addWidget(filterCaption(tr("E&xpiring"), m_expiring, this));
    row->addWidget(m_expiring);
    row->addStretch(1);
    row->addWidget(m_search, 2);
    const auto refilter = [this] {
        updateTabCounts();
        showTab();
    };
    connect(m_search, &QLineEdit::textChanged, this, refilter);
    for (QComboBox *box : {m_targetFilter, m_requesterFilter, m_expiring})
        connect(box, &QComboBox::currentIndexChanged, this, refilter);
    return row;
}

// The targets and requesters that occur, keeping what was chosen.
void ExemptionsPage::updateFilterChoices()
{
    QStringList targets, requesters;
    for (const QList<ExemptionInfo> &list : std::as_const(m_byStatus)) {
        for (const ExemptionInfo &e : list) {
            targets.append(e.target);
            if (e.requestedBy != m_session.name())
                requesters.append(e.requestedBy);
        }
    }
    for (QStringList *names : {&targets, &requesters}) {
        names->removeDuplicates();
        names->sort(Qt::CaseInsensitive);
    }
    const auto refill = [](QComboBox *box, int fixed, const QStringList &names) {
        const QString keep = box->currentData().toString();
        const QSignalBlocker quiet(box);
        while (box->count() > fixed)
            box->removeItem(fixed);
        for (const QString &n : names)
            box->addItem(n, n);
        const int at = box->findData(keep);
        box->setCurrentIndex(at < 0 ? 0 : at);
    };
    refill(m_targetFilter, 1, targets);
    refill(m_requesterFilter, 2, requesters);
}

bool ExemptionsPage::passes(const ExemptionInfo &e) const
{
    if (const QString target = m_targetFilter->currentData().toString(); !target.isEmpty() && e.target != target)
        return false;
    if (const QString who = m_requesterFilter->currentData().toString();
        !who.isEmpty() && e.requestedBy.compare(who, Qt::CaseInsensitive) != 0)
        return false;
    if (const int days = m_expiring->currentData().toInt(); days > 0 && m_expiring->isEnabled()) {
        if (e.status != ExemptionStatus::Approved || !e.expiresAt || Clock::now().secsTo(*e.expiresAt) > qint64(days) * 86400)
            return false;
    }
    const QString search = m_search->text().trimmed();
    if (search.isEmpty())
        return true;
    for (const QString &field : {e.issueKey, e.issueTitle, e.description, e.requestedBy, e.reviewedBy, e.decisionComment,
                                 e.target, e.url, QStringLiteral("#%1").arg(e.id)}) {
        if (field.contains(search, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

// Once per sign-in: what SecOps decided on this user's requests since they last opened the
// console on this database (kept per database and user; the first visit has nothing to report).
void ExemptionsPage::noticeDecisions()
{
    if (m_noticed)
        return;
    m_noticed = true;
    QSettings settings;
    const QString key = QStringLiteral("lastVisit/%1/%2")
                            .arg(QString::fromLatin1(m_db.location().toUtf8().toBase64(QByteArray::Base64UrlEncoding)),
                                 m_session.name().toLower());
    const QDateTime last = settings.value(key).toDateTime();
    if (m_keepsLastVisit)
        settings.setValue(key, Clock::now());
    if (!last.isValid())
        return;
    QStringList decided;
    for (const QList<ExemptionInfo> &list : std::as_const(m_byStatus)) {
        for (const ExemptionInfo &e : list) {
            if (e.requestedBy.compare(m_session.name(), Qt::CaseInsensitive) != 0 || !e.reviewedAt.isValid() ||
                e.reviewedAt <= last || e.reviewedBy.compare(m_session.name(), Qt::CaseInsensitive) == 0)
                continue;
            decided.append(tr("#%1 %2 %3 by %4%5")
                               .arg(e.id)
                               .arg(e.issueKey,
                                    e.status == ExemptionStatus::Rejected ? tr("rejected") : tr("approved"),
                                    e.reviewedBy,
                                    e.decisionComment.isEmpty() ? QString() : QStringLiteral(": “%1”").arg(e.decisionComment)));
        }
    }
    if (decided.isEmpty())
        return;
    m_notice->setText(tr("Since your last visit (%1): %2")
                          .arg(QLocale().toString(last.toLocalTime(), QLocale::ShortFormat), decided.join(QStringLiteral("; "))));
    m_notice->setStyleSheet(QStringLiteral("QLabel { border: 1px solid palette(mid); border-radius: 4px; padding: 6px;"
                                           " color: %1; }")
                                .arg(readableName(QColor(0x15, 0x65, 0xc0))));
    m_notice->show();
    emit statusMessage(tr("%n of your requests were decided since your last visit", nullptr, int(decided.size())));
}

} // namespace secreview::views
