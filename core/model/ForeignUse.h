// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

namespace devlatch {

// A process using a device outside devlatch: it has a node open, holds a flock/fcntl lock
// on it (picocom and tio lock the node), or holds a live UUCP lock file LCK..<node>
// (minicom, cu). Found by discovery/ForeignUseScan.h, read-only and without opening the node.
struct ForeignUse {
    enum class How { Open, Lock, UucpLock };
    How how = How::Open;
    qint64 pid = -1;
    QString program;
    QString node;

    QString describe() const; // "picocom (pid 4242) has /dev/ttyUSB0 open"
};

} // namespace devlatch
