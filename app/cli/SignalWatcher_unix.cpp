// SPDX-License-Identifier: MIT
#include "SignalWatcher.h"

#include "ProcessSetup.h"

#include <csignal>
#include <pthread.h>
#include <system_error>
#include <thread>

namespace devlatch::cli {

static sigset_t watchedSignals()
{
    sigset_t set;
    sigemptyset(&set);
    for (int signal : {SIGINT, SIGTERM, SIGHUP})
        if (!wasIgnoredAtStart(signal)) // blocked and ignored ones would still be queued
            sigaddset(&set, signal);
    sigaddset(&set, SIGCHLD);
    return set;
}

void SignalWatcher::block()
{
    const sigset_t set = watchedSignals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

bool SignalWatcher::start(std::function<void(int, bool)> onSignal)
{
    try {
        std::thread([onSignal = std::move(onSignal)] {
            const sigset_t set = watchedSignals();
            for (;;) {
                siginfo_t info {};
                const int signal = sigwaitinfo(&set, &info);
                if (signal > 0)
                    onSignal(signal, info.si_code == SI_KERNEL);
            }
        }).detach();
        return true;
    } catch (const std::system_error &) {
        return false;
    }
}

const char *SignalWatcher::releaseHint()
{
    return "SIGINT (Ctrl-C) or SIGTERM";
}

bool SignalWatcher::isChildSignal(int signal)
{
    return signal == SIGCHLD;
}

} // namespace devlatch::cli
