#include "model/pipelines/WhenCondition.h"

#include <QList>
#include <QRegularExpression>

namespace secreview {
namespace {

// <+name>: an expression, bare or inside a string literal.
const QRegularExpression &expressionPattern()
{
    static const QRegularExpression pattern(QStringLiteral(R"(<\+([^<>]+)>)"));
    return pattern;
}

// The condition cannot be read here at all (syntax secreview does not evaluate, or broken).
struct Unreadable
{
    QString reason;
};

// Three-valued: a value, or not known offline (with why). && and || decide what they can:
// false && unknown is false, true || unknown is true, as JEXL's short-circuit would.
struct Operand
{
    bool known = true;
    QString text;
    QString why;
    bool literalKeyword = false; // true, false or null written as a word: never a number

    static Operand unknown(const QString &why) { return {false, {}, why, false}; }
    static Operand boolean(bool b)
    {
        return {true, b ? QStringLiteral("true") : QStringLiteral("false"), {}, true};
    }

    std::optional<double> number() const
    {
        // Written as JEXL writes numbers: not "nan", "inf" or "1e3", which compare as text.
        static const QRegularExpression decimal(QStringLiteral(R"(^-?\d+(\.\d+)?$)"));
        const QString t = text.trimmed();
        if (literalKeyword || !decimal.match(t).hasMatch())
            return std::nullopt;
        return t.toDouble();
    }

    // As a condition: true/false, a number (non-zero is true), null (false).
    std::optional<bool> truth(QString *reason) const
    {
        if (!known) {
            *reason = why;
            return std::nullopt;
        }
        const QString t = text.trimmed();
        if (t.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0)
            return true;
        if (t.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0 || t == QLatin1String("null"))
            return false;
        if (const auto n = number())
            return *n != 0;
        *reason = QStringLiteral("'%1' is not a boolean").arg(t);
        return std::nullopt;
    }
};

struct Token
{
    enum class Kind
    {
        Value,    // a literal or a <+...> expression, already resolved
        Operator, // == != < <= > >= && || !
        Open,     // (
        Close,    // )
        End
    };
    Kind kind = Kind::End;
    QString op;    // Operator
    Operand value; // Value
};

class Lexer
{
public:
    Lexer(const QString &text, const WhenCondition::Resolver &resolve) : m_text(text), m_resolve(resolve) {}

    QList<Token> tokens()
    {
        QList<Token> out;
        while (true) {
            skipSpace();
            if (m_pos >= m_text.size())
                break;
            const bool valueExpected = out.isEmpty() || (out.constLast().kind != Token::Kind::Value &&
                                                         out.constLast().kind != Token::Kind::Close);
            out.append(next(valueExpected));
        }
        out.append(Token{});
        return out;
    }

private:
    void skipSpace()
    {
        while (m_pos < m_text.size() && m_text.at(m_pos).isSpace())
            ++m_pos;
    }

    static Token value(const Operand &o) { return {Token::Kind::Value, {}, o}; }
    static Token value(const QString &text) { return value(Operand{true, text, {}, false}); }
    static Token unknown(const QString &expression)
    {
        return value(Operand::unknown(QStringLiteral("%1 has no value offline").arg(expression)));
    }
    static Token op(const QString &text) { return {Token::Kind::Operator, text, {}}; }

