#include "model/importers/Finding.h"

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

} // namespace secreview
