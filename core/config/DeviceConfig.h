// SPDX-License-Identifier: MIT
#pragma once

#include "LabSettings.h"

#include "model/Device.h"
#include "model/DeviceCatalog.h"

#include <QList>
#include <QStringList>

#include <optional>

namespace devlatch {

// The devices and defaults from devlatch.conf (QSettings INI):
//
//   [General]
//   scope=machine            ; or user
//   hide=ttyS*, usb:0bda:*   ; glob patterns: discovered devices (id, node or name) to leave out
//
//   [lab]                    ; the lab scope: LabSettings.h
//   endpoints=http://etcd.lab:2379
//
//   [device.psu]             ; one section per device; "psu" is its key
//   id=usb-0403:6001-A50285BI ; stable id; defaults to the key
//   name=Bench PSU           ; or alias=Bench PSU: the display name, also accepted as DEV
//   kind=serial
//   nodes=/dev/ttyUSB0, /dev/serial/by-id/usb-FTDI_FT232R_A50285BI-if00-port0
//
// Files: $XDG_CONFIG_DIRS/devlatch/devlatch.conf (system, e.g. /etc/xdg) then
// $XDG_CONFIG_HOME/devlatch/devlatch.conf (user); the user file wins key by key. Names given
// in the tray live next to it, in aliases.conf (DeviceAliases.h).
struct DeviceConfig {
    QList<Device> devices;
    QString scope;          // "machine", "user" or empty when not configured
    QStringList hide;       // [General] hide=ttyS*, usb:1d6b:*: discovered devices not to list
    LabSettings lab;        // [lab]: the lab scope's etcd cluster (LabSettings.h)
    QStringList warnings;   // "file:line: what is wrong" — the rest of the file still applies
    QStringList files;      // the files that were read, system first
    QList<DeviceAlias> aliases; // names people gave devices (DeviceAliases: aliases.conf)

    static DeviceConfig load(); // the default files and the user's aliases
    static DeviceConfig loadFiles(const QStringList &filesSystemFirst);
    static QStringList defaultFiles();
};

} // namespace devlatch
