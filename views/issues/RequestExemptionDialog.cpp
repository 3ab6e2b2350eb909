#include "views/issues/RequestExemptionDialog.h"
#include "views/common/Theme.h"

#include "model/core/Clock.h"
#include "model/core/Text.h"
#include "views/common/Keys.h"
#include "views/common/PlainText.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace secreview::views {

RequestExemptionDialog::RequestExemptionDialog(qint64 issueId, const QString &issueTitle,
                                               const QString &issueKey, QWidget *parent)
    : QDialog(parent), m_issueId(issueId), m_scope(new QComboBox(this)), m_duration(new QComboBox(this)),
      m_until(new QDateEdit(this)), m_reason(new QComboBox(this)), m_description(new QPlainTextEdit(this)),
      m_counter(new QLabel(this)), m_url(new QLineEdit(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)),
      m_coverFuture(new QCheckBox(tr("Also cover future occurrences of this issue"), this)),
      m_openNote(new QLabel(this)), m_urlError(new QLabel(this)), m_error(new QLabel(this)),
      m_header(new QLabel(this))
{
    setWindowTitle(tr("Request Exemption"));
    // Several issues have no one key: the title says how many, the key line what happens.
    m_header->setText(issueKey.isEmpty() ? issueTitle : tr("%1\nissue key %2").arg(issueTitle, issueKey));
    m_header->setTextFormat(Qt::PlainText);
    m_header->setWordWrap(true);
    auto *what = m_header;

    m_scope->addItem(tr("This Target"), int(ExemptionScope::Target));
    m_scope->addItem(tr("This Pipeline"), int(ExemptionScope::Pipeline));
    m_scope->addItem(tr("This Project"), int(ExemptionScope::Project));
    for (const auto &[text, key] : {std::pair{tr("1 day"), "1d"},
                                    {tr("7 days"), "7d"},
                                    {tr("30 days"), "30d"},
                                    {tr("90 days"), "90d"},
                                    {tr("Permanent"), "permanent"},
                                    {tr("Until a date…"), "until"}})
        m_duration->addItem(text, QString::fromLatin1(key));
    m_duration->setCurrentIndex(1);
    m_until->setCalendarPopup(true);
    m_until->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    const QDate today = Clock::now().date();
    m_until->setMinimumDate(today);
    m_until->setDate(today.addDays(30));
    m_until->setEnabled(false);
    for (ExemptionReason reason : exemptionReasons())
        m_reason->addItem(exemptionReasonName(reason), int(reason));
    m_description->setPlaceholderText(
        tr("Why this issue may stay, and what keeps it safe meanwhile (required)"));
    m_description->setTabChangesFocus(true);
    m_url->setPlaceholderText(tr("https://… (optional: a ticket or a risk acceptance)"));
    m_counter->setForegroundRole(QPalette::PlaceholderText);

    auto *duration = new QHBoxLayout;
    duration->addWidget(m_duration, 1);
    duration->addWidget(m_until);
    auto *form = new QFormLayout;
    form->addRow(tr("&Where"), m_scope);
    form->addRow(QString(), m_coverFuture);
    m_coverFuture->hide();
    m_openNote->setTextFormat(Qt::PlainText);
    m_openNote->setWordWrap(true);
    m_openNote->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(readableName(QColor(0xb3, 0x26, 0x1e))));
    form->addRow(QString(), m_openNote);
    m_openNote->hide();
    // A layout cannot be a buddy: the caption is a label of its own, Alt+H moving to the duration.
    auto *durationLabel = new QLabel(tr("For &how long"), this);
    durationLabel->setBuddy(m_duration);
    form->addRow(durationLabel, duration);
    form->addRow(tr("&Reason"), m_reason);
    form->addRow(tr("&Description"), m_description);
    form->addRow(QString(), m_counter);
    form->addRow(tr("&URL"), m_url);
    makeInlineError(m_urlError);
    form->addRow(QString(), m_urlError);
    m_urlError->hide();
    makeInlineError(m_error);
    m_error->hide();
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Request"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (!m_buttons->button(QDialogButtonBox::Ok)->isEnabled())
            return;
        m_error->hide();
        setEnabled(false); // until the page answers
        emit submitted(request());
    });
    connect(m_url, &QLineEdit::textChanged, this, &RequestExemptionDialog::validate);
    submitOnCtrlEnter(this, m_buttons); // Enter in the description is a new line
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_duration, &QComboBox::currentIndexChanged, this,
            [this] { m_until->setEnabled(m_duration->currentData().toString() == QLatin1String("until")); });
    connect(m_description, &QPlainTextEdit::textChanged, this, &RequestExemptionDialog::validate);
    connect(m_scope, &QComboBox::currentIndexChanged, this, &RequestExemptionDialog::validate);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(what);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    setMinimumWidth(520);
    validate();
}

