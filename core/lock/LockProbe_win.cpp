#include "LockProbe.h"

#include "DeviceLock.h"
#include "ProcessInfo.h"
#include "WinStrings.h"

#include <windows.h>

namespace devlatch::lock {

std::vector<OsHolder> osLocksOnFile(const std::string &)
{
    return {}; // Windows has no list of who locks a file
}

// Never waits on the mutex. A named mutex exists only while some process has a handle to it,
// so "no such mutex" means free; the holder file says who holds an existing one.
LockState probeLock(const LockLocation &location)
{
    LockState state;
    const std::string name = lockObjectName(location);
    const HolderRecord record =
        parseHolderRecord(win::readFile(win::widen(holderRecordPath(location)), kMaxHolderRecordSize));

    HANDLE handle = OpenMutexW(SYNCHRONIZE, FALSE, win::widen(name).c_str());
    const DWORD error = GetLastError();
    if (!handle) {
        if (error == ERROR_FILE_NOT_FOUND) {
            if (record.isValid())
                state.abandoned = record; // a record whose mutex is gone: its holder died
            return state;
        }
        if (error == ERROR_INVALID_HANDLE) {
            state.error = "the name " + name + " is taken by an object that is not a mutex";
            return state;
        }
        if (error != ERROR_ACCESS_DENIED) {
            state.error = "cannot look at mutex " + name + ": " + win::systemMessage(error);
            return state;
        }
        // Access denied: it exists, created by someone who does not let us open it.
    } else {
        CloseHandle(handle);
    }
    state.lockExists = true;
    state.held = true;
    if (record.isValid() && isRecordedProcessAlive(record)) {
        state.holder = record;
        state.osHolders.push_back({OsHolder::Kind::Mutex, record.pid, record.program, false});
        return state;
    }
    // The mutex exists but no live devlatch holder says it holds it: a program that is not
    // devlatch (PowerShell, a script) holds or has it open. Windows does not name it.
    if (record.isValid())
        state.abandoned = record;
    state.osHolders.push_back({OsHolder::Kind::Mutex, -1, {}, false});
    return state;
}

} // namespace devlatch::lock
