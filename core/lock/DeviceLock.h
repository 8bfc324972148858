#pragma once

#include "LockTypes.h"

#include <memory>
#include <string>

namespace devlatch::lock {

class CancelToken;

// One device's inter-process lock, owned by the kernel so it dies with its holder.
//   Linux (DeviceLock_unix.cpp): an OFD write lock plus flock(LOCK_EX) on `<name>.lock`,
//     a file that is never unlinked.
//   Windows (DeviceLock_win.cpp): the named mutex `Global\devlatch.<name>`.
// All members are thread-safe. Within one process a lock can be held (or waited for) once:
// a second acquire answers AlreadyHeld instead of deadlocking against itself.
class DeviceLock final {
public:
    explicit DeviceLock(LockLocation location);
    ~DeviceLock(); // releases
    DeviceLock(const DeviceLock &) = delete;
    DeviceLock &operator=(const DeviceLock &) = delete;

    // Waits in the kernel according to `wait`; `cancel` (optional) may abort the wait from any
    // thread. On success `holder` is published as the holder record.
    AcquireResult acquire(const HolderRecord &holder, WaitPolicy wait = WaitPolicy::noWait(),
                          CancelToken *cancel = nullptr);
    // Clears the holder record, then drops the lock. Harmless when not held.
    void release();
    // Replaces the published holder record of a held lock (e.g. a new note). False when not held.
    bool updateRecord(const HolderRecord &holder);
    bool isHeld() const;

    const LockLocation &location() const;
    // The lock file path (Linux) or mutex name (Windows), for messages and --json.
    std::string osName() const;

private:
    class Private;
    std::unique_ptr<Private> d;
};

// The OS-specific object name of a location without creating anything.
std::string lockObjectName(const LockLocation &location);
// Where the holder record of a location is kept (the lock file itself on Linux).
std::string holderRecordPath(const LockLocation &location);

} // namespace devlatch::lock
