#include "model/input/JsonInput.h"

#include "model/core/Numbers.h"
#include "model/input/InputFile.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <limits>

namespace secreview {
namespace {

// The offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1.
// simdjson only says "invalid UTF-8"; the user needs to know where.
qint64 firstInvalidUtf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        size_t len = 0;
        unsigned min = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, min = 0x10000;
        } else {
            return qint64(i);
        }
        if (i + len > n)
            return qint64(i);
        unsigned cp = c & (0xFF >> (len + 1));
        for (size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80)
                return qint64(i);
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return qint64(i);
        i += len;
    }
    return -1;
}

QString lineColumn(const char *data, qint64 offset)
{
    qint64 line = 1, column = 1;
    for (qint64 i = 0; i < offset; ++i) {
        if (data[i] == '\n')
            ++line, column = 1;
        else
            ++column;
    }
    return QStringLiteral("line %1, column %2 (byte %3)").arg(line).arg(column).arg(offset);
}

// The JSON path of the first number that does not fit 64 bits (simdjson refuses those without
// saying where; Qt's parser reads them as doubles).
QString hugeNumberPath(const QJsonValue &v, const QString &path)
{
    if (v.isDouble()) {
        const double d = v.toDouble();
        return (d >= 9.2e18 || d <= -9.2e18) ? path : QString();
    }
    if (v.isArray()) {
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString found = hugeNumberPath(a.at(i), path + QStringLiteral("[%1]").arg(i));
            if (!found.isEmpty())
                return found;
        }
    } else if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString found = hugeNumberPath(it.value(), path + QLatin1Char('.') + it.key());
            if (!found.isEmpty())
                return found;
        }
    }
    return {};
}

// Where a JSON text first breaks a rule that simdjson reports without a place (and Qt's parser
// lets through): an unescaped control character (NUL included) in a string, an invalid escape or
// a lone UTF-16 surrogate, nesting past maxDepth, or a string longer than maxString bytes. One
// pass; offset -1 when none of them is there.
struct JsonProblem
{
    qint64 offset = -1;
    QString what;
};

JsonProblem findProblem(const char *data, qint64 n, size_t maxDepth, qint64 maxString)
{
    auto hex4 = [&](qint64 at) -> int {
        if (at + 4 > n)
            return -1;
        int v = 0;
        for (qint64 k = at; k < at + 4; ++k) {
            const char c = data[k];
            const int d = (c >= '0' && c <= '9')   ? c - '0'
                          : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                          : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                   : -1;
            if (d < 0)
                return -1;
            v = v * 16 + d;
        }
        return v;
    };
    size_t depth = 0;
    for (qint64 i = 0; i < n; ++i) {
        const char c = data[i];
        if (c == '[' || c == '{') {
            if (++depth > maxDepth)
                return {i, QStringLiteral("JSON nested deeper than %1 levels").arg(maxDepth)};
        } else if (c == ']' || c == '}') {
            depth = depth > 0 ? depth - 1 : 0;
        } else if (c == '"') {
            const qint64 start = i;
            for (++i; i < n && data[i] != '"'; ++i) {
                const auto b = static_cast<unsigned char>(data[i]);
                if (b < 0x20)
                    return {i, QStringLiteral("an unescaped control character (U+%1) in a string")
                                   .arg(QString::number(b, 16).toUpper().rightJustified(4, QLatin1Char('0')))};
                if (b != '\\')
                    continue;
                const char e = i + 1 < n ? data[i + 1] : '\0';
                if (e != 'u') {
                    if (!QByteArrayView("\"\\/bfnrt").contains(e))
                        return {i, QStringLiteral("an invalid escape in a string")};
                    ++i;
                    continue;
                }
                const int unit = hex4(i + 2);
                if (unit < 0)
                    return {i, QStringLiteral("an invalid \\u escape in a string")};
                if (unit >= 0xDC00 && unit <= 0xDFFF)
                    return {i, QStringLiteral("a lone low surrogate (\\u%1) in a string").arg(unit, 4, 16)};
                if (unit >= 0xD800 && unit <= 0xDBFF) {
                    const int low = i + 7 < n && data[i + 6] == '\\' && data[i + 7] == 'u' ? hex4(i + 8) : -1;
                    if (low < 0xDC00 || low > 0xDFFF)
                        return {i, QStringLiteral("a lone high surrogate (\\u%1) in a string").arg(unit, 4, 16)};
                    i += 6;
                }
                i += 5;
            }
            if (i - start - 1 > maxString)
                return {start, QStringLiteral("a string of %1 bytes, over the limit of %2 bytes")
                                   .arg(i - start - 1)
                                   .arg(maxString)};
        }
    }
    return {};
}

} // namespace

