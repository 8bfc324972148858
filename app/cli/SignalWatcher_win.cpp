// SPDX-License-Identifier: MIT
#include "SignalWatcher.h"

#include "SignalWatcher_win.h"

// Windows: a console control handler. The system calls it on a thread of its own for Ctrl+C,
// Ctrl+Break and the console window closing; every process attached to the console gets the
// event, CMD included, so each arrives "from the terminal". Events that come before start()
// are kept and delivered then.

#include <deque>
#include <mutex>

#include <windows.h>

namespace devlatch::cli {

namespace {

std::mutex g_mutex;
std::function<void(int, bool)> g_onSignal;
std::deque<int> g_early;

void deliver(int signal)
{
    std::function<void(int, bool)> callback;
    {
        std::lock_guard lock(g_mutex);
        if (!g_onSignal) {
            g_early.push_back(signal);
            return;
        }
        callback = g_onSignal;
    }
    callback(signal, signal != kChildEnded);
}

BOOL WINAPI onConsoleEvent(DWORD event)
{
    switch (event) {
    case CTRL_C_EVENT: deliver(kConsoleCtrlC); return TRUE;
    case CTRL_BREAK_EVENT: deliver(kConsoleBreak); return TRUE;
    case CTRL_CLOSE_EVENT:
    case CTRL_LOGOFF_EVENT:
    case CTRL_SHUTDOWN_EVENT:
        deliver(kConsoleClose);
        // Returning ends the process at once; the claim is released on the main thread, which
        // then exits the process (Windows allows up to 5 s for this).
        Sleep(5000);
        return TRUE;
    default: return FALSE;
    }
}

} // namespace

void SignalWatcher::block()
{
    SetConsoleCtrlHandler(onConsoleEvent, TRUE);
}

bool SignalWatcher::start(std::function<void(int, bool)> onSignal)
{
    std::deque<int> early;
    {
        std::lock_guard lock(g_mutex);
        g_onSignal = onSignal;
        early.swap(g_early);
    }
    for (int signal : early)
        onSignal(signal, signal != kChildEnded);
    return true;
}

const char *SignalWatcher::releaseHint()
{
    return "Ctrl+C, Ctrl+Break or closing the console";
}

bool SignalWatcher::isChildSignal(int signal)
{
    return signal == kChildEnded;
}

void postChildEnded()
{
    deliver(kChildEnded);
}

} // namespace devlatch::cli
