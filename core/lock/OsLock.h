// SPDX-License-Identifier: MIT
#pragma once

// The OS primitives under DeviceLock (private to the lock layer): one implementation per
// OS, OsLock_unix.cpp and OsLock_win.cpp. DeviceLock.cpp owns the flow that uses them.

#include "LockTypes.h"

#include <memory>
#include <optional>
#include <string>

namespace devlatch::lock {

class CancelToken;

namespace detail {

struct LockOutcome {
    AcquireStatus status = AcquireStatus::Error; // Acquired, Busy, TimedOut, Cancelled or Error
    LockProblem problem;
};

class OsLock final {
public:
    explicit OsLock(LockLocation location);
    ~OsLock();
    OsLock(const OsLock &) = delete;
    OsLock &operator=(const OsLock &) = delete;

    // The lock file path (Linux) or mutex name (Windows).
    std::string objectName() const;
    // Opens (creating where missing and allowed) the lock object; harmless when open.
    LockProblem open();
    // The same text for every OsLock of one lock object in this process (after open()).
    std::string identity() const;
    // Tries to lock, then waits in the kernel as `wait` says (its timeout is what is left).
    LockOutcome lock(const WaitPolicy &wait, CancelToken *cancel);
    // Whether the locked object is still the one newcomers lock (Linux: the file at the
    // path is still ours; it may have been deleted or replaced).
    bool stillInPlace();
    // A record a previous holder left behind, read right after locking: it ended without
    // releasing (Windows also reports WAIT_ABANDONED without a record).
    std::optional<HolderRecord> previousHolder();
    LockProblem publish(const HolderRecord &record);
    void unpublish();
    void unlock();
    void close();
    // The lock's object was removed or replaced while held: take the new one too, so
    // newcomers are refused again, and publish the record there. Busy when a newcomer
    // took it first.
    LockOutcome restore(const HolderRecord &record);
    // A descriptor of the held lock that a child process inherits, so the lock lives as
    // long as the child does; -1 where the OS cannot (Windows). The caller closes it.
    int inheritableDescriptor() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace detail

} // namespace devlatch::lock
