// Discovery through real libudev against umockdev's test bed (run under umockdev-wrapper):
// grouping of composite devices, stable ids, names, aliases and hide rules, resolution of
// every name to one lock, and hotplug with a held device.

#include "TestSupport.h"

#include "arbiter/Arbiter.h"
#include "arbiter/StateTracker.h"
#include "discovery/UdevDiscovery.h"
#include "model/DeviceCatalog.h"
#include "model/DeviceInventory.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>

#include <umockdev.h>

using namespace devlatch;
using devlatch::test::TempLockDir;

class TestUdevDiscovery final : public QObject {
    Q_OBJECT

private:
    UMockdevTestbed *m_bed = nullptr;

    void load(const char *file)
    {
        GError *error = nullptr;
        const QByteArray path = QByteArray(DEVLATCH_DISCOVERY_DATA "/") + file;
        QVERIFY2(umockdev_testbed_add_from_file(m_bed, path.constData(), &error), error ? error->message : path.constData());
    }
    static const Device *byId(const QList<Device> &devices, const QString &id)
    {
        for (const Device &d : devices)
            if (d.id == id)
                return &d;
        return nullptr;
    }
    static QString ids(const QList<Device> &devices)
    {
        QStringList list;
        for (const Device &d : devices)
            list << d.id;
        return list.join(u'\n');
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(qEnvironmentVariable("LD_PRELOAD").contains(QStringLiteral("umockdev")), "run this test under umockdev-wrapper"); }
    void init()
    {
        m_bed = umockdev_testbed_new();
        qputenv("DEVLATCH_DISCOVERY", "on");
    }
    void cleanup()
    {
        g_object_unref(m_bed);
        m_bed = nullptr;
    }

    void groupsAndIdentifiesEveryKind()
    {
        for (const char *file : {"ftdi-adapter.umockdev", "cdc-acm-board.umockdev", "debug-probe.umockdev", "uvc-camera.umockdev",
                                 "no-serial.umockdev", "twin-adapters.umockdev"})
            load(file);
        const QList<Device> devices = UdevDiscovery::enumerate();
        QCOMPARE(devices.size(), 7);

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
        load("ftdi-adapter.umockdev");
        load("twin-adapters.umockdev");
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
        const QList<Device> merged = DeviceCatalog::merge({alias, byNode, network}, UdevDiscovery::enumerate(),
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
        const QList<Device> hiddenByNode = DeviceCatalog::merge({}, UdevDiscovery::enumerate(), {QStringLiteral("ttyUSB*")});
        QVERIFY(hiddenByNode.isEmpty());
    }

    void everyNameTakesTheSameLock()
    {
        TempLockDir locks;
        load("ftdi-adapter.umockdev");
        Device alias;
        alias.id = QStringLiteral("usb:0403:6001:A50285BI");
        alias.key = QStringLiteral("psu");
        alias.name = QStringLiteral("Bench PSU");
        alias.source = QStringLiteral("conf");
        const DeviceCatalog catalog(DeviceCatalog::merge({alias}, UdevDiscovery::enumerate(), {}));
        Arbiter arbiter;
        QSet<QString> lockPaths;
        for (const QString &name : {QStringLiteral("/dev/ttyUSB0"), QStringLiteral("usb:0403:6001:A50285BI"),
                                    QStringLiteral("psu"), QStringLiteral("Bench PSU")}) {
            const DeviceCatalog::Resolved resolved = catalog.resolve(name);
            QVERIFY(resolved.ok());
            lockPaths.insert(arbiter.status(resolved.device).lockPath);
        }
        QCOMPARE(lockPaths.size(), 1);
    }

    void hotplugWithAHeldDevice()
    {
        TempLockDir locks;
        DeviceInventory inventory;
        inventory.load(true);
        Arbiter arbiter;
        StateTracker tracker(arbiter, inventory);
        tracker.start();
        QCOMPARE(tracker.statuses().size(), 0);

        QSignalSpy changed(&inventory, &DeviceInventory::devicesChanged);
        QElapsedTimer clock;
        clock.start();
        load("ftdi-adapter.umockdev");
        const QString syspath = QStringLiteral("/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1");
        umockdev_testbed_uevent(m_bed, syspath.toUtf8().constData(), "add");
        QTRY_VERIFY_WITH_TIMEOUT(tracker.contains(QStringLiteral("usb:0403:6001:A50285BI")), 10000);
        qInfo("plugged in: listed after %lld ms", clock.elapsed());

        const Device adapter = tracker.status(QStringLiteral("usb:0403:6001:A50285BI")).device;
        QVERIFY(arbiter.claim(adapter).granted());
        tracker.refresh(adapter.id);
        const QString lockPath = tracker.status(adapter.id).lockPath;

        // Unplugged: the kernel removes the tty, the interface, then the device.
        for (const QString &path : {syspath + QStringLiteral("/1-1:1.0/ttyUSB0/tty/ttyUSB0"), syspath + QStringLiteral("/1-1:1.0"), syspath}) {
            umockdev_testbed_uevent(m_bed, path.toUtf8().constData(), "remove");
            umockdev_testbed_remove_device(m_bed, path.toUtf8().constData());
        }
        QTRY_VERIFY_WITH_TIMEOUT(!tracker.status(adapter.id).device.present, 10000);
        QCOMPARE(tracker.status(adapter.id).state, DeviceStatus::State::HeldByMe); // held and unplugged

        // Plugged back in, into another port, where it gets another node name.
        QFile description(QStringLiteral(DEVLATCH_DISCOVERY_DATA "/ftdi-adapter.umockdev"));
        QVERIFY(description.open(QIODevice::ReadOnly));
        const QByteArray replugged = description.readAll().replace("1-1", "1-9").replace("ttyUSB0", "ttyUSB7").replace("/002", "/009");
        GError *error = nullptr;
        QVERIFY2(umockdev_testbed_add_from_string(m_bed, replugged.constData(), &error), error ? error->message : "");
        umockdev_testbed_uevent(m_bed, "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-9", "add");
        QTRY_VERIFY_WITH_TIMEOUT(tracker.status(adapter.id).device.present, 10000);
        QVERIFY(tracker.status(adapter.id).device.nodes.contains(QStringLiteral("/dev/ttyUSB7")));
        QCOMPARE(tracker.status(adapter.id).state, DeviceStatus::State::HeldByMe);
        QCOMPARE(tracker.status(adapter.id).lockPath, lockPath); // same device, same lock
    }
};

QTEST_GUILESS_MAIN(TestUdevDiscovery)
#include "tst_udevdiscovery.moc"
