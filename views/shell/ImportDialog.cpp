#include "views/shell/ImportDialog.h"

#include "model/importers/Registry.h"
#include "model/scans/Catalog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace secreview::views {

ImportDialog::ImportDialog(const QStringList &files, const QStringList &targets, const QString &target,
                           const QString &variant, QWidget *parent)
    : QDialog(parent), m_target(new QComboBox(this)), m_type(new QComboBox(this)),
      m_variant(new QLineEdit(variant, this)), m_scanner(new QComboBox(this))
{
    setWindowTitle(tr("Import scan results"));
    QStringList names;
    for (const QString &f : files)
        names.append(QFileInfo(f).fileName());
    auto *what = new QLabel(
        tr("%n file(s): %1", nullptr, int(files.size())).arg(names.join(QStringLiteral(", "))), this);
    what->setTextFormat(Qt::PlainText);
    what->setWordWrap(true);
    m_target->setObjectName(QStringLiteral("target"));
    m_target->setEditable(true);
    m_target->addItems(targets);
    m_target->setCurrentText(target);
    m_type->addItem(tr("(as the target is; repository if new)"), QString());
    for (const QString &t : Catalog::targetTypes())
        m_type->addItem(t, t);
    m_scanner->addItem(tr("Detect from the content"), QStringLiteral("auto"));
    for (const Importer *importer : importers())
        m_scanner->addItem(importer->displayName(), importer->format());
    auto *form = new QFormLayout;
    form->addRow(tr("&Target"), m_target);
    form->addRow(tr("Target t&ype"), m_type);
    form->addRow(tr("&Variant"), m_variant);
    form->addRow(tr("&Format"), m_scanner);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Import"));
    // Import waits for a target and a variant, and says so: nothing is pre-filled from the page.
    m_variant->setObjectName(QStringLiteral("variant"));
    QPushButton *import = buttons->button(QDialogButtonBox::Ok);
    auto complete = [this, import] {
        const bool ok = !m_target->currentText().trimmed().isEmpty() && !m_variant->text().trimmed().isEmpty();
        import->setEnabled(ok);
        import->setToolTip(ok ? QString() : tr("Name the target and the variant (branch, tag or version) first"));
        return ok;
    };
    connect(m_target, &QComboBox::currentTextChanged, this, complete);
    connect(m_variant, &QLineEdit::textChanged, this, complete);
    complete();
    connect(buttons, &QDialogButtonBox::accepted, this, [this, complete] {
        if (complete())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &ImportDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(what);
    layout->addLayout(form);
    layout->addWidget(buttons);
    setMinimumWidth(440);
}

ImportRequest ImportDialog::request() const
{
    ImportRequest r;
    r.target = m_target->currentText().trimmed();
    r.targetType = m_type->currentData().toString();
    r.variant = m_variant->text().trimmed();
    r.scanner = m_scanner->currentData().toString();
    return r;
}

} // namespace secreview::views
