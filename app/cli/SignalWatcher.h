#pragma once

#include <functional>

namespace devlatch::cli {

// SIGINT, SIGTERM and SIGHUP are blocked in every thread and taken by one watcher thread
// with sigwait(), so the reaction (cancel a wait, release, forward to a child) runs as normal
// code rather than in a signal handler. Call block() first thing in main, before any thread.
class SignalWatcher final {
public:
    static void block();
    // Starts the watcher; `onSignal` runs on its thread for every signal that arrives.
    // `fromTerminal` is true for Ctrl-C and friends, which the terminal already sent to the
    // whole foreground process group (a child of ours has it too).
    static void start(std::function<void(int signal, bool fromTerminal)> onSignal);
    // Restores the default signal mask and dispositions for a child about to exec.
    static void unblockAllForChild();
};

} // namespace devlatch::cli
