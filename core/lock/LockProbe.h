// SPDX-License-Identifier: MIT
#pragma once

#include "LockTypes.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace devlatch::lock {

// Finds out who holds locks without ever taking one, not even briefly, and without keeping
// a descriptor per lock. One LockReading is one look at the system: the OS's lock tables
// (Linux: /proc/locks, the processes' descriptors) are read at most once and shared by every
// lock it reads, so a refresh over thousands of locks costs O(locks + kernel entries); a
// lock that changes while it is read is read again, with the tables read anew.
//
// Each LockState is a consistent snapshot: a devlatch holder between taking its locks and
// writing its record is never reported as a foreign holder, a record is believed only when
// its process (pid, start time, uid; through pid namespaces) is one the OS names as holding
// the lock now, and a record left in a lock that is held is never called abandoned. A lock
// that cannot be read says so (LockState::error); one that cannot be used says why
// (LockState::problem): neither is ever "free".
class LockReading final {
public:
    LockReading();
    ~LockReading();
    LockReading(const LockReading &) = delete;
    LockReading &operator=(const LockReading &) = delete;

    LockState read(const LockLocation &location);
    // Locks that processes hold (or wait for) on any file, e.g. a tty that picocom or tio
    // flock()s. Empty where the OS does not tell.
    std::vector<OsHolder> locksOnFile(const std::string &path);

    // A number no other reading of this process has: what is learnt once per look at the
    // system (other layers' scans of it too) is kept per reading, not for a time.
    std::uint64_t serial() const { return m_serial; }

private:
    static std::uint64_t nextSerial()
    {
        static std::atomic<std::uint64_t> next{0};
        return ++next;
    }

    struct Private;
    std::unique_ptr<Private> d;
    const std::uint64_t m_serial = nextSerial();
};

// One lock, read with a LockReading of its own.
LockState probeLock(const LockLocation &location);

// Reading a lock file opens and closes it, which a directory watcher sees like any other
// process's activity. Once a watcher asked for it (watchOwnReads()), every such open by this
// process is counted per lock file path; the watcher takes one for each open or close event
// it sees, and reports only the rest.
void watchOwnReads();
bool takeOwnReadEvent(const std::string &path);

} // namespace devlatch::lock
