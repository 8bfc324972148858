// SPDX-License-Identifier: MIT
// probeLock never takes the mutex: it names a devlatch holder in another process, tells an
// owned mutex from one that is merely open, reports a foreign owner (a script's bare mutex)
// without a pid, calls a record in a free lock abandoned, and leaves an abandoned mutex
// abandoned for the next claim.

#include "WinTestSupport.h"

#include "lock/DeviceLock.h"
#include "lock/LockDirectory.h"
#include "lock/LockName.h"
#include "lock/LockProbe.h"
#include "lock/ProcessInfo.h"

#include <fstream>

using namespace devlatch::lock;
using wintest::Child;
using wintest::helper;

// A location without a record left by an earlier run of this test (same Wine prefix).
static LockLocation locationFor(const std::string &id)
{
    const LockLocation location {lockDirectoryFor(Scope::Machine).path, lockNameForId(id).name, Scope::Machine};
    DeleteFileA(holderRecordPath(location).c_str());
    return location;
}

static bool isAcquiredLine(const std::string &line)
{
    return line.rfind("acquired pid=", 0) == 0;
}

// Whether any mutex of that name exists now (someone has a handle to it).
static bool mutexExists(const LockLocation &location)
{
    HANDLE handle = OpenMutexW(SYNCHRONIZE, FALSE, wintest::wide(lockObjectName(location)).c_str());
    if (handle)
        CloseHandle(handle);
    return handle != nullptr;
}

int main()
{
    const HolderRecord me = currentProcessRecord("probe-me", "tst_win_probe", "");

    wintest::section("nothing there: free, nothing created");
    {
        const LockLocation location = locationFor("never-claimed");
        const LockState state = probeLock(location);
        CHECK(!state.lockExists && !state.held && !state.holder && !state.abandoned && state.error.empty());
        CHECK(state.osHolders.empty());
        CHECK(!mutexExists(location)); // the probe left no handle behind
    }

    wintest::section("a devlatch holder in another process is named; the probe does not disturb it");
    {
        const LockLocation location = locationFor("probe-held");
        Child holder(helper() + " hold probe-held");
        CHECK(isAcquiredLine(holder.waitForLine("acquired")));
        for (int i = 0; i < 3; ++i) {
            const LockState state = probeLock(location);
            CHECK(state.lockExists && state.held);
            CHECK(state.holder && state.holder->pid == long(holder.pid()));
            CHECK(state.holder && state.holder->id == "probe-held");
            CHECK(!state.abandoned);
            CHECK(state.osHolders.size() == 1 && state.osHolders[0].kind == OsHolder::Kind::Mutex
                  && state.osHolders[0].pid == long(holder.pid()));
        }
        // Still the helper's: it releases normally, and a claim right after is clean.
        holder.writeLine("release");
        CHECK(holder.waitForLine("released") == "released");
        CHECK(holder.waitForExit() == 0);
        CHECK(!mutexExists(location));
        DeviceLock deviceLock(location);
        const AcquireResult result = deviceLock.acquire(me);
        CHECK(result.acquired() && !result.abandoned);
    }

    wintest::section("a free mutex with a stale holder file: abandoned");
    {
        const LockLocation location = locationFor("stale-device");
        CHECK(prepareLockDirectory(location.directory, Scope::Machine, true).ok());
        HolderRecord dead = me;
        dead.id = "stale-device";
        dead.pid = 999999;
        dead.program = "flash.py";
        std::ofstream(holderRecordPath(location), std::ios::binary) << serializeHolderRecord(dead);
        LockState state = probeLock(location);
        CHECK(!state.lockExists && !state.held);
        CHECK(state.abandoned && state.abandoned->program == "flash.py");

        // The same while a script merely has the mutex open: it exists but nobody owns it.
        Child opener(helper() + " raw-open stale-device");
        CHECK(opener.waitForLine("opened") == "opened");
        state = probeLock(location);
        CHECK(state.lockExists);
        CHECK(!state.held);
        CHECK(state.abandoned && state.abandoned->pid == 999999);

        // A record whose pid runs but belongs to another process (another creation time).
        HolderRecord reused = me;
        reused.startTicks += 1;
        std::ofstream(holderRecordPath(location), std::ios::binary | std::ios::trunc) << serializeHolderRecord(reused);
        CHECK(!isRecordedProcessAlive(reused));
        state = probeLock(location);
        CHECK(!state.held && state.abandoned && state.abandoned->pid == me.pid);

        DeviceLock deviceLock(location);
        const AcquireResult result = deviceLock.acquire(me);
        CHECK(result.acquired());
        // The mutex lived on (the opener) and was not abandoned: whoever this record names,
        // it is not the last holder, so the claim reports nothing (a reader cannot tell).
        CHECK(!result.abandoned);
        state = probeLock(location);
        CHECK(state.held && state.holder && state.holder->pid == me.pid && state.holder->note == me.note && !state.abandoned);
    }

    wintest::section("a mutex owned by a program that is not devlatch: held, holder unnamed");
    {
        const LockLocation location = locationFor("foreign");
        Child script(helper() + " raw-hold foreign");
        CHECK(isAcquiredLine(script.waitForLine("acquired")));
        const LockState state = probeLock(location);
        CHECK(state.lockExists && state.held);
        CHECK(!state.holder);
        CHECK(state.heldByForeignProgram());
        CHECK(state.osHolders.size() == 1 && state.osHolders[0].pid == -1);
        CHECK(!state.abandoned);
        DeviceLock deviceLock(location);
        CHECK(deviceLock.acquire(me).status == AcquireStatus::Busy);
        script.writeLine("release");
        CHECK(script.waitForLine("released") == "released");
        CHECK(deviceLock.acquire(me).acquired());
    }

    wintest::section("a foreign owner killed: probed as free and abandoned, and the probe leaves it abandoned");
    {
        const LockLocation location = locationFor("foreign-killed");
        // This handle keeps the abandoned mutex in existence after its owner dies.
        HANDLE keep = CreateMutexW(nullptr, FALSE, wintest::wide(lockObjectName(location)).c_str());
        Child script(helper() + " raw-hold foreign-killed");
        CHECK(isAcquiredLine(script.waitForLine("acquired")));
        CHECK(probeLock(location).held);
        script.kill();
        for (int i = 0; i < 3; ++i) {
            const LockState state = probeLock(location);
            CHECK(state.lockExists && !state.held);
            CHECK(state.abandoned && state.abandoned->pid == -1);
        }
        // Had a probe waited on it, it would have consumed the abandoned state.
        Child next(helper() + " hold foreign-killed");
        CHECK(next.nextLine() == "abandoned pid=-1 program=unknown");
        CHECK(isAcquiredLine(next.nextLine()));
        const LockState state = probeLock(location);
        CHECK(state.held && state.holder && state.holder->pid == long(next.pid()));
        CloseHandle(keep);
    }

    wintest::section("a reading probes as well");
    {
        const LockLocation location = locationFor("read-me");
        LockReading reading;
        CHECK(!reading.read(location).held);
        DeviceLock deviceLock(location);
        CHECK(deviceLock.acquire(me).acquired());
        CHECK(reading.read(location).holder.has_value());
        deviceLock.release();
        CHECK(!reading.read(location).held);
    }
    return wintest::finish();
}
