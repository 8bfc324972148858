// SPDX-License-Identifier: MIT
#pragma once

#include "model/Device.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <algorithm>

namespace devlatch {

// What one physical device offers, as the OS lists its functions (Linux: subsystems of its
// nodes; Windows: device classes), and the kind a person calls it by. One rule for every OS.
struct DeviceFunctions {
    bool serial = false, hid = false, video = false, storage = false, audio = false;

    QString kind() const
    {
        if (video)
            return QStringLiteral("camera");
        if (serial && (hid || storage)) // a debug probe: a UART beside its HID or drag-and-drop drive
            return QStringLiteral("probe");
        if (serial)
            return QStringLiteral("serial");
        if (hid)
            return QStringLiteral("hid");
        if (audio)
            return QStringLiteral("audio");
        return QStringLiteral("usb");
    }
};

// The physical devices a discovery assembles from the OS's nodes, in the order first seen.
class DeviceGroups {
public:
    struct Group {
        Device device;
        DeviceFunctions functions;
    };

    Group &groupFor(const QString &key)
    {
        if (!m_groups.contains(key))
            m_order << key;
        return m_groups[key];
    }

    // The devices, each with its kind and its nodes in `nodeOrder` (the OS's preference).
    template <typename NodeOrder>
    QList<Device> devices(NodeOrder nodeOrder)
    {
        QList<Device> result;
        for (const QString &key : std::as_const(m_order)) {
            Group &group = m_groups[key];
            group.device.kind = group.functions.kind();
            group.device.discovered = true;
            std::sort(group.device.nodes.begin(), group.device.nodes.end(), nodeOrder);
            result << group.device;
        }
        return result;
    }

private:
    QHash<QString, Group> m_groups;
    QStringList m_order;
};

} // namespace devlatch
