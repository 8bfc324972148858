// SPDX-License-Identifier: MIT
#pragma once

#include <functional>

namespace devlatch::cli {

// The signals that end a claim (SIGINT, SIGTERM, SIGHUP, unless ignored at start) and the
// child's SIGCHLD are blocked in every thread and taken by one watcher thread, so the
// reaction (cancel a wait, release, forward to a child) runs as normal code rather than in a
// signal handler (SignalWatcher_<os>.cpp). Call block() first thing in main, before any
// thread (prepareProcess() does).
class SignalWatcher final {
public:
    static void block();
    // Starts the watcher; `onSignal` runs on its thread for every signal that arrives.
    // `fromTerminal` is true for Ctrl-C and friends, which the terminal already sent to the
    // whole foreground process group (a child of ours has it too). False when no thread can
    // be started.
    static bool start(std::function<void(int signal, bool fromTerminal)> onSignal);
    static bool isChildSignal(int signal);
    // What ends `claim --hold`, in words for its output and help.
    static const char *releaseHint();
};

} // namespace devlatch::cli
