// SPDX-License-Identifier: MIT
#pragma once

#include "model/Device.h"

#include <QList>
#include <QObject>

#include <memory>

namespace devlatch {

struct DiscoveryResult {
    QList<Device> devices;
    QString error; // discovery could not run at all; devices is then empty
};

// Finds the hardware on this machine and follows it coming and going, reading only what
// the OS says about devices and never opening a device node (opening a tty can toggle DTR
// and reset a board). One implementation per OS (Linux: linux/UdevDiscovery).
//
// Stable ids survive replugging: usb:VID:PID:SERIAL when the device has a serial number,
// else the physical port, the node only as a last resort.
class DeviceDiscovery : public QObject {
    Q_OBJECT

public:
    using QObject::QObject;
    ~DeviceDiscovery() override = default;

    virtual DiscoveryResult enumerate() = 0;
    // Starts following hotplug; changed() then reports every device that comes or goes.
    // Returns false (see watchError()) when the OS cannot tell.
    virtual bool startWatching() = 0;
    virtual bool isWatching() const = 0;
    virtual QString watchError() const = 0;

    // The implementation for this OS.
    static std::unique_ptr<DeviceDiscovery> createForThisPlatform();

Q_SIGNALS:
    void changed();
};

} // namespace devlatch
