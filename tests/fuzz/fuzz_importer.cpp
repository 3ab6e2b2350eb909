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
    }
    qint64 count = 0;
};

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
            const JsonDocument json(input);
            const JsonNode root(json.root(), QStringLiteral("$"), &json.displayName());
            for (const Importer *importer : importers()) {
                if (format == QLatin1String("detect"))
                    importer->recognizes(root);
                else if (importer->format() == format)
                    importer->read(root, sink);
            }
        }
    } catch (const Error &) {
        // refused, with a message: what bad input must get
    }
    return 0;
}
