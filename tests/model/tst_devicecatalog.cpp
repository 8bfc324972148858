// SPDX-License-Identifier: MIT
#include "model/DeviceCatalog.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using devlatch::Device;
using devlatch::DeviceAlias;
using devlatch::DeviceCatalog;

class TestDeviceCatalog final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    DeviceCatalog catalog() const
    {
        Device psu;
        psu.id = QStringLiteral("usb:0403:6001:A50285BI");
        psu.key = QStringLiteral("psu");
        psu.name = QStringLiteral("Bench PSU");
        psu.nodes = {m_dir.filePath(QStringLiteral("ttyUSB0")), m_dir.filePath(QStringLiteral("by-id/usb-FTDI"))};
        psu.source = QStringLiteral("/etc/xdg/devlatch/devlatch.conf");
        return DeviceCatalog({psu});
    }

private Q_SLOTS:
    void initTestCase()
    {
        // A node and a by-id style symlink to it.
        QFile node(m_dir.filePath(QStringLiteral("ttyUSB0")));
        QVERIFY(node.open(QIODevice::WriteOnly));
        QVERIFY(QDir(m_dir.path()).mkdir(QStringLiteral("by-id")));
        QVERIFY(QFile::link(m_dir.filePath(QStringLiteral("ttyUSB0")), m_dir.filePath(QStringLiteral("by-id/usb-FTDI"))));
        QVERIFY(QFile::link(m_dir.filePath(QStringLiteral("ttyUSB0")), m_dir.filePath(QStringLiteral("by-path-link"))));
    }

    void everyNameResolvesToTheSameDevice_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("id") << QStringLiteral("usb:0403:6001:A50285BI");
        QTest::newRow("key") << QStringLiteral("psu");
        QTest::newRow("display name") << QStringLiteral("Bench PSU");
        QTest::newRow("display name, other case") << QStringLiteral("bench psu");
        QTest::newRow("node") << m_dir.filePath(QStringLiteral("ttyUSB0"));
        QTest::newRow("configured link") << m_dir.filePath(QStringLiteral("by-id/usb-FTDI"));
        QTest::newRow("unconfigured link to the node") << m_dir.filePath(QStringLiteral("by-path-link"));
    }
    void everyNameResolvesToTheSameDevice()
    {
        QFETCH(QString, name);
        const DeviceCatalog::Resolved resolved = catalog().resolve(name);
        QVERIFY(resolved.ok());
        QCOMPARE(resolved.device.id, QStringLiteral("usb:0403:6001:A50285BI"));
        QVERIFY(resolved.device.isConfigured());
    }

    void unknownNameIsANamedResource()
    {
        const DeviceCatalog::Resolved resolved = catalog().resolve(QStringLiteral("rack-7-relay"));
        QVERIFY(resolved.ok());
        QCOMPARE(resolved.device.id, QStringLiteral("rack-7-relay"));
        QCOMPARE(resolved.device.kind, QStringLiteral("resource"));
        QVERIFY(!resolved.device.isConfigured());
    }

    // A name given in the tray is the same device for every program, present or not.
    void aliasesResolveToTheirDevice()
    {
        Device probe;
        probe.id = QStringLiteral("usb-SEGGER_J-Link_000123");
        probe.name = QStringLiteral("J-Link");
        probe.kind = QStringLiteral("probe");
        probe.discovered = true;
        const QList<DeviceAlias> aliases{{probe.id, QStringLiteral("Bench-3 J-Link"), QStringLiteral("probe")},
                                         {QStringLiteral("usb-unplugged-1"), QStringLiteral("Scope"), QStringLiteral("camera")}};
        const DeviceCatalog catalog({probe}, {}, aliases);
        QCOMPARE(catalog.devices().first().displayName(), QStringLiteral("Bench-3 J-Link"));
        for (const QString &name : {QStringLiteral("Bench-3 J-Link"), QStringLiteral("bench-3 j-link"),
                                    QStringLiteral("J-Link"), probe.id}) {
            const DeviceCatalog::Resolved resolved = catalog.resolve(name);
            QVERIFY(resolved.ok());
            QCOMPARE(resolved.device.id, probe.id);
            QVERIFY(resolved.device.present);
        }
        // Unplugged: still that device's lock, never a new resource called "Scope".
        const DeviceCatalog::Resolved absent = catalog.resolve(QStringLiteral("scope"));
        QCOMPARE(absent.device.id, QStringLiteral("usb-unplugged-1"));
        QCOMPARE(absent.device.kind, QStringLiteral("camera"));
        QVERIFY(!absent.device.present);
        QCOMPARE(catalog.devices().size(), 1);
    }

    void aliasesThatWouldBeAmbiguousAreRefused_data()
    {
        QTest::addColumn<QString>("alias");
        QTest::addColumn<QString>("reason");
        QTest::newRow("another device's id") << QStringLiteral("usb:0403:6001:A50285BI") << QStringLiteral("already names");
        QTest::newRow("another device's key") << QStringLiteral("psu") << QStringLiteral("already names");
        QTest::newRow("another device's name, other case") << QStringLiteral("BENCH psu") << QStringLiteral("already names");
        QTest::newRow("a path") << QStringLiteral("/dev/ttyACM0") << QStringLiteral("path");
        QTest::newRow("surrounding spaces") << QStringLiteral(" probe ") << QStringLiteral("spaces");
        QTest::newRow("a control character") << QStringLiteral("probe\n2") << QStringLiteral("control");
    }
    void aliasesThatWouldBeAmbiguousAreRefused()
    {
        QFETCH(QString, alias);
        QFETCH(QString, reason);
        const QString problem = catalog().aliasProblem(alias, QStringLiteral("usb-other"));
        QVERIFY2(problem.contains(reason), qPrintable(problem));
        QVERIFY(catalog().aliasProblem(QStringLiteral("Bench-3 J-Link"), QStringLiteral("usb-other")).isEmpty());
        // A device may keep or re-case its own names.
        QVERIFY(catalog().aliasProblem(QStringLiteral("bench psu"), QStringLiteral("usb:0403:6001:A50285BI")).isEmpty());
    }

    void badNamesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
        QTest::newRow("not utf-8") << QByteArray("caf\xe9") << QStringLiteral("UTF-8");
    }
    void badNamesAreRefused()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QString, reason);
        const DeviceCatalog::Resolved resolved = catalog().resolve(raw);
        QVERIFY(!resolved.ok());
        QVERIFY2(resolved.error.contains(reason), qPrintable(resolved.error));
    }
};

QTEST_GUILESS_MAIN(TestDeviceCatalog)
#include "tst_devicecatalog.moc"