qint64 JsonDocument::maxBytes()
{
    return InputFile::maxBytes();
}

void JsonDocument::refuseLongStrings(const QByteArray &bytes, const QString &name)
{
    // A file larger than the longest string allowed might hold one: refuse it by its place before
    // the parser copies it (a 1 GiB string would take three times that in memory).
    if (bytes.size() <= kMaxStringBytes)
        return;
    const JsonProblem problem = findProblem(bytes.constData(), bytes.size(), simdjson::DEFAULT_MAX_DEPTH, kMaxStringBytes);
    if (problem.offset >= 0 && problem.what.startsWith(QLatin1String("a string of")))
        throw Error(ErrorKind::BadInput,
                    QStringLiteral("%1: at %2: %3").arg(name, lineColumn(bytes.constData(), problem.offset), problem.what));
}

JsonDocument::JsonDocument(const QString &path, const QString &displayName)
    : JsonDocument(InputFile(path, displayName))
{
}

JsonDocument::JsonDocument(const InputFile &file)
    : m_name(file.name()), m_size(file.size())
{
    const QByteArray &bytes = file.bytes();
    refuseLongStrings(bytes, m_name);
    static_assert(InputFile::kPadding >= simdjson::SIMDJSON_PADDING);
    // In place when the file was read with the parser's padding; copied otherwise.
    auto result = m_parser.parse(bytes.constData(), size_t(bytes.size()), !file.hasPadding());
    if (result.error() == simdjson::SUCCESS) {
        m_root = result.value_unsafe();
        return;
    }
    // JSON Lines (TruffleHog v3, some Gitleaks and OSV outputs): one JSON value per line. Read as
    // the array of those values, each line checked on its own so that an error names its line.
    if (const auto lines = jsonLines(bytes)) {
        auto joined = m_parser.parse(lines->constData(), size_t(lines->size()), true);
        if (joined.error() == simdjson::SUCCESS) {
            m_root = joined.value_unsafe();
            return;
        }
    }
    syntaxError(bytes.constData(), size_t(bytes.size()), result.error());
}

std::optional<QByteArray> JsonDocument::jsonLines(const QByteArray &bytes) const
{
    const QList<QByteArray> lines = bytes.split('\n');
    int values = 0;
    for (const QByteArray &line : lines)
        values += line.trimmed().isEmpty() ? 0 : 1;
    if (values < 2)
        return std::nullopt;
    QByteArray out;
    out.reserve(bytes.size() + values + 2);
    out.append('[');
    simdjson::dom::parser lineParser;
    int lineNumber = 0;
    bool first = true;
    for (const QByteArray &line : lines) {
        ++lineNumber;
        const QByteArray trimmed = line.trimmed();
        if (trimmed.isEmpty())
            continue;
        if (!trimmed.startsWith('{'))
            return std::nullopt; // not JSON Lines of objects: report the whole file's error
        auto parsed = lineParser.parse(trimmed.constData(), size_t(trimmed.size()), true);
        if (parsed.error() != simdjson::SUCCESS) {
            if (lineNumber == 1)
                return std::nullopt;
            throw Error(ErrorKind::BadInput,
                        QStringLiteral("%1: at line %2: not valid JSON (%3); expected one JSON "
                                       "object per line")
                            .arg(m_name)
                            .arg(lineNumber)
                            .arg(QString::fromLatin1(simdjson::error_message(parsed.error()))));
        }
        if (!first)
            out.append(',');
        first = false;
        out.append(trimmed);
    }
    out.append(']');
    return out;
}

