#pragma once

#include "LockTypes.h"

namespace devlatch::lock {

// Finds out who holds a lock without ever taking it, not even briefly (Linux: F_OFD_GETLK
// and /proc/locks). Foreign holders (flock(1), Python filelock, picocom) are reported with
// pid and program as far as the OS tells. A holder record in a free lock is reported as
// abandoned: its holder ended without releasing.
LockState probeLock(const LockLocation &location);

} // namespace devlatch::lock
