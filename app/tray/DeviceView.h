// SPDX-License-Identifier: MIT
#pragma once

#include "Icons.h"

#include <QString>

namespace devlatch::tray {

// How one device is shown, decided once per change (StateWording::view) and given to the
// menu and the window through DeviceListModel's roles. Text from records is escaped.
struct DeviceView {
    enum class Click { Claim, Release, None }; // what a click on its line does

    QString id;
    QString name;        // alias, configured name or id
    QString kind;        // translated: "serial", "Sonde", ...
    QString nodes;       // "/dev/ttyUSB0, /dev/serial/by-id/..."
    QString stateText;   // one word or two: "Free", "Yours", "Held", "Waiting", ...
    QString description; // the whole sentence: "Held by lab1: flash.py (pid 4242) since 10:15"
    QString holder;      // "lab1 · flash.py (pid 4242)", "You · devlatchctl (pid 77)"
    QString since;       // "10:15"
    QString note;
    Icons::Look look = Icons::Look::Unknown;
    Click click = Click::None;
    bool attention = false; // needs the person: a collision, a held device unplugged
    bool queued = false;    // "claim when free" is waiting for it
    bool dimmed = false;    // an ended holder's trace, an unplugged device
};

} // namespace devlatch::tray
