// SPDX-License-Identifier: MIT
#pragma once

#include "model/ForeignUse.h"

#include <QSet>
#include <QStringList>

namespace devlatch {

namespace lock {
class LockReading;
}

// Which processes use any of `nodes` outside devlatch, found read-only and without opening
// a node (ForeignUseScan_<os>: Linux reads /proc/<pid>/fd, /proc/locks and the UUCP lock
// directories). One entry per process, lockers first. DEVLATCH_UUCP_LOCK_DIR and
// DEVLATCH_PROC_DIR point the scan elsewhere (tests).
QList<ForeignUse> findForeignUse(const QStringList &nodes);
// The same within one look at the system: the kernel's lock table is read once per reading.
QList<ForeignUse> findForeignUse(const QStringList &nodes, lock::LockReading &reading);

// The names of the files directly in `directory` that a process other than this one has
// open right now (Linux: a fresh walk of /proc/*/fd). Another user's processes are seen
// only where the OS lets this user look: `complete` says whether it let us see them all.
struct OpenFilesIn {
    QSet<QString> names;
    bool complete = true;
};
OpenFilesIn filesOpenByOthersIn(const QString &directory);

} // namespace devlatch
