#pragma once

#include "model/core/Error.h"
#include "model/core/Text.h"

#include <QByteArray>
#include <QString>
#include <functional>
#include <optional>
#include <simdjson.h>

namespace secreview {

class InputFile;

// A JSON result file parsed with simdjson (a tape, not a tree of Qt containers), and the place of
// any problem in it: syntax errors by line and column, shape errors by JSON path.
class JsonDocument
{
public:
    // Reads and parses the file (a UTF-8 BOM is skipped). Throws BadInput naming the file and
    // the place: empty, too large, not UTF-8, not JSON, truncated. A file of JSON Lines (one
    // object per line) reads as the array of its lines' objects.
    JsonDocument(const QString &path, const QString &displayName);
    explicit JsonDocument(const InputFile &file);

    simdjson::dom::element root() const { return m_root; }
    const QString &displayName() const { return m_name; }
    qint64 size() const { return m_size; }

    static qint64 maxBytes();
    // The longest string a result file may hold; a longer one is refused before parsing.
    static constexpr qint64 kMaxStringBytes = 64 * 1024 * 1024;
    // Throws BadInput naming the place of a string over kMaxStringBytes (looked for only in a
    // file larger than that): the check every JSON parse of a result file starts with.
    static void refuseLongStrings(const QByteArray &bytes, const QString &name);

private:
    std::optional<QByteArray> jsonLines(const QByteArray &bytes) const;
    [[noreturn]] void syntaxError(const char *data, size_t length, simdjson::error_code code) const;

    QString m_name;
    qint64 m_size = 0;
    simdjson::dom::parser m_parser;
    simdjson::dom::element m_root;
};

// A JSON value together with where it is ($.runs[0].results[3]) and in which file, so that a
// wrong shape is reported as "FILE: at $.runs[0].results: expected an array, found a number".
class JsonNode
{
public:
    JsonNode(simdjson::dom::element element, QString path, const QString *file)
        : m_el(element), m_path(std::move(path)), m_file(file)
    {
    }

    const QString &path() const { return m_path; }
    simdjson::dom::element element() const { return m_el; }
    bool isObject() const { return m_el.type() == simdjson::dom::element_type::OBJECT; }
    bool isArray() const { return m_el.type() == simdjson::dom::element_type::ARRAY; }
    bool isNull() const { return m_el.is_null(); }
    bool isString() const { return m_el.is_string(); }
    bool isNumber() const { return m_el.is_number(); }

    bool has(const char *key) const;
    // A member, or nullopt when it is missing or null. Throws if this is not an object.
    std::optional<JsonNode> member(const char *key) const;
    JsonNode required(const char *key) const;

    // Typed members: missing or null gives the fallback; another type is a BadInput error.
    QString string(const char *key, const QString &fallback = {}) const;
    QString requiredString(const char *key) const; // present, a string, and not blank
    std::optional<qint64> integer(const char *key) const;
    std::optional<double> number(const char *key) const;          // a JSON number
    std::optional<double> numberOrNumeric(const char *key) const; // also "7.5"
    std::optional<bool> boolean(const char *key) const;

    // This value as compact JSON text, for the raw view of a finding; cut at limit bytes
    // (marked with a trailing note) so that a huge entry does not bloat the database.
    QByteArray rawJson(qsizetype limit = kRawLimit) const;
    static constexpr qsizetype kRawLimit = 64 * 1024;

    QString toQString() const;  // this value as a string; BadInput when it is not one
    QString scalarText() const; // a string, number or bool as text; empty for others

    // Calls f for each element of this array (BadInput if it is not an array).
    void forEach(const std::function<void(const JsonNode &)> &f) const;
    // Calls f for each element of member key, if present and not null (BadInput if not an array).
    void forEachIn(const char *key, const std::function<void(const JsonNode &)> &f) const;
    // For each string of the array member key (non-strings are a BadInput error).
    QStringList strings(const char *key) const;
    void forEachMember(const std::function<void(const QString &, const JsonNode &)> &f) const;

    [[noreturn]] void fail(const QString &what) const;
    [[noreturn]] void expected(const char *what) const;
    QString typeName() const;

private:
    simdjson::dom::element m_el;
    QString m_path;
    const QString *m_file;
};

// A JSON string as secreview keeps it. U+0000, which scanners echo from the requests they sent
// (Mayhem, TruffleHog3 on PHP's serialized data), becomes U+FFFD on both engines: PostgreSQL's
// text cannot hold it, and no view or terminal shows it. The Raw tab still shows the \u0000.
// U+FFFE and U+FFFF become U+FFFD too (storableText: SQLite gives them back so), so that two
// keys that differ only there are one issue from the start.
inline QString toQString(std::string_view v)
{
    QString s = QString::fromUtf8(v.data(), static_cast<qsizetype>(v.size()));
    if (v.find('\0') != std::string_view::npos)
        s.replace(QChar(u'\0'), QChar(QChar::ReplacementCharacter));
    return storableText(std::move(s));
}

} // namespace secreview
