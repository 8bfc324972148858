#pragma once

#include "LockTypes.h"

#include <string>

namespace devlatch::lock {

struct LockDirectoryResult {
    std::string path;
    std::string error; // empty when usable
    bool ok() const { return error.empty(); }
};

// The directory for a scope: machine /run/lock/devlatch (mode 1777), user
// $XDG_RUNTIME_DIR/devlatch (0700); DEVLATCH_LOCK_DIR overrides both. Windows:
// %ProgramData%\devlatch\holders and %LOCALAPPDATA%\devlatch\holders.
LockDirectoryResult lockDirectoryFor(Scope scope);

// Makes sure `path` exists as a real directory (creating it with the scope's mode when
// `create`), refusing symlinks and unsafe permissions with a message that says what to do.
LockDirectoryResult prepareLockDirectory(const std::string &path, Scope scope, bool create);

inline constexpr const char *kLockDirEnv = "DEVLATCH_LOCK_DIR";

} // namespace devlatch::lock
