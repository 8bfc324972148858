// SPDX-License-Identifier: MIT
#pragma once

namespace devlatch::cli {

// Like flock(1): scripts branch on these.
enum ExitCode : int {
    Done = 0,
    BusyOrTimedOut = 1, // the message names the holder
    Usage = 2,          // bad command line or bad device name
    SystemError = 3,    // lock directory, permissions, planted files, ...
    ClaimLost = 4,      // lab claim -- CMD: the claim was lost (or uncertain) while CMD ran
    CommandNotExecutable = 126, // claim -- CMD: CMD was found but cannot be executed (as in shells)
    CommandNotFound = 127       // claim -- CMD: CMD was not found (as in shells)
};
// A wait interrupted by a signal exits with 128 + the signal number, as shells report it.

} // namespace devlatch::cli
