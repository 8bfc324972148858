// Windows lock: the named kernel mutex Global\devlatch.<name> (Local\ for the user scope).
//
// A mutex belongs to the thread that acquired it, so each DeviceLock has one owner thread
// that creates, waits for, releases and closes its mutex; the public API hands work to it
// and stays callable from any thread. Waiting is WaitForMultipleObjects on the mutex and a
// cancel event, with the timeout in the same call: no polling. WAIT_ABANDONED means the
// previous holder died holding it: the claim is granted and reported as such.
//
// A mutex carries no data, so the holder record is a file <directory>\<name>.holder written
// after acquiring and deleted before releasing.

#include "CancelToken.h"
#include "DeviceLock.h"
#include "LockDirectory.h"
#include "ProcessInfo.h"
#include "WinStrings.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <map>
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

namespace {

// Which mutex names this process holds or waits for. A Windows mutex is recursive for its
// owner thread and each DeviceLock has its own thread, so without this a second claim would
// either wait for itself or, on one thread, succeed twice.
class ProcessClaims {
public:
    static ProcessClaims &instance()
    {
        static ProcessClaims claims;
        return claims;
    }
    // Empty when entered; otherwise why not.
    std::string enter(const std::string &name)
    {
        std::lock_guard lock(m_mutex);
        const auto [it, inserted] = m_claims.emplace(name, false);
        if (inserted)
            return {};
        return it->second ? "already held by this process" : "this process is already waiting for it";
    }
    void markHeld(const std::string &name)
    {
        std::lock_guard lock(m_mutex);
        m_claims[name] = true;
    }
    void leave(const std::string &name)
    {
        std::lock_guard lock(m_mutex);
        m_claims.erase(name);
    }

private:
    std::mutex m_mutex;
    std::map<std::string, bool> m_claims;
};

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

AcquireResult failure(std::string message, DWORD error = 0)
{
    AcquireResult result;
    result.status = AcquireStatus::Error;
    result.message = std::move(message);
    result.systemError = int(error);
    return result;
}

} // namespace

class DeviceLock::Private {
public:
    explicit Private(LockLocation where) : location(std::move(where)), name(lockObjectName(location))
    {
        owner = std::thread([this] { run(); });
    }
    ~Private()
    {
        {
            std::lock_guard lock(mutex);
            stopping = true;
        }
        changed.notify_all();
        owner.join();
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

    AcquireResult acquireOnOwner(const HolderRecord &holder, WaitPolicy wait, CancelToken *cancel);
    void releaseOnOwner();

    LockLocation location;
    std::string name;
    HANDLE handle = nullptr; // owner thread only
    std::atomic<bool> held{false};
    std::atomic<bool> busy{false};

private:
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
        releaseOnOwner(); // a mutex must be released by the thread that owns it
    }

    std::thread owner;
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::function<void()>> tasks;
    bool stopping = false;
};

