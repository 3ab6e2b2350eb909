#include "model/input/InputFile.h"

#include "model/core/Error.h"
#include "model/input/RegularFile.h"

#include "model/core/Sha256.h"

#include <limits>

namespace secreview {
namespace {

std::shared_future<QByteArray> makeReadyFuture(QByteArray value)
{
    std::promise<QByteArray> promise;
    promise.set_value(std::move(value));
    return promise.get_future().share();
}

} // namespace

qint64 InputFile::maxBytes()
{
    bool ok = false;
    const qint64 mb = qEnvironmentVariable("SECREVIEW_MAX_INPUT_MB").toLongLong(&ok);
    if (!ok || mb <= 0)
        return kDefaultMaxBytes;
    return mb > std::numeric_limits<qint64>::max() / (1024 * 1024) ? std::numeric_limits<qint64>::max()
                                                                   : mb * 1024 * 1024;
}

InputFile::InputFile(const QString &path, const QString &displayName) : m_name(displayName)
{
    take(readRegularFile(path, displayName, maxBytes(), QStringLiteral("a result file"),
                         QStringLiteral("the import limit; set SECREVIEW_MAX_INPUT_MB to raise it"), kPadding));
}

InputFile::InputFile(QByteArray bytes, const QString &displayName) : m_name(displayName)
{
    if (bytes.size() > maxBytes())
        throw Error(ErrorKind::BadInput, QStringLiteral("%1: %2 bytes is over the import limit of %3 bytes")
                                             .arg(m_name)
                                             .arg(bytes.size())
                                             .arg(maxBytes()));
    take(std::move(bytes));
}

void InputFile::take(QByteArray bytes)
{
    m_size = bytes.size();
    if (m_size == 0)
        throw Error(ErrorKind::BadInput,
                    QStringLiteral("%1: the file is empty; expected a result file").arg(m_name));
    if (bytes.startsWith("\xEF\xBB\xBF")) { // rare: hashed here, then moved down in place
        m_sha256 = makeReadyFuture(Sha256::hash(bytes).toHex());
        bytes.remove(0, 3);
        m_bytes = std::move(bytes);
        return;
    }
    m_bytes = std::move(bytes);
    // The hash reads a shallow copy (nothing writes to the bytes, so they are never detached).
    m_sha256 = std::async(std::launch::async, [copy = m_bytes] {
                   return Sha256::hash(copy).toHex();
               }).share();
}

bool InputFile::looksLikeXml() const
{
    for (char c : m_bytes) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return c == '<';
    }
    return false;
}

} // namespace secreview
