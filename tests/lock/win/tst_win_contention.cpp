// SPDX-License-Identifier: MIT
// Two processes: the second sees busy, then gets the lock after release; a timed wait times
// out; a waiting claim is cancelled from another thread; TerminateProcess of a holder (the
// Windows kill -9) hands the mutex to a waiter with WAIT_ABANDONED and the abandoned report;
// Global\ and Local\ claims of one device do not see each other.

#include "WinTestSupport.h"

#include "lock/CancelToken.h"
#include "lock/DeviceLock.h"
#include "lock/LockDirectory.h"
#include "lock/LockName.h"
#include "lock/LockProbe.h"
#include "lock/ProcessInfo.h"

#include <chrono>
#include <future>

using namespace devlatch::lock;
using Clock = std::chrono::steady_clock;
using wintest::Child;
using wintest::helper;

static LockLocation locationFor(const std::string &id, Scope scope = Scope::Machine)
{
    return {lockDirectoryFor(scope).path, lockNameForId(id).name, scope};
}

static bool isAcquiredLine(const std::string &line)
{
    return line.rfind("acquired pid=", 0) == 0;
}

int main()
{
    const LockLocation location = locationFor("probe-1");
    const HolderRecord me = currentProcessRecord("probe-1", "tst_win_contention", "");

    wintest::section("contention: busy while the helper holds, ours after it releases");
    {
        Child holder(helper() + " hold probe-1");
        CHECK(isAcquiredLine(holder.waitForLine("acquired")));
        const LockState state = probeLock(location);
        CHECK(state.held);
        CHECK(state.holder && state.holder->pid == long(holder.pid()));
        CHECK(state.holder && state.holder->program == "wintest-helper");

        DeviceLock deviceLock(location);
        CHECK(deviceLock.acquire(me).status == AcquireStatus::Busy);
        CHECK(!deviceLock.isHeld());

        // A second helper is told the same.
        Child other(helper() + " hold probe-1");
        CHECK(other.nextLine() == "busy");
        CHECK(other.waitForExit() == 1);

        wintest::section("a timed wait times out and keeps nothing");
        const auto start = Clock::now();
        const AcquireResult timed = deviceLock.acquire(me, WaitPolicy::upTo(std::chrono::milliseconds(300)));
        const long long elapsed = wintest::millisecondsSince(start);
        CHECK(timed.status == AcquireStatus::TimedOut);
        CHECK_MSG(elapsed >= 250 && elapsed < 30000, std::to_string(elapsed) + " ms"); // timers may round a little
        CHECK(!deviceLock.isHeld());
        Child timedHelper(helper() + " wait probe-1 200");
        CHECK(timedHelper.waitForLine("timedout") == "timedout");

        wintest::section("a waiting claim is cancelled from another thread");
        CancelToken cancel;
        auto waiting = std::async(std::launch::async, [&] { return deviceLock.acquire(me, WaitPolicy::forever(), &cancel); });
        CHECK(waiting.wait_for(std::chrono::milliseconds(200)) == std::future_status::timeout);
        const auto cancelledAt = Clock::now();
        std::thread([&] { cancel.cancel(); }).join();
        CHECK(waiting.wait_for(std::chrono::seconds(30)) == std::future_status::ready); // "promptly": well before 30 s
        CHECK(waiting.get().status == AcquireStatus::Cancelled);
        wintest::note("cancel took effect after " + std::to_string(wintest::millisecondsSince(cancelledAt)) + " ms");
        CHECK(!deviceLock.isHeld());

        wintest::section("granted once the holder releases");
        auto granted = std::async(std::launch::async, [&] { return deviceLock.acquire(me, WaitPolicy::upTo(std::chrono::seconds(30))); });
        CHECK(granted.wait_for(std::chrono::milliseconds(100)) == std::future_status::timeout);
        holder.writeLine("release");
        CHECK(holder.waitForLine("released") == "released");
        const AcquireResult result = granted.get();
        CHECK_MSG(result.acquired(), wintest::facts(result));
        CHECK(!result.abandoned);
        CHECK(holder.waitForExit() == 0);

        // And the other way round: the helper waits for us.
        Child waiter(helper() + " wait probe-1 30000");
        CHECK(waiter.waitForLine("waiting") == "waiting");
        Sleep(100);
        deviceLock.release();
        CHECK(isAcquiredLine(waiter.waitForLine("acquired")));
        const LockState waiterState = probeLock(location);
        CHECK(waiterState.holder && waiterState.holder->pid == long(waiter.pid()));
        waiter.closeStdin();
        CHECK(waiter.waitForLine("released") == "released");
    }

    wintest::section("kill -9 of the holder: the waiter gets WAIT_ABANDONED and the abandoned report");
    {
        Child holder(helper() + " hold probe-1");
        CHECK(isAcquiredLine(holder.waitForLine("acquired")));
        const long long holderPid = holder.pid();
        Child waiter(helper() + " wait probe-1 -1");
        CHECK(waiter.waitForLine("waiting") == "waiting");
        Sleep(200); // let it reach the wait; the outcome does not depend on it
        const auto killedAt = Clock::now();
        holder.kill();
        const std::string abandoned = waiter.waitForLine("abandoned");
        CHECK_MSG(abandoned == "abandoned pid=" + std::to_string(holderPid) + " program=wintest-helper", abandoned);
        CHECK(isAcquiredLine(waiter.waitForLine("acquired")));
        wintest::note("kill to the waiter's report: " + std::to_string(wintest::millisecondsSince(killedAt)) + " ms");
        const LockState state = probeLock(location);
        CHECK(state.holder && state.holder->pid == long(waiter.pid()));
        CHECK(!state.abandoned);
        waiter.closeStdin();
        CHECK(waiter.waitForLine("released") == "released");
    }

    wintest::section("kill -9 of the holder while this process waits in DeviceLock");
    {
        Child holder(helper() + " hold probe-1");
        CHECK(isAcquiredLine(holder.waitForLine("acquired")));
        const long long holderPid = holder.pid();
        DeviceLock deviceLock(location);
        auto waiting = std::async(std::launch::async, [&] { return deviceLock.acquire(me, WaitPolicy::upTo(std::chrono::seconds(30))); });
        CHECK(waiting.wait_for(std::chrono::milliseconds(200)) == std::future_status::timeout);
        holder.kill();
        const AcquireResult result = waiting.get();
        CHECK_MSG(result.acquired(), wintest::facts(result));
        CHECK(result.abandoned && result.abandoned->pid == holderPid);
        CHECK(result.abandoned && result.abandoned->program == "wintest-helper");
        CHECK(result.abandoned && result.abandoned->note == "from the helper");
    }

    wintest::section("a holder killed with nobody waiting leaves a record that is reported as abandoned");
    {
        Child holder(helper() + " hold probe-1");
        CHECK(isAcquiredLine(holder.waitForLine("acquired")));
        const long long holderPid = holder.pid();
        holder.kill();
        const LockState state = probeLock(location);
        CHECK(!state.held);
        CHECK(!state.lockExists); // the mutex went away with its last handle
        CHECK(state.abandoned && state.abandoned->pid == holderPid);
        DeviceLock deviceLock(location);
        const AcquireResult result = deviceLock.acquire(me);
        CHECK(result.acquired());
        CHECK(result.abandoned && result.abandoned->pid == holderPid);
    }

    wintest::section("a peer that took the abandoned mutex and let go cleanly: no stale 'abandoned' report");
    {
        Child opener(helper() + " raw-open probe-3"); // keeps the mutex alive past its holder
        CHECK(opener.waitForLine("opened") == "opened");
        Child holder(helper() + " hold probe-3");
        CHECK(isAcquiredLine(holder.waitForLine("acquired")));
        holder.kill(); // its record stays behind
        Child peer(helper() + " raw-hold probe-3");
        CHECK(peer.waitForLine("abandoned").rfind("abandoned", 0) == 0); // the peer heard it
        CHECK(isAcquiredLine(peer.waitForLine("acquired")));
        peer.closeStdin();
        CHECK(peer.waitForLine("released") == "released");
        DeviceLock deviceLock(locationFor("probe-3", Scope::Machine));
        const AcquireResult result = deviceLock.acquire(currentProcessRecord("probe-3", "tst_win_contention", ""));
        CHECK_MSG(result.acquired(), wintest::facts(result));
        CHECK_MSG(!result.abandoned, result.abandoned ? "reported pid " + std::to_string(result.abandoned->pid) : "");
        opener.closeStdin();
        CHECK(opener.waitForLine("released") == "released");
    }

    wintest::section("Global\\ and Local\\ claims of one device are different objects across processes");
    {
        Child machineHolder(helper() + " hold scope-2 machine");
        CHECK(isAcquiredLine(machineHolder.waitForLine("acquired")));
        DeviceLock user(locationFor("scope-2", Scope::User));
        const AcquireResult userResult = user.acquire(currentProcessRecord("scope-2", "test", ""));
        CHECK_MSG(userResult.acquired(), wintest::facts(userResult));
        DeviceLock machine(locationFor("scope-2", Scope::Machine));
        CHECK(machine.acquire(currentProcessRecord("scope-2", "test", "")).status == AcquireStatus::Busy);
        Child userHelper(helper() + " hold scope-2 user");
        CHECK(userHelper.nextLine() == "busy");
        Child probe(helper() + " probe scope-2 user");
        CHECK_MSG(probe.waitForLine("probe").find(" holder=" + std::to_string(GetCurrentProcessId()) + " ") != std::string::npos,
                  "the user-scope probe names this process");
    }
    return wintest::finish();
}
