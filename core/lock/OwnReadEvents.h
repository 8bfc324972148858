// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace devlatch::lock::detail {

// A reader opened (and is about to close) the lock file at `path`: two events a directory
// watcher will see and should not report (takeOwnReadEvent, LockProbe.h).
// Nothing is counted until some watcher in this process asked for it (watchOwnReads()).
void noteOwnRead(const std::string &path);

} // namespace devlatch::lock::detail
