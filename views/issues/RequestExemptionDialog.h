#pragma once

#include "model/exemptions/ExemptionWorkflow.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace secreview::views {

// "Request Exemption" for one issue: where (this target, pipeline or project), for how long,
// why (the reason types), a required description of at most 1024 characters and an optional URL.
// The workflow checks everything again; the dialog keeps a request from being obviously
// incomplete or malformed (the URL, by the workflow's own rule) and, when the workflow refuses
// one (the project's policy), stays open with what was typed.
class RequestExemptionDialog : public QDialog
{
    Q_OBJECT
public:
    RequestExemptionDialog(qint64 issueId, const QString &issueTitle, const QString &issueKey,
                           QWidget *parent = nullptr);
    ExemptionRequest request() const;
    // Selected occurrences only: target scope, and a choice to cover the whole issue instead.
    void setOccurrences(const QStringList &fingerprints);
    QCheckBox *coverFutureBox() const { return m_coverFuture; }
    // The issue's requests waiting for a decision: a scope that has one is not offered again
    // (one open request per issue and scope); the form says which request waits instead.
    void setOpenRequests(const QList<ExemptionInfo> &open);
    QLabel *openNote() const { return m_openNote; }

    QComboBox *scopeBox() const { return m_scope; }
    QComboBox *reasonBox() const { return m_reason; }
    QComboBox *durationBox() const { return m_duration; }
    QPlainTextEdit *descriptionEdit() const { return m_description; }
    QDialogButtonBox *buttons() const { return m_buttons; }
    QLineEdit *urlEdit() const { return m_url; }
    QLabel *errorLabel() const { return m_error; }
    QLabel *headerLabel() const { return m_header; }

    // The workflow refused what was submitted: the form stays open with what was typed, says why
    // under it and moves to the field the refusal is about.
    void showRefusal(const QString &why);

signals:
    // Request pressed on a complete form: the page runs the workflow, then accept()s or
    // showRefusal()s. The form is disabled meanwhile.
    void submitted(const secreview::ExemptionRequest &request);

private:
    void validate();

    qint64 m_issueId;
    QComboBox *m_scope;
    QComboBox *m_duration;
    QDateEdit *m_until;
    QComboBox *m_reason;
    QPlainTextEdit *m_description;
    QLabel *m_counter;
    QLineEdit *m_url;
    QDialogButtonBox *m_buttons;
    QCheckBox *m_coverFuture;
    QStringList m_fingerprints;
    QList<ExemptionInfo> m_open;
    QLabel *m_openNote;
    QLabel *m_urlError;
    QLabel *m_error;
    QLabel *m_header;
};

} // namespace secreview::views
