#pragma once

#include "model/importers/Importer.h"

#include <functional>
#include <initializer_list>

// What a format's .cpp builds on: FormatImporter (a format given by its functions) and the helpers
// the formats share. Each format is one .cpp in this folder: detection from the content, the
// issue key, the occurrence identity and the severity mapping that docs/formats.md tabulates.
namespace secreview {

// A format given by its functions: what each native format's file defines and registers.
class FormatImporter final : public Importer
{
public:
    struct Spec
    {
        QString format;
        QString displayName;
        QStringList aliases;
        std::function<bool(const JsonNode &)> recognizes;
        std::function<ScanInfo(const JsonNode &, FindingSink &)> read;
        std::function<bool(const XmlElement &)> recognizesXml; // XML formats only
        std::function<ScanInfo(const XmlDocument &, FindingSink &)> readXml;
    };
    explicit FormatImporter(Spec spec) : m_spec(std::move(spec)) {}

    QString format() const override { return m_spec.format; }
    QString displayName() const override { return m_spec.displayName; }
    QStringList aliases() const override { return m_spec.aliases; }
    bool recognizes(const JsonNode &root) const override;
    ScanInfo read(const JsonNode &root, FindingSink &sink) const override;
    bool recognizesXml(const XmlElement &root) const override;
    ScanInfo readXml(const XmlDocument &document, FindingSink &sink) const override;

private:
    Spec m_spec;
};

// The cleaned path a scanner printed: "./sqli/x.py" -> "sqli/x.py".
QString cleanPath(QString path);

// Helpers the importers share.
namespace importing {
// An occurrence identity from the parts that make it: SHA-256 of the parts joined by U+001F,
// 32 hex characters. Every format without a fingerprint of its own uses it.
QString identity(std::initializer_list<QString> parts);
// "critical", "HIGH", "Moderate", "negligible", "unknown", ... -> a Severity (Info for unknown words).
Severity severityFromWord(QStringView word);
// "CWE-79", "79", "CWE-79: Improper ..." -> "CWE-79"; empty when there is none.
QString cweOf(const QString &text);
// file:line, or the file alone when the line is unknown.
QString fileLocation(const QString &file, int line);
// A secret scanner's entry for the raw view with the secret values replaced by their length: the
// review database must not become a second copy of every leaked credential.
QByteArray redactedRaw(const JsonNode &node, std::initializer_list<const char *> secretKeys);
// A short digest that recognises the same secret again without keeping it.
QString secretDigest(const QString &secret);
// True when node is a non-empty array whose every element satisfies test (detection of formats
// that are a list of reports or entries).
bool isNonEmptyArrayOf(const JsonNode &node, const std::function<bool(const JsonNode &)> &test);
} // namespace importing

} // namespace secreview
