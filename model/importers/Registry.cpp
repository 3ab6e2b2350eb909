#include "model/importers/Registry.h"

#include "model/core/Error.h"
#include "model/importers/Formats.h"

namespace secreview {

ScanInfo Importer::readSplit(const SplitJsonDocument &document, FindingSink &) const
{
    // Only a format that names splitArrays() is handed a split document.
    throw Error(ErrorKind::BadInput,
                QStringLiteral("%1: %2 is not read split").arg(document.displayName(), displayName()));
}

ScanInfo Importer::readXml(const XmlDocument &document, FindingSink &) const
{
    document.fail(document.root(), QStringLiteral("%1 is JSON, not XML").arg(displayName()));
}

const QList<const Importer *> &importers()
{
    // Detection order: the most specific shapes first; SARIF first of all (its "runs" and
    // "version" are unmistakable). A new format is one line here and its .cpp in this folder.
    static const QList<const Importer *> all{
        &sarifImporter(),           &banditImporter(),   &trivyImporter(),      &semgrepImporter(),
        &gitleaksImporter(),        &grypeImporter(),    &gosecImporter(),      &brakemanImporter(),
        &checkovImporter(),         &npmAuditImporter(), &snykImporter(),       &osvImporter(),
        &trufflehogImporter(),      &gitlabImporter(),   &harnessStoImporter(), &zapImporter(),
        &dependencyCheckImporter(), &cycloneDxImporter()};
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

namespace {

const Importer *namedImporter(const QString &scanner)
{
    if (scanner.isEmpty() || scanner.compare(QLatin1String("auto"), Qt::CaseInsensitive) == 0)
        return nullptr;
    const Importer *named = importerByName(scanner);
    if (!named)
        throw Error(ErrorKind::Usage, QStringLiteral("unknown scanner format '%1'; supported: %2")
                                          .arg(scanner, supportedFormatsText()));
    return named;
}

// null and an empty list: what several tools write for "nothing found", telling no format.
bool isNothingFound(const JsonNode &root)
{
    return root.isNull() || (root.isArray() && root.element().get_array().value_unsafe().size() == 0);
}

} // namespace

const Importer &detectXml(const XmlDocument &document, const QString &scanner)
{
    if (const Importer *named = namedImporter(scanner)) {
        if (!named->recognizesXml(document.root()))
            document.fail(document.root(), QStringLiteral("<%1> is not %2, which --scanner %3 names")
                                               .arg(document.root().name, named->displayName(), scanner));
        return *named;
    }
    for (const Importer *importer : importers()) {
        if (importer->recognizesXml(document.root()))
            return *importer;
    }
    document.fail(document.root(), QStringLiteral("<%1> is not a known result format; supported: %2")
                                       .arg(document.root().name, supportedFormatsText()));
}

const Importer &detectJson(const JsonNode &root, const QString &scanner, const QString &file)
{
    if (const Importer *named = namedImporter(scanner)) {
        // Named, the format still has to be what the file holds; only "nothing found" (null, an
        // empty list), which no content can tell apart, is taken on the name alone.
        if (!isNothingFound(root) && !named->recognizes(root))
            root.fail(QStringLiteral("not %1, which --scanner %2 names").arg(named->displayName(), scanner));
        return *named;
    }
    if (root.isNull())
        throw Error(ErrorKind::BadInput,
                    QStringLiteral("%1: the file holds only JSON null, which no format can be "
                                   "told from (legacy Trivy writes it for \"nothing found\": "
                                   "import it with --scanner trivy)")
                        .arg(file));
    if (isNothingFound(root)) // the empty list (null is answered above)
        throw Error(
            ErrorKind::BadInput,
            QStringLiteral("%1: the file holds only an empty list, which several formats write for "
                           "\"nothing found\" (Gitleaks, TruffleHog, ...): import it with --scanner NAME")
                .arg(file));
    for (const Importer *importer : importers()) {
        if (importer->recognizes(root))
            return *importer;
    }
    throw Error(ErrorKind::BadInput, QStringLiteral("%1: at $: not a known result format; supported: %2")
                                         .arg(file, supportedFormatsText()));
}

JsonScan::JsonScan(const InputFile &input, const QString &scanner, const QString &display)
{
    const bool detecting = scanner.isEmpty() || scanner.compare(QLatin1String("auto"), Qt::CaseInsensitive) == 0;
    for (const Importer *candidate : importers()) {
        const std::optional<Importer::SplitArrays> arrays = candidate->splitArrays();
        if (!arrays || (!detecting && importerByName(scanner) != candidate))
            continue;
        m_split = SplitJsonDocument::open(input, arrays->outer, arrays->inner);
        if (!m_split)
            break;
        try {
            m_importer = &detectJson(m_split->root(), scanner, display);
        } catch (const Error &) {
            m_importer = nullptr; // the whole document says what is wrong
        }
        if (m_importer == candidate)
            return;
        m_split.reset();
        m_importer = nullptr;
        break;
    }
    m_whole.emplace(input);
    m_root.emplace(m_whole->root(), QStringLiteral("$"), &m_whole->displayName());
    m_importer = &detectJson(*m_root, scanner, display);
}

ScanInfo JsonScan::read(FindingSink &sink) const
{
    return m_split ? m_importer->readSplit(*m_split, sink) : m_importer->read(*m_root, sink);
}

} // namespace secreview
