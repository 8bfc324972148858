// SPDX-License-Identifier: MIT
#pragma once

#include "HolderRecord.h"

#include <optional>
#include <string>
#include <vector>

namespace devlatch::lock {

// A holder record for this process: pid, start time, boot id, pid namespace, user, host.
// `since` is left to DeviceLock, which stamps the moment of the grant.
HolderRecord currentProcessRecord(std::string id, std::string program, std::string note);

// Who this process is (pid, start time, boot id, uid, user, host, program), once per process;
// one implementation per OS, currentProcessRecord() adds the claim's own fields.
HolderRecord processIdentity();

// What the OS says about a running process; nothing when it does not run (or is a zombie).
struct ProcessFacts {
    std::uint64_t startTicks = 0;    // Linux: clock ticks after boot; Windows: creation FILETIME
    long long uid = -1;              // effective uid; -1 where the OS has none (Windows)
    std::vector<long long> nsPids;   // its pid in each nested pid namespace, ours first
    std::string program;
};
std::optional<ProcessFacts> processFacts(long long pid);

// The account name of `uid` as this system knows it (its number when it has no name);
// empty where the OS has no uids (Windows).
std::string userNameOfUid(long long uid);

// Whether the process named by a record still runs (same pid, same start time, same boot).
bool isRecordedProcessAlive(const HolderRecord &record);

// The program name of a pid (Linux /proc/<pid>/comm), empty when the OS will not say.
std::string programNameOfPid(long long pid);

// The short name of this program (argv[0]'s file name).
std::string currentProgramName();

} // namespace devlatch::lock
