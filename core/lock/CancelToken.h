// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <mutex>
#include <vector>

namespace devlatch::lock {

// Cancels a waiting acquire from any thread (a signal-watcher, a GUI button). The waiter
// registers how it wants to be woken; cancel() runs those wake-ups once.
class CancelToken final {
public:
    CancelToken() = default;
    CancelToken(const CancelToken &) = delete;
    CancelToken &operator=(const CancelToken &) = delete;

    void cancel();
    bool isCancelled() const;

    using Waker = std::function<void()>;
    // Returns a handle for removeWaker(); runs the waker at once when already cancelled.
    int addWaker(Waker waker);
    void removeWaker(int handle);

private:
    mutable std::mutex m_mutex;
    bool m_cancelled = false;
    int m_nextHandle = 1;
    std::vector<std::pair<int, Waker>> m_wakers;
};

} // namespace devlatch::lock
