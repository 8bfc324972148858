// SPDX-License-Identifier: MIT
// Discovery through real libudev against umockdev's test bed (run under umockdev-wrapper):
// grouping of composite devices, stable ids, names, aliases and hide rules, hotplug, and
// that enumeration and the foreign-use scan never open a device node.

#include "UmockdevBed.h"

#include "discovery/DeviceDiscovery.h"
#include "discovery/ForeignUseScan.h"
#include "model/DeviceCatalog.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QSignalSpy>
#include <QTimer>

using namespace devlatch;
using namespace devlatch::test;

class TestUdevDiscovery final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<UmockdevBed> m_bed;

    static QList<Device> discovered() { return DeviceDiscovery::createForThisPlatform()->enumerate().devices; }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(UmockdevBed::underWrapper(), "run this test under umockdev-wrapper"); }
    void init() { m_bed = std::make_unique<UmockdevBed>(); }
    void cleanup() { m_bed.reset(); }

    void groupsAndIdentifiesEveryKind()
    {
        QVERIFY(m_bed->loadAll());
        const QList<Device> devices = discovered();
        QCOMPARE(devices.size(), 8); // and the serial port of serial-ports.umockdev

        const Device *ftdi = byId(devices, QStringLiteral("usb:0403:6001:A50285BI"));
        QVERIFY2(ftdi, qPrintable(ids(devices)));
        QCOMPARE(ftdi->name, QStringLiteral("FTDI FT232R USB UART"));
        QCOMPARE(ftdi->kind, QStringLiteral("serial"));
        QCOMPARE(ftdi->nodes.first(), QStringLiteral("/dev/ttyUSB0"));
        QVERIFY(ftdi->discovered);

        const Device *pico = byId(devices, QStringLiteral("usb:2e8a:000a:E6616407E3496F2F"));
        QVERIFY(pico);
        QCOMPARE(pico->name, QStringLiteral("Raspberry Pi Pico"));
        QVERIFY(pico->nodes.contains(QStringLiteral("/dev/ttyACM0")));

        // One composite probe: tty, hidraw and mass storage under one id and one lock.
        const Device *probe = byId(devices, QStringLiteral("usb:0d28:0204:0240000034544e45001a00018aa90000"));
        QVERIFY(probe);
        QCOMPARE(probe->kind, QStringLiteral("probe"));
        for (const char *node : {"/dev/ttyACM1", "/dev/hidraw0", "/dev/sdb"})
            QVERIFY2(probe->nodes.contains(QLatin1String(node)), qPrintable(probe->nodes.join(u',')));

        const Device *camera = byId(devices, QStringLiteral("usb:046d:0825:8A7B3C2D"));
        QVERIFY(camera);
        QCOMPARE(camera->kind, QStringLiteral("camera"));
        for (const char *node : {"/dev/video0", "/dev/video1", "/dev/snd/controlC1"})
            QVERIFY2(camera->nodes.contains(QLatin1String(node)), qPrintable(camera->nodes.join(u',')));

        // No serial number: identified by the port it is plugged into.
        const Device *noSerial = byId(devices, QStringLiteral("usb-port:1a86:7523:1-5"));
        QVERIFY2(noSerial, qPrintable(ids(devices)));
        QCOMPARE(noSerial->name, QStringLiteral("USB Serial"));

        // Identical adapters differ by serial only: two devices, two locks.
        QVERIFY(byId(devices, QStringLiteral("usb:0403:6001:TWIN0001")));
        QVERIFY(byId(devices, QStringLiteral("usb:0403:6001:TWIN0002")));
    }

    void aliasesHideRulesAndExtraDevices()
    {
        QVERIFY(m_bed->load("ftdi-adapter.umockdev"));
        QVERIFY(m_bed->load("twin-adapters.umockdev"));
        Device alias;
        alias.id = QStringLiteral("usb:0403:6001:A50285BI");
        alias.key = QStringLiteral("psu");
        alias.name = QStringLiteral("Bench PSU");
        alias.kind = QStringLiteral("resource");
        alias.source = QStringLiteral("/etc/xdg/devlatch/devlatch.conf");
        Device byNode;
        byNode.id = QStringLiteral("left-relay");
        byNode.nodes = {QStringLiteral("/dev/ttyUSB2")};
        byNode.kind = QStringLiteral("device");
        byNode.source = alias.source;
        Device network;
        network.id = QStringLiteral("scope-lan");
        network.name = QStringLiteral("Rigol on the LAN");
        network.source = alias.source;
        const QList<Device> merged = DeviceCatalog::merge({alias, byNode, network}, discovered(),
                                                          {QStringLiteral("usb:0403:6001:TWIN*")});
        QCOMPARE(merged.size(), 3);
        const Device *psu = byId(merged, QStringLiteral("usb:0403:6001:A50285BI"));
        QCOMPARE(psu->name, QStringLiteral("Bench PSU"));  // the alias wins
        QCOMPARE(psu->kind, QStringLiteral("serial"));     // a default kind does not
        QVERIFY(psu->discovered && psu->isConfigured());
        // Configured by node: the adapter at ttyUSB2 is "left-relay", despite the hide rule.
        QVERIFY(byId(merged, QStringLiteral("left-relay"))->discovered);
        QVERIFY(!byId(merged, QStringLiteral("usb:0403:6001:TWIN0001")));
        QVERIFY(!byId(merged, QStringLiteral("usb:0403:6001:TWIN0002"))); // hidden
        QVERIFY(byId(merged, QStringLiteral("scope-lan")));                // nothing to discover: kept
        const QList<Device> hiddenByNode = DeviceCatalog::merge({}, discovered(), {QStringLiteral("ttyUSB*")});
        QVERIFY(hiddenByNode.isEmpty());
    }

    void serialPortsWithHardwareOnly()
    {
        QVERIFY(m_bed->load("serial-ports.umockdev"));
        const QList<Device> devices = discovered();
        // ttyS0 has a UART; ttyS1 is an unpopulated 8250 slot (type 0); tty1 and ptmx are virtual.
        QCOMPARE(ids(devices), QStringLiteral("tty:pnp-00:00/ttyS0"));
        QCOMPARE(devices.first().kind, QStringLiteral("serial"));
        QCOMPARE(devices.first().name, QStringLiteral("Serial port ttyS0"));
        QCOMPARE(devices.first().nodes, QStringList{QStringLiteral("/dev/ttyS0")});
    }

    void hotplugIsReported()
    {
        auto discovery = DeviceDiscovery::createForThisPlatform();
        QVERIFY2(discovery->startWatching(), qPrintable(discovery->watchError()));
        QVERIFY(discovery->isWatching());
        QCOMPARE(discovery->enumerate().devices.size(), 0);
        QSignalSpy changed(discovery.get(), &DeviceDiscovery::changed);
        QVERIFY(m_bed->load("ftdi-adapter.umockdev"));
        QElapsedTimer clock;
        clock.start();
        m_bed->uevent(kFtdiSyspath, "add");
        QVERIFY(changed.wait(10000));
        qInfo("hotplug: uevent add -> DeviceDiscovery::changed after %.2f ms", clock.nsecsElapsed() / 1e6);
        QVERIFY(byId(discovery->enumerate().devices, kFtdi));
        changed.clear();
        m_bed->unplugFtdi();
        QVERIFY(changed.wait(10000));
        QTRY_VERIFY_WITH_TIMEOUT(!byId(discovery->enumerate().devices, kFtdi), 10000);
    }

    void enumerationNeverOpensANode()
    {
        QVERIFY(m_bed->loadAll());
        NodeOpenWatch watch(*m_bed);
        QVERIFY2(watch.watched().size() >= 12, qPrintable(watch.watched().join(u' ')));
        const DeviceCatalog catalog = DeviceCatalog::build({}, discovered(), {});
        for (const Device &device : catalog.devices()) {
            for (const QString &node : device.nodes)
                QCOMPARE(catalog.resolve(node).device.id, device.id);
            findForeignUse(device.nodes);
        }
        QVERIFY2(watch.openedNodes().isEmpty(), qPrintable(watch.openedNodes().join(u'\n')));
        // The control: opening a node is seen.
        QFile node(m_bed->rootDir() + QStringLiteral("/dev/bus/usb/001/082"));
        QVERIFY(node.open(QIODevice::ReadOnly));
        node.close();
        QVERIFY(!watch.openedNodes().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestUdevDiscovery)
#include "tst_udevdiscovery.moc"
