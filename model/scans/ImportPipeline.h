#pragma once

#include "model/importers/Finding.h"

#include <functional>

namespace secreview {

class ScanWriter;

// Runs an import's reading and its writing side by side: read (the importer walking the parsed
// file) runs on a thread of its own, where each finding is also checked and converted
// (FindingPreparer); the caller's thread stores them through writer, in the importer's order
// (the database connection stays on the thread that opened it). At most a few thousand
// findings wait between the two. An error of either side ends both: the reader's is thrown
// here once the findings it handed over before it are stored (as if read and stored in one
// loop); when storing fails (or the import is cancelled) the reader is stopped at its next
// finding and the storing error is thrown. Returns what read returns.
ScanInfo readThrough(ScanWriter &writer, const std::function<ScanInfo(FindingSink &)> &read);

} // namespace secreview
