// Two processes: the second sees busy, then gets the lock after release; TerminateProcess
// of a holder (kill -9) hands the mutex over with WAIT_ABANDONED and the abandoned report;
// a timed wait times out; a waiting claim is cancelled from another thread.

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

static LockLocation locationFor(const std::string &id)
{
    return {lockDirectoryFor(Scope::Machine).path, lockNameForId(id).name, Scope::Machine};
}

static std::string helper()
{
    return "\"" + wintest::directoryOfThisExe() + "\\devlatch-wintest-helper.exe\"";
}

int main()
{
    const LockLocation location = locationFor("probe-1");
    const HolderRecord me = currentProcessRecord("probe-1", "tst_win_processes", "");

    wintest::section("contention: busy while the helper holds, ours after it releases");
    {
        wintest::Child holder;
        CHECK(holder.start(helper() + " hold probe-1"));
        CHECK(!holder.waitForLine("acquired").empty());
        const LockState state = probeLock(location);
        CHECK(state.held);
        CHECK(state.holder && state.holder->pid == long(holder.pid()));
        CHECK(state.holder && state.holder->program == "wintest-helper");

        DeviceLock deviceLock(location);
        CHECK(deviceLock.acquire(me).status == AcquireStatus::Busy);

        wintest::section("a timed wait times out and keeps nothing");
        const auto start = Clock::now();
        const AcquireResult timed = deviceLock.acquire(me, WaitPolicy::upTo(std::chrono::milliseconds(300)));
        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
        CHECK(timed.status == AcquireStatus::TimedOut);
        CHECK_MSG(elapsed >= 290, std::to_string(elapsed)); // Windows timers may round a little
        std::printf("   timed out after %lld ms\n", static_cast<long long>(elapsed));

        wintest::section("a waiting claim is cancelled from another thread");
        CancelToken cancel;
        auto waiting = std::async(std::launch::async, [&] { return deviceLock.acquire(me, WaitPolicy::forever(), &cancel); });
        CHECK(waiting.wait_for(std::chrono::milliseconds(200)) == std::future_status::timeout);
        const auto cancelledAt = Clock::now();
        cancel.cancel();
        CHECK(waiting.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
        CHECK(waiting.get().status == AcquireStatus::Cancelled);
        std::printf("   cancel took effect after %lld us\n",
                    static_cast<long long>(std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - cancelledAt).count()));
        CHECK(!deviceLock.isHeld());

        wintest::section("granted once the holder releases");
        auto granted = std::async(std::launch::async, [&] { return deviceLock.acquire(me, WaitPolicy::upTo(std::chrono::seconds(30))); });
        holder.closeStdin();
        CHECK(!holder.waitForLine("released").empty());
        const AcquireResult result = granted.get();
        CHECK_MSG(result.acquired(), result.message);
        CHECK(!result.abandoned);
        deviceLock.release();
    }

    wintest::section("kill -9 of the holder: WAIT_ABANDONED and the abandoned report");
    {
        wintest::Child holder;
        CHECK(holder.start(helper() + " hold probe-1"));
        CHECK(!holder.waitForLine("acquired").empty());
        const long long holderPid = holder.pid();
        wintest::Child waiter;
        CHECK(waiter.start(helper() + " wait probe-1 -1"));
        CHECK(!waiter.waitForLine("waiting").empty());
        Sleep(200); // let it reach the wait; the result does not depend on it
        const auto killedAt = Clock::now();
        holder.kill();
        const std::string abandoned = waiter.waitForLine("abandoned");
        CHECK_MSG(abandoned == "abandoned pid=" + std::to_string(holderPid) + " program=wintest-helper", abandoned);
        CHECK(!waiter.waitForLine("acquired").empty());
        std::printf("   kill to the waiter's report: %lld ms\n",
                    static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - killedAt).count()));
        const LockState state = probeLock(location);
        CHECK(state.holder && state.holder->pid == long(waiter.pid()));
        waiter.closeStdin();
        CHECK(!waiter.waitForLine("released").empty());
    }

    wintest::section("a holder killed with nobody waiting leaves a record the probe calls abandoned");
    {
        wintest::Child holder;
        CHECK(holder.start(helper() + " hold probe-1"));
        CHECK(!holder.waitForLine("acquired").empty());
        const long long holderPid = holder.pid();
        holder.kill();
        const LockState state = probeLock(location);
        CHECK(!state.held);
        CHECK(state.abandoned && state.abandoned->pid == holderPid);
        DeviceLock deviceLock(location);
        const AcquireResult result = deviceLock.acquire(me);
        CHECK(result.acquired());
        CHECK(result.abandoned && result.abandoned->pid == holderPid);
    }
    return wintest::finish();
}
