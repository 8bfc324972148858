#pragma once

#include "LockTypes.h"

#include <mutex>

namespace devlatch::lock {

// Finds out who holds a lock without ever taking it, not even briefly (Linux: F_OFD_GETLK
// and /proc/locks). Foreign holders (flock(1), Python filelock, picocom) are reported with
// pid and program as far as the OS tells. A holder record in a free lock is reported as
// abandoned: its holder ended without releasing.
LockState probeLock(const LockLocation &location);

// Locks that processes hold (or wait for) on any file, e.g. a tty that picocom or tio
// flock()s, from /proc/locks. Empty where the OS does not tell.
std::vector<OsHolder> osLocksOnFile(const std::string &path);

// The same, for a reader that looks again and again (the tray): it keeps the lock file open
// read-only between reads, so looking does not itself generate open/close events that a
// directory watcher would report as activity.
class LockReader final {
public:
    explicit LockReader(LockLocation location);
    ~LockReader();
    LockReader(const LockReader &) = delete;
    LockReader &operator=(const LockReader &) = delete;

    LockState read();
    const LockLocation &location() const { return m_location; }

private:
    LockLocation m_location;
    std::mutex m_mutex;
    int m_fd = -1;
    unsigned long long m_inode = 0;
};

} // namespace devlatch::lock
