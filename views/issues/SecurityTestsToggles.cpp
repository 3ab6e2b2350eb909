// The Security Tests page's toggles: one pill per severity with its count, Exempted and
// Remediated (members of SecurityTestsPage, kept apart from the page's layout and loading).
#include "views/issues/SecurityTestsPage.h"

#include "views/common/PlainText.h"
#include "views/common/SeverityStyle.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QShortcut>
#include <QToolButton>

namespace secreview::views {
namespace {

QString toggleStyle(const QColor &fill, const QColor &text)
{
    return QStringLiteral(
               "QToolButton { border: 1px solid palette(mid); border-radius: 14px; padding: 4px 12px 4px 8px;"
               " background: palette(base); }"
               "QToolButton:hover { border-color: %1; }"
               "QToolButton:focus { border: 2px solid palette(highlight); }"
               "QToolButton:checked { background: %1; color: %2; border-color: %1; font-weight: bold; }")
        .arg(fill.name(), text.name());
}

} // namespace

QHBoxLayout *SecurityTestsPage::makeToggles()
{
    auto *toggles = new QHBoxLayout;
    toggles->setSpacing(6);
    int shortcut = 1;
    for (Severity s : kSeveritiesDescending) {
        auto *button = new QToolButton(this);
        button->setCheckable(true);
        button->setChecked(true);
        button->setIcon(SeverityStyle::dot(s));
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setStyleSheet(toggleStyle(SeverityStyle::fill(s), SeverityStyle::text(s)));
        // A QShortcut, not the button's own: setText() (the counts) replaces a button's shortcut
        // with the mnemonic of its text, and the counts have none.
        auto *key = new QShortcut(QKeySequence(QStringLiteral("Alt+%1").arg(shortcut)), this);
        connect(key, &QShortcut::activated, button, &QToolButton::toggle);
        button->setToolTip(tr("Show %1 issues (Alt+%2)").arg(severityName(s)).arg(shortcut));
        button->setObjectName(QStringLiteral("toggle-") + severityKey(s));
        ++shortcut;
        m_toggles[size_t(s)] = button;
        toggles->addWidget(button);
        connect(button, &QToolButton::toggled, this, &SecurityTestsPage::filtersChanged);
    }
    auto *line = new QFrame(this);
    line->setFrameShape(QFrame::VLine);
    line->setFrameShadow(QFrame::Sunken);
    toggles->addSpacing(4);
    toggles->addWidget(line);
    toggles->addSpacing(4);
    m_exempted->setCheckable(true);
    m_exempted->setObjectName(QStringLiteral("toggle-exempted"));
    m_exempted->setStyleSheet(toggleStyle(QColor(0x4B, 0x55, 0x63), Qt::white));
    auto *exemptedKey = new QShortcut(QKeySequence(QStringLiteral("Alt+E")), this);
    connect(exemptedKey, &QShortcut::activated, m_exempted, &QToolButton::toggle);
    m_exempted->setToolTip(tr("Also show issues covered by an approved exemption (Alt+E)"));
    toggles->addWidget(m_exempted);
    connect(m_exempted, &QToolButton::toggled, this, &SecurityTestsPage::filtersChanged);
    // The issues the comparison scan had and these scans no longer have: off by default.
    m_remediated->setCheckable(true);
    m_remediated->setObjectName(QStringLiteral("toggle-remediated"));
    m_remediated->setStyleSheet(toggleStyle(QColor(0x2E, 0x7D, 0x32), Qt::white));
    auto *remediatedKey = new QShortcut(QKeySequence(QStringLiteral("Alt+M")), this);
    connect(remediatedKey, &QShortcut::activated, m_remediated, &QToolButton::toggle);
    m_remediated->setToolTip(tr("Also list the issues the comparison scan had and these scans no longer have, as "
                                "they were where last seen (Alt+M)"));
    toggles->addWidget(m_remediated);
    connect(m_remediated, &QToolButton::toggled, this, &SecurityTestsPage::filtersChanged);
    toggles->addStretch(1);
    return toggles;
}

void SecurityTestsPage::updateToggleTexts(const SeverityCounts &counts, int remediated)
{
    for (Severity s : kSeveritiesDescending)
        m_toggles[size_t(s)]->setText(QStringLiteral("%1  %2").arg(severityName(s)).arg(counts.count(s)));
    m_exempted->setText(tr("Exempted  %1").arg(counts.exempted));
    m_remediated->setText(tr("Remediated  %1").arg(remediated));
    const QString scans = m_summary->property("scans").toString();
    m_summary->setText(scans.isEmpty() ? QString()
                                       : tr("%1 issue(s) not exempted, %2 exempted · latest scans: %3")
                                             .arg(counts.total())
                                             .arg(counts.exempted)
                                             .arg(scans));
    m_summary->setToolTip(plainToolTip(m_summary->text()));
}

} // namespace secreview::views
