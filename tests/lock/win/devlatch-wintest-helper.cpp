// SPDX-License-Identifier: MIT
// "The other process" of the Windows tests. It claims a device's lock through the same
// DeviceLock as devlatch (or, in the raw-* modes, the way a PowerShell or ctypes script
// would: the bare mutex, no holder record) and reports every event as one flushed line on
// stdout. It holds until it reads "release" on stdin or stdin closes.
//
//   devlatch-wintest-helper hold ID [machine|user]           claim without waiting
//   devlatch-wintest-helper wait ID TIMEOUT_MS [machine|user] wait up to TIMEOUT_MS (-1: forever)
//   devlatch-wintest-helper raw-hold ID [machine|user]       CreateMutexW + WaitForSingleObject(0)
//   devlatch-wintest-helper raw-open ID [machine|user]       CreateMutexW only: open, never own
//   devlatch-wintest-helper probe ID [machine|user]          report probeLock() and exit
//
// Lines: "waiting", "abandoned pid=P program=X", "acquired pid=P", "busy", "timedout",
// "opened", "error MESSAGE", "released", and for probe one line
// "probe exists=0|1 held=0|1 holder=PID|- abandoned=PID|- os=PID|- error=TEXT".

#include "WinTestSupport.h"

#include "lock/DeviceLock.h"
#include "lock/LockDirectory.h"
#include "lock/LockName.h"
#include "lock/LockProbe.h"
#include "lock/ProcessInfo.h"

#include <windows.h>

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace devlatch::lock;

namespace {

void say(const std::string &line)
{
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
}

// Until a "release" line or the end of stdin.
void holdUntilTold()
{
    std::string line;
    char c = 0;
    DWORD got = 0;
    while (ReadFile(GetStdHandle(STD_INPUT_HANDLE), &c, 1, &got, nullptr) && got == 1) {
        if (c != '\n') {
            if (c != '\r')
                line += c;
            continue;
        }
        if (line == "release")
            return;
        line.clear();
    }
}

int usage(const char *program)
{
    std::fprintf(stderr, "usage: %s hold|wait|raw-hold|raw-open|probe ID [TIMEOUT_MS] [machine|user]\n", program);
    return 2;
}

std::string pidOr(const std::optional<HolderRecord> &record)
{
    return record ? std::to_string(record->pid) : "-";
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc < 3)
        return usage(argv[0]);
    const std::string mode = argv[1];
    const std::string id = argv[2];
    const int scopeArg = mode == "wait" ? 4 : 3;
    const Scope scope = argc > scopeArg && std::string(argv[scopeArg]) == "user" ? Scope::User : Scope::Machine;
    const LockNameResult lockName = lockNameForId(id);
    if (!lockName.ok()) {
        say("error " + lockName.error);
        return 3;
    }
    const LockLocation location {lockDirectoryFor(scope).path, lockName.name, scope};

    if (mode == "probe") {
        const LockState state = probeLock(location);
        say("probe exists=" + std::to_string(state.lockExists) + " held=" + std::to_string(state.held)
            + " holder=" + pidOr(state.holder) + " abandoned=" + pidOr(state.abandoned)
            + " os=" + (state.osHolders.empty() ? "-" : std::to_string(state.osHolders.front().pid))
            + " error=" + state.error + (state.problem ? wintest::facts(state.problem) : std::string()));
        return 0;
    }

    if (mode == "raw-hold" || mode == "raw-open") {
        const std::string name = lockObjectName(location);
        HANDLE mutex = CreateMutexW(nullptr, FALSE, std::wstring(name.begin(), name.end()).c_str());
        if (!mutex) {
            say("error CreateMutexW " + std::to_string(GetLastError()));
            return 3;
        }
        if (mode == "raw-open") {
            say("opened");
            holdUntilTold();
            CloseHandle(mutex);
            say("released");
            return 0;
        }
        const DWORD outcome = WaitForSingleObject(mutex, 0);
        if (outcome == WAIT_TIMEOUT) {
            say("busy");
            return 1;
        }
        if (outcome == WAIT_ABANDONED)
            say("abandoned pid=-1 program=");
        say("acquired pid=" + std::to_string(GetCurrentProcessId()));
        holdUntilTold();
        ReleaseMutex(mutex);
        CloseHandle(mutex);
        say("released");
        return 0;
    }

    WaitPolicy wait = WaitPolicy::noWait();
    if (mode == "wait") {
        const long long timeout = argc > 3 ? std::atoll(argv[3]) : -1;
        wait = timeout < 0 ? WaitPolicy::forever() : WaitPolicy::upTo(std::chrono::milliseconds(timeout));
        say("waiting");
    } else if (mode != "hold") {
        return usage(argv[0]);
    }
    DeviceLock deviceLock(location);
    const AcquireResult result = deviceLock.acquire(currentProcessRecord(id, "wintest-helper", "from the helper"), wait);
    switch (result.status) {
    case AcquireStatus::Acquired: break;
    case AcquireStatus::Busy: say("busy"); return 1;
    case AcquireStatus::TimedOut: say("timedout"); return 1;
    default: say("error " + wintest::facts(result)); return 3;
    }
    if (result.abandoned)
        say("abandoned pid=" + std::to_string(result.abandoned->pid) + " program="
            + (result.abandoned->program.empty() ? std::string("unknown") : result.abandoned->program));
    say("acquired pid=" + std::to_string(GetCurrentProcessId()));
    holdUntilTold();
    deviceLock.release();
    say("released");
    return 0;
}
