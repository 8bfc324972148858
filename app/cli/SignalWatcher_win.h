// SPDX-License-Identifier: MIT
#pragma once

namespace devlatch::cli {

// Windows has no signals; console events and the end of a child are given signal numbers
// so ClaimSession's flow is the same as on Linux (exit code 128 + number, as a shell shows).
inline constexpr int kConsoleCtrlC = 2;      // CTRL_C_EVENT, as SIGINT
inline constexpr int kConsoleClose = 1;      // CTRL_CLOSE/LOGOFF/SHUTDOWN_EVENT, as SIGHUP
inline constexpr int kConsoleBreak = 21;     // CTRL_BREAK_EVENT, as mingw's SIGBREAK
inline constexpr int kChildEnded = 17;       // a process of CMD's Job ended, as SIGCHLD

// Posts kChildEnded to the watcher's callback (ChildProcess_win's Job thread).
void postChildEnded();

} // namespace devlatch::cli
