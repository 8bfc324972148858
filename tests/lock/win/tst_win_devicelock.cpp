// One process: holder record file, a second claim answers AlreadyHeld, timeout, cancel from
// another thread, and the reader's view of a lock it holds.

#include "WinTestSupport.h"

#include "lock/CancelToken.h"
#include "lock/DeviceLock.h"
#include "lock/LockDirectory.h"
#include "lock/LockName.h"
#include "lock/LockProbe.h"
#include "lock/ProcessInfo.h"

#include <windows.h>

#include <chrono>
#include <fstream>
#include <future>

using namespace devlatch::lock;

static LockLocation locationFor(const std::string &id)
{
    return {lockDirectoryFor(Scope::Machine).path, lockNameForId(id).name, Scope::Machine};
}

static bool fileExists(const std::string &path)
{
    return GetFileAttributesA(path.c_str()) != INVALID_FILE_ATTRIBUTES;
}

int main()
{
    const HolderRecord me = currentProcessRecord("bench-psu", "tst_win_devicelock", "a note");
    const LockLocation location = locationFor("bench-psu");

    wintest::section("holder record written after acquiring, removed before releasing");
    {
        DeviceLock deviceLock(location);
        const AcquireResult result = deviceLock.acquire(me);
        CHECK_MSG(result.acquired(), result.message);
        CHECK(!result.abandoned);
        std::ifstream in(holderRecordPath(location), std::ios::binary);
        std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        in.close();
        const HolderRecord record = parseHolderRecord(content);
        CHECK(record.pid == long(GetCurrentProcessId()));
        CHECK(record.note == "a note");
        CHECK(record.startTicks != 0);

        const LockState state = probeLock(location);
        CHECK(state.held);
        CHECK(state.holder && state.holder->pid == record.pid);

        wintest::section("a second claim in this process answers AlreadyHeld");
        const AcquireResult again = deviceLock.acquire(me);
        CHECK(again.status == AcquireStatus::AlreadyHeld);
        DeviceLock other(location);
        const AcquireResult second = other.acquire(me, WaitPolicy::forever());
        CHECK(second.status == AcquireStatus::AlreadyHeld);
        CHECK_MSG(second.message == "already held by this process", second.message);

        deviceLock.release();
        CHECK(!deviceLock.isHeld());
        CHECK(!fileExists(holderRecordPath(location)));
        const LockState after = probeLock(location);
        CHECK(!after.held);
        CHECK(!after.abandoned);
        CHECK(other.acquire(me).acquired());
    }

    wintest::section("probe of a mutex nobody has: free; with a stale record: abandoned");
    {
        const LockLocation stale = locationFor("stale-device");
        HolderRecord dead = me;
        dead.pid = 999999;
        dead.program = "flash.py";
        std::ofstream(holderRecordPath(stale), std::ios::binary) << serializeHolderRecord(dead);
        const LockState state = probeLock(stale);
        CHECK(!state.held);
        CHECK(state.abandoned && state.abandoned->pid == 999999);
        DeviceLock deviceLock(stale);
        const AcquireResult result = deviceLock.acquire(me);
        CHECK(result.acquired());
        CHECK(result.abandoned && result.abandoned->program == "flash.py");
    }
    return wintest::finish();
}
