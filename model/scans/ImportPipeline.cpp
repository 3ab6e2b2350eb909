#include "model/scans/ImportPipeline.h"

#include "model/scans/ScanWriter.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace secreview {
namespace {

constexpr size_t kBatch = 128;    // findings handed over at once
constexpr size_t kMaxBatches = 4; // batches waiting at most

using Batch = std::vector<PreparedFinding>;

// What the two threads share.
struct Handover
{
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<Batch> batches;
    std::vector<Batch> spent; // stored, to be freed by the reader (which allocated them)
    bool readerDone = false;    // no batch will come
    bool writerStopped = false; // no batch will be taken
    std::exception_ptr readError;
    ScanInfo info;
};

struct WriterStopped
{
};

// The reader's side: prepares each finding and hands them over in batches.
class HandoverSink final : public FindingSink
{
public:
    HandoverSink(Handover &handover, const QString &file, bool forServer)
        : m_handover(handover), m_preparer(file, forServer)
    {
        m_batch.reserve(kBatch);
    }

    void add(const Finding &finding) override
    {
        m_batch.push_back(m_preparer.prepare(finding));
        if (m_batch.size() >= kBatch)
            flush();
    }

    // Hands over what is prepared; throws WriterStopped once the writer has given up.
    void flush()
    {
        std::unique_lock lock(m_handover.mutex);
        m_handover.changed.wait(lock, [this] {
            return m_handover.batches.size() < kMaxBatches || m_handover.writerStopped;
        });
        if (m_handover.writerStopped)
            throw WriterStopped();
        if (!m_batch.empty()) {
            m_handover.batches.push_back(std::move(m_batch));
            m_batch = Batch();
            m_batch.reserve(kBatch);
        }
        std::vector<Batch> spent;
        spent.swap(m_handover.spent);
        lock.unlock();
        m_handover.changed.notify_all();
        // spent is freed here, outside the lock, on the thread whose allocator made it
    }

private:
    Handover &m_handover;
    FindingPreparer m_preparer;
    Batch m_batch;
};

void readAll(Handover &handover, HandoverSink &sink, const std::function<ScanInfo(FindingSink &)> &read)
{
    std::exception_ptr error;
    try {
        ScanInfo info = read(sink);
        sink.flush();
        std::lock_guard lock(handover.mutex);
        handover.info = std::move(info);
    } catch (const WriterStopped &) {
    } catch (...) {
        error = std::current_exception();
        try {
            sink.flush(); // the findings read before the error are stored before it is reported
        } catch (const WriterStopped &) {
        }
    }
    {
        std::lock_guard lock(handover.mutex);
        handover.readError = error;
        handover.readerDone = true;
    }
    handover.changed.notify_all();
}

} // namespace

ScanInfo readThrough(ScanWriter &writer, const std::function<ScanInfo(FindingSink &)> &read)
{
    Handover handover;
    HandoverSink sink(handover, writer.file(), writer.isServer());
    std::thread reader([&] { readAll(handover, sink, read); });
    // However this ends, the reader is told and waited for before what it uses goes away.
    struct Join
    {
        Handover &handover;
        std::thread &reader;
        ~Join()
        {
            {
                std::lock_guard lock(handover.mutex);
                handover.writerStopped = true;
            }
            handover.changed.notify_all();
            reader.join();
        }
    } join{handover, reader};

    for (;;) {
        std::unique_lock lock(handover.mutex);
        handover.changed.wait(lock, [&] { return !handover.batches.empty() || handover.readerDone; });
        if (handover.batches.empty())
            break; // the reader is done and everything it handed over is stored
        Batch batch = std::move(handover.batches.front());
        handover.batches.pop_front();
        lock.unlock();
        handover.changed.notify_all();
        for (PreparedFinding &f : batch)
            writer.store(std::move(f));
        lock.lock();
        handover.spent.push_back(std::move(batch));
    }
    std::lock_guard lock(handover.mutex);
    if (handover.readError)
        std::rethrow_exception(handover.readError);
    return handover.info;
}

} // namespace secreview
