#include "UdevDiscovery.h"

#include <QHash>
#include <QString>

#include <libudev.h>

#include <memory>

namespace devlatch {

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

// One physical device being assembled from its nodes.
struct Group {
    Device device;
    bool tty = false, hid = false, video = false, storage = false, audio = false;
};

QString kindOf(const Group &group)
{
    if (group.video)
        return QStringLiteral("camera");
    if (group.tty && (group.hid || group.storage))
        return QStringLiteral("probe");
    if (group.tty)
        return QStringLiteral("serial");
    if (group.hid)
        return QStringLiteral("hid");
    if (group.audio)
        return QStringLiteral("audio");
    return QStringLiteral("usb");
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

bool isHub(udev_device *usb)
{
    return attribute(usb, "bDeviceClass") == u"09";
}

} // namespace

bool UdevDiscovery::isAvailable()
{
    Owned<udev> context(udev_new());
    return bool(context);
}

QList<Device> UdevDiscovery::enumerate()
{
    QList<Device> result;
    Owned<udev> context(udev_new());
    if (!context)
        return result;
    Owned<udev_enumerate> enumeration(udev_enumerate_new(context.get()));
    for (const char *subsystem : {"tty", "hidraw", "video4linux", "sound", "usb", "block"})
        udev_enumerate_add_match_subsystem(enumeration.get(), subsystem);
    udev_enumerate_scan_devices(enumeration.get());

    QHash<QString, Group> groups; // by the USB device's syspath, or the node for non-USB ports
    QStringList order;
    auto groupFor = [&](const QString &key) -> Group & {
        if (!groups.contains(key))
            order << key;
        return groups[key];
    };

    udev_list_entry *entry = nullptr;
    udev_list_entry_foreach(entry, udev_enumerate_get_list_entry(enumeration.get()))
    {
        Owned<udev_device> device(udev_device_new_from_syspath(context.get(), udev_list_entry_get_name(entry)));
        if (!device)
            continue;
        const QString subsystem = text(udev_device_get_subsystem(device.get()));
        const QString devtype = text(udev_device_get_devtype(device.get()));
        const QString node = text(udev_device_get_devnode(device.get()));
        const QString devpath = text(udev_device_get_devpath(device.get()));

        if (subsystem == u"usb") {
            if (devtype != u"usb_device" || isHub(device.get()))
                continue;
            Group &group = groupFor(text(udev_device_get_syspath(device.get())));
            if (group.device.id.isEmpty()) {
                group.device.id = usbIdOf(device.get());
                group.device.name = displayNameOf(device.get());
            }
            if (!node.isEmpty() && !group.device.nodes.contains(node))
                group.device.nodes << node;
            continue;
        }
        if (node.isEmpty())
            continue;
        // The USB device this node belongs to, if any (borrowed pointer: owned by `device`).
        udev_device *usb = udev_device_get_parent_with_subsystem_devtype(device.get(), "usb", "usb_device");
        if (usb) {
            if (isHub(usb))
                continue;
            Group &group = groupFor(text(udev_device_get_syspath(usb)));
            if (group.device.id.isEmpty()) {
                group.device.id = usbIdOf(usb);
                group.device.name = displayNameOf(usb);
            }
            group.device.nodes.prepend(node); // the interesting nodes before /dev/bus/usb/...
            group.tty |= subsystem == u"tty";
            group.hid |= subsystem == u"hidraw";
            group.video |= subsystem == u"video4linux";
            group.storage |= subsystem == u"block";
            group.audio |= subsystem == u"sound";
            continue;
        }
        // Not USB: only serial ports with hardware behind them.
        if (subsystem != u"tty" || devpath.startsWith(u"/devices/virtual/"))
            continue;
        if (attribute(device.get(), "type") == u"0") // serial_core: no UART at this port
            continue;
        Group &group = groupFor(node);
        const QString path = property(device.get(), "ID_PATH");
        group.device.id = path.isEmpty() ? QStringLiteral("node:%1").arg(node) : QStringLiteral("tty-path:%1").arg(path);
        group.device.name = QStringLiteral("Serial port %1").arg(text(udev_device_get_sysname(device.get())));
        group.device.nodes << node;
        group.tty = true;
    }
    for (const QString &key : std::as_const(order)) {
        Group &group = groups[key];
        group.device.kind = kindOf(group);
        group.device.discovered = true;
        std::sort(group.device.nodes.begin(), group.device.nodes.end(), [](const QString &a, const QString &b) {
            // /dev/bus/usb/... last; otherwise by name
            const bool aBus = a.startsWith(u"/dev/bus/"), bBus = b.startsWith(u"/dev/bus/");
            return aBus != bBus ? bBus : a < b;
        });
        result << group.device;
    }
    return result;
}

} // namespace devlatch
