#pragma once

#include "model/pipelines/PipelineDefinition.h"
#include "model/pipelines/PipelineEvaluator.h"
#include "model/pipelines/PipelinePolicy.h"
#include "model/pipelines/PipelineStore.h"
#include "model/store/Database.h"
#include "model/users/Session.h"
#include "views/common/Page.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableWidget;

namespace secreview::views {

class PipelineTree;

// The Pipelines page: the imported pipelines; for the selected one its stages and steps as a tree
// (icons by step type, groups and parallel blocks as branches, each scan step with its scanner,
// target, threshold and failure strategy), the YAML of the selected node, its versions with a
// diff, the governance policy's verdict, and Evaluate: every step's result as the pipeline
// studio would show it, the output variables and the rendered emails (PipelineEvaluator, the
// same as `secreview pipeline gate`).
class PipelinesPage : public Page
{
    Q_OBJECT
public:
    PipelinesPage(Database db, Session session, QWidget *parent = nullptr);

    void reload() override;
    void databaseChanged() override; // reloads, keeping the pipeline, step and variant shown
    void evaluate();
    void setPolicy(const PipelinePolicy &policy, const QString &file);
    void editPolicy();
    void importPipeline();
    bool isSettled() const override { return m_busy == 0; }

    QListWidget *pipelineList() const { return m_list; }
    PipelineTree *tree() const { return m_tree; }
    QComboBox *variantBox() const { return m_variant; }
    QLineEdit *executionEdit() const { return m_execution; }
    QPushButton *evaluateButton() const { return m_evaluate; }
    QPushButton *importButton() const { return m_importButton; }
    QPushButton *policyButton() const { return m_policyButton; }
    QLabel *policyBanner() const { return m_policyBanner; }
    QLabel *resultBanner() const { return m_resultBanner; }
    QLabel *subtitle() const { return m_subtitle; }
    QPlainTextEdit *yamlView() const { return m_yaml; }
    QPlainTextEdit *emailView() const { return m_emails; }
    QTableWidget *outputsTable() const { return m_outputs; }
    QTabWidget *tabs() const { return m_tabs; }

private:
    struct Loaded
    {
        QList<PipelineInfo> versions;
        PipelineDefinition definition;
        QStringList variants;
    };

    void select();
    void showLoaded(const Loaded &loaded);
    void buildTree();
    void runEvaluation(bool announce); // announce: say the result in the status bar (asked for)
    void showEvaluation(const PipelineEvaluation &evaluation, bool announce);
    void showNode();
    void showDiff();
    void checkPolicy();
    void finished();

    Database m_db;
    Session m_session;
    QListWidget *m_list;
    QLabel *m_title;
    QLabel *m_subtitle;
    QComboBox *m_variant;
    QLineEdit *m_execution;
    QPushButton *m_evaluate;
    int m_treeVersion = 0; // the version the tree shows: the latest, or the one a 'ci' gate judged
    QPushButton *m_policyButton;
    QPushButton *m_importButton;
    QLabel *m_policyBanner;
    QLabel *m_resultBanner;
    PipelineTree *m_tree;
    QTabWidget *m_tabs;
    QPlainTextEdit *m_yaml;
    QTableWidget *m_outputs;
    QPlainTextEdit *m_emails;
    QComboBox *m_diffFrom;
    QPlainTextEdit *m_diff;
    QLabel *m_stepMessage;

    std::optional<Loaded> m_loaded;
    std::optional<PipelineEvaluation> m_evaluation;
    PipelinePolicy m_policy = PipelinePolicy::defaults();
    QString m_policyFile;
    QList<PolicyViolation> m_violations;
    int m_busy = 0;
    // What databaseChanged() keeps across the reload: the selected step's key and the variant.
    QString m_keepStep;
    std::optional<QString> m_keepVariant;
    quint64 m_generation = 0;
};

} // namespace secreview::views
