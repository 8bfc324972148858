// SPDX-License-Identifier: MIT
#pragma once

#include "DeviceView.h"

#include <QDateTime>

namespace devlatch::lab {
struct LabStatus;
}

namespace devlatch::tray::LabWording {

// What this process does with the device, beside what the lab says.
struct Mine {
    bool held = false;
    bool waiting = false;
    bool asking = false;    // a claim is on its way
    bool uncertain = false; // held, but the session is not confirmed (LabSession)
};

// A lab device's line, in the words of the local scopes ("Free", "Yours", "Held", "Waiting
// (2nd)", "Unknown"), with the holder as user@host, its max hold as "until 14:05 (in 12 min)"
// counted on the server's clock, and the queue. Text from records is escaped.
DeviceView view(const lab::LabStatus &status, const Mine &mine, const QDateTime &serverNow);
// Why a claim was refused, naming the holder or the maintenance.
QString refusal(const QString &device, const lab::LabStatus &status);

} // namespace devlatch::tray::LabWording