void JsonDocument::syntaxError(const char *data, size_t length, simdjson::error_code code) const
{
    if (code == simdjson::UTF8_ERROR) {
        const qint64 at = firstInvalidUtf8(reinterpret_cast<const unsigned char *>(data), length);
        throw Error(ErrorKind::BadInput,
                    QStringLiteral("%1: at %2: not valid UTF-8; expected a UTF-8 JSON file")
                        .arg(m_name, lineColumn(data, qMax<qint64>(at, 0))));
    }
    // Errors simdjson and Qt's parser leave without a place: found by a pass of our own.
    if (code == simdjson::DEPTH_ERROR || code == simdjson::UNESCAPED_CHARS || code == simdjson::STRING_ERROR) {
        const JsonProblem problem =
            findProblem(data, qint64(length), simdjson::DEFAULT_MAX_DEPTH, std::numeric_limits<qint64>::max());
        if (problem.offset >= 0)
            throw Error(ErrorKind::BadInput, QStringLiteral("%1: at %2: %3; expected a JSON result file")
                                                 .arg(m_name, lineColumn(data, problem.offset), problem.what));
    }
    if (code == simdjson::DEPTH_ERROR)
        throw Error(ErrorKind::BadInput, QStringLiteral("%1: JSON nested deeper than %2 levels")
                                             .arg(m_name)
                                             .arg(simdjson::DEFAULT_MAX_DEPTH));
    if (code == simdjson::CAPACITY)
        throw Error(ErrorKind::BadInput, QStringLiteral("%1: too large for the JSON parser").arg(m_name));
    // simdjson reports what is wrong but not where; Qt's parser finds the offset of a syntax error.
    // This runs only on files that failed, so the second pass costs nothing on good input.
    QJsonParseError qtError;
    const QByteArray bytes = QByteArray::fromRawData(data, qsizetype(length));
    const QJsonDocument qtDocument = QJsonDocument::fromJson(bytes, &qtError);
    QString where;
    if (qtError.error != QJsonParseError::NoError) {
        where = QStringLiteral("at %1: %2").arg(lineColumn(data, qtError.offset), qtError.errorString());
    } else if (code == simdjson::NUMBER_ERROR) {
        const QString path = hugeNumberPath(qtDocument.isArray() ? QJsonValue(qtDocument.array())
                                                                 : QJsonValue(qtDocument.object()),
                                            QStringLiteral("$"));
        throw Error(ErrorKind::BadInput,
                    QStringLiteral("%1: at %2: a number too large to read exactly (over 64 bits)")
                        .arg(m_name, path.isEmpty() ? QStringLiteral("$") : path));
    } else {
        where = QString::fromLatin1(simdjson::error_message(code));
    }
    const bool truncated = qtError.error == QJsonParseError::UnterminatedObject ||
                           qtError.error == QJsonParseError::UnterminatedArray ||
                           qtError.error == QJsonParseError::UnterminatedString ||
                           (code == simdjson::TAPE_ERROR && qtError.offset >= qsizetype(length) - 1);
    throw Error(ErrorKind::BadInput,
                QStringLiteral("%1: %2: %3; expected a JSON result file")
                    .arg(m_name,
                         truncated ? QStringLiteral("truncated JSON") : QStringLiteral("not valid JSON"),
                         where));
}

// --- JsonNode ---------------------------------------------------------------------------------

QByteArray JsonNode::rawJson(qsizetype limit) const
{
    const std::string text = simdjson::minify(m_el);
    if (qsizetype(text.size()) <= limit)
        return QByteArray(text.data(), qsizetype(text.size()));
    return QByteArray(text.data(), limit) + "\n... (cut at " + QByteArray::number(limit) + " of " +
           QByteArray::number(qsizetype(text.size())) + " bytes)";
}

QString JsonNode::typeName() const
{
    using T = simdjson::dom::element_type;
    switch (m_el.type()) {
    case T::ARRAY:
        return QStringLiteral("an array");
    case T::OBJECT:
        return QStringLiteral("an object");
    case T::INT64:
    case T::UINT64:
    case T::DOUBLE:
        return QStringLiteral("a number");
    case T::STRING:
        return QStringLiteral("a string");
    case T::BOOL:
        return QStringLiteral("a boolean");
    case T::NULL_VALUE:
        return QStringLiteral("null");
    }
    return QStringLiteral("a value");
}

void JsonNode::fail(const QString &what) const
{
    throw Error(ErrorKind::BadInput, QStringLiteral("%1: at %2: %3").arg(*m_file, m_path, what));
}

void JsonNode::expected(const char *what) const
{
    fail(QStringLiteral("expected %1, found %2").arg(QLatin1String(what), typeName()));
}

bool JsonNode::has(const char *key) const
{
    if (!isObject())
        return false;
    simdjson::dom::element v;
    return m_el.get_object().value_unsafe()[key].get(v) == simdjson::SUCCESS;
}

std::optional<JsonNode> JsonNode::member(const char *key) const
{
    if (!isObject())
        expected("an object");
    simdjson::dom::element v;
    if (m_el.get_object().value_unsafe()[key].get(v) != simdjson::SUCCESS || v.is_null())
        return std::nullopt;
    return JsonNode(v, m_path + QLatin1Char('.') + QLatin1String(key), m_file);
}

