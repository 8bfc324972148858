// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

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

} // namespace devlatch
