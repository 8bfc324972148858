// SPDX-License-Identifier: MIT
// Windows lock primitives: the named kernel mutex Global\devlatch.<name> (Local\ for the
// user scope).
//
// A mutex belongs to the thread that acquired it, so each OsLock has one owner thread that
// creates, waits for, releases and closes its mutex; every primitive is handed to it and
// stays callable from any thread. Waiting is WaitForMultipleObjects on the mutex and a
// cancel event, with the timeout in the same call: no polling. WAIT_ABANDONED means the
// previous holder died holding it: the claim is granted and reported as such.
//
// A mutex carries no data, so the holder record is a file <directory>\<name>.holder written
// after acquiring and deleted before releasing.

#include "OsLock.h"

#include "CancelToken.h"
#include "DeviceLock.h"
#include "LockDirectory.h"
#include "ProcessInfo.h"
#include "WinStrings_win.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <sddl.h>
#include <thread>
#include <windows.h>

namespace devlatch::lock {

std::string lockObjectName(const LockLocation &location)
{
    return std::string(location.scope == Scope::Machine ? "Global\\" : "Local\\") + "devlatch." + location.name;
}

std::string holderRecordPath(const LockLocation &location)
{
    return location.directory + "\\" + location.name + ".holder";
}

namespace detail {

namespace {

// Everyone may wait on and release the mutex (SYNCHRONIZE | MUTEX_MODIFY_STATE = 0x00100001),
// so a second user's devlatch sees the claim instead of an access error; only the creator
// (OWNER RIGHTS, which also takes away the owner's implicit WRITE_DAC), SYSTEM and
// administrators get MUTEX_ALL_ACCESS, which includes WRITE_DAC and WRITE_OWNER.
constexpr wchar_t kMutexSddl[] = L"D:(A;;GA;;;SY)(A;;GA;;;BA)(A;;0x001F0001;;;OW)(A;;0x00100001;;;WD)";

// The descriptor, built once per process (it never changes); null with the error when the
// system refuses the SDDL, which is then reported instead of silently using a default DACL.
PSECURITY_DESCRIPTOR mutexSecurityDescriptor(DWORD &error)
{
    static DWORD conversionError = 0;
    static const PSECURITY_DESCRIPTOR descriptor = [] {
        PSECURITY_DESCRIPTOR built = nullptr;
        if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(kMutexSddl, SDDL_REVISION_1, &built, nullptr))
            conversionError = GetLastError();
        return built; // kept for the life of the process
    }();
    error = conversionError;
    return descriptor;
}

// WaitForMultipleObjects' timeout for a policy; INFINITE only for "forever".
DWORD timeoutOf(const WaitPolicy &wait)
{
    switch (wait.mode) {
    case WaitPolicy::Mode::Forever: return INFINITE;
    case WaitPolicy::Mode::Timeout:
        return DWORD(std::clamp<long long>(wait.timeout.count(), 0, (long long)INFINITE - 1));
    case WaitPolicy::Mode::NoWait: break;
    }
    return 0;
}

LockProblem problem(LockProblem::Kind kind, const std::string &name, DWORD error = 0, const char *operation = "")
{
    LockProblem p;
    p.kind = kind;
    p.path = name;
    p.systemError = int(error);
    p.operation = operation;
    return p;
}

// What is known of a holder that left no record (it is not devlatch, or died before writing).
HolderRecord unknownHolder()
{
    HolderRecord record;
    record.pid = -1;
    return record;
}

} // namespace

struct OsLock::Private {
    LockLocation location;
    std::string name;
    HANDLE handle = nullptr;      // owner thread only
    bool abandonedByOs = false;   // the last wait returned WAIT_ABANDONED
    bool createdNew = false;      // our CreateMutexW made the object: no one had it open

    std::thread owner;
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::function<void()>> tasks;
    bool stopping = false;

    void run()
    {
        for (;;) {
            std::function<void()> task;
            {
                std::unique_lock lock(mutex);
                changed.wait(lock, [this] { return stopping || !tasks.empty(); });
                if (tasks.empty())
                    break;
                task = std::move(tasks.front());
                tasks.pop_front();
            }
            task();
        }
        closeHandle(); // a mutex must be released by the thread that owns it
    }

    // Runs `task` on the owner thread and waits for it.
    template <typename Result>
    Result onOwner(std::function<Result()> task)
    {
        std::promise<Result> done;
        auto future = done.get_future();
        {
            std::lock_guard lock(mutex);
            tasks.push_back([&] { done.set_value(task()); });
        }
        changed.notify_all();
        return future.get();
    }

