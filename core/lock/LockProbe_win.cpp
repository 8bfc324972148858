// SPDX-License-Identifier: MIT
// Who holds a Windows device lock, found without ever waiting on its mutex.
//
// A named mutex exists only while some process has a handle to it, so "no such mutex" means
// free. An existing one may be owned, or merely open (a PowerShell script that created it
// without owning it, a waiter between two claims): ntdll's NtQueryMutant tells the two apart
// without taking it, given MUTANT_QUERY_STATE access, the same bit as MUTEX_MODIFY_STATE that
// devlatch's security descriptor grants everyone. Where it cannot be asked, an existing mutex
// counts as held. The holder record file says which devlatch process holds it; where Windows
// names the owning process (MutantOwnerInformation), the record must name that one.

#include "LockProbe.h"

#include "DeviceLock.h"
#include "ProcessInfo.h"
#include "WinStrings_win.h"

#include <windows.h>

namespace devlatch::lock {

namespace {

enum class Ownership { Free, Owned, Unknown };

struct MutexState {
    Ownership ownership = Ownership::Unknown;
    bool abandoned = false; // its owner thread ended without releasing it
    long long ownerPid = -1; // the owning thread's process, where Windows says (-1: it does not)
};

// MUTANT_BASIC_INFORMATION (MutantBasicInformation = 0): CurrentCount is 1 when free and
// 0 or less while owned (a recursive owner drives it below 0).
struct MutantBasicInformation {
    LONG currentCount;
    BOOLEAN ownedByCaller;
    BOOLEAN abandonedState;
};
// MUTANT_OWNER_INFORMATION (MutantOwnerInformation = 2, newer Windows; Wine answers
// STATUS_NOT_IMPLEMENTED): the CLIENT_ID of the owning thread.
struct MutantOwnerInformation {
    HANDLE uniqueProcess;
    HANDLE uniqueThread;
};
using NtQueryMutantFunction = LONG(NTAPI *)(HANDLE, int, PVOID, ULONG, PULONG);

MutexState queryMutex(HANDLE mutex)
{
    static const auto query = reinterpret_cast<NtQueryMutantFunction>(
        reinterpret_cast<void *>(GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "NtQueryMutant")));
    MutexState state;
    MutantBasicInformation info {};
    ULONG length = 0;
    if (!query || query(mutex, 0, &info, sizeof info, &length) < 0) // NTSTATUS: negative = error
        return state;
    state.ownership = info.currentCount > 0 ? Ownership::Free : Ownership::Owned;
    state.abandoned = info.abandonedState;
    MutantOwnerInformation owner {};
    if (state.ownership == Ownership::Owned && query(mutex, 2, &owner, sizeof owner, &length) >= 0 && owner.uniqueProcess)
        state.ownerPid = static_cast<long long>(reinterpret_cast<ULONG_PTR>(owner.uniqueProcess));
    return state;
}

// What is known of a holder that left no record (it is not devlatch, or died before writing).
HolderRecord unknownHolder()
{
    HolderRecord record;
    record.pid = -1;
    return record;
}

} // namespace

struct LockReading::Private {};

LockReading::LockReading() : d(std::make_unique<Private>()) {}
LockReading::~LockReading() = default;

std::vector<OsHolder> LockReading::locksOnFile(const std::string &)
{
    return {}; // Windows has no list of who locks a file
}

LockState probeLock(const LockLocation &location)
{
    LockReading reading;
    return reading.read(location);
}

LockState LockReading::read(const LockLocation &location)
{
    LockState state;
    const std::string name = lockObjectName(location);
    const std::wstring wideName = win::widen(name);
    const HolderRecord record =
        parseHolderRecord(win::readFile(win::widen(holderRecordPath(location)), kMaxHolderRecordSize));

    // Only query access: neither SYNCHRONIZE nor a wait, so this handle can never own it.
    HANDLE handle = OpenMutexW(MUTEX_MODIFY_STATE, FALSE, wideName.c_str());
    DWORD error = handle ? ERROR_SUCCESS : GetLastError();
    if (!handle && error == ERROR_ACCESS_DENIED) {
        // A descriptor that is not devlatch's: see whether it exists at all.
        handle = OpenMutexW(SYNCHRONIZE, FALSE, wideName.c_str());
        error = handle ? ERROR_ACCESS_DENIED : GetLastError();
        if (handle)
            CloseHandle(handle);
        handle = nullptr;
    }
    MutexState mutex;
    if (handle) {
        mutex = queryMutex(handle);
        CloseHandle(handle);
    } else if (error == ERROR_FILE_NOT_FOUND) {
        if (record.isValid())
            state.abandoned = record; // a record whose mutex is gone: its holder died
        return state;
    } else if (error == ERROR_INVALID_HANDLE) {
        state.lockExists = true;
        state.problem.kind = LockProblem::Kind::NameTaken;
        state.problem.path = name;
        state.problem.systemError = int(error);
        return state;
    } else if (error != ERROR_ACCESS_DENIED) {
        state.error = "cannot look at mutex " + name + ": " + win::systemMessage(error);
        return state;
    } // access denied even to SYNCHRONIZE: it exists; whether it is owned stays unknown

    state.lockExists = true;
    if (mutex.ownership == Ownership::Free) {
        // Open but not owned: free. A record left there (or an abandoned state) means the last
        // holder ended without releasing; the next claim will be told so as well.
        if (record.isValid())
            state.abandoned = record;
        else if (mutex.abandoned)
            state.abandoned = unknownHolder();
        return state;
    }
    state.held = true;
    // Where Windows names the owner, a record is believed only if it names that process.
    const bool recordIsOwner = mutex.ownerPid < 0 || mutex.ownerPid == record.pid;
    if (record.isValid() && recordIsOwner && isRecordedProcessAlive(record)) {
        state.holder = record;
        state.holderVerified = record.startTicks != 0;
        state.osHolders.push_back({OsHolder::Kind::Mutex, record.pid, record.program, false, false});
        return state;
    }
    // Owned (or possibly owned) but no live devlatch holder says it holds it: a program that
    // is not devlatch (PowerShell, a script) holds it; named where Windows names the owner.
    // A record left there by a devlatch that ended is not the holder's, and not abandoned
    // either while the mutex is held.
    if (record.isValid())
        state.unbelievedRecord = record;
    state.osHolders.push_back({OsHolder::Kind::Mutex, mutex.ownerPid,
                               mutex.ownerPid > 0 ? programNameOfPid(mutex.ownerPid) : std::string(), false,
                               mutex.ownerPid > 0});
    return state;
}

} // namespace devlatch::lock
