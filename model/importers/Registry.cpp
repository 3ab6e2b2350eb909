#include "model/importers/Importer.h"

#include "model/importers/BanditImporter.h"
#include "model/importers/NativeImporters.h"
#include "model/importers/SarifImporter.h"
#include "model/importers/TrivyImporter.h"

namespace secreview {

QString issueKindKey(IssueKind kind)
{
    switch (kind) {
    case IssueKind::Code:
        return QStringLiteral("code");
    case IssueKind::Package:
        return QStringLiteral("package");
    case IssueKind::Configuration:
        return QStringLiteral("configuration");
    case IssueKind::Secret:
        return QStringLiteral("secret");
    case IssueKind::License:
        return QStringLiteral("license");
    }
    return {};
}

ScanInfo Importer::readXml(const XmlDocument &document, FindingSink &) const
{
    document.fail(document.root(), QStringLiteral("%1 is JSON, not XML").arg(displayName()));
}

const QList<const Importer *> &importers()
{
    static const BanditImporter bandit;
    static const TrivyImporter trivy;
    static const SarifImporter sarif;
    // Detection order: the most specific shapes first; SARIF first of all (its "runs" and
    // "version" are unmistakable).
    static const QList<const Importer *> all{&sarif,
                                             &bandit,
                                             &trivy,
                                             &semgrepImporter(),
                                             &gitleaksImporter(),
                                             &grypeImporter(),
                                             &gosecImporter(),
                                             &brakemanImporter(),
                                             &checkovImporter(),
                                             &npmAuditImporter(),
                                             &snykImporter(),
                                             &osvImporter(),
                                             &trufflehogImporter(),
                                             &gitlabImporter(),
                                             &harnessStoImporter(),
                                             &zapImporter(),
                                             &dependencyCheckImporter(),
                                             &cycloneDxImporter()};
    return all;
}

const Importer *importerByName(const QString &name)
{
    for (const Importer *importer : importers()) {
        if (importer->format().compare(name, Qt::CaseInsensitive) == 0)
            return importer;
        for (const QString &alias : importer->aliases()) {
            if (alias.compare(name, Qt::CaseInsensitive) == 0)
                return importer;
        }
    }
    return nullptr;
}

QString supportedFormatsText()
{
    QStringList names;
    for (const Importer *importer : importers())
        names.append(QStringLiteral("%1 (--scanner %2)").arg(importer->displayName(), importer->format()));
    return names.join(QStringLiteral(", "));
}

QString cleanPath(QString path)
{
    while (path.startsWith(QLatin1String("./")))
        path.remove(0, 2);
    return path;
}

} // namespace secreview
