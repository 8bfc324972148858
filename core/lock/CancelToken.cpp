// SPDX-License-Identifier: MIT
#include "CancelToken.h"

#include <algorithm>

namespace devlatch::lock {

void CancelToken::cancel()
{
    std::vector<std::pair<int, Waker>> wakers;
    {
        std::lock_guard lock(m_mutex);
        if (m_cancelled)
            return;
        m_cancelled = true;
        wakers = m_wakers;
    }
    for (auto &entry : wakers)
        entry.second();
}

bool CancelToken::isCancelled() const
{
    std::lock_guard lock(m_mutex);
    return m_cancelled;
}

int CancelToken::addWaker(Waker waker)
{
    std::unique_lock lock(m_mutex);
    if (m_cancelled) {
        lock.unlock();
        waker();
        return 0;
    }
    const int handle = m_nextHandle++;
    m_wakers.emplace_back(handle, std::move(waker));
    return handle;
}

void CancelToken::removeWaker(int handle)
{
    std::lock_guard lock(m_mutex);
    m_wakers.erase(std::remove_if(m_wakers.begin(), m_wakers.end(),
                                  [handle](const auto &entry) { return entry.first == handle; }),
                   m_wakers.end());
}

} // namespace devlatch::lock
