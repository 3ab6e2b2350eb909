// libFuzzer target for one result-file parser (SECREVIEW_FUZZ_FORMAT names it; "detect" runs
// every format's detection instead). Bytes in -> InputFile -> JSON (or JSON lines) or XML ->
// the importer -> a sink that checks what a finding must hold. A secreview::Error is the
// expected answer to bad input; anything else (a crash, a sanitizer report, another exception,
// a finding without a key) is a bug.
#include "model/importers/Registry.h"
#include "model/input/InputFile.h"
#include "model/input/JsonInput.h"
#include "model/input/XmlInput.h"

#include <cstdint>
#include <optional>
#include <cstdlib>

using namespace secreview;

namespace {

class CheckingSink final : public FindingSink
{
public:
    void add(const Finding &f) override
    {
        if (f.key.isEmpty() || f.scanner.isEmpty())
            std::abort(); // every finding names its scanner and issue
        if (int(f.severity) < 0 || int(f.severity) > 4)
            std::abort();
        ++count;
        seen.append(f.key + QLatin1Char('\x1f') + f.fingerprint + QLatin1Char('\x1f') + f.message +
                    QLatin1Char('\x1f') + QString::number(int(f.severity)) + QLatin1Char('\x1f') + f.location +
                    QLatin1Char('\x1f') + f.title + QLatin1Char('\x1f') + QString::fromLatin1(f.raw.toHex()));
    }
    qint64 count = 0;
    QStringList seen;
};

// Decision 81: a format read split must meet what the whole document's reading meets: the same
// findings, or the same error. Any difference is a bug.
void compareSplitReading(const Importer &importer, const InputFile &input, const CheckingSink &whole,
                         const QString &wholeError)
{
    const std::optional<Importer::SplitArrays> arrays = importer.splitArrays();
    if (!arrays)
        return;
    CheckingSink split;
    QString splitError;
    try {
        const std::unique_ptr<SplitJsonDocument> document =
            SplitJsonDocument::open(input, arrays->outer, arrays->inner, 0); // any share: small inputs too
        if (!document)
            return; // read whole, as the import does
        importer.readSplit(*document, split);
    } catch (const Error &e) {
        splitError = e.message();
    }
    if (splitError != wholeError || split.seen != whole.seen)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString format = QStringLiteral(SECREVIEW_FUZZ_FORMAT);
    try {
        const InputFile input(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)),
                              QStringLiteral("fuzz"));
        CheckingSink sink;
        if (input.looksLikeXml()) {
            const XmlDocument xml(input);
            for (const Importer *importer : importers()) {
                if (format == QLatin1String("detect"))
                    importer->recognizesXml(xml.root());
                else if (importer->format() == format)
                    importer->readXml(xml, sink);
            }
        } else {
            std::optional<JsonDocument> json;
            try {
                json.emplace(input);
            } catch (const Error &e) {
                // A file the whole parse refuses never splits (or splits into the same error).
                for (const Importer *importer : importers())
                    if (importer->format() == format)
                        compareSplitReading(*importer, input, sink, e.message());
                throw;
            }
            const JsonNode root(json->root(), QStringLiteral("$"), &json->displayName());
            for (const Importer *importer : importers()) {
                if (format == QLatin1String("detect")) {
                    importer->recognizes(root);
                } else if (importer->format() == format) {
                    QString error;
                    try {
                        importer->read(root, sink);
                    } catch (const Error &e) {
                        error = e.message();
                    }
                    compareSplitReading(*importer, input, sink, error);
                    if (!error.isEmpty())
                        throw Error(ErrorKind::BadInput, error);
                }
            }
        }
    } catch (const Error &) {
        // refused, with a message: what bad input must get
    }
    return 0;
}
