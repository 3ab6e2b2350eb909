#pragma once

#include "model/store/Database.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <deque>
#include <future>
#include <optional>

namespace secreview {

// A scan's raw entries (each occurrence's entry as the scanner wrote it, for the Raw tab), kept
// once per scan: the entries one after another in chunks of about kChunk bytes, each chunk
// compressed (zlib) into a row of scan_raw(scan_id, chunk, size, data); an occurrence names its
// entry's chunk, offset and length (decision 79). An entry is never split between chunks.
// Occurrences imported before schema 10 keep their entry in occurrence.raw.
struct RawPlace
{
    qint64 chunk = 0;
    qint64 offset = 0;
    qint64 length = 0;
};

// The place a row of occurrence names (raw_chunk, raw_offset, raw_length).
RawPlace rawPlace(const Query &occurrence);

// Writes one scan's entries during its import. Each full chunk is compressed on a thread of its
// own while the import goes on (at most two at once); on a file those done are stored as the
// next chunk closes, on a server at finish() (its COPY holds the connection until the
// occurrences are written); finish() stores the rest.
class RawEntryWriter
{
public:
    static constexpr qsizetype kChunk = 256 * 1024;
    // An entry longer than this is cut (ScanWriter), so that no chunk exceeds
    // RawEntryReader::kMaxChunk; the importers cut their entries at 64 KiB already, but an entry
    // made of many members (Harness STO's) is not.
    static constexpr qsizetype kMaxEntry = 1024 * 1024;

    RawEntryWriter(const Database &db, qint64 scanId);
    ~RawEntryWriter();
    RawEntryWriter(const RawEntryWriter &) = delete;
    RawEntryWriter &operator=(const RawEntryWriter &) = delete;

    RawPlace add(QByteArrayView entry);
    void finish();

private:
    struct Compressed
    {
        qint64 chunk = 0;
        qint64 size = 0;
        QByteArray data;
    };
    void closeChunk(); // the current chunk off to be compressed
    void storeFirst(); // the oldest compression, once done

    Database m_db;
    const qint64 m_scanId;
    qint64 m_chunk = 0;
    QByteArray m_current;
    std::deque<std::future<Compressed>> m_compressing;
};

// Reads one scan's entries back: each chunk is read and inflated once while it is the one in use
// (occurrences in their import order read a chunk after the other). A chunk that is missing, is
// not what its row says, or does not hold the place asked for yields no entry: the seal, which
// covers every entry's bytes, then tells that the scan was changed (audit verify).
class RawEntryReader
{
public:
    // Larger than any chunk an import writes (kChunk and one entry of kMaxEntry, cut): a chunk
    // that says more is refused unread (a hostile row would otherwise have the reader inflate
    // gigabytes).
    static constexpr qint64 kMaxChunk = RawEntryWriter::kChunk + RawEntryWriter::kMaxEntry + 1024;

    RawEntryReader(const Database &db, qint64 scanId);

    std::optional<QByteArray> entry(const RawPlace &place);

private:
    const QByteArray *chunk(qint64 number);

    Database m_db;
    const qint64 m_scanId;
    qint64 m_cached = -1;
    std::optional<QByteArray> m_chunk;
};

} // namespace secreview
