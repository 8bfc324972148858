// The "other process" of the Windows tests: takes a device's lock through the same
// DeviceLock as devlatch and reports each event as a line on stdout.
//
//   devlatch-wintest-helper hold ID [machine|user]       claim now; hold until stdin closes
//   devlatch-wintest-helper wait ID TIMEOUT_MS [scope]  wait up to TIMEOUT_MS (-1: forever); then hold
//
// Lines: "acquired pid=P", "abandoned pid=P program=X", "busy", "timedout", "error MESSAGE",
// "released".

#include "lock/DeviceLock.h"
#include "lock/LockDirectory.h"
#include "lock/LockName.h"
#include "lock/ProcessInfo.h"

#include <windows.h>

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace devlatch::lock;

static void say(const std::string &line)
{
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
}

int main(int argc, char *argv[])
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s hold|wait ID ...\n", argv[0]);
        return 2;
    }
    const std::string mode = argv[1];
    const std::string id = argv[2];
    const int scopeArg = mode == "wait" ? 4 : 3;
    const Scope scope = argc > scopeArg && std::string(argv[scopeArg]) == "user" ? Scope::User : Scope::Machine;
    WaitPolicy wait = WaitPolicy::noWait();
    if (mode == "wait") {
        const long long timeout = argc > 3 ? std::atoll(argv[3]) : -1;
        wait = timeout < 0 ? WaitPolicy::forever() : WaitPolicy::upTo(std::chrono::milliseconds(timeout));
        say("waiting");
    }
    DeviceLock deviceLock({lockDirectoryFor(scope).path, lockNameForId(id).name, scope});
    const AcquireResult result = deviceLock.acquire(currentProcessRecord(id, "wintest-helper", "from the helper"), wait);
    switch (result.status) {
    case AcquireStatus::Acquired: break;
    case AcquireStatus::Busy: say("busy"); return 1;
    case AcquireStatus::TimedOut: say("timedout"); return 1;
    default: say("error " + result.message); return 3;
    }
    if (result.abandoned)
        say("abandoned pid=" + std::to_string(result.abandoned->pid) + " program=" + result.abandoned->program);
    say("acquired pid=" + std::to_string(GetCurrentProcessId()));
    char buffer[64];
    DWORD got = 0;
    while (ReadFile(GetStdHandle(STD_INPUT_HANDLE), buffer, sizeof buffer, &got, nullptr) && got > 0) {
    }
    deviceLock.release();
    say("released");
    return 0;
}
