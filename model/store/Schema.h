#pragma once

#include <QList>
#include <QStringList>

namespace secreview {

// The ordered schema steps: element N takes a database from version N to N+1. Steps are only
// ever appended; a released step is never edited. "%ID%" is the engine's surrogate key column.
QList<QStringList> schemaMigrations();

} // namespace secreview
