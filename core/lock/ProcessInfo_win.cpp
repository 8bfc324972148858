// SPDX-License-Identifier: MIT
#include "ProcessInfo.h"
#include "WinStrings_win.h"

#include <ctime>
#include <windows.h>

namespace devlatch::lock {

namespace {

// Creation time (FILETIME, 100 ns since 1601) tells a reused pid apart, as start ticks do on Linux.
std::uint64_t creationTimeOf(HANDLE process)
{
    FILETIME created {}, exited {}, kernel {}, user {};
    if (!GetProcessTimes(process, &created, &exited, &kernel, &user))
        return 0;
    return (std::uint64_t(created.dwHighDateTime) << 32) | created.dwLowDateTime;
}

std::string baseNameWithoutExe(const std::wstring &path)
{
    std::wstring name = path.substr(path.find_last_of(L"\\/") + 1);
    if (name.size() > 4 && _wcsicmp(name.c_str() + name.size() - 4, L".exe") == 0)
        name.resize(name.size() - 4);
    return win::narrow(name);
}

} // namespace

std::string currentProgramName()
{
    wchar_t path[MAX_PATH] = {};
    GetModuleFileNameW(nullptr, path, MAX_PATH);
    return baseNameWithoutExe(path);
}

std::string programNameOfPid(long long pid)
{
    if (pid <= 0)
        return {};
    HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, DWORD(pid));
    if (!process)
        return {};
    wchar_t path[MAX_PATH] = {};
    DWORD size = MAX_PATH;
    std::string name;
    if (QueryFullProcessImageNameW(process, 0, path, &size))
        name = baseNameWithoutExe(std::wstring(path, size));
    CloseHandle(process);
    return name;
}

HolderRecord processIdentity()
{
    HolderRecord record;
    record.pid = GetCurrentProcessId();
    record.startTicks = creationTimeOf(GetCurrentProcess()); // FILETIME of creation, not ticks
    // bootId stays empty: the creation time (100 ns resolution, wall clock) already tells a
    // reused pid apart, across reboots too. uid stays -1: Windows users are SIDs.
    wchar_t user[257] = {}; // UNLEN + 1
    DWORD userSize = 257;
    if (GetUserNameW(user, &userSize))
        record.user = win::narrow(user);
    wchar_t host[MAX_COMPUTERNAME_LENGTH + 1] = {};
    DWORD hostSize = MAX_COMPUTERNAME_LENGTH + 1;
    if (GetComputerNameW(host, &hostSize))
        record.host = win::narrow(host);
    record.program = currentProgramName();
    return record;
}

std::string currentUtcTimestamp()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_s(&utc, &now);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

std::optional<ProcessFacts> processFacts(long long pid)
{
    if (pid <= 0 || pid > 0xffffffffLL)
        return std::nullopt;
    HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, DWORD(pid));
    if (!process)
        return std::nullopt;
    DWORD code = 0;
    std::optional<ProcessFacts> facts;
    if (GetExitCodeProcess(process, &code) && code == STILL_ACTIVE) {
        facts = ProcessFacts{};
        facts->startTicks = creationTimeOf(process);
        facts->nsPids = {pid};
        facts->program = programNameOfPid(pid);
    }
    CloseHandle(process);
    return facts;
}

std::string userNameOfUid(long long)
{
    return {}; // Windows users are SIDs; a mutex's holder cannot be asked for one
}

bool isRecordedProcessAlive(const HolderRecord &record)
{
    if (record.pid <= 0 || record.pid > 0xffffffffLL)
        return false;
    HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, DWORD(record.pid));
    if (!process) {
        // ERROR_INVALID_PARAMETER: no such process. ERROR_ACCESS_DENIED: the pid is in use by
        // a process we may not look at (another user's, a protected one), so its creation time
        // cannot be compared: count it as alive rather than call a live holder dead.
        return GetLastError() == ERROR_ACCESS_DENIED;
    }
    DWORD code = 0;
    // A process that ended but whose handles are still open keeps its pid: not running.
    const bool running = GetExitCodeProcess(process, &code) && code == STILL_ACTIVE;
    const bool same = record.startTicks == 0 || creationTimeOf(process) == record.startTicks;
    CloseHandle(process);
    return running && same;
}

} // namespace devlatch::lock
