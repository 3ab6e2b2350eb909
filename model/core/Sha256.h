#pragma once

#include <QByteArray>
#include <sodium.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace secreview {

// SHA-256 over large inputs (a result file, the rows an import stored): libsodium's, about three
// times as fast as QCryptographicHash's on this project's machine, with the same digests.
class Sha256
{
public:
    Sha256() { crypto_hash_sha256_init(&m_state); }
    void addData(const char *data, qsizetype size)
    {
        crypto_hash_sha256_update(&m_state, reinterpret_cast<const unsigned char *>(data),
                                  static_cast<unsigned long long>(size));
    }
    void addData(const QByteArray &bytes) { addData(bytes.constData(), bytes.size()); }
    QByteArray result()
    {
        QByteArray out(crypto_hash_sha256_BYTES, Qt::Uninitialized);
        crypto_hash_sha256_final(&m_state, reinterpret_cast<unsigned char *>(out.data()));
        return out;
    }
    static QByteArray hash(const QByteArray &bytes)
    {
        Sha256 h;
        h.addData(bytes);
        return h.result();
    }

private:
    crypto_hash_sha256_state m_state;
};

// SHA-256 of a long stream, hashed on a second thread while the caller goes on producing it
// (an import's rows: parsing and SQLite on one core, the hash on the other). The data is copied
// into 1 MiB chunks; at most kMaxQueued of them wait, so memory stays bounded. A short stream
// never starts the thread.
class Sha256Stream
{
public:
    Sha256Stream() = default;
    ~Sha256Stream();
    Sha256Stream(const Sha256Stream &) = delete;
    Sha256Stream &operator=(const Sha256Stream &) = delete;

    void addData(const char *data, qsizetype size);
    QByteArray result(); // waits for the thread; once

    static constexpr size_t kChunk = size_t(1) << 20;
    static constexpr size_t kMaxQueued = 8;

private:
    void hashQueued();
    void stop();

    Sha256 m_hash;
    std::string m_chunk;
    std::deque<std::string> m_queue;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_done = false;
    std::thread m_thread;
};

} // namespace secreview
