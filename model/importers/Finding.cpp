#include "model/importers/Finding.h"

#include "model/core/KeyTable.h"

namespace secreview {
namespace {
constexpr auto kKinds = makeKeyTable<IssueKind>({{IssueKind::Code, "code"},
                                                 {IssueKind::Package, "package"},
                                                 {IssueKind::Configuration, "configuration"},
                                                 {IssueKind::Secret, "secret"},
                                                 {IssueKind::License, "license"}});
} // namespace

QString issueKindKey(IssueKind kind)
{
    return kKinds.key(kind);
}

} // namespace secreview