    LockProblem create();
    LockOutcome wait(const WaitPolicy &policy, CancelToken *cancel);
    void closeHandle()
    {
        if (!handle)
            return;
        CloseHandle(handle);
        handle = nullptr;
    }
};

OsLock::OsLock(LockLocation location) : d(std::make_unique<Private>())
{
    d->location = std::move(location);
    d->name = lockObjectName(d->location);
    d->owner = std::thread([p = d.get()] { p->run(); });
}

OsLock::~OsLock()
{
    {
        std::lock_guard lock(d->mutex);
        d->stopping = true;
    }
    d->changed.notify_all();
    d->owner.join();
}

std::string OsLock::objectName() const
{
    return d->name;
}

std::string OsLock::identity() const
{
    return d->name;
}

LockProblem OsLock::Private::create()
{
    if (handle)
        return {};
    const LockDirectoryResult directory = prepareLockDirectory(location.directory, location.scope, true);
    if (!directory.ok())
        return directory.problem;
    DWORD descriptorError = 0;
    SECURITY_ATTRIBUTES attributes {};
    attributes.nLength = sizeof attributes;
    attributes.bInheritHandle = FALSE; // a child process must not keep the mutex object alive
    attributes.lpSecurityDescriptor = mutexSecurityDescriptor(descriptorError);
    if (!attributes.lpSecurityDescriptor)
        return problem(LockProblem::Kind::System, name, descriptorError, "build the security descriptor for");
    const std::wstring wideName = win::widen(name);
    // Never initial ownership: whether we got it is what the wait says.
    handle = CreateMutexW(&attributes, FALSE, wideName.c_str());
    const DWORD createError = GetLastError(); // read at once: anything else may overwrite it
    createdNew = handle && createError != ERROR_ALREADY_EXISTS;
    if (handle)
        return {};
    switch (createError) {
    case ERROR_ACCESS_DENIED: {
        // Created by another user with a DACL that lets us wait and release, not create; the
        // documentation says SYNCHRONIZE alone suffices to wait and release.
        for (const DWORD access : {DWORD(SYNCHRONIZE | MUTEX_MODIFY_STATE), DWORD(SYNCHRONIZE)}) {
            handle = OpenMutexW(access, FALSE, wideName.c_str());
            if (handle) {
                createdNew = false;
                return {};
            }
        }
        return problem(LockProblem::Kind::AccessDenied, name, GetLastError());
    }
    case ERROR_INVALID_HANDLE: return problem(LockProblem::Kind::NameTaken, name, createError);
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_NAME:
    case ERROR_BAD_PATHNAME:
    case ERROR_FILENAME_EXCED_RANGE: return problem(LockProblem::Kind::InvalidName, name, createError);
    default: return problem(LockProblem::Kind::System, name, createError, "create");
    }
}

LockProblem OsLock::open()
{
    return d->onOwner<LockProblem>([this] { return d->create(); });
}

LockOutcome OsLock::Private::wait(const WaitPolicy &policy, CancelToken *cancel)
{
    // The cancel event is the second handle: when both are signalled, WaitForMultipleObjects
    // reports the lowest index, so a free mutex wins over a cancel that came too late.
    // CancelToken::cancel() runs a copy of the waker outside its lock, possibly after
    // removeWaker() below: the waker shares ownership of the event, so it can never signal a
    // closed handle (or a reused one that belongs to another wait).
    HANDLE rawEvent = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    if (!rawEvent)
        return {AcquireStatus::Error, problem(LockProblem::Kind::System, name, GetLastError(), "create the cancel event for")};
    const std::shared_ptr<void> cancelEvent(rawEvent, CloseHandle);
    int wakerHandle = 0;
    if (cancel)
        wakerHandle = cancel->addWaker([cancelEvent] { SetEvent(cancelEvent.get()); });
    const HANDLE handles[2] = {handle, rawEvent};
    const DWORD outcome = WaitForMultipleObjects(2, handles, FALSE, timeoutOf(policy));
    const DWORD waitError = GetLastError();
    if (cancel)
        cancel->removeWaker(wakerHandle);
    abandonedByOs = outcome == WAIT_ABANDONED_0;
    if (outcome == WAIT_OBJECT_0 || outcome == WAIT_ABANDONED_0)
        return {AcquireStatus::Acquired, {}};
    closeHandle();
    if (outcome == WAIT_OBJECT_0 + 1)
        return {AcquireStatus::Cancelled, {}};
    if (outcome == WAIT_TIMEOUT)
        return {policy.mode == WaitPolicy::Mode::NoWait ? AcquireStatus::Busy : AcquireStatus::TimedOut, {}};
    return {AcquireStatus::Error, problem(LockProblem::Kind::System, name, waitError, "wait for")};
}

LockOutcome OsLock::lock(const WaitPolicy &wait, CancelToken *cancel)
{
    return d->onOwner<LockOutcome>([this, &wait, cancel] { return d->wait(wait, cancel); });
}

bool OsLock::stillInPlace()
{
    return true; // a named object cannot be taken away from under its holders
}

std::optional<HolderRecord> OsLock::previousHolder()
{
    const HolderRecord previous =
        parseHolderRecord(win::readFile(win::widen(holderRecordPath(d->location)), kMaxHolderRecordSize));
    if (d->abandonedByOs) // the owner thread ended holding it; say what is known
        return previous.isValid() ? previous : unknownHolder();
    // A dead holder's record with a mutex that went away with it (we made it anew). Had the
    // mutex lived on, its abandonment went to someone else, who took it and let go cleanly in
    // between (a program that writes no record): the record says nothing of the last holder.
    if (d->createdNew && previous.isValid() && !isRecordedProcessAlive(previous))
        return previous;
    return std::nullopt;
}

LockProblem OsLock::publish(const HolderRecord &record)
{
    if (win::writeFileAtomically(win::widen(holderRecordPath(d->location)), serializeHolderRecord(record)))
        return {};
    return problem(LockProblem::Kind::RecordNotWritten, holderRecordPath(d->location), GetLastError());
}

void OsLock::unpublish()
{
    DeleteFileW(win::widen(holderRecordPath(d->location)).c_str());
}

void OsLock::unlock()
{
    d->onOwner<bool>([this] {
        // Fails only if this thread does not own it (never granted, or given back already);
        // closing the handle below is all that is left to do either way.
        const bool released = d->handle && ReleaseMutex(d->handle);
        d->closeHandle();
        return released;
    });
}

void OsLock::close()
{
    d->onOwner<bool>([this] {
        d->closeHandle();
        return true;
    });
}

LockOutcome OsLock::restore(const HolderRecord &)
{
    return {AcquireStatus::Acquired, {}}; // stillInPlace() is always true: nothing to restore
}

int OsLock::inheritableDescriptor() const
{
    return -1;
}

} // namespace detail

} // namespace devlatch::lock
