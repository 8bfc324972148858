// SPDX-License-Identifier: MIT
// DeviceInventory, the one device loader of devlatchctl and the tray, with a discovery the
// test controls: configured and discovered devices merged, reloads on hotplug and on a
// config change, and discovery that fails or cannot follow hotplug is said, not hidden.

#include "TestSupport.h"

#include "common/DeviceInventory.h"
#include "discovery/DeviceDiscovery.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>

#include <cstdio>

using namespace devlatch;

namespace {

class FakeDiscovery final : public DeviceDiscovery {
public:
    DiscoveryResult result;
    QString watchProblem;
    bool watching = false;

    DiscoveryResult enumerate() override { return result; }
    bool startWatching() override
    {
        watching = watchProblem.isEmpty();
        return watching;
    }
    bool isWatching() const override { return watching; }
    QString watchError() const override { return watchProblem; }
    void plug(const Device &device)
    {
        result.devices << device;
        Q_EMIT changed();
    }
};

Device adapter()
{
    Device device;
    device.id = QStringLiteral("usb:0403:6001:A50285BI");
    device.name = QStringLiteral("FTDI FT232R USB UART");
    device.kind = QStringLiteral("serial");
    device.nodes = {QStringLiteral("/dev/ttyUSB0")};
    device.discovered = true;
    return device;
}

} // namespace

class TestDeviceInventory final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_config;

    QString configFile() const { return m_config.filePath(QStringLiteral("home/devlatch/devlatch.conf")); }
    void writeConfig(const QByteArray &content)
    {
        QDir().mkpath(QFileInfo(configFile()).path());
        QFile file(configFile());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(content);
    }
    static std::pair<std::unique_ptr<FakeDiscovery>, FakeDiscovery *> fake()
    {
        auto owned = std::make_unique<FakeDiscovery>();
        FakeDiscovery *raw = owned.get();
        return {std::move(owned), raw};
    }