void RequestExemptionDialog::validate()
{
    const QString text = m_description->toPlainText().trimmed();
    const qsizetype n = codePoints(text); // characters, as the workflow counts them
    m_counter->setText(tr("%1 / %2 characters").arg(n).arg(ExemptionWorkflow::kMaxDescription));
    const auto scope = ExemptionScope(m_scope->currentData().toInt());
    const ExemptionInfo *waiting = nullptr;
    for (const ExemptionInfo &e : std::as_const(m_open)) {
        if (e.scope == scope) {
            waiting = &e;
            break;
        }
    }
    m_openNote->setVisible(waiting != nullptr);
    if (waiting)
        m_openNote->setText(tr("Exemption #%1 for this issue at this scope, requested by %2, is waiting for "
                               "SecOps' decision: one open request per issue and scope.")
                                .arg(waiting->id)
                                .arg(waiting->requestedBy));
    const QString urlProblem = ExemptionWorkflow::urlProblem(m_url->text().trimmed());
    m_urlError->setText(urlProblem.isEmpty() ? QString() : tr("%1: a ticket or risk acceptance is linked by its "
                                                              "https:// address").arg(urlProblem));
    m_urlError->setVisible(!urlProblem.isEmpty());
    const bool described = n > 0 && n <= ExemptionWorkflow::kMaxDescription;
    const bool ok = described && !waiting && urlProblem.isEmpty();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
    m_buttons->button(QDialogButtonBox::Ok)
        ->setToolTip(ok           ? QString()
                     : !described ? tr("A description of 1 to 1024 characters is required")
                     : waiting    ? tr("A request for this scope is waiting for a decision already")
                                  : tr("The URL is not an http(s) address"));
}

void RequestExemptionDialog::showRefusal(const QString &why)
{
    setEnabled(true);
    m_error->setText(why);
    m_error->show();
    // The field the refusal is about, as the workflow words it.
    QWidget *field = why.contains(QLatin1String("URL"), Qt::CaseInsensitive) ? static_cast<QWidget *>(m_url)
                     : why.contains(QLatin1String("day")) || why.contains(QLatin1String("date")) ||
                             why.contains(QLatin1String("duration"))
                         ? static_cast<QWidget *>(m_duration)
                     : why.contains(QLatin1String("reason"))      ? static_cast<QWidget *>(m_reason)
                     : why.contains(QLatin1String("description")) ? static_cast<QWidget *>(m_description)
                                                                  : static_cast<QWidget *>(m_scope);
    field->setFocus();
}

void RequestExemptionDialog::setOpenRequests(const QList<ExemptionInfo> &open)
{
    m_open = open;
    // Start on a scope that is free, keeping the order of the list.
    for (int i = 0; i < m_scope->count() && m_scope->isEnabled(); ++i) {
        const auto scope = ExemptionScope(m_scope->itemData(i).toInt());
        if (std::none_of(open.cbegin(), open.cend(),
                         [scope](const ExemptionInfo &e) { return e.scope == scope; })) {
            m_scope->setCurrentIndex(i);
            break;
        }
    }
    validate();
}

void RequestExemptionDialog::setOccurrences(const QStringList &fingerprints)
{
    m_fingerprints = fingerprints;
    m_scope->setCurrentIndex(0); // This Target
    m_scope->setEnabled(false);
    m_scope->setToolTip(tr("An exemption of selected occurrences covers them in this target"));
    m_coverFuture->show();
    setWindowTitle(tr("Request Exemption for %n Occurrence(s)", nullptr, int(fingerprints.size())));
    connect(m_coverFuture, &QCheckBox::toggled, this, [this](bool whole) {
        // The whole issue may have any scope; selected occurrences stay in the target.
        m_scope->setEnabled(whole);
    });
}

ExemptionRequest RequestExemptionDialog::request() const
{
    ExemptionRequest r;
    r.issueId = m_issueId;
    r.scope = ExemptionScope(m_scope->currentData().toInt());
    const QString key = m_duration->currentData().toString();
    r.duration = key == QLatin1String("until") ? ExemptionDuration{std::nullopt, m_until->date()}
                                               : ExemptionDuration::parse(key).value_or(ExemptionDuration{});
    r.reason = ExemptionReason(m_reason->currentData().toInt());
    r.description = m_description->toPlainText().trimmed();
    r.url = m_url->text().trimmed();
    if (!m_coverFuture->isChecked())
        r.occurrences = m_fingerprints;
    return r;
}

} // namespace secreview::views
