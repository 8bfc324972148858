// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayList>

namespace devlatch::cli {

// What devlatchctl does first thing in main, before any thread exists (ProcessSetup_<os>):
//  - standard streams that were closed are opened on the null device, so no lock file can
//    end up as descriptor 1 and receive our output;
//  - writing to a closed pipe (`claim --hold | head -1`) is an error to ignore, not a
//    signal that kills the holder;
//  - the signals SignalWatcher handles are blocked in every thread.
// What the process inherited (signal mask, ignored signals) is remembered for CMD, which
// gets it back unchanged, as with flock(1).
void prepareProcess();

// Whether `signal` was ignored when devlatchctl started (nohup, `&` in a script): such a
// signal is neither watched nor acted on, and CMD inherits it ignored.
bool wasIgnoredAtStart(int signal);

// The command line's arguments without the program, as bytes: POSIX, argv itself; Windows,
// the UTF-16 command line (CommandLineToArgvW) as UTF-8, never the lossy ANSI argv.
QByteArrayList rawArguments(int argc, char *argv[]);

} // namespace devlatch::cli
