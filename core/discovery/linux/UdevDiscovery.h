// SPDX-License-Identifier: MIT
#pragma once

#include "discovery/DeviceDiscovery.h"

namespace devlatch {

class UdevHotplug;

// Discovery through libudev, reading only udev's view of sysfs:
//   - USB serial and CDC-ACM ttys, hidraw, video4linux, sound, block and other USB devices,
//     grouped so a composite device (a probe with a tty, a hidraw and a mass-storage
//     interface) is one Device listing all its nodes; hubs are left out;
//   - serial ports with real hardware behind them (not virtual consoles, not unpopulated
//     8250 ports).
// Where udevd's database is missing (containers), sysfs attributes suffice.
class UdevDiscovery final : public DeviceDiscovery {
    Q_OBJECT

public:
    explicit UdevDiscovery(QObject *parent = nullptr);
    ~UdevDiscovery() override;

    DiscoveryResult enumerate() override;
    bool startWatching() override;
    bool isWatching() const override;
    QString watchError() const override;

private:
    UdevHotplug *m_hotplug = nullptr;
    QString m_watchError;
};

} // namespace devlatch
