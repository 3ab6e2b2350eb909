#include "model/input/SplitJsonDocument.h"

#include "model/core/Error.h"
#include "model/input/InputFile.h"

#include <algorithm>

namespace secreview {
namespace {

namespace od = simdjson::ondemand;
using simdjson::SUCCESS;

// An element of a split array sits four levels down (root, outer array, its element, the inner
// array): parsed on its own, it may nest four levels less than the whole document may.
constexpr size_t kElementDepth = simdjson::DEFAULT_MAX_DEPTH - 4;

struct Cut
{
    qsizetype begin = 0; // the inner array's '['
    qsizetype end = 0;   // the token after its ']'
};

} // namespace

std::unique_ptr<SplitJsonDocument> SplitJsonDocument::open(const InputFile &file, const char *outer,
                                                           const char *inner, double minShare)
{
    const QByteArray &bytes = file.bytes();
    JsonDocument::refuseLongStrings(bytes, file.name());
    std::unique_ptr<SplitJsonDocument> doc(new SplitJsonDocument);
    doc->m_name = file.name();
    doc->m_inner = inner;
    doc->m_data = bytes.constData();
    if (!file.hasPadding()) { // from memory (tests, fuzzing): a padded copy
        doc->m_padded.reserve(bytes.size() + InputFile::kPadding);
        doc->m_padded.append(bytes.constData(), bytes.size());
        doc->m_data = doc->m_padded.constData();
    }
    const char *const data = doc->m_data;
    const size_t size = size_t(bytes.size());
    static_assert(InputFile::kPadding >= simdjson::SIMDJSON_PADDING);
    if (doc->m_elementParser.allocate(64 * 1024, kElementDepth) != SUCCESS)
        return nullptr;

    // One pass over the file's structure: the root's first outer array, in each of its objects
    // the first inner array, each of whose elements must be an object that parses on its own.
    // Anything else (another shape, an error anywhere) is left to the whole document's parse.
    QList<Cut> cuts;
    {
        od::parser parser;
        od::document document;
        od::object root;
        if (parser.iterate(data, size, size + simdjson::SIMDJSON_PADDING).get(document) != SUCCESS ||
            document.get_object().get(root) != SUCCESS)
            return nullptr;
        bool outerSeen = false;
        for (auto rootField : root) {
            od::field field;
            std::string_view key;
            if (std::move(rootField).get(field) != SUCCESS || field.unescaped_key().get(key) != SUCCESS)
                return nullptr;
            if (outerSeen || key != outer)
                continue; // the iterator skips the value
            outerSeen = true;
            od::array outerArray;
            if (field.value().get_array().get(outerArray) != SUCCESS)
                return nullptr;
            qsizetype index = 0;
            for (auto outerElement : outerArray) {
                od::value value;
                od::json_type type;
                if (outerElement.get(value) != SUCCESS || value.type().get(type) != SUCCESS)
                    return nullptr;
                if (type == od::json_type::object) {
                    od::object owner;
                    if (value.get_object().get(owner) != SUCCESS)
                        return nullptr;
                    bool innerSeen = false;
                    for (auto ownerField : owner) {
                        od::field f;
                        std::string_view name;
                        if (std::move(ownerField).get(f) != SUCCESS || f.unescaped_key().get(name) != SUCCESS)
                            return nullptr;
                        if (innerSeen || name != inner)
                            continue;
                        innerSeen = true;
                        od::value innerValue = f.value();
                        od::json_type innerType;
                        if (innerValue.type().get(innerType) != SUCCESS)
                            return nullptr;
                        if (innerType != od::json_type::array)
                            continue; // left in the skeleton, read (or refused) from there
                        const std::string_view open = innerValue.raw_json_token();
                        od::array elements;
                        if (innerValue.get_array().get(elements) != SUCCESS)
                            return nullptr;
                        const qsizetype first = doc->m_slices.size();
                        for (auto element : elements) {
                            od::object object;
                            std::string_view text;
                            simdjson::dom::element parsed;
                            if (element.get_object().get(object) != SUCCESS || object.raw_json().get(text) != SUCCESS ||
                                doc->m_elementParser.parse(text.data(), text.size(), false).get(parsed) != SUCCESS)
                                return nullptr;
                            doc->m_slices.append({qsizetype(text.data() - data), qsizetype(text.size())});
                        }
                        const char *after = nullptr;
                        if (document.current_location().get(after) != SUCCESS)
                            return nullptr;
                        cuts.append({qsizetype(open.data() - data), qsizetype(after - data)});
                        doc->m_split.append({index, first, doc->m_slices.size() - first});
                    }
                }
                ++index;
            }
        }
    } // the structure's index is freed before the skeleton is built

    // The skeleton: the file with each split array read as []. Its parse also refuses anything
    // after the root (JSON Lines, which the whole document reads).
    qsizetype kept = qsizetype(size);
    for (const Cut &cut : std::as_const(cuts))
        kept -= cut.end - cut.begin - 2;
    if (double(qsizetype(size) - kept) < minShare * double(size))
        return nullptr; // not worth a second copy: parsed whole
    QByteArray skeleton;
    skeleton.reserve(kept + InputFile::kPadding);
    qsizetype at = 0;
    for (const Cut &cut : std::as_const(cuts)) {
        skeleton.append(data + at, cut.begin - at);
        skeleton.append("[]", 2);
        at = cut.end;
    }
    skeleton.append(data + at, qsizetype(size) - at);
    if (doc->m_skeletonParser
            .parse(skeleton.constData(), size_t(skeleton.size()),
                   skeleton.capacity() - skeleton.size() < InputFile::kPadding)
            .get(doc->m_root) != SUCCESS)
        return nullptr;
    // The tree holds its own copy of every string: the skeleton's bytes go (a log of many rules
    // has a large one).
    return doc;
}

void SplitJsonDocument::forEachIn(qsizetype index, const JsonNode &owner,
                                  const std::function<void(const JsonNode &)> &f) const
{
    const auto it = std::lower_bound(m_split.cbegin(), m_split.cend(), index,
                                     [](const Split &s, qsizetype i) { return s.owner < i; });
    if (it == m_split.cend() || it->owner != index) {
        owner.forEachIn(m_inner, f);
        return;
    }
    const QString prefix = owner.path() + QLatin1Char('.') + QLatin1String(m_inner) + QLatin1Char('[');
    for (qsizetype i = 0; i < it->count; ++i) {
        const Slice &slice = m_slices.at(it->first + i);
        simdjson::dom::element element;
        const QString path = prefix + QString::number(i) + QLatin1Char(']');
        // open() parsed every element already; the same bytes parse the same way again.
        if (m_elementParser.parse(m_data + slice.offset, size_t(slice.length), false).get(element) != SUCCESS)
            throw Error(ErrorKind::BadInput, QStringLiteral("%1: at %2: not valid JSON").arg(m_name, path));
        f(JsonNode(element, path, &m_name));
    }
}

} // namespace secreview
