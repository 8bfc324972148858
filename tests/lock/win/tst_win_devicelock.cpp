// SPDX-License-Identifier: MIT
// DeviceLock in one process: the holder record file, AlreadyHeld for a second claim (held or
// still waiting) instead of a recursive second ownership, acquire and release from different
// threads, the record update, the destructor, and waits (timeout, cancel) against a mutex
// that a plain thread of this process owns.

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
#include <iterator>

using namespace devlatch::lock;
using Clock = std::chrono::steady_clock;

static LockLocation locationFor(const std::string &id)
{
    return {lockDirectoryFor(Scope::Machine).path, lockNameForId(id).name, Scope::Machine};
}

static bool fileExists(const std::string &path)
{
    return GetFileAttributesA(path.c_str()) != INVALID_FILE_ATTRIBUTES;
}

static HolderRecord recordInFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return parseHolderRecord(content);
}

// Owns a mutex on a thread of its own, the way a script would, until told to let go.
class ThreadOwner {
public:
    explicit ThreadOwner(const std::string &name)
    {
        m_thread = std::thread([this, name] {
            HANDLE mutex = CreateMutexW(nullptr, FALSE, wintest::wide(name).c_str());
            m_owned.set_value(mutex && WaitForSingleObject(mutex, 0) == WAIT_OBJECT_0);
            WaitForSingleObject(m_letGo, INFINITE);
            ReleaseMutex(mutex);
            CloseHandle(mutex);
        });
    }
    ~ThreadOwner()
    {
        SetEvent(m_letGo);
        m_thread.join();
        CloseHandle(m_letGo);
    }
    bool owned() { return m_owned.get_future().get(); }
    void letGo() { SetEvent(m_letGo); }

private:
    HANDLE m_letGo = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    std::promise<bool> m_owned;
    std::thread m_thread;
};

