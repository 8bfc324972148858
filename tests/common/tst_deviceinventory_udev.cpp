// SPDX-License-Identifier: MIT
// The shared device loader against umockdev's test bed (run under umockdev-wrapper): the
// configuration's aliases and hide rules over discovered devices, every name of a device
// taking one lock, hotplug with a held device, and that none of it opens a device node.

#include "UmockdevBed.h"

#include "arbiter/Arbiter.h"
#include "arbiter/StateTracker.h"
#include "common/DeviceInventory.h"
#include "discovery/DeviceDiscovery.h"
#include "model/DeviceCatalog.h"

#include "lock/LockName.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QSignalSpy>
#include <QTimer>

using namespace devlatch;
using namespace devlatch::test;

class TestDeviceInventoryUdev final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<UmockdevBed> m_bed;

    static QList<Device> discovered() { return DeviceDiscovery::createForThisPlatform()->enumerate().devices; }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(UmockdevBed::underWrapper(), "run this test under umockdev-wrapper"); }
    void init() { m_bed = std::make_unique<UmockdevBed>(); }
    void cleanup() { m_bed.reset(); }

    void configFileAliasAndHideRules()
    {
        QVERIFY(m_bed->loadAll());
        TempConfig config("[General]\nhide=ttyS*, usb:0403:6001:TWIN*\n\n"
                          "[device.psu]\nid=usb:0403:6001:A50285BI\nalias=Bench PSU\n\n"
                          "[device.left-relay]\nnodes=/dev/serial/by-path/pci-0000:00:14.0-usb-0:5:1.0-port0\n\n"
                          "[device.scope]\nname=Rigol DS1054Z\n");
        DeviceInventory inventory;
        inventory.load(false);
        QVERIFY2(inventory.warnings().isEmpty(), qPrintable(inventory.warnings().join(u'\n')));
        const QList<Device> devices = inventory.devices();
        QVERIFY2(!byId(devices, QStringLiteral("tty:pnp-00:00/ttyS0")), qPrintable(ids(devices)));
        QVERIFY(!byId(devices, QStringLiteral("usb:0403:6001:TWIN0001")));
        QCOMPARE(byId(devices, kFtdi)->name, QStringLiteral("Bench PSU"));
        QCOMPARE(byId(devices, kFtdi)->key, QStringLiteral("psu"));
        // Named by its by-path link: the adapter without a serial number is "left-relay".
        const Device *relay = byId(devices, QStringLiteral("left-relay"));
        QVERIFY(relay && relay->discovered);
        QVERIFY(relay->nodes.contains(QStringLiteral("/dev/ttyUSB1")));
        QVERIFY(!byId(devices, QStringLiteral("usb-port:1a86:7523:1-5")));
        QVERIFY(byId(devices, QStringLiteral("scope")));
        QVERIFY(byId(devices, kProbe));
        // Hidden, but still its own lock under every name, not an ad-hoc resource.
        QCOMPARE(inventory.catalog().resolve(QStringLiteral("/dev/ttyS0")).device.id, QStringLiteral("tty:pnp-00:00/ttyS0"));
        QCOMPARE(inventory.catalog().resolve(QStringLiteral("Serial port ttyS0")).device.id, QStringLiteral("tty:pnp-00:00/ttyS0"));
        QVERIFY(inventory.catalog().resolve(QStringLiteral("usb:0403:6001:TWIN0002")).device.nodes.contains(QStringLiteral("/dev/ttyUSB3")));
    }

    void everyNameTakesTheSameLock()
    {
        TempLockDir locks;
        QVERIFY(m_bed->loadAll());
        Device alias;
        alias.id = kFtdi;
        alias.key = QStringLiteral("psu");
        alias.name = QStringLiteral("Bench PSU");
        alias.source = QStringLiteral("conf");
        const DeviceCatalog catalog = DeviceCatalog::build({alias}, discovered(), {QStringLiteral("ttyUSB*")});
        Arbiter arbiter;
        const QString expected = QString::fromStdString(lock::lockNameForId(kFtdi.toStdString()).name);
        for (const QString &name : {QStringLiteral("/dev/ttyUSB0"), kFtdiById, kFtdiByPath, kFtdi, QStringLiteral("psu"),
                                    QStringLiteral("Bench PSU"), QStringLiteral("bench psu")}) {
            const DeviceCatalog::Resolved resolved = catalog.resolve(name);
            QVERIFY2(resolved.ok(), qPrintable(name));
            QVERIFY2(resolved.device.id == kFtdi, qPrintable(name + QStringLiteral(" -> ") + resolved.device.id));
            QCOMPARE(arbiter.status(resolved.device).lockName, expected);
        }
        // Without a serial number: the port, under the node, the by-path link and the id.
        for (const QString &name : {QStringLiteral("/dev/ttyUSB1"), QStringLiteral("/dev/serial/by-path/pci-0000:00:14.0-usb-0:5:1.0-port0"),
                                    QStringLiteral("usb-port:1a86:7523:1-5")})
            QCOMPARE(catalog.resolve(name).device.id, QStringLiteral("usb-port:1a86:7523:1-5")); // hidden (ttyUSB*), still resolved
        // Every node of the composite probe names the probe.
        for (const QString &node : {QStringLiteral("/dev/ttyACM1"), QStringLiteral("/dev/hidraw0"), QStringLiteral("/dev/sdb")})
            QCOMPARE(catalog.resolve(node).device.id, kProbe);
        // A name nothing knows stays an ad-hoc resource.
        QCOMPARE(catalog.resolve(QStringLiteral("/dev/ttyUSB42")).device.kind, QStringLiteral("resource"));
    }

    void inventoryAndStatusNeverOpenANode()
    {
        TempLockDir locks;
        QVERIFY(m_bed->loadAll());
        TempConfig config("[device.psu]\nid=usb:0403:6001:A50285BI\n");
        NodeOpenWatch watch(*m_bed);
        QVERIFY2(watch.watched().size() >= 12, qPrintable(watch.watched().join(u' ')));
        DeviceInventory inventory;
        inventory.load(true);
        Arbiter arbiter;
        for (const Device &device : inventory.devices())
            arbiter.status(device, true);
        QVERIFY2(watch.openedNodes().isEmpty(), qPrintable(watch.openedNodes().join(u'\n')));
    }

    void hotplugWithAHeldDevice()
    {
        TempLockDir locks;
        DeviceInventory inventory;
        inventory.load(true);
        Arbiter arbiter;
        // Latency: from the uevent to the first devicesChanged() whose list shows the change
        // (printed, not asserted; the goal is 200 ms).
        QSignalSpy changed(&inventory, &DeviceInventory::devicesChanged);
        QElapsedTimer clock;
        bool wantPresent = true;
        qint64 latencyUs = -1;
        QEventLoop loop; // QTRY_* sleeps 10 ms between looks: it would quantize the figure
        const auto waitForTheChange = [&] {
            QTimer::singleShot(10000, &loop, &QEventLoop::quit);
            if (latencyUs < 0)
                loop.exec();
        };
        connect(&inventory, &DeviceInventory::devicesChanged, this, [&] {
            const bool listed = byId(inventory.devices(), kFtdi) != nullptr;
            if (latencyUs < 0 && listed == wantPresent) {
                latencyUs = clock.nsecsElapsed() / 1000;
                loop.quit();
            }
        });
        // Connected first, so the figure is the inventory's own: the tracker's handling of a
        // new device (reading its lock, foreign use) runs after it.
        StateTracker tracker(arbiter);
        connect(&inventory, &DeviceInventory::devicesChanged, &tracker, [&] { tracker.setDevices(inventory.devices()); });
        tracker.start(inventory.devices());
        QCOMPARE(tracker.statuses().size(), 0);

        QVERIFY(m_bed->load("ftdi-adapter.umockdev"));
        clock.start();
        m_bed->uevent(kFtdiSyspath, "add");
        waitForTheChange();
        QTRY_VERIFY_WITH_TIMEOUT(tracker.contains(QStringLiteral("usb:0403:6001:A50285BI")), 10000);
        QVERIFY(changed.count() > 0);
        qInfo("hotplug: uevent add -> DeviceInventory lists the device after %.2f ms", double(latencyUs) / 1000);

        const Device adapter = tracker.status(QStringLiteral("usb:0403:6001:A50285BI")).device;
        QVERIFY(arbiter.claim(adapter).granted());
        tracker.refresh(adapter.id);
        const QString lockPath = tracker.status(adapter.id).lockPath;

        // Unplugged: the kernel removes the tty, the interface, then the device.
        wantPresent = false;
        latencyUs = -1;
        clock.restart();
        m_bed->unplugFtdi();
        waitForTheChange();
        QTRY_VERIFY_WITH_TIMEOUT(!tracker.status(adapter.id).device.present, 10000);
        qInfo("hotplug: first uevent remove -> DeviceInventory drops the device after %.2f ms",
              double(latencyUs) / 1000);
        QCOMPARE(tracker.status(adapter.id).state, DeviceStatus::State::HeldByMe); // held and unplugged

        // Plugged back in, into another port, where it gets another node name.
        wantPresent = true;
        latencyUs = -1;
        clock.restart();
        QVERIFY(m_bed->replugFtdiElsewhere());
        waitForTheChange();
        QTRY_VERIFY_WITH_TIMEOUT(tracker.status(adapter.id).device.present, 10000);
        qInfo("hotplug: uevent add (replug) -> DeviceInventory lists the device after %.2f ms", double(latencyUs) / 1000);
        QVERIFY(tracker.status(adapter.id).device.nodes.contains(QStringLiteral("/dev/ttyUSB7")));
        QCOMPARE(tracker.status(adapter.id).state, DeviceStatus::State::HeldByMe);
        QCOMPARE(tracker.status(adapter.id).lockPath, lockPath); // same device, same lock
    }
};

QTEST_GUILESS_MAIN(TestDeviceInventoryUdev)
#include "tst_deviceinventory_udev.moc"