AcquireResult DeviceLock::Private::acquireOnOwner(const HolderRecord &holder, WaitPolicy wait, CancelToken *cancel)
{
    const LockDirectoryResult directory = prepareLockDirectory(location.directory, location.scope, true);
    if (!directory.ok())
        return failure(directory.error);

    DWORD descriptorError = 0;
    SECURITY_ATTRIBUTES attributes {};
    attributes.nLength = sizeof attributes;
    attributes.bInheritHandle = FALSE; // a child process must not keep the mutex object alive
    attributes.lpSecurityDescriptor = mutexSecurityDescriptor(descriptorError);
    if (!attributes.lpSecurityDescriptor)
        return failure("cannot build the security descriptor for mutex " + name + ": "
                           + win::systemMessage(descriptorError),
                       descriptorError);
    const std::wstring wideName = win::widen(name);
    // Never initial ownership: whether we got it is what the wait below says.
    HANDLE mutexHandle = CreateMutexW(&attributes, FALSE, wideName.c_str());
    const DWORD createError = GetLastError(); // read at once: anything else may overwrite it
    if (!mutexHandle) {
        switch (createError) {
        case ERROR_ACCESS_DENIED:
            // Created by another user with a DACL that lets us wait and release, not create.
            mutexHandle = OpenMutexW(SYNCHRONIZE | MUTEX_MODIFY_STATE, FALSE, wideName.c_str());
            if (!mutexHandle) {
                const DWORD openError = GetLastError();
                return failure("mutex " + name + " exists but this user may not use it: " + win::systemMessage(openError)
                                   + "; another program created it with a restrictive security descriptor",
                               openError);
            }
            break;
        case ERROR_INVALID_HANDLE:
            return failure("the name " + name + " is taken by an object that is not a mutex (an event, semaphore, "
                           "waitable timer or file mapping); another program is squatting the device's lock name",
                           createError);
        case ERROR_PATH_NOT_FOUND:
        case ERROR_INVALID_NAME:
        case ERROR_BAD_PATHNAME:
        case ERROR_FILENAME_EXCED_RANGE:
            return failure("the mutex name " + name + " is not valid: " + win::systemMessage(createError)
                               + "; nothing after Global\\ or Local\\ may contain a backslash and the whole name "
                                 "must stay under MAX_PATH (lock names from lockNameForId always do)",
                           createError);
        default:
            return failure("cannot create mutex " + name + ": " + win::systemMessage(createError), createError);
        }
    }

    // The cancel event is the second handle: when both are signalled, WaitForMultipleObjects
    // reports the lowest index, so a free mutex wins over a cancel that came too late.
    // CancelToken::cancel() runs a copy of the waker outside its lock, possibly after
    // removeWaker() below: the waker shares ownership of the event, so it can never signal a
    // closed handle (or a reused one that belongs to another wait).
    HANDLE rawEvent = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    if (!rawEvent) {
        const DWORD eventError = GetLastError();
        CloseHandle(mutexHandle);
        return failure("cannot create the cancel event for mutex " + name + ": " + win::systemMessage(eventError),
                       eventError);
    }
    const std::shared_ptr<void> cancelEvent(rawEvent, CloseHandle);
    int wakerHandle = 0;
    if (cancel)
        wakerHandle = cancel->addWaker([cancelEvent] { SetEvent(cancelEvent.get()); });
    const HANDLE handles[2] = {mutexHandle, rawEvent};
    const DWORD outcome = WaitForMultipleObjects(2, handles, FALSE, timeoutOf(wait));
    const DWORD waitError = GetLastError();
    if (cancel)
        cancel->removeWaker(wakerHandle);

    AcquireResult result;
    if (outcome == WAIT_OBJECT_0 || outcome == WAIT_ABANDONED_0) {
        result.status = AcquireStatus::Acquired;
        const std::wstring recordPath = win::widen(holderRecordPath(location));
        HolderRecord previous = parseHolderRecord(win::readFile(recordPath, kMaxHolderRecordSize));
        if (outcome == WAIT_ABANDONED_0) {
            // The owner thread ended holding it. Without a record (a program that is not
            // devlatch, or a devlatch that died before writing one) say what is known.
            if (!previous.isValid()) {
                previous = HolderRecord {};
                previous.id = holder.id;
                previous.pid = -1;
                previous.program = "unknown program (no holder record)";
            }
            result.abandoned = previous;
        } else if (previous.isValid() && !isRecordedProcessAlive(previous)) {
            result.abandoned = previous; // its holder ended and the mutex went away with it
        }
        if (!win::writeFileAtomically(recordPath, serializeHolderRecord(holder))) {
            const DWORD writeError = GetLastError();
            ReleaseMutex(mutexHandle);
            CloseHandle(mutexHandle);
            return failure("cannot write the holder record " + holderRecordPath(location) + ": "
                               + win::systemMessage(writeError) + "; the lock was not kept",
                           writeError);
        }
        handle = mutexHandle;
        return result;
    }
    CloseHandle(mutexHandle);
    if (outcome == WAIT_OBJECT_0 + 1) {
        result.status = AcquireStatus::Cancelled;
    } else if (outcome == WAIT_TIMEOUT) {
        result.status = wait.mode == WaitPolicy::Mode::NoWait ? AcquireStatus::Busy : AcquireStatus::TimedOut;
    } else {
        return failure("waiting for mutex " + name + " failed: " + win::systemMessage(waitError), waitError);
    }
    return result;
}

void DeviceLock::Private::releaseOnOwner()
{
    if (!handle)
        return;
    DeleteFileW(win::widen(holderRecordPath(location)).c_str()); // the record goes first
    ReleaseMutex(handle);
    CloseHandle(handle);
    handle = nullptr;
}

DeviceLock::DeviceLock(LockLocation location) : d(std::make_unique<Private>(std::move(location))) {}

DeviceLock::~DeviceLock()
{
    release();
}

const LockLocation &DeviceLock::location() const
{
    return d->location;
}

std::string DeviceLock::osName() const
{
    return d->name;
}

bool DeviceLock::isHeld() const
{
    return d->held;
}

AcquireResult DeviceLock::acquire(const HolderRecord &holder, WaitPolicy wait, CancelToken *cancel)
{
    if (d->held || d->busy.exchange(true))
        return {AcquireStatus::AlreadyHeld, d->held ? "already held by this process" : "this process is already waiting for it",
                0, std::nullopt};
    struct Done {
        Private *p;
        ~Done() { p->busy = false; }
    } done{d.get()};
    if (const std::string why = ProcessClaims::instance().enter(d->name); !why.empty())
        return {AcquireStatus::AlreadyHeld, why, 0, std::nullopt};
    if (cancel && cancel->isCancelled() && wait.mode != WaitPolicy::Mode::NoWait) {
        ProcessClaims::instance().leave(d->name);
        return {AcquireStatus::Cancelled, {}, 0, std::nullopt};
    }
    const AcquireResult result =
        d->onOwner<AcquireResult>([this, &holder, wait, cancel] { return d->acquireOnOwner(holder, wait, cancel); });
    if (result.acquired()) {
        d->held = true;
        ProcessClaims::instance().markHeld(d->name);
    } else {
        ProcessClaims::instance().leave(d->name);
    }
    return result;
}

bool DeviceLock::updateRecord(const HolderRecord &holder)
{
    if (!d->held)
        return false;
    return d->onOwner<bool>([this, &holder] {
        return win::writeFileAtomically(win::widen(holderRecordPath(d->location)), serializeHolderRecord(holder));
    });
}

void DeviceLock::release()
{
    if (!d->held)
        return;
    d->onOwner<bool>([this] {
        d->releaseOnOwner();
        return true;
    });
    d->held = false;
    ProcessClaims::instance().leave(d->name);
}

} // namespace devlatch::lock
