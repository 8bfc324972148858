// The claim command's --wait values: seconds from 0 to a year, or forever; anything else
// (nan, inf, negative, huge, words, trailing garbage) is refused.

#include "cli/ClaimCommand.h"

#include <QTest>

using devlatch::cli::parseWait;
using devlatch::lock::WaitPolicy;

class TestClaimRequest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void acceptedWaits_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<qint64>("milliseconds");
        QTest::newRow("zero") << QStringLiteral("0") << qint64(0);
        QTest::newRow("fraction") << QStringLiteral("0.3") << qint64(300);
        QTest::newRow("integer") << QStringLiteral("30") << qint64(30000);
        QTest::newRow("a year") << QStringLiteral("31536000") << qint64(31536000000);
        QTest::newRow("exponent") << QStringLiteral("1e2") << qint64(100000);
    }
    void acceptedWaits()
    {
        QFETCH(QString, value);
        QFETCH(qint64, milliseconds);
        const auto wait = parseWait(value);
        QVERIFY(wait);
        QCOMPARE(int(wait->mode), int(WaitPolicy::Mode::Timeout));
        QCOMPARE(qint64(wait->timeout.count()), milliseconds);
    }

    void forever() { QCOMPARE(int(parseWait(QStringLiteral("forever"))->mode), int(WaitPolicy::Mode::Forever)); }

    void refusedWaits_data()
    {
        QTest::addColumn<QString>("value");
        for (const char *value : {"nan", "NaN", "inf", "-inf", "infinity", "-1", "-0.5", "31536001", "1e300", "", " 5",
                                  "5 ", "5s", "0x10", "ten", "+5"})
            QTest::newRow(value) << QString::fromLatin1(value);
    }
    void refusedWaits()
    {
        QFETCH(QString, value);
        QVERIFY2(!parseWait(value), qPrintable(value));
    }
};

QTEST_APPLESS_MAIN(TestClaimRequest)
#include "tst_claimrequest.moc"
