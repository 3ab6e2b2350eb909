#include "JsonInput.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

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

} // namespace

qint64 JsonDocument::maxBytes()
{
    bool ok = false;
    const qint64 mb = qEnvironmentVariable("SECREVIEW_MAX_INPUT_MB").toLongLong(&ok);
    return ok && mb > 0 ? mb * 1024 * 1024 : kDefaultMaxBytes;
}

JsonDocument::JsonDocument(const QString &path, const QString &displayName) : m_name(displayName)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(ErrorKind::BadInput,
                    QStringLiteral("%1: cannot read: %2").arg(m_name, file.errorString()));
    m_size = file.size();
    if (m_size > maxBytes())
        throw Error(ErrorKind::BadInput, QStringLiteral("%1: %2 bytes is over the import limit of %3 bytes "
                                                        "(set SECREVIEW_MAX_INPUT_MB to raise it)")
                                             .arg(m_name)
                                             .arg(m_size)
                                             .arg(maxBytes()));
    if (m_size == 0)
        throw Error(ErrorKind::BadInput,
                    QStringLiteral("%1: the file is empty; expected a JSON result file").arg(m_name));

    simdjson::padded_string buffer(static_cast<size_t>(m_size));
    if (file.read(buffer.data(), m_size) != m_size)
        throw Error(ErrorKind::BadInput,
                    QStringLiteral("%1: cannot read: %2").arg(m_name, file.errorString()));
    m_sha256 =
        QCryptographicHash::hash(QByteArrayView(buffer.data(), m_size), QCryptographicHash::Sha256).toHex();

    const char *data = buffer.data();
    size_t length = buffer.size();
    if (length >= 3 && static_cast<unsigned char>(data[0]) == 0xEF &&
        static_cast<unsigned char>(data[1]) == 0xBB && static_cast<unsigned char>(data[2]) == 0xBF) {
        data += 3;
        length -= 3;
    }
    // parse() copies into the parser's own padded buffer when the input is a view; keep it simple
    // and let the parser own the bytes it points into.
    auto result = m_parser.parse(data, length, true);
    if (result.error() != simdjson::SUCCESS)
        syntaxError(data, length, result.error());
    m_root = result.value_unsafe();
}

void JsonDocument::syntaxError(const char *data, size_t length, simdjson::error_code code) const
{
    if (code == simdjson::UTF8_ERROR) {
        const qint64 at = firstInvalidUtf8(reinterpret_cast<const unsigned char *>(data), length);
        throw Error(ErrorKind::BadInput,
                    QStringLiteral("%1: at %2: not valid UTF-8; expected a UTF-8 JSON file")
                        .arg(m_name, lineColumn(data, qMax<qint64>(at, 0))));
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
    return required(key).toQString();
}

std::optional<qint64> JsonNode::integer(const char *key) const
{
    auto v = member(key);
    if (!v)
        return std::nullopt;
    int64_t i;
    if (v->m_el.get_int64().get(i) == simdjson::SUCCESS)
        return qint64(i);
    double d;
    if (v->m_el.get_double().get(d) == simdjson::SUCCESS && d == double(qint64(d)))
        return qint64(d);
    v->expected("an integer");
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