JsonNode JsonNode::required(const char *key) const
{
    auto v = member(key);
    if (!v)
        fail(QStringLiteral("missing the required member \"%1\"").arg(QLatin1String(key)));
    return *v;
}

QString JsonNode::toQString() const
{
    std::string_view s;
    if (m_el.get_string().get(s) != simdjson::SUCCESS)
        expected("a string");
    return secreview::toQString(s);
}

QString JsonNode::scalarText() const
{
    using T = simdjson::dom::element_type;
    switch (m_el.type()) {
    case T::STRING:
        return toQString();
    case T::INT64:
        return QString::number(m_el.get_int64().value_unsafe());
    case T::UINT64:
        return QString::number(m_el.get_uint64().value_unsafe());
    case T::DOUBLE:
        return QString::number(m_el.get_double().value_unsafe());
    case T::BOOL:
        return m_el.get_bool().value_unsafe() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return {};
    }
}

QString JsonNode::string(const char *key, const QString &fallback) const
{
    auto v = member(key);
    return v ? v->toQString() : fallback;
}

QString JsonNode::requiredString(const char *key) const
{
    const JsonNode node = required(key);
    const QString text = node.toQString();
    if (text.trimmed().isEmpty())
        node.fail(QStringLiteral("expected a non-empty string"));
    return text;
}

std::optional<qint64> JsonNode::integer(const char *key) const
{
    auto v = member(key);
    if (!v)
        return std::nullopt;
    int64_t i;
    if (v->m_el.get_int64().get(i) == simdjson::SUCCESS)
        return qint64(i);
    // A whole number written as a double counts (a line of 3e97, found by fuzzing, does not).
    double d;
    const std::optional<qint64> whole =
        v->m_el.get_double().get(d) == simdjson::SUCCESS ? wholeNumber(d) : std::nullopt;
    if (!whole)
        v->expected("an integer");
    return whole;
}

std::optional<double> JsonNode::number(const char *key) const
{
    auto v = member(key);
    if (!v)
        return std::nullopt;
    if (!v->isNumber())
        v->expected("a number");
    double d;
    if (v->m_el.get_double().get(d) == simdjson::SUCCESS)
        return d;
    int64_t i;
    if (v->m_el.get_int64().get(i) == simdjson::SUCCESS)
        return double(i);
    uint64_t u;
    if (v->m_el.get_uint64().get(u) == simdjson::SUCCESS)
        return double(u);
    v->expected("a number");
}

std::optional<double> JsonNode::numberOrNumeric(const char *key) const
{
    auto v = member(key);
    if (!v)
        return std::nullopt;
    if (v->isString()) {
        bool ok = false;
        const double d = v->toQString().trimmed().toDouble(&ok);
        if (!ok)
            return std::nullopt; // a word ("High") is for the caller to read as text
        return d;
    }
    return number(key);
}

std::optional<bool> JsonNode::boolean(const char *key) const
{
    auto v = member(key);
    if (!v)
        return std::nullopt;
    bool b;
    if (v->m_el.get_bool().get(b) != simdjson::SUCCESS)
        v->expected("true or false");
    return b;
}

void JsonNode::forEach(const std::function<void(const JsonNode &)> &f) const
{
    simdjson::dom::array array;
    if (m_el.get_array().get(array) != simdjson::SUCCESS)
        expected("an array");
    qsizetype index = 0;
    for (simdjson::dom::element item : array) {
        f(JsonNode(item, m_path + QLatin1Char('[') + QString::number(index) + QLatin1Char(']'), m_file));
        ++index;
    }
}

void JsonNode::forEachIn(const char *key, const std::function<void(const JsonNode &)> &f) const
{
    if (auto v = member(key))
        v->forEach(f);
}

QStringList JsonNode::strings(const char *key) const
{
    QStringList out;
    forEachIn(key, [&out](const JsonNode &item) {
        if (!item.isNull())
            out.append(item.toQString());
    });
    return out;
}

void JsonNode::forEachMember(const std::function<void(const QString &, const JsonNode &)> &f) const
{
    simdjson::dom::object object;
    if (m_el.get_object().get(object) != simdjson::SUCCESS)
        expected("an object");
    for (auto field : object) {
        const QString name = secreview::toQString(field.key);
        f(name, JsonNode(field.value, m_path + QLatin1Char('.') + name, m_file));
    }
}

} // namespace secreview