    // <+name>, resolved; a method call after it (<+x>.contains(..)) is not read.
    Token expression()
    {
        const QRegularExpressionMatch m = expressionPattern().match(
            m_text, m_pos, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
        if (!m.hasMatch())
            throw Unreadable{QStringLiteral("it has an unterminated <+ expression")};
        m_pos = m.capturedEnd();
        if (m_pos < m_text.size() && m_text.at(m_pos) == QLatin1Char('.'))
            throw Unreadable{QStringLiteral("it calls a method on %1").arg(m.captured(0))};
        const QString name = m.captured(1).trimmed();
        if (const std::optional<QString> v = m_resolve(name))
            return value(*v);
        return unknown(m.captured(0));
    }

    // '...' or "...", with backslash escapes; <+...> inside is replaced by its value.
    Token string()
    {
        const QChar quote = m_text.at(m_pos++);
        QString raw;
        bool closed = false;
        while (m_pos < m_text.size()) {
            const QChar c = m_text.at(m_pos++);
            if (c == QLatin1Char('\\') && m_pos < m_text.size()) {
                const QChar e = m_text.at(m_pos++);
                raw += e == QLatin1Char('n')   ? QChar(QLatin1Char('\n'))
                       : e == QLatin1Char('t') ? QChar(QLatin1Char('\t'))
                                               : e;
                continue;
            }
            if (c == quote) {
                closed = true;
                break;
            }
            raw += c;
        }
        if (!closed)
            throw Unreadable{QStringLiteral("it has an unterminated string")};
        QString text;
        qsizetype last = 0;
        for (auto it = expressionPattern().globalMatch(raw); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            text += raw.mid(last, m.capturedStart() - last);
            last = m.capturedEnd();
            const std::optional<QString> v = m_resolve(m.captured(1).trimmed());
            if (!v)
                return unknown(m.captured(0));
            text += *v;
        }
        text += raw.mid(last);
        return value(text);
    }

    // valueExpected: where a value may start, '-' before a digit is a negative number.
    Token next(bool valueExpected)
    {
        const QChar c = m_text.at(m_pos);
        const QStringView rest = QStringView(m_text).mid(m_pos);
        if (rest.startsWith(QLatin1String("<+")))
            return expression();
        if (c == QLatin1Char('"') || c == QLatin1Char('\''))
            return string();
        const bool negative =
            valueExpected && c == QLatin1Char('-') && rest.size() > 1 && rest.at(1).isDigit();
        if (c.isDigit() || negative) {
            const qsizetype start = m_pos;
            if (negative)
                ++m_pos;
            while (m_pos < m_text.size() &&
                   (m_text.at(m_pos).isDigit() || m_text.at(m_pos) == QLatin1Char('.')))
                ++m_pos;
            return value(m_text.mid(start, m_pos - start));
        }
        if (c.isLetter() || c == QLatin1Char('_')) {
            const qsizetype start = m_pos;
            while (m_pos < m_text.size() &&
                   (m_text.at(m_pos).isLetterOrNumber() || m_text.at(m_pos) == QLatin1Char('_')))
                ++m_pos;
            const QString word = m_text.mid(start, m_pos - start);
            static const QHash<QString, QString> words{
                {QStringLiteral("and"), QStringLiteral("&&")}, {QStringLiteral("or"), QStringLiteral("||")},
                {QStringLiteral("not"), QStringLiteral("!")},  {QStringLiteral("eq"), QStringLiteral("==")},
                {QStringLiteral("ne"), QStringLiteral("!=")},  {QStringLiteral("lt"), QStringLiteral("<")},
                {QStringLiteral("le"), QStringLiteral("<=")},  {QStringLiteral("gt"), QStringLiteral(">")},
                {QStringLiteral("ge"), QStringLiteral(">=")}};
            if (const auto w = words.constFind(word); w != words.constEnd())
                return op(*w);
            if (word == QLatin1String("true") || word == QLatin1String("false") ||
                word == QLatin1String("null"))
                return value(Operand{true, word, {}, true});
            throw Unreadable{QStringLiteral("it uses '%1'").arg(word)};
        }
        for (const char *o : {"==", "!=", "<=", ">=", "&&", "||"}) {
            if (rest.startsWith(QLatin1String(o))) {
                m_pos += 2;
                return op(QString::fromLatin1(o));
            }
        }
        if (rest.startsWith(QLatin1String("=~")) || rest.startsWith(QLatin1String("!~")))
            throw Unreadable{QStringLiteral("it matches a regular expression (%1)").arg(rest.left(2))};
        ++m_pos;
        if (c == QLatin1Char('<') || c == QLatin1Char('>') || c == QLatin1Char('!'))
            return op(QString(c));
        if (c == QLatin1Char('('))
            return {Token::Kind::Open, {}, {}};
        if (c == QLatin1Char(')'))
            return {Token::Kind::Close, {}, {}};
        throw Unreadable{QStringLiteral("it uses '%1'").arg(c)};
    }

    const QString &m_text;
    const WhenCondition::Resolver &m_resolve;
    qsizetype m_pos = 0;
};

// or := and ('||' and)* ; and := unary ('&&' unary)* ; unary := '!' unary | comparison ;
// comparison := primary (cmp primary)? ; primary := value | '(' or ')'
class Parser
{
public:
    explicit Parser(QList<Token> tokens) : m_tokens(std::move(tokens)) {}

