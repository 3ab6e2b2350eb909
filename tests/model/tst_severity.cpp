// SPEC section 4: every normalization rule, data-driven.
#include "model/core/Severity.h"
#include "model/importers/FormatImporter.h"

#include <QTest>

using namespace secreview;

class TestSeverity : public QObject
{
    Q_OBJECT
private slots:
    void score_data()
    {
        QTest::addColumn<double>("score");
        QTest::addColumn<int>("expected");
        QTest::newRow("10") << 10.0 << int(Severity::Critical);
        QTest::newRow("9.0") << 9.0 << int(Severity::Critical);
        QTest::newRow("8.9") << 8.9 << int(Severity::High);
        QTest::newRow("7.0") << 7.0 << int(Severity::High);
        QTest::newRow("6.9") << 6.9 << int(Severity::Medium);
        QTest::newRow("4.0") << 4.0 << int(Severity::Medium);
        QTest::newRow("3.9") << 3.9 << int(Severity::Low);
        QTest::newRow("0.1") << 0.1 << int(Severity::Low);
        QTest::newRow("0") << 0.0 << int(Severity::Info);
    }
    void score()
    {
        QFETCH(double, score);
        QFETCH(int, expected);
        QCOMPARE(int(severityFromScore(score)), expected);
    }

    void bandit_data()
    {
        QTest::addColumn<QString>("severity");
        QTest::addColumn<QString>("confidence");
        QTest::addColumn<int>("expected");
        QTest::newRow("high/high") << "HIGH"
                                   << "HIGH" << int(Severity::Critical);
        QTest::newRow("high/medium") << "HIGH"
                                     << "MEDIUM" << int(Severity::High);
        QTest::newRow("high/low") << "HIGH"
                                  << "LOW" << int(Severity::High);
        QTest::newRow("medium/high") << "MEDIUM"
                                     << "HIGH" << int(Severity::Medium);
        QTest::newRow("low/high") << "LOW"
                                  << "HIGH" << int(Severity::Low);
        QTest::newRow("undefined") << "UNDEFINED"
                                   << "HIGH" << int(Severity::Info);
    }
    void bandit()
    {
        QFETCH(QString, severity);
        QFETCH(QString, confidence);
        QFETCH(int, expected);
        QCOMPARE(int(severityFromBandit(severity, confidence)), expected);
    }

    void trivy_data()
    {
        QTest::addColumn<QString>("severity");
        QTest::addColumn<int>("expected");
        QTest::newRow("critical") << "CRITICAL" << int(Severity::Critical);
        QTest::newRow("high") << "HIGH" << int(Severity::High);
        QTest::newRow("medium") << "MEDIUM" << int(Severity::Medium);
        QTest::newRow("low") << "LOW" << int(Severity::Low);
        QTest::newRow("unknown") << "UNKNOWN" << int(Severity::Info);
    }
    void trivy()
    {
        QFETCH(QString, severity);
        QFETCH(int, expected);
        QCOMPARE(int(severityFromTrivy(severity)), expected);
    }

    void sarifLevel_data()
    {
        QTest::addColumn<QString>("level");
        QTest::addColumn<int>("expected");
        QTest::newRow("error") << "error" << int(Severity::High);
        QTest::newRow("warning") << "warning" << int(Severity::Medium);
        QTest::newRow("note") << "note" << int(Severity::Low);
        QTest::newRow("none") << "none" << int(Severity::Info);
    }
    void sarifLevel()
    {
        QFETCH(QString, level);
        QFETCH(int, expected);
        QCOMPARE(int(severityFromSarifLevel(level)), expected);
    }

    // "Others: the scanner's own scale, mapped the obvious way" (docs/formats.md): the words.
    void word_data()
    {
        QTest::addColumn<QString>("word");
        QTest::addColumn<int>("expected");
        QTest::newRow("critical") << "Critical" << int(Severity::Critical);
        QTest::newRow("blocker") << "BLOCKER" << int(Severity::Critical);
        QTest::newRow("high") << "high" << int(Severity::High);
        QTest::newRow("error") << "ERROR" << int(Severity::High);
        QTest::newRow("major") << "major" << int(Severity::High);
        QTest::newRow("medium") << "Medium" << int(Severity::Medium);
        QTest::newRow("moderate") << "moderate" << int(Severity::Medium);
        QTest::newRow("warning") << "WARNING" << int(Severity::Medium);
        QTest::newRow("warn") << "warn" << int(Severity::Medium);
        QTest::newRow("low") << "Low" << int(Severity::Low);
        QTest::newRow("minor") << "minor" << int(Severity::Low);
        QTest::newRow("note") << " note " << int(Severity::Low);
        QTest::newRow("info") << "info" << int(Severity::Info);
        QTest::newRow("unknown") << "unknown" << int(Severity::Info);
    }
    void word()
    {
        QFETCH(QString, word);
        QFETCH(int, expected);
        QCOMPARE(int(importing::severityFromWord(word)), expected);
    }

    void keys()
    {
        for (Severity s : kSeveritiesDescending)
            QCOMPARE(severityFromKey(severityKey(s)), std::optional<Severity>(s));
        QCOMPARE(severityFromKey(u"CRITICAL"), std::optional<Severity>(Severity::Critical));
        QVERIFY(!severityFromKey(u"severe"));
    }
};

QTEST_GUILESS_MAIN(TestSeverity)
#include "tst_severity.moc"
