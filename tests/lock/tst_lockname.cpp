// SPDX-License-Identifier: MIT
#include "lock/LockName.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace devlatch::lock;

class TestLockName final : public QObject {
    Q_OBJECT

private:
    static std::string name(const QByteArray &id)
    {
        return lockNameForId({id.constData(), size_t(id.size())}).name;
    }

private Q_SLOTS:
    void validNames_data()
    {
        QTest::addColumn<QByteArray>("id");
        QTest::newRow("plain") << QByteArray("bench-psu");
        QTest::newRow("usb id") << QByteArray("usb:0403:6001:A50285BI");
        QTest::newRow("slash") << QByteArray("/");
        QTest::newRow("path") << QByteArray("/dev/serial/by-id/usb-FTDI_FT232R_A50285BI-if00-port0");
        QTest::newRow("backslash") << QByteArray("\\");
        QTest::newRow("windows path") << QByteArray("Global\\evil\\name");
        QTest::newRow("dotdot") << QByteArray("..");
        QTest::newRow("dot slash dotdot") << QByteArray("./../../etc/passwd");
        QTest::newRow("leading dash") << QByteArray("--help");
        QTest::newRow("control chars") << QByteArray("a\x01\x02\x1b[31mb\n\t");
        QTest::newRow("only control") << QByteArray("\x7f\x01");
        QTest::newRow("10 kB") << QByteArray(10 * 1024, 'x');
        QTest::newRow("10 kB of slashes") << QByteArray(10 * 1024, '/');
        QTest::newRow("unicode") << QByteArray("Oszilloskop für Labor 3 — ✓");
        QTest::newRow("spaces") << QByteArray("  spaced   out  ");
    }
    void validNames()
    {
        QFETCH(QByteArray, id);
        const LockNameResult result = lockNameForId({id.constData(), size_t(id.size())});
        QVERIFY2(result.ok(), result.error.c_str());
        const QString lockName = QString::fromStdString(result.name);
        QVERIFY(lockName.size() <= int(kMaxLockNameLength));
        QVERIFY2(QRegularExpression(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9._-]*-[0-9a-f]{16}$"))
                     .match(lockName)
                     .hasMatch(),
                 qPrintable(lockName));
        QVERIFY(!lockName.contains(u'\\'));
        QVERIFY(!lockName.contains(u'/'));
        QVERIFY(lockName != u".." && lockName != u".");
        // Deterministic.
        QCOMPARE(name(id), result.name);
    }

    void refusedIds_data()
    {
        QTest::addColumn<QByteArray>("id");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
        QTest::newRow("NUL") << QByteArray("a\0b", 3) << QStringLiteral("NUL");
        QTest::newRow("only NUL") << QByteArray("\0", 1) << QStringLiteral("NUL");
        QTest::newRow("latin-1") << QByteArray("caf\xe9") << QStringLiteral("UTF-8");
        QTest::newRow("truncated sequence") << QByteArray("\xe2\x82") << QStringLiteral("UTF-8");
        QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << QStringLiteral("UTF-8");
        QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << QStringLiteral("UTF-8");
        QTest::newRow("past U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << QStringLiteral("UTF-8");
        QTest::newRow("too long") << QByteArray(int(kMaxIdLength) + 1, 'a') << QStringLiteral("bytes long");
    }
    void refusedIds()
    {
        QFETCH(QByteArray, id);
        QFETCH(QString, reason);
        const LockNameResult result = lockNameForId({id.constData(), size_t(id.size())});
        QVERIFY(!result.ok());
        QVERIFY(result.name.empty());
        QVERIFY2(QString::fromStdString(result.error).contains(reason), result.error.c_str());
    }

    void readableSlug()
    {
        QCOMPARE(name("bench-psu"), std::string("bench-psu-") + name("bench-psu").substr(10));
        QVERIFY(QString::fromStdString(name("usb:0403:6001:A50285BI")).startsWith(u"usb_0403_6001_A50285BI-"));
        QVERIFY(QString::fromStdString(name("/dev/ttyUSB0")).startsWith(u"dev_ttyUSB0-"));
        QVERIFY(QString::fromStdString(name("..")).startsWith(u"id-"));
    }

    // docs/protocol.md documents the rule; this is the worked example printed there.
    void documentedExample()
    {
        QCOMPARE(name("usb:0403:6001:A50285BI"), std::string("usb_0403_6001_A50285BI-") + [] {
            char hex[17];
            std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a64("usb:0403:6001:A50285BI")));
            return std::string(hex);
        }());
        QCOMPARE(fnv1a64(""), 0xcbf29ce484222325ULL);
        QCOMPARE(fnv1a64("a"), 0xaf63dc4c8601ec8cULL); // published FNV-1a 64 test vector
    }

    void twinsNeverCollide_data()
    {
        QTest::addColumn<QByteArray>("first");
        QTest::addColumn<QByteArray>("second");
        QTest::newRow("case twins") << QByteArray("Probe-A") << QByteArray("probe-a");
        QTest::newRow("slash vs colon") << QByteArray("usb/1") << QByteArray("usb:1");
        QTest::newRow("run of dropped chars") << QByteArray("a//b") << QByteArray("a/b");
        QTest::newRow("leading dot") << QByteArray(".x") << QByteArray("x");
        QTest::newRow("trailing space") << QByteArray("x ") << QByteArray("x");
        QTest::newRow("long common prefix") << QByteArray(200, 'p') + "1" << QByteArray(200, 'p') + "2";
    }
    void twinsNeverCollide()
    {
        QFETCH(QByteArray, first);
        QFETCH(QByteArray, second);
        QVERIFY(name(first) != name(second));
    }

    void manyIdsDistinct()
    {
        QSet<QString> names;
        for (int i = 0; i < 20000; ++i)
            names.insert(QString::fromStdString(name("dev/" + QByteArray::number(i))));
        QCOMPARE(names.size(), 20000);
    }

    void utf8Validator()
    {
        QVERIFY(isValidUtf8(""));
        QVERIFY(isValidUtf8("plain"));
        QVERIFY(isValidUtf8("\xf0\x9f\x94\x92")); // U+1F512
        QVERIFY(!isValidUtf8("\xff"));
        QVERIFY(!isValidUtf8("\x80"));
    }
};

QTEST_APPLESS_MAIN(TestLockName)
#include "tst_lockname.moc"
