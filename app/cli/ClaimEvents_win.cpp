// SPDX-License-Identifier: MIT
#include "ClaimEvents.h"

// Windows: a queue and a condition variable. The lock directory is not watched by a
// descriptor here (a mutex cannot be replaced behind its holder's back), so only events
// posted by the console handler and CMD's Job thread arrive.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace devlatch::cli {

struct ClaimEvents::Private {
    std::mutex mutex;
    std::condition_variable posted;
    std::deque<Event> queue;
};

ClaimEvents::ClaimEvents() : d(std::make_unique<Private>()) {}

ClaimEvents::~ClaimEvents() = default;

bool ClaimEvents::isOpen() const
{
    return true;
}

void ClaimEvents::postSignal(int signal, bool fromTerminal)
{
    {
        std::lock_guard lock(d->mutex);
        d->queue.push_back(Event{Event::Kind::Signal, signal, fromTerminal});
    }
    d->posted.notify_one();
}

std::optional<ClaimEvents::Event> ClaimEvents::next(int, int timeoutMs)
{
    std::unique_lock lock(d->mutex);
    const auto ready = [this] { return !d->queue.empty(); };
    if (timeoutMs < 0)
        d->posted.wait(lock, ready);
    else if (!d->posted.wait_for(lock, std::chrono::milliseconds(timeoutMs), ready))
        return std::nullopt;
    const Event event = d->queue.front();
    d->queue.pop_front();
    return event;
}

} // namespace devlatch::cli
