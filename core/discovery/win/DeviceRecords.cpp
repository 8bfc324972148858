// SPDX-License-Identifier: MIT
#include "DeviceRecords.h"

#include "discovery/DeviceGroups.h"

#include <QFile>
#include <QHash>
#include <QSet>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

namespace devlatch::windows {

namespace {

struct Field {
    const char *name;
    QString DeviceRecord::*member;
};
const Field kFields[] = {
    {"instanceId", &DeviceRecord::instanceId},     {"parentId", &DeviceRecord::parentId},
    {"deviceClass", &DeviceRecord::deviceClass},   {"name", &DeviceRecord::name},
    {"productString", &DeviceRecord::productString},
    {"manufacturer", &DeviceRecord::manufacturer}, {"portName", &DeviceRecord::portName},
    {"locationPath", &DeviceRecord::locationPath},
};

// USB\VID_0403&PID_6001\A6008ISP: the device itself (not an interface: no &MI_).
struct UsbDeviceId {
    QString vendor, product, instance;
    bool valid = false;
};

UsbDeviceId parseUsbDeviceId(const QString &instanceId)
{
    static const QRegularExpression form(QStringLiteral(R"(^USB\\VID_([0-9A-F]{4})&PID_([0-9A-F]{4})(&[^\\]*)?\\(.+)$)"),
                                         QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = form.match(instanceId);
    if (!match.hasMatch() || match.captured(3).contains(QStringLiteral("&MI_"), Qt::CaseInsensitive))
        return {};
    return {match.captured(1).toLower(), match.captured(2).toLower(), match.captured(4), true};
}

bool isHubOrController(const DeviceRecord &record)
{
    // Root hubs (USB\ROOT_HUB30\...) do not parse as VID/PID; hubs carry the USB class.
    const QString name = record.name.toLower();
    return name.contains(QStringLiteral("hub")) || name.contains(QStringLiteral("host controller"));
}

// Windows' generic names, which say less than a function of the device does.
bool isGenericName(const QString &name)
{
    static const QStringList generic{QStringLiteral("USB Composite Device"), QStringLiteral("USB Serial Converter"),
                                     QStringLiteral("USB Input Device"), QStringLiteral("USB Serial Device"),
                                     QStringLiteral("USB Mass Storage Device")};
    return name.isEmpty() || generic.contains(name, Qt::CaseInsensitive);
}

// "USB-SERIAL CH340 (COM3)" -> "USB-SERIAL CH340": the port is shown as the node.
QString withoutPort(QString name)
{
    static const QRegularExpression port(QStringLiteral(R"(\s*\(COM[0-9]+\)$)"), QRegularExpression::CaseInsensitiveOption);
    return name.remove(port);
}

// As Linux shows it: "<manufacturer> <product>" from the device's own strings where Windows
// has them, else the first function with a telling name ("Logitech Webcam C270").
QString usbDisplayName(const DeviceRecord &usb, const UsbDeviceId &id, const QList<const DeviceRecord *> &functions)
{
    QString product = !usb.productString.isEmpty() ? usb.productString : withoutPort(usb.name);
    if (isGenericName(product))
        for (const DeviceRecord *function : functions)
            if (!isGenericName(withoutPort(function->name))) {
                product = withoutPort(function->name);
                break;
            }
    // Driver packages name the vendor; Windows' own say "(Standard ...)".
    const QString maker = usb.manufacturer.startsWith(u'(') ? QString() : usb.manufacturer;
    if (!product.isEmpty() && !maker.isEmpty() && !product.startsWith(maker, Qt::CaseInsensitive))
        return maker + u' ' + product;
    if (!product.isEmpty())
        return product;
    return QStringLiteral("USB device %1:%2").arg(id.vendor, id.product);
}

} // namespace

DeviceRecordsFile readDeviceRecords(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {{}, QStringLiteral("cannot read the device recording %1: %2").arg(path, file.errorString())};
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (document.isNull())
        return {{}, QStringLiteral("%1 is not JSON: %2").arg(path, parseError.errorString())};
    const QJsonObject top = document.object();
    if (top.value(QStringLiteral("schema")).toInt() != 1 || !top.value(QStringLiteral("records")).isArray())
        return {{}, QStringLiteral("%1 is not a device recording (schema 1 with \"records\")").arg(path)};
    DeviceRecordsFile result;
    for (const QJsonValue &value : top.value(QStringLiteral("records")).toArray()) {
        const QJsonObject object = value.toObject();
        DeviceRecord record;
        for (const Field &field : kFields)
            record.*field.member = object.value(QLatin1String(field.name)).toString();
        result.records << record;
    }
    return result;
}

QByteArray writeDeviceRecords(const QList<DeviceRecord> &records)
{
    QJsonArray array;
    for (const DeviceRecord &record : records) {
        QJsonObject object;
        for (const Field &field : kFields)
            if (!(record.*field.member).isEmpty())
                object.insert(QLatin1String(field.name), record.*field.member);
        array.append(object);
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("schema"), 1}, {QStringLiteral("records"), array}}).toJson();
}

