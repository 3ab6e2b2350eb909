#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <array>
#include <optional>

namespace secreview {

// A vocabulary's words, written once: each enum value with the key that SQL rows, JSON and the
// command line spell it as. key() and fromKey() replace a switch and a loop per enum.
template <typename E, std::size_t N> class KeyTable
{
public:
    struct Entry
    {
        E value;
        const char *key; // Latin-1
    };

    constexpr explicit KeyTable(const std::array<Entry, N> &entries) : m_entries(entries) {}

    QString key(E value) const
    {
        for (const Entry &e : m_entries) {
            if (e.value == value)
                return QString::fromLatin1(e.key);
        }
        return {};
    }

    std::optional<E> fromKey(QStringView key, Qt::CaseSensitivity cs = Qt::CaseSensitive) const
    {
        for (const Entry &e : m_entries) {
            if (key.compare(QLatin1String(e.key), cs) == 0)
                return e.value;
        }
        return std::nullopt;
    }

    QList<E> values() const
    {
        QList<E> out;
        for (const Entry &e : m_entries)
            out.append(e.value);
        return out;
    }

    QStringList keys() const
    {
        QStringList out;
        for (const Entry &e : m_entries)
            out.append(QString::fromLatin1(e.key));
        return out;
    }

private:
    std::array<Entry, N> m_entries;
};

// The table's type from its entries: makeKeyTable<ExemptionStatus>({{{Pending, "pending"}, ...}}).
template <typename E, std::size_t N>
constexpr KeyTable<E, N> makeKeyTable(const typename KeyTable<E, N>::Entry (&entries)[N])
{
    std::array<typename KeyTable<E, N>::Entry, N> a{};
    for (std::size_t i = 0; i < N; ++i)
        a[i] = entries[i];
    return KeyTable<E, N>(a);
}

} // namespace secreview
