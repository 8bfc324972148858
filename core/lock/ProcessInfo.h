#pragma once

#include "HolderRecord.h"

#include <optional>
#include <string>

namespace devlatch::lock {

// A holder record for this process: pid, start time, boot id, user, host, now.
HolderRecord currentProcessRecord(std::string id, std::string program, std::string note);

// Who this process is (pid, start time, boot id, uid, user, host, program), once per process;
// one implementation per OS, currentProcessRecord() adds the claim's own fields.
HolderRecord processIdentity();

// Whether the process named by a record still runs (same pid, same start time, same boot).
bool isRecordedProcessAlive(const HolderRecord &record);

// The program name of a pid (Linux /proc/<pid>/comm), empty when the OS will not say.
std::string programNameOfPid(long long pid);

// The short name of this program (argv[0]'s file name).
std::string currentProgramName();

} // namespace devlatch::lock