QList<Device> groupDeviceRecords(const QList<DeviceRecord> &records, const QStringList &extraPorts)
{
    QHash<QString, const DeviceRecord *> byId;
    for (const DeviceRecord &record : records)
        byId.insert(record.instanceId.toUpper(), &record);
    // The USB device a node belongs to: itself or its nearest such ancestor.
    auto usbDeviceOf = [&byId](const DeviceRecord &record) -> const DeviceRecord * {
        const DeviceRecord *current = &record;
        for (int depth = 0; current && depth < 32; ++depth) {
            if (parseUsbDeviceId(current->instanceId).valid)
                return current;
            current = byId.value(current->parentId.toUpper());
        }
        return nullptr;
    };

    DeviceGroups groups;
    QSet<QString> ports;
    QHash<const DeviceRecord *, QList<const DeviceRecord *>> functionsOf;
    QHash<QString, const DeviceRecord *> usbOf; // group key -> its USB device
    for (const DeviceRecord &record : records) {
        const QString cls = record.deviceClass.toLower();
        const DeviceRecord *usb = usbDeviceOf(record);
        if (!usb) {
            if (cls != u"ports" || record.portName.isEmpty())
                continue; // not USB: only serial ports
            const QString enumerated = record.instanceId.section(u'\\', 0, 1).toLower().replace(u'\\', u'-');
            DeviceGroups::Group &group = groups.groupFor(record.portName.toUpper());
            group.device.id = QStringLiteral("tty:%1/%2").arg(enumerated, record.portName.toUpper());
            group.device.name = record.name.isEmpty() ? QStringLiteral("Serial port %1").arg(record.portName.toUpper())
                                                      : withoutPort(record.name);
            group.device.nodes << record.portName.toUpper();
            group.functions.serial = true;
            ports.insert(record.portName.toUpper());
            continue;
        }
        if (isHubOrController(*usb))
            continue;
        const UsbDeviceId id = parseUsbDeviceId(usb->instanceId);
        DeviceGroups::Group &group = groups.groupFor(usb->instanceId.toUpper());
        if (&record != usb)
            functionsOf[usb].append(&record);
        if (group.device.id.isEmpty()) {
            // Windows makes up an instance id with '&' in it when the device has no serial.
            group.device.id = !id.instance.contains(u'&')
                                  ? QStringLiteral("usb:%1:%2:%3").arg(id.vendor, id.product, id.instance)
                                  : QStringLiteral("usb-path:%1:%2:%3")
                                        .arg(id.vendor, id.product,
                                             usb->locationPath.isEmpty() ? id.instance : usb->locationPath);
            usbOf.insert(usb->instanceId.toUpper(), usb);
        }
        if (!record.portName.isEmpty() && cls == u"ports") {
            group.device.nodes << record.portName.toUpper();
            ports.insert(record.portName.toUpper());
            group.functions.serial = true;
        }
        group.functions.hid |= cls == u"hidclass";
        group.functions.video |= cls == u"camera" || cls == u"image";
        group.functions.storage |= cls == u"diskdrive";
        group.functions.audio |= cls == u"media" || cls == u"audioendpoint";
    }
    for (auto it = usbOf.constBegin(); it != usbOf.constEnd(); ++it)
        groups.groupFor(it.key()).device.name =
            usbDisplayName(**it, parseUsbDeviceId((*it)->instanceId), functionsOf.value(*it));
    // Ports Windows names (HKLM\HARDWARE\DEVICEMAP\SERIALCOMM) that no record explains.
    for (const QString &port : extraPorts) {
        if (ports.contains(port.toUpper()))
            continue;
        DeviceGroups::Group &group = groups.groupFor(port.toUpper());
        group.device.id = QStringLiteral("node:%1").arg(port.toUpper());
        group.device.name = QStringLiteral("Serial port %1").arg(port.toUpper());
        group.device.nodes << port.toUpper();
        group.functions.serial = true;
    }
    return groups.devices([](const QString &a, const QString &b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b; // COM3 before COM10
    });
}

} // namespace devlatch::windows