int main()
{
    const HolderRecord me = currentProcessRecord("bench-psu", "tst_win_devicelock", "a note");
    const LockLocation location = locationFor("bench-psu");

    wintest::section("the holder directory is %ProgramData%\\devlatch\\holders; created on the first claim");
    CHECK_MSG(location.directory.find("\\devlatch\\holders") != std::string::npos, location.directory);

    wintest::section("holder record written after acquiring, removed before releasing");
    {
        DeviceLock deviceLock(location);
        const AcquireResult result = deviceLock.acquire(me);
        CHECK_MSG(result.acquired(), wintest::facts(result));
        CHECK(!result.problem);
        CHECK(!result.abandoned);
        CHECK(deviceLock.isHeld());
        const HolderRecord record = recordInFile(holderRecordPath(location));
        HolderRecord published = me;
        published.since = record.since; // stamped at the grant
        CHECK_MSG(record.since.size() == 20 && record.since.back() == 'Z', record.since);
        CHECK(record == published);
        CHECK(record.pid == long(GetCurrentProcessId()));
        CHECK(record.startTicks != 0);

        const LockState state = probeLock(location);
        CHECK(state.lockExists && state.held);
        CHECK(state.holder && *state.holder == published);
        CHECK(!state.heldByForeignProgram());

        wintest::section("updateRecord replaces the published record");
        HolderRecord changed = me;
        changed.note = "flashing firmware";
        CHECK(!deviceLock.updateRecord(changed)); // no problem
        CHECK(recordInFile(holderRecordPath(location)).note == "flashing firmware");

        wintest::section("a second claim in this process answers AlreadyHeld, never a recursive ownership");
        const AcquireResult again = deviceLock.acquire(me);
        CHECK(again.status == AcquireStatus::AlreadyHeld);
        DeviceLock other(location);
        const AcquireResult second = other.acquire(me, WaitPolicy::forever());
        CHECK(second.status == AcquireStatus::AlreadyHeld);
        CHECK_MSG(!second.waitingHere, wintest::facts(second));
        CHECK(!other.isHeld());
        CHECK(other.updateRecord(me)); // a problem: not held

        wintest::section("release from another thread than the one that acquired");
        std::thread([&] { deviceLock.release(); }).join();
        CHECK(!deviceLock.isHeld());
        CHECK(!fileExists(holderRecordPath(location)));
        const LockState after = probeLock(location);
        CHECK(!after.held);
        CHECK(!after.abandoned);
        // Really released: another owner thread gets it without waiting.
        const AcquireResult third = std::async(std::launch::async, [&] { return other.acquire(me); }).get();
        CHECK_MSG(third.acquired(), wintest::facts(third));
        deviceLock.release(); // harmless when not held
        CHECK(other.isHeld());
    }
    wintest::section("the destructor released it");
    CHECK(!probeLock(location).held);
    CHECK(!fileExists(holderRecordPath(location)));

    const LockLocation owned = locationFor("owned-by-a-thread");
    const HolderRecord claim = currentProcessRecord("owned-by-a-thread", "tst_win_devicelock", "");
    wintest::section("a mutex that this very thread owns is still Busy for DeviceLock");
    {
        // Recursive ownership would make a naive claim on this thread succeed.
        HANDLE mutex = CreateMutexW(nullptr, FALSE, wintest::wide(lockObjectName(owned)).c_str());
        CHECK(WaitForSingleObject(mutex, 0) == WAIT_OBJECT_0);
        DeviceLock deviceLock(owned);
        CHECK(deviceLock.acquire(claim).status == AcquireStatus::Busy);
        const LockState state = probeLock(owned);
        CHECK(state.held && state.heldByForeignProgram());
        ReleaseMutex(mutex);
        CHECK(deviceLock.acquire(claim).acquired());
        CloseHandle(mutex);
    }

    wintest::section("timeout, cancel and waiting twice against a mutex owned by another thread");
    {
        ThreadOwner owner(lockObjectName(owned));
        CHECK(owner.owned());
        DeviceLock deviceLock(owned);
        CHECK(deviceLock.acquire(claim).status == AcquireStatus::Busy);

        auto start = Clock::now();
        const AcquireResult timed = deviceLock.acquire(claim, WaitPolicy::upTo(std::chrono::milliseconds(200)));
        const long long elapsed = wintest::millisecondsSince(start);
        CHECK(timed.status == AcquireStatus::TimedOut);
        CHECK_MSG(elapsed >= 150 && elapsed < 30000, std::to_string(elapsed) + " ms");
        CHECK(deviceLock.acquire(claim, WaitPolicy::upTo(std::chrono::milliseconds(0))).status == AcquireStatus::TimedOut);
        CHECK(deviceLock.acquire(claim, WaitPolicy::upTo(std::chrono::milliseconds(-5))).status == AcquireStatus::TimedOut);

        CancelToken cancel;
        auto waiting = std::async(std::launch::async, [&] { return deviceLock.acquire(claim, WaitPolicy::forever(), &cancel); });
        CHECK(waiting.wait_for(std::chrono::milliseconds(200)) == std::future_status::timeout);
        const AcquireResult meanwhile = deviceLock.acquire(claim);
        CHECK(meanwhile.status == AcquireStatus::AlreadyHeld);
        CHECK_MSG(meanwhile.waitingHere, wintest::facts(meanwhile));
        DeviceLock twin(owned);
        CHECK(twin.acquire(claim).status == AcquireStatus::AlreadyHeld);
        start = Clock::now();
        cancel.cancel();
        CHECK(waiting.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
        CHECK(waiting.get().status == AcquireStatus::Cancelled);
        wintest::note("cancel returned after " + std::to_string(wintest::millisecondsSince(start)) + " ms");
        CHECK(!deviceLock.isHeld());
        // A token that is already cancelled stops a wait before it starts.
        CHECK(deviceLock.acquire(claim, WaitPolicy::upTo(std::chrono::seconds(30)), &cancel).status
              == AcquireStatus::Cancelled);

        auto granted = std::async(std::launch::async, [&] { return deviceLock.acquire(claim, WaitPolicy::upTo(std::chrono::seconds(30))); });
        CHECK(granted.wait_for(std::chrono::milliseconds(100)) == std::future_status::timeout);
        owner.letGo();
        const AcquireResult result = granted.get();
        CHECK_MSG(result.acquired(), wintest::facts(result));
        CHECK(!result.abandoned);
    }

    wintest::section("a thread that ends owning the mutex abandons it: WAIT_ABANDONED is reported");
    {
        const std::string name = lockObjectName(owned);
        HANDLE keep = CreateMutexW(nullptr, FALSE, wintest::wide(name).c_str()); // keeps the object alive
        std::thread([&] {
            HANDLE mutex = OpenMutexW(SYNCHRONIZE, FALSE, wintest::wide(name).c_str());
            WaitForSingleObject(mutex, 0);
            CloseHandle(mutex); // and the thread ends without ReleaseMutex
        }).join();
        DeviceLock deviceLock(owned);
        const AcquireResult result = deviceLock.acquire(claim);
        CHECK_MSG(result.acquired(), wintest::facts(result));
        CHECK(result.abandoned.has_value());
        CHECK(result.abandoned && result.abandoned->pid == -1);
        CHECK(result.abandoned && result.abandoned->id == "owned-by-a-thread");
        CHECK(result.abandoned && result.abandoned->program.empty()); // nothing is known of who held it
        CloseHandle(keep);
    }
    return wintest::finish();
}
