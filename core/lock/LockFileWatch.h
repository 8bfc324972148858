// SPDX-License-Identifier: MIT
#pragma once

#include "LockTypes.h"

#include <memory>

namespace devlatch::lock {

// Tells a holder without an event loop (devlatchctl) that its lock file may have been
// removed, replaced or had its mode changed, so it can DeviceLock::verify() at once
// (LockFileWatch_<os>.cpp; Linux: inotify on the directory; Windows: a named mutex cannot
// be taken away, nothing to watch).
class LockFileWatch final {
public:
    explicit LockFileWatch(const LockLocation &location);
    ~LockFileWatch();
    LockFileWatch(const LockFileWatch &) = delete;
    LockFileWatch &operator=(const LockFileWatch &) = delete;

    // A descriptor that becomes readable on such an event (for poll()); -1 when there is
    // nothing to watch here.
    int descriptor() const;
    // Reads the pending events; true when one concerns the lock file or its directory.
    bool takeEvents();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace devlatch::lock
