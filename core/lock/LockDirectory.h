// SPDX-License-Identifier: MIT
#pragma once

#include "LockTypes.h"

#include <string>
#include <vector>

namespace devlatch::lock {

struct LockDirectoryResult {
    std::string path;
    LockProblem problem; // none when usable
    bool ok() const { return !problem; }
};

// The directory for a scope: machine /run/lock/devlatch (root's, mode 1777), user
// $XDG_RUNTIME_DIR/devlatch (the user's, 0700); DEVLATCH_LOCK_DIR overrides both. Windows:
// %ProgramData%\devlatch\holders and %LOCALAPPDATA%\devlatch\holders. Trailing
// separators are dropped.
LockDirectoryResult lockDirectoryFor(Scope scope);

// Makes sure `path` is a directory nobody else can pull lock files out of, creating it
// when `create` and this caller may. Linux: a lock file's name is the lock, so whoever may
// unlink it may let two processes hold "the same" lock. Accepted are a directory owned by
// root (for the machine scope the only choice: created by the tmpfiles snippet, or by
// devlatch running as root), or by the caller (user scope, or DEVLATCH_LOCK_DIR); it must
// not be a symlink, and if group or others may write it, it needs the sticky bit. Every
// ancestor must be owned by root or the caller and must not be swappable by others either.
LockDirectoryResult prepareLockDirectory(const std::string &path, Scope scope, bool create);

// The lock names that have a lock (Linux: `<name>.lock`) or a holder record (Windows:
// `<name>.holder`) in `directory`, unsorted; empty when the directory cannot be read.
std::vector<std::string> lockNamesIn(const std::string &directory);

inline constexpr const char *kLockDirEnv = "DEVLATCH_LOCK_DIR";
// The command that creates the machine lock directory the way the package does.
inline constexpr const char *kCreateMachineDirectoryCommand = "sudo systemd-tmpfiles --create devlatch.conf";

} // namespace devlatch::lock
