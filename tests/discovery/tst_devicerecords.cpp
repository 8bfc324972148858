// SPDX-License-Identifier: MIT
// Windows discovery's grouping of SetupAPI records into devices, on a recorded Windows bench
// (windows-bench.json): portable code, so it runs here and under Wine alike.

#include "discovery/win/DeviceRecords.h"

#include "TestPaths.h"

#include <QTemporaryDir>
#include <QTest>

using namespace devlatch;
using namespace devlatch::windows;

namespace {

const Device *find(const QList<Device> &devices, const QString &id)
{
    for (const Device &device : devices)
        if (device.id == id)
            return &device;
    return nullptr;
}

QList<DeviceRecord> bench()
{
    const DeviceRecordsFile file = readDeviceRecords(TestPaths::sourceDir(QStringLiteral("/tests/discovery/windows-bench.json")));
    if (!file.error.isEmpty())
        qFatal("%s", qPrintable(file.error));
    return file.records;
}

} // namespace

class TestDeviceRecords final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void usbDevicesWithSerialNumbersAreKeyedByThem()
    {
        const QList<Device> devices = groupDeviceRecords(bench());
        const Device *ftdi = find(devices, QStringLiteral("usb:0403:6001:A6008ISP"));
        QVERIFY(ftdi);
        QCOMPARE(ftdi->nodes, QStringList{QStringLiteral("COM5")});
        QCOMPARE(ftdi->kind, QStringLiteral("serial"));
        QCOMPARE(ftdi->name, QStringLiteral("FTDI USB Serial Port")); // "USB Serial Converter" says less
        QVERIFY(ftdi->discovered);
    }

    // A composite probe: its serial port and its mass storage are one device, as on Linux.
    void functionsOfOneDeviceAreOneDevice()
    {
        const QList<Device> devices = groupDeviceRecords(bench());
        const Device *stlink = find(devices, QStringLiteral("usb:0483:374b:0671FF485550755187121723"));
        QVERIFY(stlink);
        QCOMPARE(stlink->nodes, QStringList{QStringLiteral("COM12")});
        QCOMPARE(stlink->kind, QStringLiteral("probe"));
        QCOMPARE(stlink->name, QStringLiteral("ST-Link Debug"));
        const Device *camera = find(devices, QStringLiteral("usb:046d:0825:E4A7E6A0"));
        QVERIFY(camera);
        QCOMPARE(camera->kind, QStringLiteral("camera"));
        QCOMPARE(camera->name, QStringLiteral("Logitech Webcam C270"));
        QVERIFY(camera->nodes.isEmpty());
    }

    // Windows makes up an instance id with '&' when a device has no serial number: such a
    // device is known by the port it is plugged into, never by that made-up id.
    void noSerialNumberMeansThePort()
    {
        const QList<Device> devices = groupDeviceRecords(bench());
        const Device *ch340 = find(devices, QStringLiteral("usb-path:1a86:7523:PCIROOT(0)#PCI(1400)#USBROOT(0)#USB(3)"));
        QVERIFY(ch340);
        QCOMPARE(ch340->nodes, QStringList{QStringLiteral("COM3")});
        QCOMPARE(ch340->name, QStringLiteral("wch.cn USB-SERIAL CH340"));
        const Device *mouse = find(devices, QStringLiteral("usb-path:046d:c077:PCIROOT(0)#PCI(1400)#USBROOT(0)#USB(5)"));
        QVERIFY(mouse);
        QCOMPARE(mouse->kind, QStringLiteral("hid"));
        QCOMPARE(mouse->name, QStringLiteral("HID-compliant mouse"));
    }

    void serialPortsOffUsbAndUnexplainedPorts()
    {
        const QList<Device> devices = groupDeviceRecords(bench(), {QStringLiteral("COM1"), QStringLiteral("com9")});
        const Device *com1 = find(devices, QStringLiteral("tty:acpi-pnp0501/COM1"));
        QVERIFY(com1);
        QCOMPARE(com1->name, QStringLiteral("Communications Port"));
        QCOMPARE(com1->kind, QStringLiteral("serial"));
        const Device *com9 = find(devices, QStringLiteral("node:COM9")); // SERIALCOMM only (com0com, Wine)
        QVERIFY(com9);
        QCOMPARE(com9->nodes, QStringList{QStringLiteral("COM9")});
        QVERIFY(!find(devices, QStringLiteral("node:COM1"))); // explained by its record
    }

    void hubsControllersAndOtherBusesAreLeftOut()
    {
        const QList<Device> devices = groupDeviceRecords(bench());
        QStringList ids;
        for (const Device &device : devices)
            ids << device.id;
        QCOMPARE(devices.size(), 6);
        for (const QString &id : std::as_const(ids))
            QVERIFY2(!id.contains(QStringLiteral("05e3")) && !id.contains(QStringLiteral("ROOT_HUB")), qPrintable(id));
    }

    void theProductStringWinsWhenWindowsHasIt()
    {
        QList<DeviceRecord> records = bench();
        for (DeviceRecord &record : records)
            if (record.instanceId == u"USB\\VID_0403&PID_6001\\A6008ISP")
                record.productString = QStringLiteral("FT232R USB UART");
        QCOMPARE(find(groupDeviceRecords(records), QStringLiteral("usb:0403:6001:A6008ISP"))->name,
                 QStringLiteral("FTDI FT232R USB UART"));
    }

    void aRecordingSurvivesWritingAndReading()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("again.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(writeDeviceRecords(bench()));
        file.close();
        const DeviceRecordsFile again = readDeviceRecords(path);
        QVERIFY2(again.error.isEmpty(), qPrintable(again.error));
        QCOMPARE(again.records.size(), bench().size());
        QCOMPARE(again.records.at(4).portName, QStringLiteral("COM5"));
        QCOMPARE(groupDeviceRecords(again.records).size(), groupDeviceRecords(bench()).size());
    }

    void aBrokenRecordingIsAnError()
    {
        QTemporaryDir dir;
        QFile notJson(dir.filePath(QStringLiteral("bad.json")));
        QVERIFY(notJson.open(QIODevice::WriteOnly));
        notJson.write("{\"schema\": 1, \"records\": [");
        notJson.close();
        QVERIFY(readDeviceRecords(notJson.fileName()).error.contains(QStringLiteral("is not JSON")));
        QFile wrongSchema(dir.filePath(QStringLiteral("other.json")));
        QVERIFY(wrongSchema.open(QIODevice::WriteOnly));
        wrongSchema.write("{\"schema\": 2, \"records\": []}");
        wrongSchema.close();
        QVERIFY(readDeviceRecords(wrongSchema.fileName()).error.contains(QStringLiteral("not a device recording")));
        QVERIFY(readDeviceRecords(dir.filePath(QStringLiteral("missing.json"))).error.contains(QStringLiteral("cannot read")));
    }
};

QTEST_GUILESS_MAIN(TestDeviceRecords)
#include "tst_devicerecords.moc"
