#pragma once

#include "model/Device.h"

#include <QList>

namespace devlatch {

// Finds the hardware on this machine through libudev, reading only udev's view of sysfs and
// never opening a device node (opening a tty can toggle DTR and reset a board):
//   - USB serial and CDC-ACM ttys, hidraw, video4linux and other USB devices, grouped so a
//     composite device (a probe with a tty, a hidraw and a mass-storage interface) is one
//     Device listing all its nodes;
//   - serial ports with real hardware behind them (not virtual consoles, not unpopulated
//     8250 ports).
// Stable ids survive replugging: usb:VID:PID:SERIAL when the device has a serial number,
// else the physical port (udev ID_PATH, or the sysfs port path), the node only as a last
// resort. Where udevd's database is missing (containers), sysfs attributes suffice.
class UdevDiscovery final {
public:
    static bool isAvailable();
    static QList<Device> enumerate();
};

} // namespace devlatch
