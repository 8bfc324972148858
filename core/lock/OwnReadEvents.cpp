// SPDX-License-Identifier: MIT
#include "OwnReadEvents.h"

#include "LockProbe.h"

#include <atomic>
#include <map>
#include <mutex>

namespace devlatch::lock {

namespace {

// Open plus close-nowrite events our own reads caused and no watcher has taken yet.
std::atomic<bool> g_watched{false};
std::mutex g_mutex;
std::map<std::string, int> g_pending;

} // namespace

void watchOwnReads()
{
    g_watched = true;
}

void detail::noteOwnRead(const std::string &path)
{
    if (!g_watched)
        return;
    std::lock_guard lock(g_mutex);
    g_pending[path] += 2;
}

bool takeOwnReadEvent(const std::string &path)
{
    std::lock_guard lock(g_mutex);
    const auto it = g_pending.find(path);
    if (it == g_pending.end())
        return false;
    if (--it->second == 0)
        g_pending.erase(it);
    return true;
}

} // namespace devlatch::lock
