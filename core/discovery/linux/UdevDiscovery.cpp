// SPDX-License-Identifier: MIT
#include "UdevDiscovery.h"

#include "UdevHotplug.h"

#include "discovery/DeviceGroups.h"

#include <QHash>
#include <QString>

#include <libudev.h>

#include <algorithm>
#include <memory>

namespace devlatch {

std::unique_ptr<DeviceDiscovery> DeviceDiscovery::createForThisPlatform()
{
    return std::make_unique<UdevDiscovery>();
}

namespace {

struct UdevDeleter {
    void operator()(udev *u) const { udev_unref(u); }
    void operator()(udev_enumerate *e) const { udev_enumerate_unref(e); }
    void operator()(udev_device *d) const { udev_device_unref(d); }
};
template <typename T>
using Owned = std::unique_ptr<T, UdevDeleter>;

QString text(const char *value)
{
    return value ? QString::fromUtf8(value).trimmed() : QString();
}

QString attribute(udev_device *device, const char *name)
{
    return text(udev_device_get_sysattr_value(device, name));
}

QString property(udev_device *device, const char *name)
{
    return text(udev_device_get_property_value(device, name));
}

QString usbIdOf(udev_device *usb)
{
    const QString vendor = attribute(usb, "idVendor").toLower();
    const QString product = attribute(usb, "idProduct").toLower();
    const QString serial = attribute(usb, "serial");
    if (!serial.isEmpty())
        return QStringLiteral("usb:%1:%2:%3").arg(vendor, product, serial);
    // No serial number: identify it by the port it is plugged into.
    const QString path = property(usb, "ID_PATH");
    if (!path.isEmpty())
        return QStringLiteral("usb-path:%1:%2:%3").arg(vendor, product, path);
    return QStringLiteral("usb-port:%1:%2:%3").arg(vendor, product, text(udev_device_get_sysname(usb)));
}

QString displayNameOf(udev_device *usb)
{
    QString manufacturer = attribute(usb, "manufacturer");
    QString product = attribute(usb, "product");
    if (manufacturer.isEmpty())
        manufacturer = property(usb, "ID_VENDOR_FROM_DATABASE");
    if (product.isEmpty())
        product = property(usb, "ID_MODEL_FROM_DATABASE");
    if (!product.isEmpty() && !manufacturer.isEmpty() && !product.startsWith(manufacturer))
        return manufacturer + u' ' + product;
    if (!product.isEmpty())
        return product;
    return QStringLiteral("USB device %1:%2").arg(attribute(usb, "idVendor"), attribute(usb, "idProduct"));
}

// A serial port that is not on USB: the hardware it belongs to (a PCI card, a PNP or ACPI
// UART, a platform device) and the port's name, e.g. tty:pnp-00:00/ttyS0. Read from sysfs,
// so the same with or without udevd; udev's ID_PATH would not do, a multi-port card's ports
// share it. The node only as a last resort.
QString serialPortIdOf(udev_device *tty, const QString &node)
{
    for (udev_device *parent = udev_device_get_parent(tty); parent; parent = udev_device_get_parent(parent)) {
        const QString subsystem = text(udev_device_get_subsystem(parent));
        if (subsystem.isEmpty() || subsystem == u"tty" || subsystem.startsWith(u"serial"))
            continue; // serial-base controller and port devices of newer kernels
        return QStringLiteral("tty:%1-%2/%3").arg(subsystem, text(udev_device_get_sysname(parent)),
                                                   text(udev_device_get_sysname(tty)));
    }
    return QStringLiteral("node:%1").arg(node);
}

bool isHub(udev_device *usb)
{
    return attribute(usb, "bDeviceClass") == u"09";
}

// The sysfs paths worth looking at, sorted by place in the machine so the order is stable.
// Three scans, so that the many virtual devices cost nothing (libudev builds a device for
// every entry a scan matches): ttys without the virtual consoles tty0..tty63, block devices
// that can sit on USB (sd*, sr*; not loop, zram, dm, vd*), the rest whole. devlatchctl
// enumerates on every run: this keeps it at a millisecond or so.
QStringList candidateSyspaths(udev *context)
{
    struct Scan {
        std::initializer_list<const char *> subsystems, sysnames;
    };
    const Scan scans[] = {
        {{"tty"}, {"tty[!0-9]*"}},
        {{"block"}, {"sd*", "sr*"}},
        {{"hidraw", "video4linux", "sound", "usb"}, {}},
    };
    QStringList syspaths;
    for (const Scan &scan : scans) {
        Owned<udev_enumerate> enumeration(udev_enumerate_new(context));
        if (!enumeration)
            continue;
        for (const char *subsystem : scan.subsystems)
            udev_enumerate_add_match_subsystem(enumeration.get(), subsystem);
        for (const char *sysname : scan.sysnames)
            udev_enumerate_add_match_sysname(enumeration.get(), sysname);
        udev_enumerate_scan_devices(enumeration.get());
        udev_list_entry *entry = nullptr;
        udev_list_entry_foreach(entry, udev_enumerate_get_list_entry(enumeration.get()))
        {
            const QString syspath = text(udev_list_entry_get_name(entry));
            if (!syspath.contains(u"/devices/virtual/")) // ptys, consoles, loop devices, ...
                syspaths << syspath;
        }
    }
    std::sort(syspaths.begin(), syspaths.end());
    return syspaths;
}

// Physical devices assembled from their udev nodes, in the order first seen.
class UdevDeviceGroups {
public:
    void addUsbDevice(udev_device *usb, const QString &node);
    void addUsbNode(udev_device *usb, const QString &subsystem, const QString &node);
    void addSerialPort(udev_device *tty, const QString &node);
    QList<Device> devices();

private:
    using Group = DeviceGroups::Group;
    Group &groupOf(udev_device *usb);

