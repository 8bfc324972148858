#include "SignalWatcher.h"

#include <csignal>
#include <pthread.h>
#include <thread>

namespace devlatch::cli {

static sigset_t watchedSignals()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    return set;
}

void SignalWatcher::block()
{
    const sigset_t set = watchedSignals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void SignalWatcher::start(std::function<void(int, bool)> onSignal)
{
    std::thread([onSignal = std::move(onSignal)] {
        const sigset_t set = watchedSignals();
        for (;;) {
            siginfo_t info {};
            const int signal = sigwaitinfo(&set, &info);
            if (signal > 0)
                onSignal(signal, info.si_code == SI_KERNEL);
        }
    }).detach();
}

void SignalWatcher::unblockAllForChild()
{
    sigset_t none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, nullptr);
}

} // namespace devlatch::cli
