// SPDX-License-Identifier: MIT
#pragma once

#include "model/Device.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace devlatch::windows {

// What Windows says about one present device node (SetupAPI / CfgMgr32), before devlatch
// groups nodes into physical devices. Plain data so an enumeration can be recorded on a real
// machine and replayed anywhere (tests, Wine, which lists no USB devices).
struct DeviceRecord {
    QString instanceId;       // USB\VID_0403&PID_6001\A6008ISP, FTDIBUS\VID_0403+PID_6001+A6008ISPA\0000
    QString parentId;         // the parent's instance id (CM_Get_Parent); empty at the root
    QString deviceClass;      // SPDRP_CLASS: Ports, HIDClass, USB, Camera, Image, DiskDrive, MEDIA, ...
    QString name;             // SPDRP_FRIENDLYNAME, else SPDRP_DEVICEDESC
    QString productString;    // DEVPKEY_Device_BusReportedDeviceDesc: the USB product string
    QString manufacturer;     // SPDRP_MFG
    QString portName;         // the device key's PortName (COM3) for ports; else empty
    QString locationPath;     // first of SPDRP_LOCATION_PATHS: PCIROOT(0)#PCI(1400)#USBROOT(0)#USB(2)
};

struct DeviceRecordsFile {
    QList<DeviceRecord> records;
    QString error; // the file could not be read or is not a recording
};

// A recording: {"schema":1,"records":[{"instanceId":...,"parentId":...}, ...]} (the field
// names above). What `devlatchctl list --json` cannot show, a recording keeps: the raw facts.
DeviceRecordsFile readDeviceRecords(const QString &path);
QByteArray writeDeviceRecords(const QList<DeviceRecord> &records);

// The physical devices these records describe, in the form Linux uses:
//   usb:VID:PID:SERIAL            a USB device with a serial number (vid, pid lower-case hex)
//   usb-path:VID:PID:LOCATION     one without: the port it is plugged into
//   tty:ENUMERATOR-ID/COMn        a serial port that is not on USB (ACPI, PCI card)
//   node:COMn                     a port Windows names but nothing else is known of
// Every port, HID, camera, storage and audio node on a USB device belongs to that device;
// hubs, host controllers and root hubs are left out.
QList<Device> groupDeviceRecords(const QList<DeviceRecord> &records, const QStringList &extraPorts = {});

} // namespace devlatch::windows
