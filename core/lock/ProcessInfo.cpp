// SPDX-License-Identifier: MIT
#include "ProcessInfo.h"

namespace devlatch::lock {

HolderRecord currentProcessRecord(std::string id, std::string program, std::string note)
{
    HolderRecord record = processIdentity();
    record.id = std::move(id);
    if (!program.empty())
        record.program = std::move(program);
    record.note = std::move(note);
    return record;
}

} // namespace devlatch::lock
