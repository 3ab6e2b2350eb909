#include "views/audit/AuditDetails.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QTimeZone>

namespace secreview::views {
namespace {

QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("AuditDetails", text, disambiguation, n);
}

QString time(double ms)
{
    return QDateTime::fromMSecsSinceEpoch(qint64(ms), QTimeZone::utc()).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

bool isTimeKey(const QString &key)
{
    return key.endsWith(QLatin1String("At")) || key == QLatin1String("at") || key == QLatin1String("expires");
}

bool isUserKey(const QString &key)
{
    return key == QLatin1String("requestedBy") || key == QLatin1String("reviewedBy") || key == QLatin1String("user");
}

// "requestedAt" -> "requested at", "durationDays" -> "duration days".
QString words(const QString &key)
{
    QString out;
    for (const QChar c : key) {
        if (c.isUpper() && !out.isEmpty())
            out += QLatin1Char(' ');
        out += c.toLower();
    }
    return out;
}

QString value(const QString &key, const QJsonValue &v, const QHash<qint64, QString> &users)
{
    if (v.isNull() || v.isUndefined())
        return {};
    if (v.isDouble()) {
        if (isTimeKey(key) && v.toDouble() > 1e11)
            return time(v.toDouble());
        if (isUserKey(key))
            return users.value(qint64(v.toDouble()), tr("user #%1").arg(qint64(v.toDouble())));
        return QString::number(v.toDouble(), 'g', 15);
    }
    if (v.isBool())
        return v.toBool() ? tr("yes") : tr("no");
    if (v.isArray()) {
        QStringList parts;
        for (const QJsonValue &item : v.toArray())
            parts.append(value(key, item, users));
        return parts.join(QStringLiteral(", "));
    }
    if (v.isObject())
        return {}; // described by its parent
    const QString text = v.toString();
    if (key == QLatin1String("sha256") || key == QLatin1String("hash"))
        return text.left(12) + QStringLiteral("…");
    return text;
}

// The fields of an exemption's state worth a line: what, where, how long, why, who, when.
QString exemptionState(const QJsonObject &state, const QHash<qint64, QString> &users)
{
    QStringList parts;
    if (const QString key = state.value(QStringLiteral("issueKey")).toString(); !key.isEmpty())
        parts.append(key);
    if (const QString scope = state.value(QStringLiteral("scope")).toString(); !scope.isEmpty())
        parts.append(tr("%1 scope").arg(scope));
    if (state.value(QStringLiteral("durationDays")).isDouble())
        parts.append(tr("%n day(s)", nullptr, state.value(QStringLiteral("durationDays")).toInt()));
    else if (const QString until = state.value(QStringLiteral("untilDate")).toString(); !until.isEmpty())
        parts.append(tr("until %1").arg(until));
    else
        parts.append(tr("permanent"));
    if (const QString reason = state.value(QStringLiteral("reason")).toString(); !reason.isEmpty())
        parts.append(tr("reason %1").arg(reason));
    if (state.value(QStringLiteral("requestedBy")).isDouble())
        parts.append(tr("requested by %1 on %2")
                         .arg(value(QStringLiteral("requestedBy"), state.value(QStringLiteral("requestedBy")), users),
                              value(QStringLiteral("requestedAt"), state.value(QStringLiteral("requestedAt")), users)));
    if (state.value(QStringLiteral("reviewedBy")).isDouble())
        parts.append(tr("reviewed by %1 on %2")
                         .arg(value(QStringLiteral("reviewedBy"), state.value(QStringLiteral("reviewedBy")), users),
                              value(QStringLiteral("reviewedAt"), state.value(QStringLiteral("reviewedAt")), users)));
    if (state.value(QStringLiteral("expiresAt")).isDouble())
        parts.append(tr("expires %1").arg(value(QStringLiteral("expiresAt"), state.value(QStringLiteral("expiresAt")), users)));
    return parts.join(QStringLiteral(", "));
}

} // namespace

QString describeAuditDetails(const QString &details, const QHash<qint64, QString> &users)
{
    const QJsonDocument doc = QJsonDocument::fromJson(details.toUtf8());
    if (!doc.isObject())
        return details;
    const QJsonObject o = doc.object();
    QStringList parts;
    if (o.contains(QStringLiteral("to"))) {
        const QString from = o.value(QStringLiteral("from")).toString();
        parts.append(from.isEmpty() ? QStringLiteral("→ %1").arg(o.value(QStringLiteral("to")).toString())
                                    : QStringLiteral("%1 → %2").arg(from, o.value(QStringLiteral("to")).toString()));
    }
    if (o.value(QStringLiteral("before")).isObject() || o.value(QStringLiteral("after")).isObject()) {
        // A setting's before and after (a project's policy): the fields that changed.
        const QJsonObject before = o.value(QStringLiteral("before")).toObject();
        const QJsonObject after = o.value(QStringLiteral("after")).toObject();
        QStringList keys = before.keys() + after.keys();
        keys.removeDuplicates();
        for (const QString &key : std::as_const(keys)) {
            if (before.value(key) == after.value(key))
                continue;
            auto shown = [&](const QJsonValue &v) {
                const QString text = v.isObject() ? QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact))
                                                  : value(key, v, users);
                return text.isEmpty() ? tr("(none)") : text;
            };
            parts.append(QStringLiteral("%1 %2 → %3").arg(words(key), shown(before.value(key)), shown(after.value(key))));
        }
    } else if (o.contains(QStringLiteral("before")) || o.contains(QStringLiteral("after"))) {
        const QString before = value(QStringLiteral("before"), o.value(QStringLiteral("before")), users);
        const QString after = value(QStringLiteral("after"), o.value(QStringLiteral("after")), users);
        parts.append(QStringLiteral("%1 → %2").arg(before.isEmpty() ? tr("(none)") : before,
                                                   after.isEmpty() ? tr("(none)") : after));
    }
    if (const QString comment = o.value(QStringLiteral("comment")).toString(); !comment.isEmpty())
        parts.append(QStringLiteral("“%1”").arg(comment));
    if (o.value(QStringLiteral("state")).isObject())
        parts.append(exemptionState(o.value(QStringLiteral("state")).toObject(), users));
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        const QString key = it.key();
        if (key == QLatin1String("from") || key == QLatin1String("to") || key == QLatin1String("before") ||
            key == QLatin1String("after") || key == QLatin1String("comment") || key == QLatin1String("state") ||
            key == QLatin1String("passwordDigest") || key == QLatin1String("seal"))
            continue;
        const QString text = value(key, it.value(), users);
        if (!text.isEmpty())
            parts.append(QStringLiteral("%1 %2").arg(words(key), text));
    }
    return parts.join(QStringLiteral(" · "));
}

} // namespace secreview::views
