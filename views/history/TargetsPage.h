#pragma once

#include "model/scans/ScanHistory.h"
#include "model/store/Database.h"
#include "model/users/Session.h"
#include "views/common/Page.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QTreeWidget;

namespace secreview::views {

// Asks for a target's baseline: a fixed variant or a regular expression (checked as typed). It
// stays open with what was typed when the database refuses it (showError).
class BaselineDialog : public QDialog
{
    Q_OBJECT
public:
    BaselineDialog(const TargetSummary &target, QWidget *parent = nullptr);
    BaselineInfo baseline() const;
    void showError(const QString &message);
    QRadioButton *variantChoice() const { return m_byVariant; }
    QRadioButton *patternChoice() const { return m_byPattern; }
    QComboBox *variantBox() const { return m_variant; }
    QLineEdit *patternEdit() const { return m_pattern; }
    QPushButton *setButton() const { return m_set; }
    QLabel *errorLabel() const { return m_error; }

signals:
    void submitted(const BaselineInfo &baseline);

private:
    void check();

    QRadioButton *m_byVariant;
    QRadioButton *m_byPattern;
    QComboBox *m_variant;
    QLineEdit *m_pattern;
    QLabel *m_error;
    QPushButton *m_set;
};

// The Targets page: every target with its type, its baseline (or that it has none) and its
// variants, each with its latest scans' counts, new and remediated issues; SecOps set or change
// a target's baseline here (Set Baseline…, Ctrl+B), as `secreview baseline set` does (audited).
class TargetsPage : public Page
{
    Q_OBJECT
public:
    TargetsPage(Database db, Session session, QWidget *parent = nullptr);

    void reload() override;
    bool isSettled() const override { return m_busy == 0; }
    QTreeWidget *tree() const { return m_tree; }
    QPushButton *setBaselineButton() const { return m_setBaseline; }
    BaselineDialog *dialog() const { return m_dialog; }
    void askBaseline();

private:
    void show(const QList<TargetSummary> &targets);
    const TargetSummary *selectedTarget() const;
    void updateButton();

    Database m_db;
    Session m_session;
    QTreeWidget *m_tree;
    QPushButton *m_setBaseline;
    QLabel *m_note;
    BaselineDialog *m_dialog = nullptr;
    QList<TargetSummary> m_targets;
    int m_busy = 0;
    quint64 m_generation = 0;
};

} // namespace secreview::views