private Q_SLOTS:
    void init()
    {
        qputenv("XDG_CONFIG_HOME", m_config.filePath(QStringLiteral("home")).toLocal8Bit());
        qputenv("XDG_CONFIG_DIRS", m_config.filePath(QStringLiteral("etc-xdg")).toLocal8Bit());
        QFile::remove(configFile());
    }

    void configuredAndDiscoveredAreOneList()
    {
        writeConfig("[device.psu]\nid=usb:0403:6001:A50285BI\nalias=Bench PSU\n\n[device.scope]\nname=Rigol\n");
        auto [owned, discovery] = fake();
        discovery->result.devices = {adapter()};
        DeviceInventory inventory(std::move(owned));
        inventory.load(false);
        QVERIFY2(inventory.warnings().isEmpty(), qPrintable(inventory.warnings().join(u'\n')));
        QCOMPARE(inventory.devices().size(), 2);
        QCOMPARE(inventory.catalog().resolve(QStringLiteral("/dev/ttyUSB0")).device.name, QStringLiteral("Bench PSU"));
        QCOMPARE(inventory.catalog().resolve(QStringLiteral("psu")).device.id, adapter().id);
    }

    void failedDiscoveryIsAWarningNotSilence()
    {
        writeConfig("[device.scope]\nname=Rigol\n");
        auto [owned, discovery] = fake();
        discovery->result.error = QStringLiteral("libudev could not be initialised");
        DeviceInventory inventory(std::move(owned));
        inventory.load(false);
        QCOMPARE(inventory.devices().size(), 1); // the configured ones still
        QCOMPARE(inventory.warnings().size(), 1);
        QVERIFY2(inventory.warnings().first().contains(QStringLiteral("device discovery failed"))
                     && inventory.warnings().first().contains(QStringLiteral("libudev could not be initialised")),
                 qPrintable(inventory.warnings().first()));
    }

    void hotplugThatCannotBeFollowedIsAWarning()
    {
        auto [owned, discovery] = fake();
        discovery->watchProblem = QStringLiteral("cannot open a netlink socket for device events: Permission denied");
        DeviceInventory inventory(std::move(owned));
        inventory.load(true);
        QCOMPARE(inventory.warnings().size(), 1);
        QVERIFY(inventory.warnings().first().contains(QStringLiteral("not noticed until devlatch restarts")));
        QVERIFY(inventory.warnings().first().contains(discovery->watchProblem));
    }

    void hotplugReloads()
    {
        auto [owned, discovery] = fake();
        DeviceInventory inventory(std::move(owned));
        inventory.load(true);
        QVERIFY(discovery->isWatching());
        QVERIFY(inventory.warnings().isEmpty());
        QCOMPARE(inventory.devices().size(), 0);
        QSignalSpy changed(&inventory, &DeviceInventory::devicesChanged);
        discovery->plug(adapter());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(inventory.devices().size(), 1);
    }

    void aConfigChangeReloads()
    {
        writeConfig("[device.one]\n");
        DeviceInventory inventory(fake().first);
        inventory.load(true);
        QCOMPARE(inventory.devices().size(), 1);
        QSignalSpy changed(&inventory, &DeviceInventory::devicesChanged);
        writeConfig("[device.one]\n\n[device.two]\n");
        QTRY_COMPARE_WITH_TIMEOUT(inventory.devices().size(), 2, 10000);
        QVERIFY(changed.size() >= 1);
    }

    // A newcomer's first step after the first start: write ~/.config/devlatch/devlatch.conf,
    // whose directory (and here its parent too) did not exist when devlatch started.
    void aConfigDirectoryMadeAfterTheStartIsWatched()
    {
        QVERIFY(QDir(m_config.filePath(QStringLiteral("home"))).removeRecursively());
        DeviceInventory inventory(fake().first);
        inventory.load(true);
        QCOMPARE(inventory.devices().size(), 0);
        QVERIFY(QDir().mkpath(m_config.filePath(QStringLiteral("home"))));
        QTest::qWait(200); // the parent alone: nothing to load yet
        writeConfig("[device.first]\nname=First\n");
        QTRY_COMPARE_WITH_TIMEOUT(inventory.devices().size(), 1, 10000);
        // Written again in place, once it is watched: followed too.
        writeConfig("[device.first]\nname=First\n\n[device.second]\n");
        QTRY_COMPARE_WITH_TIMEOUT(inventory.devices().size(), 2, 10000);
    }

    // What editors do (write a copy, rename it over the file), then the file deleted, then
    // its directory deleted and made again.
    void aFileReplacedDeletedAndMadeAgainIsFollowed()
    {
        writeConfig("[device.one]\n");
        DeviceInventory inventory(fake().first);
        inventory.load(true);
        QCOMPARE(inventory.devices().size(), 1);
        const QString copy = configFile() + QStringLiteral(".swp");
        {
            QFile file(copy);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("[device.one]\n\n[device.two]\n");
        }
        QVERIFY(::rename(QFile::encodeName(copy).constData(), QFile::encodeName(configFile()).constData()) == 0);
        QTRY_COMPARE_WITH_TIMEOUT(inventory.devices().size(), 2, 10000);
        QVERIFY(QFile::remove(configFile()));
        QTRY_COMPARE_WITH_TIMEOUT(inventory.devices().size(), 0, 10000);
        QVERIFY(QDir(QFileInfo(configFile()).path()).removeRecursively());
        QTest::qWait(200);
        writeConfig("[device.three]\n");
        QTRY_COMPARE_WITH_TIMEOUT(inventory.devices().size(), 1, 10000);
        QCOMPARE(inventory.devices().first().id, QStringLiteral("three"));
    }

    void withoutDiscoveryOnlyConfiguredDevices()
    {
        qputenv("DEVLATCH_DISCOVERY", "off");
        writeConfig("[device.one]\n");
        DeviceInventory inventory;
        inventory.load(false);
        QCOMPARE(inventory.devices().size(), 1);
        QVERIFY(inventory.warnings().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDeviceInventory)
#include "tst_deviceinventory.moc"
