#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace devlatch {

// A process using a device outside devlatch, found read-only and without opening the node:
// it has a node open (/proc/<pid>/fd), holds a flock/fcntl lock on it (/proc/locks; picocom
// and tio lock the node), or holds a live UUCP lock file /run/lock/LCK..<node> (minicom, cu).
struct ForeignUse {
    enum class How { Open, Lock, UucpLock };
    How how = How::Open;
    qint64 pid = -1;
    QString program;
    QString node;

    QString describe() const; // "picocom (pid 4242) has /dev/ttyUSB0 open"
};

// DEVLATCH_UUCP_LOCK_DIR and DEVLATCH_PROC_DIR point the scan elsewhere (tests).
QList<ForeignUse> findForeignUse(const QStringList &nodes);

} // namespace devlatch
