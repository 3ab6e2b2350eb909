#include "model/input/BoundedYaml.h"

#include "model/core/Error.h"
#include "model/input/RegularFile.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <sstream>
#include <yaml-cpp/eventhandler.h>

namespace secreview {
namespace {

// Raised from inside the event pass to stop yaml-cpp's parser at the first bound crossed.
struct BoundCrossed
{
    YAML::Mark mark;
    QString what;
};

// Counts the nodes of the document as if aliases were copies: each collection's size is known
// when it ends; an anchored node's size is remembered, and an alias adds it again. Refuses a key
// given twice in one mapping: readers disagree on which one wins (yaml-cpp keeps the first,
// others the last), so a file could mean one thing here and another in Harness.
class MeasuringHandler : public YAML::EventHandler
{
public:
    void OnDocumentStart(const YAML::Mark &) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        child(mark, nullptr);
        leaf(mark, anchor);
    }
    void OnAlias(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        child(mark, nullptr);
        add(mark, m_anchored.value(anchor, 1));
    }
    void OnScalar(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                  const std::string &value) override
    {
        child(mark, &value, tag == "?"); // "?": a plain scalar, "!": quoted
        leaf(mark, anchor);
    }
    void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override
    {
        child(mark, nullptr);
        open(mark, anchor, false);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override
    {
        child(mark, nullptr);
        open(mark, anchor, true);
    }
    void OnMapEnd() override { close(); }

private:
    // One more entry of the collection open now; in a mapping every other one is a key.
    void child(const YAML::Mark &mark, const std::string *scalar, bool plain = false)
    {
        if (m_stack.isEmpty())
            return;
        Frame &parent = m_stack.last();
        const bool isKey = parent.map && parent.entries % 2 == 0;
        ++parent.entries;
        if (!isKey || !scalar)
            return;
        const QString key = QString::fromStdString(*scalar);
        if (key == QLatin1String("<<") && plain)
            throw BoundCrossed{mark, QStringLiteral("a merge key ('<<') is read differently by YAML readers (yaml-cpp "
                                                    "keeps it as a key, Harness merges): write the keys out")};
        if (parent.keys.contains(key))
            throw BoundCrossed{mark, QStringLiteral("the key '%1' is given twice in one mapping").arg(key.left(80))};
        parent.keys.insert(key);
    }
    void leaf(const YAML::Mark &mark, YAML::anchor_t anchor)
    {
        if (anchor != YAML::NullAnchor)
            m_anchored.insert(anchor, 1);
        add(mark, 1);
    }
    void open(const YAML::Mark &mark, YAML::anchor_t anchor, bool map)
    {
        if (m_stack.size() >= BoundedYaml::kMaxDepth)
            throw BoundCrossed{mark,
                               QStringLiteral("nesting deeper than %1 levels").arg(BoundedYaml::kMaxDepth)};
        count(mark, 1);
        m_stack.append({anchor, 1, map, 0, {}});
    }
    void close()
    {
        const Frame frame = m_stack.takeLast();
        if (frame.anchor != YAML::NullAnchor)
            m_anchored.insert(frame.anchor, frame.size);
        if (!m_stack.isEmpty())
            m_stack.last().size += frame.size;
    }
    // Counts size more nodes (an alias counts as the whole node it names).
    void add(const YAML::Mark &mark, qint64 size)
    {
        if (!m_stack.isEmpty())
            m_stack.last().size += size;
        count(mark, size);
    }
    void count(const YAML::Mark &mark, qint64 size)
    {
        m_expanded += size;
        if (m_expanded > BoundedYaml::kMaxExpandedNodes)
            throw BoundCrossed{mark, QStringLiteral("more than %1 nodes once aliases are expanded")
                                         .arg(BoundedYaml::kMaxExpandedNodes)};
    }

    struct Frame
    {
        YAML::anchor_t anchor;
        qint64 size;
        bool map;
        qint64 entries;
        QSet<QString> keys; // a mapping's scalar keys so far
    };
    QList<Frame> m_stack;
    QHash<YAML::anchor_t, qint64> m_anchored;
    qint64 m_expanded = 0;
};

} // namespace

QString BoundedYaml::where(const QString &fileName, const YAML::Mark &mark)
{
    if (mark.is_null())
        return fileName;
    return QStringLiteral("%1: at line %2, column %3").arg(fileName).arg(mark.line + 1).arg(mark.column + 1);
}

YAML::Node BoundedYaml::load(const QByteArray &bytes, const QString &fileName)
{
    if (bytes.size() > kMaxBytes)
        throw Error(ErrorKind::BadInput, QStringLiteral("%1: %2 bytes is over the limit of %3 bytes")
                                             .arg(fileName)
                                             .arg(bytes.size())
                                             .arg(kMaxBytes));
    if (bytes.trimmed().isEmpty())
        throw Error(ErrorKind::BadInput, QStringLiteral("%1: at line 1: the file is empty").arg(fileName));
    const std::string text = bytes.toStdString();
    try {
        std::istringstream stream(text);
        YAML::Parser parser(stream);
        MeasuringHandler handler;
        parser.HandleNextDocument(handler);
        // One document: a reader that takes the first of several (yaml-cpp) and one that takes
        // them all would read different pipelines.
        MeasuringHandler next;
        if (parser.HandleNextDocument(next))
            throw Error(ErrorKind::BadInput,
                        QStringLiteral("%1: more than one YAML document ('---'): give one per file").arg(fileName));
        return YAML::Load(text);
    } catch (const BoundCrossed &b) {
        throw Error(ErrorKind::BadInput,
                    QStringLiteral("%1: refused: %2").arg(where(fileName, b.mark), b.what));
    } catch (const YAML::Exception &e) {
        throw Error(ErrorKind::BadInput,
                    QStringLiteral("%1: %2").arg(where(fileName, e.mark), QString::fromStdString(e.msg)));
    }
}

QByteArray BoundedYaml::readFile(const QString &path, const QString &displayName)
{
    return readRegularFile(path, displayName.isEmpty() ? path : displayName, kMaxBytes, QStringLiteral("a YAML file"));
}

} // namespace secreview