    Operand parse()
    {
        Operand o = disjunction(0);
        if (peek().kind != Token::Kind::End)
            throw Unreadable{QStringLiteral("it has text after the end of the expression")};
        return o;
    }

private:
    const Token &peek() const { return m_tokens.at(m_at); }
    bool isOp(const char *o) const
    {
        return peek().kind == Token::Kind::Operator && peek().op == QLatin1String(o);
    }
    static void guard(int depth)
    {
        if (depth > WhenCondition::kMaxDepth)
            throw Unreadable{QStringLiteral("it nests deeper than %1 levels").arg(WhenCondition::kMaxDepth)};
    }

    // Kleene logic: a known false decides &&, a known true decides ||.
    static Operand combine(const Operand &a, const Operand &b, bool isAnd)
    {
        QString whyA, whyB;
        const std::optional<bool> x = a.truth(&whyA);
        const std::optional<bool> y = b.truth(&whyB);
        if (x && *x != isAnd)
            return Operand::boolean(!isAnd);
        if (y && *y != isAnd)
            return Operand::boolean(!isAnd);
        if (x && y)
            return Operand::boolean(isAnd);
        return Operand::unknown(x ? whyB : whyA);
    }

    Operand disjunction(int depth)
    {
        Operand left = conjunction(depth);
        while (isOp("||")) {
            ++m_at;
            left = combine(left, conjunction(depth), false);
        }
        return left;
    }

    Operand conjunction(int depth)
    {
        Operand left = unary(depth);
        while (isOp("&&")) {
            ++m_at;
            left = combine(left, unary(depth), true);
        }
        return left;
    }

    Operand unary(int depth)
    {
        if (isOp("!")) {
            ++m_at;
            guard(depth + 1);
            const Operand o = unary(depth + 1);
            QString why;
            const std::optional<bool> t = o.truth(&why);
            return t ? Operand::boolean(!*t) : Operand::unknown(why);
        }
        return comparison(depth);
    }

    Operand comparison(int depth)
    {
        const Operand left = primary(depth);
        for (const char *o : {"==", "!=", "<=", ">=", "<", ">"}) {
            if (!isOp(o))
                continue;
            ++m_at;
            const Operand right = primary(depth);
            if (!left.known)
                return left;
            if (!right.known)
                return right;
            int order = 0;
            const auto x = left.number();
            const auto y = right.number();
            if (x && y)
                order = *x < *y ? -1 : *x > *y ? 1 : 0;
            else
                order = left.text.compare(right.text);
            const QLatin1String op(o);
            const bool r = op == QLatin1String("==")   ? order == 0
                           : op == QLatin1String("!=") ? order != 0
                           : op == QLatin1String("<=") ? order <= 0
                           : op == QLatin1String(">=") ? order >= 0
                           : op == QLatin1String("<")  ? order < 0
                                                       : order > 0;
            return Operand::boolean(r);
        }
        return left;
    }

    Operand primary(int depth)
    {
        const Token t = peek();
        if (t.kind == Token::Kind::Open) {
            ++m_at;
            guard(depth + 1);
            Operand inner = disjunction(depth + 1);
            if (peek().kind != Token::Kind::Close)
                throw Unreadable{QStringLiteral("it has a '(' without its ')'")};
            ++m_at;
            return inner;
        }
        if (t.kind == Token::Kind::Value) {
            ++m_at;
            return t.value;
        }
        throw Unreadable{t.kind == Token::Kind::End
                             ? QStringLiteral("it ends too early")
                             : QStringLiteral("it has '%1' where a value belongs")
                                   .arg(t.kind == Token::Kind::Close ? QStringLiteral(")") : t.op)};
    }

    QList<Token> m_tokens;
    qsizetype m_at = 0;
};

} // namespace

ConditionResult WhenCondition::evaluate(const QString &condition, const Resolver &resolve)
{
    try {
        const Operand o = Parser(Lexer(condition, resolve).tokens()).parse();
        QString why;
        const std::optional<bool> value = o.truth(&why);
        return {value, value ? QString() : why};
    } catch (const Unreadable &u) {
        return {std::nullopt, u.reason};
    }
}

} // namespace secreview
