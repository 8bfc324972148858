// SPDX-License-Identifier: MIT
#pragma once

// Which processes hold or wait for a lock now (private to the Linux lock layer): the
// descriptors that show the lock (fdinfo), found among the processes /proc/locks names
// first and among all processes only when that does not account for every lock.

#include "ProcLocks_unix.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace devlatch::lock::detail {

// A process the OS names for the lock, with what it holds now.
struct Process {
    long long pid = -1;
    std::vector<OsHolder::Kind> kinds;
    bool confirmed = false;
    bool waiting = false;
};

bool contains(const std::vector<Process> &processes, long long pid);

// One per reading: the descriptor walks it needs are done once and kept.
class HolderFinder {
public:
    // Each process once; `fresh`: walk again (the lock may have changed hands).
    std::vector<Process> processesOf(const LockLocation &location, unsigned long long inode,
                                     const std::vector<KernelLock> &entries, bool fresh);

private:
    const OpenFilesIndex &openFiles(const std::string &directory);

    // The lock files each process has open, looked up once per reading (a process holding
    // many locks would otherwise be walked once per lock).
    std::map<std::pair<std::string, long long>, OpenFilesIndex> m_processIndexes;
    std::map<std::string, OpenFilesIndex> m_indexes; // all processes, by directory
};

} // namespace devlatch::lock::detail
