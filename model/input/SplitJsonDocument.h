#pragma once

#include "model/input/JsonInput.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <functional>
#include <memory>
#include <simdjson.h>

namespace secreview {

class InputFile;

// A large result file read without its whole tree in memory (decision 81). The bulk of a SARIF
// log is one array in each element of another (runs[].results[]): those arrays are left in the
// file, the rest of the document (its skeleton: the file with each of them read as []) is parsed
// whole, and their elements are parsed one at a time when an importer reaches them. Memory then
// holds the file, the skeleton's tree, where each element starts (16 bytes) and one element's
// tree, instead of simdjson's tape and strings for all of it (about twice the file). A file whose
// split arrays are less than half of it is not split: the skeleton's copy and tree would cost
// more than they save (a log of many runs of few results each).
//
// open() checks the whole file first (the skeleton and every element parse), so an importer
// meets exactly the values, paths and shape errors it would meet in the JsonDocument; a file it
// cannot split that way (another shape, a duplicate it cannot place, any syntax problem) gives
// nullptr, and the caller parses the file whole, which reports the problem as before.
class SplitJsonDocument
{
public:
    // The arrays named inner in the elements of the root's array outer, e.g. ("runs", "results").
    // The first member of each name counts, as JsonNode::member finds it. Throws what JsonDocument
    // throws before parsing (a string over the limit); file must outlive the document. minShare:
    // the least part of the file the split arrays must be (tests split any file with 0).
    static std::unique_ptr<SplitJsonDocument> open(const InputFile &file, const char *outer, const char *inner,
                                                   double minShare = 0.5);

    // The root of the skeleton: every value but the split arrays' elements.
    JsonNode root() const { return JsonNode(m_root, QStringLiteral("$"), &m_name); }
    const QString &displayName() const { return m_name; }

    // For each element of outer[index].inner, with its path, parsed when reached; the owner is
    // the skeleton's outer[index] (an array left whole is read from it, as JsonNode::forEachIn).
    void forEachIn(qsizetype index, const JsonNode &owner, const std::function<void(const JsonNode &)> &f) const;

    SplitJsonDocument(const SplitJsonDocument &) = delete;
    SplitJsonDocument &operator=(const SplitJsonDocument &) = delete;

private:
    SplitJsonDocument() = default;

    struct Slice
    {
        qsizetype offset = 0;
        qsizetype length = 0;
    };

    QString m_name;
    const char *m_inner = nullptr;
    QByteArray m_padded; // the file's bytes when they came without the parser's padding
    const char *m_data = nullptr;
    simdjson::dom::parser m_skeletonParser;
    simdjson::dom::element m_root;
    // The split arrays' elements in file order, and for each split array (by its owner's index
    // in outer, ascending) its first element and how many.
    struct Split
    {
        qsizetype owner = 0;
        qsizetype first = 0;
        qsizetype count = 0;
    };
    QList<Slice> m_slices;
    QList<Split> m_split;
    mutable simdjson::dom::parser m_elementParser;
};

} // namespace secreview
