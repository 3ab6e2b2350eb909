#include "model/core/Sha256.h"

#include <openssl/evp.h>

#include <cstdlib>

namespace secreview {

namespace {

// Fetched once: an implicit fetch per context costs more than hashing a short value.
const EVP_MD *sha256()
{
    static EVP_MD *const md = [] {
        EVP_MD *m = EVP_MD_fetch(nullptr, "SHA256", nullptr);
        if (!m)
            std::abort(); // libcrypto without SHA-256: nothing secreview stores could be sealed
        return m;
    }();
    return md;
}

} // namespace

Sha256::Sha256()
    : m_ctx(EVP_MD_CTX_new())
{
    if (!m_ctx || EVP_DigestInit_ex2(m_ctx, sha256(), nullptr) != 1)
        std::abort();
}

Sha256::~Sha256()
{
    EVP_MD_CTX_free(m_ctx);
}

void Sha256::addData(const char *data, qsizetype size)
{
    if (size > 0 && EVP_DigestUpdate(m_ctx, data, size_t(size)) != 1)
        std::abort();
}

QByteArray Sha256::result()
{
    QByteArray out(32, Qt::Uninitialized);
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(m_ctx, reinterpret_cast<unsigned char *>(out.data()), &length) != 1 || length != 32)
        std::abort();
    return out;
}

QByteArray Sha256::hash(const QByteArray &bytes)
{
    Sha256 h;
    h.addData(bytes);
    return h.result();
}

Sha256Stream::~Sha256Stream()
{
    stop();
}

void Sha256Stream::addData(const char *data, qsizetype size)
{
    while (size > 0) {
        if (m_chunk.capacity() < kChunk)
            m_chunk.reserve(kChunk);
        const size_t n = std::min(size_t(size), kChunk - m_chunk.size());
        m_chunk.append(data, n);
        data += n;
        size -= qsizetype(n);
        if (m_chunk.size() < kChunk)
            return;
        if (!m_thread.joinable())
            m_thread = std::thread([this] { hashQueued(); });
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_queue.size() < kMaxQueued; });
        m_queue.push_back(std::move(m_chunk));
        m_chunk = std::string();
        lock.unlock();
        m_changed.notify_all();
    }
}

void Sha256Stream::hashQueued()
{
    for (;;) {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return !m_queue.empty() || m_done; });
        if (m_queue.empty())
            return;
        std::string chunk = std::move(m_queue.front());
        m_queue.pop_front();
        lock.unlock();
        m_changed.notify_all();
        m_hash.addData(chunk.data(), qsizetype(chunk.size()));
    }
}

void Sha256Stream::stop()
{
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_done = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

QByteArray Sha256Stream::result()
{
    stop(); // the thread hashes what is queued, in order, then ends
    m_hash.addData(m_chunk.data(), qsizetype(m_chunk.size()));
    m_chunk.clear();
    return m_hash.result();
}

} // namespace secreview
