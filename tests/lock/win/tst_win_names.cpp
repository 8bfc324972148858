// Hostile ids map to mutex names Windows accepts, Global\ and Local\ are different objects,
// and a name taken by an event gives a clear error.

#include "WinTestSupport.h"

#include "lock/DeviceLock.h"
#include "lock/LockDirectory.h"
#include "lock/LockName.h"
#include "lock/ProcessInfo.h"

#include <windows.h>

using namespace devlatch::lock;

static LockLocation locationFor(const std::string &id, Scope scope = Scope::Machine)
{
    return {lockDirectoryFor(scope).path, lockNameForId(id).name, scope};
}

int main()
{
    wintest::section("hostile ids make valid mutex names");
    const std::string hostile[] = {"/", "\\", "..", "Global\\evil\\name", "a\x01\x02\x1b[31mb", std::string(10 * 1024, 'x'),
                                   std::string(10 * 1024, '\\'), "Probe-A", "probe-a", "Oszilloskop \xc3\xbc"};
    for (const std::string &id : hostile) {
        const LockNameResult name = lockNameForId(id);
        CHECK(name.ok());
        const std::string mutexName = lockObjectName(locationFor(id));
        CHECK(mutexName.rfind("Global\\devlatch.", 0) == 0);
        CHECK(mutexName.find('\\', 7) == std::string::npos); // no backslash after the prefix
        CHECK(mutexName.size() < MAX_PATH);
        HANDLE handle = CreateMutexW(nullptr, FALSE, std::wstring(mutexName.begin(), mutexName.end()).c_str());
        CHECK_MSG(handle != nullptr, mutexName);
        if (handle)
            CloseHandle(handle);
    }
    CHECK(lockObjectName(locationFor("Probe-A")) != lockObjectName(locationFor("probe-a")));

    wintest::section("Global\\ and Local\\ are different objects");
    {
        DeviceLock machine(locationFor("scope-1", Scope::Machine));
        DeviceLock user(locationFor("scope-1", Scope::User));
        CHECK(machine.osName().rfind("Global\\devlatch.scope-1-", 0) == 0);
        CHECK(user.osName().rfind("Local\\devlatch.scope-1-", 0) == 0);
        CHECK(machine.acquire(currentProcessRecord("scope-1", "test", "")).acquired());
        CHECK(user.acquire(currentProcessRecord("scope-1", "test", "")).acquired());
    }

    wintest::section("a name taken by an event is a clear error");
    {
        const LockLocation location = locationFor("squatted");
        const std::string name = lockObjectName(location);
        HANDLE event = CreateEventW(nullptr, TRUE, FALSE, std::wstring(name.begin(), name.end()).c_str());
        CHECK(event != nullptr);
        DeviceLock deviceLock(location);
        const AcquireResult result = deviceLock.acquire(currentProcessRecord("squatted", "test", ""));
        CHECK(result.status == AcquireStatus::Error);
        CHECK_MSG(result.message.find("not a mutex") != std::string::npos, result.message);
        CHECK(result.systemError == ERROR_INVALID_HANDLE);
        CHECK(!deviceLock.isHeld());
        CloseHandle(event);
    }
    return wintest::finish();
}
