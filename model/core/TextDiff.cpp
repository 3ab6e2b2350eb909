#include "model/core/TextDiff.h"

#include <vector>

namespace secreview {

QList<TextDiff::Line> TextDiff::lines(const QStringList &a, const QStringList &b)
{
    qsizetype prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix])
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
           a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
        ++suffix;

    QList<Line> out;
    for (qsizetype i = 0; i < prefix; ++i)
        out.append({' ', a[i]});
    const qsizetype n = a.size() - prefix - suffix;
    const qsizetype m = b.size() - prefix - suffix;
    if (n * m <= kMaxTableCells) {
        // lcs[i][j]: the longest common subsequence of a's middle from i and b's middle from j.
        std::vector<int> lcs(size_t((n + 1) * (m + 1)), 0);
        auto at = [&](qsizetype i, qsizetype j) -> int & { return lcs[size_t(i * (m + 1) + j)]; };
        for (qsizetype i = n - 1; i >= 0; --i) {
            for (qsizetype j = m - 1; j >= 0; --j) {
                at(i, j) = a[prefix + i] == b[prefix + j] ? at(i + 1, j + 1) + 1
                                                          : std::max(at(i + 1, j), at(i, j + 1));
            }
        }
        qsizetype i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
                out.append({' ', a[prefix + i]});
                ++i;
                ++j;
            } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
                out.append({'-', a[prefix + i]});
                ++i;
            } else {
                out.append({'+', b[prefix + j]});
                ++j;
            }
        }
    } else {
        for (qsizetype i = 0; i < n; ++i)
            out.append({'-', a[prefix + i]});
        for (qsizetype j = 0; j < m; ++j)
            out.append({'+', b[prefix + j]});
    }
    for (qsizetype i = a.size() - suffix; i < a.size(); ++i)
        out.append({' ', a[i]});
    return out;
}

QString TextDiff::unified(const QString &before, const QString &after, const QString &beforeName,
                          const QString &afterName, int context)
{
    if (before == after)
        return {};
    // A final newline ends the last line; it does not start an empty one.
    auto split = [](const QString &text) {
        QStringList l = text.split(QLatin1Char('\n'));
        if (text.endsWith(QLatin1Char('\n')))
            l.removeLast();
        return l;
    };
    const QList<Line> all = lines(split(before), split(after));
    QString out = QStringLiteral("--- %1\n+++ %2\n").arg(beforeName, afterName);
    qsizetype k = 0;
    int lineA = 1, lineB = 1; // line numbers at all[k]
    while (k < all.size()) {
        // The next change, and the hunk around it (changes closer than 2*context merge).
        qsizetype change = k;
        int a = lineA, b = lineB;
        while (change < all.size() && all[change].kind == ' ') {
            ++change;
            ++a;
            ++b;
        }
        if (change == all.size())
            break;
        const qsizetype start = std::max(k, change - context);
        const int startA = a - int(change - start), startB = b - int(change - start);
        qsizetype end = change;
        qsizetype lastChange = change;
        while (end < all.size() && end - lastChange <= 2 * context) {
            if (all[end].kind != ' ')
                lastChange = end;
            ++end;
        }
        end = std::min(all.size(), lastChange + 1 + context);
        int countA = 0, countB = 0;
        QString body;
        for (qsizetype i = start; i < end; ++i) {
            body += QLatin1Char(all[i].kind) + all[i].text + QLatin1Char('\n');
            if (all[i].kind != '+')
                ++countA;
            if (all[i].kind != '-')
                ++countB;
        }
        out += QStringLiteral("@@ -%1,%2 +%3,%4 @@\n").arg(startA).arg(countA).arg(startB).arg(countB) + body;
        lineA = startA + countA;
        lineB = startB + countB;
        k = end;
    }
    return out;
}

} // namespace secreview
