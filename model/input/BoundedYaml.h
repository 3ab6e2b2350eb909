#pragma once

#include <QByteArray>
#include <QString>
#include <yaml-cpp/yaml.h>

namespace secreview {

// Loads YAML that somebody else wrote (pipelines, policy files) without trusting it: before
// yaml-cpp builds a node tree, an event pass measures the document as it would be once every
// alias is expanded, and its nesting, and refuses it past the bounds. A "billion laughs" file is
// a few hundred bytes of anchors whose expansion would make every later walk (or an emitter)
// exponential; here it is refused in time linear in the file's size.
//
// Errors are Error(BadInput) naming the file, the line and the column. Thread-safe (no state).
class BoundedYaml
{
public:
    static constexpr qint64 kMaxBytes = 4 * 1024 * 1024;
    static constexpr qint64 kMaxExpandedNodes = 1'000'000;
    static constexpr int kMaxDepth = 64;

    static YAML::Node load(const QByteArray &bytes, const QString &fileName);
    // The file's bytes, within kMaxBytes (Error(BadInput) naming the file otherwise); parse them
    // with load() or PipelineDefinition::parse().
    static QByteArray readFile(const QString &path, const QString &displayName);

    // "FILE: at line L, column C: what" for a node or mark.
    static QString where(const QString &fileName, const YAML::Mark &mark);
};

} // namespace secreview
