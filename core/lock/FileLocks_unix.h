// SPDX-License-Identifier: MIT
#pragma once

// Both lock families on one descriptor (private to the Linux lock layer): an OFD write lock
// (excludes fcntl/lockf peers such as Python fasteners) plus flock(LOCK_EX) (excludes flock
// peers such as flock(1), Python filelock, picocom). Both belong to the open file
// description, so the kernel drops them when the last process holding it ends.

#include "OsLock.h"

#include <string>

namespace devlatch::lock::detail {

// Takes both without waiting; false with `error` (EAGAIN etc. when busy) otherwise.
bool tryBothLocks(int fd, int &error);
void dropBothLocks(int fd);
bool isBusyError(int error);
// A kernel wait: F_OFD_SETLKW and flock() block on a worker thread; timeout and cancel
// interrupt them with a signal sent only to that thread (a handler without SA_RESTART).
LockOutcome waitForBothLocks(int fd, const std::string &path, const WaitPolicy &wait, CancelToken *cancel);

} // namespace devlatch::lock::detail
