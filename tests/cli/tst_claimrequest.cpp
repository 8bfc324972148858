// SPDX-License-Identifier: MIT
// The claim command's --wait values: seconds from 0 to a year, or forever; anything else
// (nan, inf, negative, huge, words, trailing garbage) is refused.

#include "cli/ClaimCommand.h"

#include <QTest>

using devlatch::cli::matchesSelector;
using devlatch::cli::normaliseWaitOption;
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

    // "--wait 30" takes the number; a bare --wait before DEV, an option or "--" waits forever;
    // nothing after "--" (CMD's own arguments) is touched.
    void waitOptionForms_data()
    {
        QTest::addColumn<QStringList>("given");
        QTest::addColumn<QStringList>("parsed");
        const auto list = [](const char *text) { return QString::fromLatin1(text).split(u' ', Qt::SkipEmptyParts); };
        QTest::newRow("space") << list("claim --wait 30 dev") << list("claim --wait=30 dev");
        QTest::newRow("short") << list("claim -w 0.5 dev") << list("claim --wait=0.5 dev");
        QTest::newRow("equals") << list("claim --wait=30 dev") << list("claim --wait=30 dev");
        QTest::newRow("bare before dev") << list("claim --wait dev") << list("claim --wait=forever dev");
        QTest::newRow("bare last") << list("claim dev --wait") << list("claim dev --wait=forever");
        QTest::newRow("bare before --") << list("claim dev -w -- sleep 5") << list("claim dev --wait=forever -- sleep 5");
        QTest::newRow("cmd untouched") << list("claim dev -- tool --wait 5") << list("claim dev -- tool --wait 5");
    }
    void waitOptionForms()
    {
        QFETCH(QStringList, given);
        QFETCH(QStringList, parsed);
        QCOMPARE(normaliseWaitOption(given), parsed);
    }

    void anySelectors()
    {
        devlatch::Device probe;
        probe.id = QStringLiteral("usb-SEGGER_J-Link_000123");
        probe.key = QStringLiteral("jlink");
        probe.alias = QStringLiteral("Bench-3 J-Link");
        probe.kind = QStringLiteral("probe");
        QVERIFY(matchesSelector(probe, QStringLiteral("kind=probe")));
        QVERIFY(matchesSelector(probe, QStringLiteral("kind=Probe")));
        QVERIFY(!matchesSelector(probe, QStringLiteral("kind=serial")));
        QVERIFY(matchesSelector(probe, QStringLiteral("usb-SEGGER_*")));
        QVERIFY(matchesSelector(probe, QStringLiteral("Bench-? J-Link")));
        QVERIFY(matchesSelector(probe, QStringLiteral("jlink")));
        QVERIFY(!matchesSelector(probe, QStringLiteral("jlin"))); // whole names only
        QVERIFY(!matchesSelector(probe, QStringLiteral("SEGGER")));
    }
};

QTEST_APPLESS_MAIN(TestClaimRequest)
#include "tst_claimrequest.moc"
