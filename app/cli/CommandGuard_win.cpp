// SPDX-License-Identifier: MIT
#include "CommandGuard.h"

namespace devlatch::cli {

// Windows: CMD runs in a kill-on-close Job object (ChildProcess_win.cpp), so it ends with
// devlatchctl; a suspended devlatchctl.exe is not guarded against yet (README).
struct CommandGuard::Private {};

CommandGuard::CommandGuard() = default;
CommandGuard::~CommandGuard() = default;

bool CommandGuard::start(qint64, QString &)
{
    return true;
}

void CommandGuard::arm(qint64, qint64) {}

qint64 CommandGuard::pid() const
{
    return 0;
}

} // namespace devlatch::cli
