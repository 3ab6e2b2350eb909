#include "model/pipelines/ScanStepTypes.h"

namespace secreview {

QStringList targetKindKeys(unsigned kinds)
{
    QStringList out;
    if (kinds & Repository)
        out.append(QStringLiteral("repository"));
    if (kinds & Container)
        out.append(QStringLiteral("container"));
    if (kinds & Instance)
        out.append(QStringLiteral("instance"));
    if (kinds & Configuration)
        out.append(QStringLiteral("configuration"));
    return out;
}

unsigned targetKindFromKey(const QString &key)
{
    const QString k = key.trimmed().toLower();
    if (k == QLatin1String("repository"))
        return Repository;
    if (k == QLatin1String("container") || k == QLatin1String("containerimage"))
        return Container;
    if (k == QLatin1String("instance"))
        return Instance;
    if (k == QLatin1String("configuration"))
        return Configuration;
    return 0;
}

const QList<ScanStepType> &scanStepTypes()
{
    // type, scanner, targets, ingestion, scanner names of its scans, legacy product_name values.
    // Targets and modes: STO's "scanners by target type" page; types: harness-schema's
    // security-node.yaml (docs/pipelines.md names the versions read).
    static const QList<ScanStepType> table{
        {"Anchore", "Anchore Enterprise", Container, true, {"anchore"}, {}},
        {"AquaSecurity", "Aqua Security", Container, true, {"aquasec"}, {}},
        {"AquaTrivy", "Aqua Trivy", Container | Repository, true, {"trivy"}, {"aqua-trivy"}},
        {"AWSECR", "AWS ECR image scanning", Container, false, {"ecr"}, {"aws-ecr"}},
        {"AWSSecurityHub", "AWS Security Hub", Configuration, true, {"securityhub"}, {"aws-security-hub"}},
        {"Bandit", "Bandit", Repository, true, {"bandit"}, {"bandit"}},
        {"BlackDuck", "Black Duck", Repository | Container, true, {"blackduck"}, {"blackduckhub"}},
        {"Brakeman", "Brakeman", Repository, true, {"brakeman"}, {"brakeman"}},
        {"Burp", "Burp Enterprise", Instance, true, {"burp"}, {"burp"}},
        {"Checkmarx", "Checkmarx", Repository, true, {"checkmarx"}, {"checkmarx"}},
        {"CheckmarxOne", "Checkmarx One", Repository | Container | Instance, true, {"checkmarx"}, {}},
        {"Checkov", "Checkov", Repository, true, {"checkov"}, {}},
        {"Clair", "Clair", Container, true, {"clair"}, {}},
        {"CodeQL", "CodeQL", Repository, true, {"codeql"}, {}},
        {"Coverity", "Coverity", Repository, true, {"coverity"}, {}},
        {"CustomIngest", "Custom Ingest (SARIF or Harness JSON)", AnyTarget, true, {}, {}},
        {"DataTheorem", "Data Theorem", Repository, true, {"datatheorem"}, {"data-theorem"}},
        {"DockerContentTrust",
         "Docker Content Trust",
         Container,
         true,
         {"dockercontenttrust", "clair"},
         {"docker-content-trust"}},
        {"FortifyOnDemand",
         "Fortify on Demand",
         Repository | Instance,
         true,
         {"fortify"},
         {"fortifyondemand"}},
        {"Fossa", "Fossa", Repository, true, {"fossa"}, {}},
        {"GitHubAdvancedSecurity",
         "GitHub Advanced Security",
         Repository,
         true,
         {"codeql", "dependabot", "githubadvancedsecurity", "secretscanning"},
         {}},
        {"Gitleaks", "Gitleaks", Repository, true, {"gitleaks"}, {}},
        {"Grype", "Grype", Container | Repository, true, {"grype"}, {}},
        {"HarnessSAST", "Harness SAST", Repository, false, {"harnesssast"}, {}},
        {"HarnessSCA", "Harness SCA", Container, false, {"harnesssca"}, {}},
        {"JfrogXray", "JFrog Xray", Container, true, {"xray"}, {"xray"}},
        {"Mend",
         "Mend (WhiteSource)",
         Repository | Container,
         true,
         {"mend", "whitesource"},
         {"whitesource"}},
        {"Metasploit", "Metasploit", Instance, true, {"metasploit"}, {"metasploit"}},
        {"Nessus", "Nessus", Instance, true, {"nessus"}, {"nessus"}},
        {"NexusIQ", "Nexus IQ", Repository, true, {"nexus"}, {"nexusiq"}},
        {"Nikto", "Nikto", Instance, true, {"nikto"}, {"nikto"}},
        {"Nmap", "Nmap", Instance, true, {"nmap"}, {"nmap"}},
        {"Openvas", "OpenVAS", Instance, true, {"openvas"}, {"openvas"}},
        {"OsvScanner", "OSV-Scanner", Repository, true, {"osv"}, {}},
        {"Owasp", "OWASP Dependency-Check", Repository, true, {"dependencycheck"}, {"owasp"}},
        {"PrismaCloud", "Prisma Cloud (Twistlock)", Container, true, {"prisma", "twistlock"}, {"twistlock"}},
        {"Prowler", "Prowler", Configuration, true, {"prowler"}, {"prowler"}},
        {"Qualys", "Qualys Web Application Scanning", Instance, true, {"qualys"}, {"qualys"}},
        {"Reapsaw", "Reapsaw", Repository, true, {"reapsaw"}, {"reapsaw"}},
        {"Semgrep", "Semgrep", Repository, true, {"semgrep"}, {"semgrep"}},
        {"ShiftLeft", "Qwiet AI (ShiftLeft)", Repository, true, {"shiftleft", "qwiet"}, {"shiftleft"}},
        {"Sniper", "Sn1per", Instance, true, {"sniper", "sn1per"}, {"sniper"}},
        {"Snyk", "Snyk", Repository | Container, true, {"snyk"}, {"snyk"}},
        {"Sonarqube", "SonarQube", Repository, true, {"sonar"}, {"sonarqube"}},
        {"Sysdig", "Sysdig", Container, true, {"sysdig"}, {}},
        {"Tenable", "Tenable.io", Container | Instance, true, {"tenable", "nessus"}, {"tenableio"}},
        {"Traceable", "API DAST (Traceable)", Instance, true, {"traceable"}, {}},
        {"Veracode", "Veracode", Repository, true, {"veracode"}, {"veracode"}},
        {"Wiz", "Wiz", Container | Repository, true, {"wiz"}, {}},
        {"Zap", "ZAP", Instance, true, {"zap"}, {"zap"}},
        // The generic step: its scanner is spec.settings.product_name.
        {"Security", "Custom Scan (the Security step)", AnyTarget, true, {}, {}},
        // External (JSON upload), CustomIngest's predecessor in older pipelines.
        {"External", "External results (JSON upload)", AnyTarget, true, {}, {}},
    };
    return table;
}

const ScanStepType *findScanStepType(const QString &type)
{
    for (const ScanStepType &t : scanStepTypes()) {
        if (type.compare(QLatin1String(t.type), Qt::CaseInsensitive) == 0)
            return &t;
    }
    return nullptr;
}

const ScanStepType *findScanStepProduct(const QString &productName)
{
    const QString product = productName.trimmed().toLower();
    if (product.isEmpty())
        return nullptr;
    for (const ScanStepType &t : scanStepTypes()) {
        for (const char *p : t.products) {
            if (product == QLatin1String(p))
                return &t;
        }
    }
    return nullptr;
}

QString normalizedScannerName(const QString &name)
{
    QString out;
    for (QChar c : name.toLower()) {
        if (c.isLetterOrNumber())
            out += c;
    }
    return out;
}

} // namespace secreview
