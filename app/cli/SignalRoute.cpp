// SPDX-License-Identifier: MIT
#include "SignalRoute.h"

#include "SignalWatcher.h"

#include <mutex>

namespace devlatch::cli {

namespace {
std::mutex g_mutex;
std::function<void(int, bool)> g_deliver;
} // namespace

bool routeSignalsTo(std::function<void(int, bool)> deliver)
{
    {
        // Before the watcher starts: a signal already pending reaches this claim.
        std::lock_guard lock(g_mutex);
        g_deliver = std::move(deliver);
    }
    static std::once_flag once;
    static bool started = false;
    std::call_once(once, [] {
        started = SignalWatcher::start([](int signal, bool fromTerminal) {
            std::lock_guard lock(g_mutex);
            if (g_deliver)
                g_deliver(signal, fromTerminal);
        });
    });
    return started;
}

} // namespace devlatch::cli
