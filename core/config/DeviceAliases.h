// SPDX-License-Identifier: MIT
#pragma once

#include "model/DeviceCatalog.h"

#include <QList>
#include <QStringList>

namespace devlatch {

// The names people give devices, in one file every devlatch program reads, so a name set in
// the tray is the same device for devlatchctl (and never a new resource of that name):
//
//   $XDG_CONFIG_HOME/devlatch/aliases.conf   (QSettings INI, written by the tray)
//   [aliases]
//   1\id=usb-SEGGER_J-Link_000123456
//   1\name=Bench-3 J-Link
//   1\kind=probe
//   size=1
struct DeviceAliases {
    QList<DeviceAlias> entries;
    QStringList warnings; // "file: what is wrong" — the other entries still apply

    static QString defaultFile();
    static DeviceAliases load(const QString &file = defaultFile());
    // Replaces the file's entries (atomically: QSettings writes a new file and renames it).
    // Returns why it could not, or nothing.
    static QString save(const QList<DeviceAlias> &entries, const QString &file = defaultFile());
};

} // namespace devlatch
