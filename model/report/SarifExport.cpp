// export --format sarif: SARIF 2.1.0 (OASIS), as GitHub code scanning and other consumers read it.
#include "model/report/Exports.h"

#include "model/core/KeyTable.h"
#include "model/report/ExemptionJson.h"
#include "model/report/JsonValues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>
#include <map>

namespace secreview::report {
namespace {

constexpr auto kFormats = makeKeyTable<ExportFormat>({{ExportFormat::Sarif, "sarif"},
                                                      {ExportFormat::Csv, "csv"},
                                                      {ExportFormat::Json, "json"},
                                                      {ExportFormat::Html, "html"},
                                                      {ExportFormat::Pdf, "pdf"}});

// SARIF's level for a severity, as GitHub reads it back (error, warning, note).
QString levelOf(Severity s)
{
    switch (s) {
    case Severity::Critical:
    case Severity::High:
        return QStringLiteral("error");
    case Severity::Medium:
        return QStringLiteral("warning");
    case Severity::Low:
    case Severity::Info:
        break;
    }
    return QStringLiteral("note");
}

// security-severity as consumers band it (9.0+ critical, 7.0+ high, 4.0+ medium, 0.1+ low, 0
// info): the issue's score when it lies in its severity's band, else a number in the middle of
// that band, so that the severity a reader derives is ours (decision 89).
QString securitySeverity(Severity s, const std::optional<double> &score)
{
    if (score && severityFromScore(*score) == s)
        return QString::number(*score, 'f', 1);
    switch (s) {
    case Severity::Critical:
        return QStringLiteral("9.5");
    case Severity::High:
        return QStringLiteral("8.0");
    case Severity::Medium:
        return QStringLiteral("5.5");
    case Severity::Low:
        return QStringLiteral("2.0");
    case Severity::Info:
        break;
    }
    return QStringLiteral("0.0");
}

// A file's path as a URI reference: a valid http(s) or file URL as it is, anything else
// percent-encoded (":" too, so that "C:" or "a:b/c" never reads as a scheme; "/" kept).
QString uriOf(const QString &path)
{
    const QUrl asUrl(path, QUrl::StrictMode);
    const QString scheme = asUrl.scheme().toLower();
    if (asUrl.isValid() && (scheme == QLatin1String("http") || scheme == QLatin1String("https") || scheme == QLatin1String("file")))
        return QString::fromLatin1(asUrl.toEncoded());
    QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(path, QByteArrayLiteral("/-._~!$&'()*+,;=@")));
    if (encoded.startsWith(QLatin1String("//"))) // "//host/share": a path, not an authority
        encoded.replace(1, 1, QStringLiteral("%2F"));
    return encoded;
}

QJsonObject locationOf(const OccurrenceRow &o)
{
    QJsonObject location;
    if (!o.filePath.isEmpty()) {
        QJsonObject physical{{QStringLiteral("artifactLocation"), QJsonObject{{QStringLiteral("uri"), uriOf(o.filePath)}}}};
        if (o.line > 0)
            physical.insert(QStringLiteral("region"), QJsonObject{{QStringLiteral("startLine"), o.line}});
        location.insert(QStringLiteral("physicalLocation"), physical);
    }
    if (!o.package.isEmpty()) {
        const QString name = o.installedVersion.isEmpty() ? o.package : o.package + QLatin1Char('@') + o.installedVersion;
        location.insert(QStringLiteral("logicalLocations"),
                        QJsonArray{QJsonObject{{QStringLiteral("fullyQualifiedName"), name},
                                               {QStringLiteral("kind"), QStringLiteral("package")}}});
    }
    if (location.isEmpty() && !o.location.isEmpty())
        location.insert(QStringLiteral("logicalLocations"),
                        QJsonArray{QJsonObject{{QStringLiteral("fullyQualifiedName"), o.location}}});
    if (!o.location.isEmpty())
        location.insert(QStringLiteral("message"), QJsonObject{{QStringLiteral("text"), o.location}});
    return location;
}

// The exemption as a SARIF suppression (external: it is not in the code).
std::optional<QJsonObject> suppressionOf(const ExemptionInfo &e)
{
    QString status;
    switch (e.status) {
    case ExemptionStatus::Approved:
        status = QStringLiteral("accepted");
        break;
    case ExemptionStatus::Pending:
        status = QStringLiteral("underReview");
        break;
    case ExemptionStatus::Rejected:
        status = QStringLiteral("rejected");
        break;
    default:
        return std::nullopt; // expired, cancelled, deleted: no longer a suppression
    }
    QString justification = e.reason == ExemptionReason::Other ? QString() : exemptionReasonName(e.reason);
    if (!e.description.isEmpty())
        justification += (justification.isEmpty() ? QString() : QStringLiteral(": ")) + e.description;
    QJsonObject properties = json::exemption(e, true);
    properties.insert(QStringLiteral("url"), e.url);
    properties.insert(QStringLiteral("decisionComment"), e.decisionComment);
    QJsonObject s{{QStringLiteral("kind"), QStringLiteral("external")},
                  {QStringLiteral("status"), status},
                  {QStringLiteral("properties"), QJsonObject{{QStringLiteral("secreview"), properties}}}};
    if (!justification.isEmpty())
        s.insert(QStringLiteral("justification"), justification);
    return s;
}

// What the scanner itself wrote of a SARIF result: its fingerprints and property bag.
QJsonObject originalResult(const OccurrenceRow &o)
{
    if (!o.raw.startsWith(QLatin1Char('{')))
        return {};
    const QJsonDocument doc = QJsonDocument::fromJson(o.raw.toUtf8());
    return doc.isObject() ? doc.object() : QJsonObject{};
}

struct Run
{
    QJsonArray rules;
    std::map<QString, int> ruleIndex; // issue key -> index in rules
    QJsonArray results;
};

} // namespace

