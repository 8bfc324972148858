// SPDX-License-Identifier: MIT
#include "lock/HolderRecord.h"

#include <QTest>

using namespace devlatch::lock;

class TestHolderRecord final : public QObject {
    Q_OBJECT

private:
    static HolderRecord sample()
    {
        HolderRecord record;
        record.id = "usb:0403:6001:A50285BI";
        record.pid = 4242;
        record.startTicks = 987654321;
        record.bootId = "0e3b4c52-5d1c-4a4f-9f6e-2c3b1a0d9e11";
        record.uid = 1000;
        record.user = "lab1";
        record.host = "bench3";
        record.program = "flash.py";
        record.since = "2026-11-22T10:15:00Z";
        record.note = "flashing rev B";
        return record;
    }
    static HolderRecord parse(const QByteArray &text) { return parseHolderRecord({text.constData(), size_t(text.size())}); }

private Q_SLOTS:
    void roundTrip()
    {
        const HolderRecord record = sample();
        const std::string text = serializeHolderRecord(record);
        QVERIFY(QByteArray::fromStdString(text).startsWith("devlatch-holder 1\n"));
        QVERIFY(QByteArray::fromStdString(text).contains("\npid=4242\n"));
        QCOMPARE(parseHolderRecord(text), record);
    }

    void hostileValuesRoundTrip_data()
    {
        QTest::addColumn<QByteArray>("note");
        QTest::newRow("newline injection") << QByteArray("x\npid=1\nuser=root");
        QTest::newRow("carriage return") << QByteArray("a\r\nb");
        QTest::newRow("backslashes") << QByteArray("C:\\temp\\n not a newline \\");
        QTest::newRow("equals") << QByteArray("a=b=c");
        QTest::newRow("unicode") << QByteArray("Prüfstand ✓");
    }
    void hostileValuesRoundTrip()
    {
        QFETCH(QByteArray, note);
        HolderRecord record = sample();
        record.note = note.toStdString();
        record.program = note.toStdString();
        const HolderRecord back = parseHolderRecord(serializeHolderRecord(record));
        QCOMPARE(back, record);
        QCOMPARE(back.pid, 4242);
        QCOMPARE(back.user, std::string("lab1"));
    }

    void noteIsCapped()
    {
        HolderRecord record = sample();
        record.note = std::string(5000, 'n');
        QCOMPARE(parseHolderRecord(serializeHolderRecord(record)).note.size(), kMaxNoteLength);
    }

    void garbageIsInvalid_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("random bytes") << QByteArray("\x00\xff\xfe garbage \x01", 14);
        QTest::newRow("no magic") << QByteArray("pid=12\nuser=x\n");
        QTest::newRow("other version") << QByteArray("devlatch-holder 10\npid=5\n");
        QTest::newRow("pid not a number") << QByteArray("devlatch-holder 1\npid=abc\n");
        QTest::newRow("pid negative") << QByteArray("devlatch-holder 1\npid=-5\n");
        QTest::newRow("pid overflow") << QByteArray("devlatch-holder 1\npid=99999999999999999999999\n");
        QTest::newRow("pid trailing junk") << QByteArray("devlatch-holder 1\npid=12x\n");
        QTest::newRow("huge") << QByteArray("devlatch-holder 1\n") + QByteArray(100000, 'z');
        QTest::newRow("flock(1) wrote nothing") << QByteArray("\n\n\n");
    }
    void garbageIsInvalid()
    {
        QFETCH(QByteArray, text);
        const HolderRecord record = parse(text);
        QVERIFY(!record.isValid());
    }

    void toleratesUnknownKeysAndBrokenLines()
    {
        const HolderRecord record = parse("devlatch-holder 1\nfuture=thing\nno equals sign\n=\npid=77\nprogram=tio\r\n"
                                          "user=a=b\n");
        QVERIFY(record.isValid());
        QCOMPARE(record.pid, 77);
        QCOMPARE(record.program, std::string("tio\r")); // values are raw; only \r escapes decode
        QCOMPARE(record.user, std::string("a=b"));
    }

    void truncatedRecordKeepsWhatItHas()
    {
        const std::string text = serializeHolderRecord(sample());
        const HolderRecord record = parseHolderRecord(std::string_view(text).substr(0, text.find("user=")));
        QCOMPARE(record.pid, 4242);
        QVERIFY(record.user.empty());
    }

    void timestampFormat()
    {
        const QString now = QString::fromStdString(currentUtcTimestamp());
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$")).match(now).hasMatch(),
                 qPrintable(now));
    }
};

QTEST_APPLESS_MAIN(TestHolderRecord)
#include "tst_holderrecord.moc"
