// SPDX-License-Identifier: MIT
#pragma once

// A LockProblem about a path, with its owner, mode and link count when they were read
// (private to the Linux lock layer: the directory checks and the lock files share it).

#include "LockTypes.h"

#include <string>
#include <sys/stat.h>

namespace devlatch::lock::detail {

inline LockProblem problemAt(LockProblem::Kind kind, const std::string &path, int error = 0,
                             const struct stat *info = nullptr)
{
    LockProblem p;
    p.kind = kind;
    p.path = path;
    p.systemError = error;
    if (info) {
        p.owner = info->st_uid;
        p.mode = info->st_mode & 07777;
        p.links = unsigned(info->st_nlink);
    }
    return p;
}

} // namespace devlatch::lock::detail