QString exportFormatKey(ExportFormat format)
{
    return kFormats.key(format);
}

std::optional<ExportFormat> exportFormatFromKey(QStringView key)
{
    return kFormats.fromKey(key);
}

QStringList exportFormatKeys()
{
    return kFormats.keys();
}

QString exportFormatSuffix(ExportFormat format)
{
    return kFormats.key(format);
}

QByteArray sarif(const ReportContents &report)
{
    std::map<QString, Run> runs; // by scanner
    for (const ReportIssue &issue : report.issues) {
        const IssueDetails &d = issue.details;
        const IssueRow &r = d.row;
        Run &run = runs[r.scanner];
        auto [it, added] = run.ruleIndex.try_emplace(r.key, int(run.rules.size()));
        const QString severityText = securitySeverity(r.severity, r.score);
        if (added) {
            QJsonObject properties{{QStringLiteral("security-severity"), severityText}};
            QJsonArray tags{QStringLiteral("security")};
            for (const QString &cwe : d.cwes)
                tags.append(cwe);
            properties.insert(QStringLiteral("tags"), tags);
            if (!d.confidence.isEmpty())
                properties.insert(QStringLiteral("precision"), d.confidence.toLower());
            QJsonObject rule{{QStringLiteral("id"), r.key},
                             {QStringLiteral("name"), r.rule},
                             {QStringLiteral("shortDescription"), QJsonObject{{QStringLiteral("text"), r.title}}},
                             {QStringLiteral("defaultConfiguration"),
                              QJsonObject{{QStringLiteral("level"), levelOf(r.severity)}}},
                             {QStringLiteral("properties"), properties}};
            if (!d.description.isEmpty())
                rule.insert(QStringLiteral("fullDescription"), QJsonObject{{QStringLiteral("text"), d.description}});
            if (!d.remediation.isEmpty())
                rule.insert(QStringLiteral("help"), QJsonObject{{QStringLiteral("text"), d.remediation}});
            for (const QString &reference : d.references) {
                const QUrl url(reference, QUrl::StrictMode);
                if (url.isValid() && (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"))) {
                    rule.insert(QStringLiteral("helpUri"), QString::fromLatin1(url.toEncoded()));
                    break;
                }
            }
            run.rules.append(rule);
        }
        const std::optional<QJsonObject> suppression =
            issue.exemption ? suppressionOf(*issue.exemption) : std::nullopt;
        for (const OccurrenceRow &o : d.occurrences) {
            const QJsonObject original = originalResult(o);
            QJsonObject fingerprints = original.value(QStringLiteral("fingerprints")).toObject();
            if (!o.fingerprint.isEmpty())
                fingerprints.insert(QStringLiteral("secreview/v1"), o.fingerprint);
            QJsonObject partial = original.value(QStringLiteral("partialFingerprints")).toObject();
            partial.insert(QStringLiteral("secreviewIssueKey/v1"), QString(r.scanner + QLatin1Char('/') + r.key));
            QJsonObject properties = original.value(QStringLiteral("properties")).toObject();
            properties.insert(QStringLiteral("security-severity"), severityText);
            properties.insert(QStringLiteral("secreview"),
                              QJsonObject{{QStringLiteral("issue"), r.id},
                                          {QStringLiteral("scan"), r.scanId},
                                          {QStringLiteral("target"), d.target},
                                          {QStringLiteral("variant"), d.variant},
                                          {QStringLiteral("severity"), severityKey(r.severity)},
                                          {QStringLiteral("scannerSeverity"), o.scannerSeverity},
                                          {QStringLiteral("category"), issueCategoryKey(r.category)},
                                          {QStringLiteral("exemption"),
                                           r.exemption ? exemptionStatusKey(*r.exemption) : QStringLiteral("none")}});
            const QString message = o.message.isEmpty() ? r.title : o.message;
            QJsonObject result{{QStringLiteral("ruleId"), r.key},
                               {QStringLiteral("ruleIndex"), it->second},
                               {QStringLiteral("level"), levelOf(r.severity)},
                               {QStringLiteral("message"), QJsonObject{{QStringLiteral("text"), message.isEmpty() ? r.key : message}}},
                               {QStringLiteral("partialFingerprints"), partial},
                               {QStringLiteral("properties"), properties}};
            if (!fingerprints.isEmpty())
                result.insert(QStringLiteral("fingerprints"), fingerprints);
            if (const QJsonObject location = locationOf(o); !location.isEmpty())
                result.insert(QStringLiteral("locations"), QJsonArray{location});
            QJsonArray suppressions;
            // The scanner's own suppressions (in the source, or its baseline) stay as it wrote them.
            for (const QJsonValue &s : original.value(QStringLiteral("suppressions")).toArray())
                suppressions.append(s);
            const bool covered = issue.exemption
                                 && (issue.exemption->occurrences.isEmpty()
                                     || issue.exemption->occurrences.contains(o.location));
            if (suppression && covered)
                suppressions.append(*suppression);
            if (!suppressions.isEmpty())
                result.insert(QStringLiteral("suppressions"), suppressions);
            run.results.append(result);
        }
    }

    QJsonArray out;
    for (auto &[scanner, run] : runs) {
        out.append(QJsonObject{
            {QStringLiteral("tool"),
             QJsonObject{{QStringLiteral("driver"),
                          QJsonObject{{QStringLiteral("name"), scanner},
                                      {QStringLiteral("informationUri"), QStringLiteral("https://secreview.invalid")},
                                      {QStringLiteral("rules"), run.rules}}}}},
            {QStringLiteral("automationDetails"),
             QJsonObject{{QStringLiteral("id"), QStringLiteral("secreview/%1/").arg(scanner)}}},
            {QStringLiteral("properties"),
             QJsonObject{{QStringLiteral("secreview"),
                          QJsonObject{{QStringLiteral("exportedAt"), json::isoTime(report.generatedAt)},
                                      {QStringLiteral("exportedBy"), report.generatedBy},
                                      {QStringLiteral("selection"), report.selection}}}}},
            {QStringLiteral("results"), run.results}});
    }
    const QJsonObject log{{QStringLiteral("$schema"), QStringLiteral("https://json.schemastore.org/sarif-2.1.0.json")},
                          {QStringLiteral("version"), QStringLiteral("2.1.0")},
                          {QStringLiteral("runs"), out}};
    return QJsonDocument(log).toJson(QJsonDocument::Indented);
}

} // namespace secreview::report
