#pragma once

#include <QByteArray>
#include <QString>
#include <future>

namespace secreview {

// A result file read once, whole: its bytes (a UTF-8 BOM removed), size and SHA-256, within the
// import size limit. Every format's parser starts from one, so the limits and the errors for
// unreadable, empty and oversize files are the same for JSON, JSON Lines and XML.
class InputFile
{
public:
    static constexpr qint64 kDefaultMaxBytes = qint64(1) << 30; // 1 GiB; SECREVIEW_MAX_INPUT_MB overrides
    static qint64 maxBytes();

    // Throws Error(BadInput) naming the file: unreadable, empty, over the limit.
    InputFile(const QString &path, const QString &displayName);
    // From memory (fuzzing, tests): the same checks, no file.
    InputFile(QByteArray bytes, const QString &displayName);

    const QString &name() const { return m_name; }
    // Without a leading BOM; at least kPadding bytes of spare capacity follow the content when
    // the file was read from disk (hasPadding()), so a JSON parser can read it in place.
    const QByteArray &bytes() const { return m_bytes; }
    bool hasPadding() const { return m_bytes.capacity() - m_bytes.size() >= kPadding; }
    static constexpr qsizetype kPadding = 64; // simdjson's SIMDJSON_PADDING
    qint64 size() const { return m_size; } // as on disk, BOM included
    // Of the file as on disk. Computed on a second thread while the file is parsed and imported;
    // this waits for it.
    const QByteArray &sha256Hex() const { return m_sha256.get(); }
    // True when the first byte that is not white space is '<' (XML); JSON otherwise.
    bool looksLikeXml() const;

private:
    void take(QByteArray bytes);

    QString m_name;
    QByteArray m_bytes;
    qint64 m_size = 0;
    std::shared_future<QByteArray> m_sha256;
};

} // namespace secreview
