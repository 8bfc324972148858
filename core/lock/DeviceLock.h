// SPDX-License-Identifier: MIT
#pragma once

#include "LockTypes.h"

#include <memory>
#include <string>

namespace devlatch::lock {

class CancelToken;

// One device's inter-process lock, owned by the kernel so it dies with its holder.
//   Linux: an OFD write lock plus flock(LOCK_EX) on `<name>.lock`, a file never unlinked.
//   Windows: the named mutex `Global\devlatch.<name>`.
// The flow (already-held bookkeeping, deadlines, the record) is DeviceLock.cpp; the OS
// primitives are OsLock_<os>.cpp. All members are thread-safe. Within one process a lock
// can be held (or waited for) once: a second acquire answers AlreadyHeld instead of
// deadlocking against itself.
class DeviceLock final {
public:
    explicit DeviceLock(LockLocation location);
    ~DeviceLock(); // releases
    DeviceLock(const DeviceLock &) = delete;
    DeviceLock &operator=(const DeviceLock &) = delete;

    // Waits in the kernel according to `wait`; `cancel` (optional) may abort the wait from any
    // thread. On success `holder` is published as the holder record, its `since` the moment
    // of the grant.
    AcquireResult acquire(const HolderRecord &holder, WaitPolicy wait = WaitPolicy::noWait(),
                          CancelToken *cancel = nullptr);
    // Clears the holder record, then drops the lock. Harmless when not held.
    void release();
    // Replaces the published holder record of a held lock (a new note, the pid of a command
    // that shares the lock). A problem when not held or not written.
    LockProblem updateRecord(const HolderRecord &holder);
    bool isHeld() const;
    std::optional<HolderRecord> publishedRecord() const;

    // After a hint that the lock object may have changed (a directory event): checks that a
    // held lock is still the one newcomers take and, when it was removed or replaced, takes
    // the new one as well and republishes the record.
    enum class Integrity { NotHeld, Intact, Restored, Lost };
    struct IntegrityResult {
        Integrity state = Integrity::NotHeld;
        LockProblem problem; // for Lost: why the new object could not be taken (none: busy)
    };
    IntegrityResult verify();

    // A descriptor of the held lock for a child process to inherit (see OsLock); -1 when
    // not held or where the OS cannot. The caller closes it.
    int inheritableDescriptor() const;

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
