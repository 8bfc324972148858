// SPDX-License-Identifier: MIT
#include "discovery/ForeignUseScan.h"

// Windows: which process has COM3 open is known only to the kernel's handle table, readable
// without administrator rights only for this user's own processes and only by duplicating
// their handles, which can hang on a synchronous pipe. devlatch does not do that: foreign use
// of a node is reported on Linux only, and docs/windows.md says so. Holder records are not kept
// open by their writers, so no one "has a lock file open" here; foreign holders of a mutex
// are found by probing it (LockProbe_win).

namespace devlatch {

QList<ForeignUse> findForeignUse(const QStringList &)
{
    return {};
}

QList<ForeignUse> findForeignUse(const QStringList &, lock::LockReading &)
{
    return {};
}

OpenFilesIn filesOpenByOthersIn(const QString &)
{
    return {};
}

} // namespace devlatch
