#pragma once

#include <QString>

namespace secreview {

// What Harness accepts as an entity's identifier (a pipeline's, a stage's, a step's): a letter or
// an underscore, then letters, digits, underscores or dollars, at most 128 characters, and none of
// the expression language's reserved words (developer.harness.io, "Entity identifier reference").
// Empty when identifier is one; else why not, as a sentence part ("is not a Harness identifier: ...").
QString harnessIdentifierProblem(const QString &identifier);

} // namespace secreview