    DeviceGroups m_groups; // by the USB device's syspath, or the node for other ports
};

UdevDeviceGroups::Group &UdevDeviceGroups::groupOf(udev_device *usb)
{
    Group &group = m_groups.groupFor(text(udev_device_get_syspath(usb)));
    if (group.device.id.isEmpty()) {
        group.device.id = usbIdOf(usb);
        group.device.name = displayNameOf(usb);
    }
    return group;
}

void UdevDeviceGroups::addUsbDevice(udev_device *usb, const QString &node)
{
    Group &group = groupOf(usb);
    if (!node.isEmpty() && !group.device.nodes.contains(node))
        group.device.nodes << node;
}

void UdevDeviceGroups::addUsbNode(udev_device *usb, const QString &subsystem, const QString &node)
{
    Group &group = groupOf(usb);
    group.device.nodes.prepend(node); // the interesting nodes before /dev/bus/usb/...
    group.functions.serial |= subsystem == u"tty";
    group.functions.hid |= subsystem == u"hidraw";
    group.functions.video |= subsystem == u"video4linux";
    group.functions.storage |= subsystem == u"block";
    group.functions.audio |= subsystem == u"sound";
}

void UdevDeviceGroups::addSerialPort(udev_device *tty, const QString &node)
{
    Group &group = m_groups.groupFor(node);
    group.device.id = serialPortIdOf(tty, node);
    group.device.name = QStringLiteral("Serial port %1").arg(text(udev_device_get_sysname(tty)));
    group.device.nodes << node;
    group.functions.serial = true;
}

QList<Device> UdevDeviceGroups::devices()
{
    return m_groups.devices([](const QString &a, const QString &b) {
        // /dev/bus/usb/... last; otherwise by name
        const bool aBus = a.startsWith(u"/dev/bus/"), bBus = b.startsWith(u"/dev/bus/");
        return aBus != bBus ? bBus : a < b;
    });
}

// Files one sysfs device into its group, or leaves it out.
void classify(udev_device *device, UdevDeviceGroups &groups)
{
    const QString subsystem = text(udev_device_get_subsystem(device));
    const QString node = text(udev_device_get_devnode(device));
    if (subsystem == u"usb") {
        if (text(udev_device_get_devtype(device)) == u"usb_device" && !isHub(device))
            groups.addUsbDevice(device, node);
        return;
    }
    if (node.isEmpty())
        return;
    // The USB device this node belongs to, if any (borrowed pointer: owned by `device`).
    if (udev_device *usb = udev_device_get_parent_with_subsystem_devtype(device, "usb", "usb_device")) {
        if (!isHub(usb))
            groups.addUsbNode(usb, subsystem, node);
        return;
    }
    // Not USB: only serial ports with hardware behind them.
    if (subsystem != u"tty" || text(udev_device_get_devpath(device)).startsWith(u"/devices/virtual/"))
        return;
    if (attribute(device, "type") == u"0") // serial_core: no UART at this port
        return;
    groups.addSerialPort(device, node);
}

} // namespace

UdevDiscovery::UdevDiscovery(QObject *parent) : DeviceDiscovery(parent) {}

UdevDiscovery::~UdevDiscovery() = default;

DiscoveryResult UdevDiscovery::enumerate()
{
    Owned<udev> context(udev_new());
    if (!context)
        return {{}, QStringLiteral("libudev could not be initialised")};
    UdevDeviceGroups groups;
    for (const QString &syspath : candidateSyspaths(context.get())) {
        Owned<udev_device> device(udev_device_new_from_syspath(context.get(), syspath.toUtf8().constData()));
        if (device)
            classify(device.get(), groups);
    }
    return {groups.devices(), {}};
}

bool UdevDiscovery::startWatching()
{
    if (m_hotplug)
        return m_hotplug->isWatching();
    m_hotplug = new UdevHotplug(this);
    connect(m_hotplug, &UdevHotplug::changed, this, &DeviceDiscovery::changed);
    m_watchError = m_hotplug->start();
    return m_watchError.isEmpty();
}

bool UdevDiscovery::isWatching() const
{
    return m_hotplug && m_hotplug->isWatching();
}

QString UdevDiscovery::watchError() const
{
    return m_watchError;
}

} // namespace devlatch
