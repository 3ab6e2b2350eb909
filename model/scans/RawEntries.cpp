#include "model/scans/RawEntries.h"

#include "model/core/Error.h"

#include <zlib.h>

namespace secreview {
namespace {

// Level 1: JSON text still shrinks to a fifth or less, at several times the speed of the default.
QByteArray deflated(const QByteArray &bytes)
{
    uLongf size = compressBound(uLong(bytes.size()));
    QByteArray out(qsizetype(size), Qt::Uninitialized);
    if (compress2(reinterpret_cast<Bytef *>(out.data()), &size, reinterpret_cast<const Bytef *>(bytes.constData()),
                  uLong(bytes.size()), 1) != Z_OK)
        return {};
    out.truncate(qsizetype(size));
    out.squeeze(); // a server's import keeps every chunk until its COPY ends: no slack
    return out;
}

// Exactly size bytes out of data, or nothing.
std::optional<QByteArray> inflated(const QByteArray &data, qint64 size)
{
    if (size < 0 || size > RawEntryReader::kMaxChunk)
        return std::nullopt;
    QByteArray out(qsizetype(size), Qt::Uninitialized);
    uLongf produced = uLongf(size);
    uLong consumed = uLong(data.size());
    // uncompress2 stops at the buffer's end: a stream that holds more fails (Z_BUF_ERROR).
    if (uncompress2(reinterpret_cast<Bytef *>(out.data()), &produced,
                    reinterpret_cast<const Bytef *>(data.constData()), &consumed) != Z_OK ||
        qint64(produced) != size || qsizetype(consumed) != data.size())
        return std::nullopt;
    return out;
}

} // namespace

RawPlace rawPlace(const Query &occurrence)
{
    if (occurrence.isNull(u"raw_offset") || occurrence.isNull(u"raw_length"))
        return {occurrence.integer(u"raw_chunk"), -1, -1}; // no place: unreadable
    return {occurrence.integer(u"raw_chunk"), occurrence.integer(u"raw_offset"), occurrence.integer(u"raw_length")};
}

RawEntryWriter::RawEntryWriter(const Database &db, qint64 scanId) : m_db(db), m_scanId(scanId)
{
    m_current.reserve(kChunk);
}

RawEntryWriter::~RawEntryWriter()
{
    for (auto &f : m_compressing) // an import that failed: its threads end before it unwinds
        f.wait();
}

RawPlace RawEntryWriter::add(QByteArrayView entry)
{
    if (!m_current.isEmpty() && m_current.size() + entry.size() > kChunk)
        closeChunk();
    const RawPlace place{m_chunk, m_current.size(), entry.size()};
    m_current.append(entry);
    return place;
}

void RawEntryWriter::closeChunk()
{
    for (size_t i = 0; i + 1 < m_compressing.size(); ++i) // two at most: the last one and this one
        m_compressing[i].wait();
    // The entries are let go once compressed (the task's state lives until its result is stored).
    m_compressing.push_back(std::async(std::launch::async, [chunk = m_chunk, bytes = std::move(m_current)]() mutable {
        const QByteArray entries = std::move(bytes);
        return Compressed{chunk, entries.size(), deflated(entries)};
    }));
    m_current = QByteArray();
    m_current.reserve(kChunk);
    ++m_chunk;
    // Those done are stored while the import goes on, where the connection is free for it.
    while (!m_db.isServer() && !m_compressing.empty() &&
           m_compressing.front().wait_for(std::chrono::seconds(0)) == std::future_status::ready)
        storeFirst();
}

void RawEntryWriter::storeFirst()
{
    const Compressed chunk = m_compressing.front().get();
    m_compressing.pop_front();
    if (chunk.data.isEmpty())
        throw Error(ErrorKind::DatabaseUnavailable,
                    QStringLiteral("cannot compress the raw entries of scan %1").arg(m_scanId));
    Query(m_db, QStringLiteral("INSERT INTO scan_raw(scan_id, chunk, size, data) VALUES (:s, :c, :n, :d)"))
        .bind(QStringLiteral(":s"), m_scanId)
        .bind(QStringLiteral(":c"), chunk.chunk)
        .bind(QStringLiteral(":n"), chunk.size)
        .bind(QStringLiteral(":d"), chunk.data)
        .exec();
}

void RawEntryWriter::finish()
{
    if (!m_current.isEmpty())
        closeChunk();
    while (!m_compressing.empty())
        storeFirst();
}

RawEntryReader::RawEntryReader(const Database &db, qint64 scanId) : m_db(db), m_scanId(scanId)
{
}

const QByteArray *RawEntryReader::chunk(qint64 number)
{
    if (number != m_cached) {
        m_cached = number;
        m_chunk.reset();
        Query q(m_db, QStringLiteral("SELECT size, data FROM scan_raw WHERE scan_id = :s AND chunk = :c"));
        q.bind(QStringLiteral(":s"), m_scanId).bind(QStringLiteral(":c"), number).exec();
        if (q.next())
            m_chunk = inflated(q.value(u"data").toByteArray(), q.integer(u"size"));
    }
    return m_chunk ? &*m_chunk : nullptr;
}

std::optional<QByteArray> RawEntryReader::entry(const RawPlace &place)
{
    const QByteArray *bytes = chunk(place.chunk);
    if (!bytes || place.offset < 0 || place.length < 0 || place.offset > bytes->size() ||
        place.length > bytes->size() - place.offset)
        return std::nullopt;
    return bytes->mid(qsizetype(place.offset), qsizetype(place.length));
}

} // namespace secreview
