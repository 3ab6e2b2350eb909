#pragma once

#include <QByteArray>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

struct evp_md_ctx_st; // OpenSSL's EVP_MD_CTX

namespace secreview {

// SHA-256 over large inputs (a result file, the rows an import stored): OpenSSL's libcrypto,
// which uses the processor's SHA instructions where it has them (five times libsodium's speed
// on this project's machine, which was three times QCryptographicHash's), with the same digests
// (decision 83).
class Sha256
{
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;

    void addData(const char *data, qsizetype size);
    void addData(const QByteArray &bytes) { addData(bytes.constData(), bytes.size()); }
    QByteArray result(); // once
    static QByteArray hash(const QByteArray &bytes);

private:
    evp_md_ctx_st *m_ctx;
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
