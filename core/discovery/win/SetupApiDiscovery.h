// SPDX-License-Identifier: MIT
#pragma once

#include "discovery/DeviceDiscovery.h"

#include "DeviceRecords.h"

class QTimer;

namespace devlatch::windows {

// Windows discovery: the present devices from SetupAPI and CfgMgr32, grouped like Linux's
// (DeviceRecords), plus the COM ports only HKLM\HARDWARE\DEVICEMAP\SERIALCOMM names. Hotplug
// through WM_DEVICECHANGE to a hidden window of this thread. Reads only; opens no port.
// DEVLATCH_DEVICE_RECORDING=<file> replays a recorded enumeration instead (tests, and Wine,
// which lists no USB devices); readRecords() + writeDeviceRecords() make one.
class SetupApiDiscovery final : public DeviceDiscovery {
    Q_OBJECT

public:
    explicit SetupApiDiscovery(QObject *parent = nullptr);
    ~SetupApiDiscovery() override;

    DiscoveryResult enumerate() override;
    bool startWatching() override;
    bool isWatching() const override;
    QString watchError() const override;

    // What SetupAPI reports on this machine right now, and the SERIALCOMM ports.
    static QList<DeviceRecord> readRecords(QString &error);
    static QStringList serialCommPorts();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace devlatch::windows
