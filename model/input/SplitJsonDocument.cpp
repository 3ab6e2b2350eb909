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

// Calls f with the value of the object's first member named name (keys compared unescaped, as
// JsonNode::member finds them); the others are skipped. False on any error, or when f says so.
template <typename F> bool withFirstMember(od::object &object, const char *name, F &&f)
{
    bool seen = false;
    for (auto member : object) {
        od::field field;
        std::string_view key;
        if (std::move(member).get(field) != SUCCESS || field.unescaped_key().get(key) != SUCCESS)
            return false;
        if (seen || key != name)
            continue; // the iterator skips the value
        seen = true;
        if (!f(field.value()))
            return false;
    }
    return true;
}

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
        // One inner array: its elements' places (each parsed once to check it) and its own cut.
        const auto splitArray = [&](od::value &array, qsizetype owner) {
            const std::string_view open = array.raw_json_token();
            od::array elements;
            if (array.get_array().get(elements) != SUCCESS)
                return false;
            const qsizetype first = doc->m_slices.size();
            for (auto element : elements) {
                od::object object;
                std::string_view text;
                simdjson::dom::element parsed;
                if (element.get_object().get(object) != SUCCESS || object.raw_json().get(text) != SUCCESS ||
                    doc->m_elementParser.parse(text.data(), text.size(), false).get(parsed) != SUCCESS)
                    return false;
                doc->m_slices.append({qsizetype(text.data() - data), qsizetype(text.size())});
            }
            const char *after = nullptr;
            if (document.current_location().get(after) != SUCCESS)
                return false;
            cuts.append({qsizetype(open.data() - data), qsizetype(after - data)});
            doc->m_split.append({owner, first, doc->m_slices.size() - first});
            return true;
        };
        const bool read = withFirstMember(root, outer, [&](od::value &outerValue) {
            od::array owners;
            if (outerValue.get_array().get(owners) != SUCCESS)
                return false;
            qsizetype index = 0;
            for (auto element : owners) {
                od::value value;
                od::json_type type;
                od::object owner;
                if (element.get(value) != SUCCESS || value.type().get(type) != SUCCESS)
                    return false;
                const qsizetype at = index++;
                if (type != od::json_type::object) // refused by the importer, from the skeleton
                    continue;
                if (value.get_object().get(owner) != SUCCESS ||
                    !withFirstMember(owner, inner, [&](od::value &innerValue) {
                        od::json_type innerType;
                        if (innerValue.type().get(innerType) != SUCCESS)
                            return false;
                        // Not an array: left in the skeleton, read (or refused) from there.
                        return innerType != od::json_type::array || splitArray(innerValue, at);
                    }))
                    return false;
            }
            return true;
        });
        if (!read)
            return nullptr;
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
