// SPDX-License-Identifier: MIT
// Mutex names: Global\devlatch.<name> and Local\devlatch.<name> from the shared lock-name rule;
// hostile ids map to names CreateMutexW accepts; Global\ and Local\ are different objects; a
// name taken by an event, semaphore or file mapping is a clear error; the mutex carries the
// documented security descriptor.

#include "WinTestSupport.h"

#include "lock/DeviceLock.h"
#include "lock/LockDirectory.h"
#include "lock/LockName.h"
#include "lock/LockProbe.h"
#include "lock/ProcessInfo.h"

#include <windows.h>
#include <aclapi.h>
#include <sddl.h>

using namespace devlatch::lock;

static LockLocation locationFor(const std::string &id, Scope scope = Scope::Machine)
{
    return {lockDirectoryFor(scope).path, lockNameForId(id).name, scope};
}

static bool startsWith(const std::string &text, const std::string &prefix)
{
    return text.rfind(prefix, 0) == 0;
}

int main()
{
    wintest::section("the name of a location");
    {
        const LockLocation machine {"C:\\ProgramData\\devlatch\\holders", "bench-psu-0123456789abcdef", Scope::Machine};
        const LockLocation user {"C:\\Users\\a\\AppData\\Local\\devlatch\\holders", "bench-psu-0123456789abcdef", Scope::User};
        CHECK(lockObjectName(machine) == "Global\\devlatch.bench-psu-0123456789abcdef");
        CHECK(lockObjectName(user) == "Local\\devlatch.bench-psu-0123456789abcdef");
        CHECK(holderRecordPath(machine) == "C:\\ProgramData\\devlatch\\holders\\bench-psu-0123456789abcdef.holder");
        CHECK(DeviceLock(machine).osName() == lockObjectName(machine));
        // The same rule as on Linux: the name is the one lockNameForId gives, hash included.
        const LockNameResult name = lockNameForId("bench-psu");
        CHECK(name.ok());
        CHECK(lockObjectName(locationFor("bench-psu")) == "Global\\devlatch." + name.name);
    }

    wintest::section("hostile ids make valid mutex names, in both namespaces");
    {
        const std::string hostile[] = {"/",
                                       "\\",
                                       "..",
                                       ".",
                                       "Global\\evil\\name",
                                       "Local\\x",
                                       "a\x01\x02\x1b[31mb\r\n\t",
                                       std::string(10 * 1024, 'x'),
                                       std::string(10 * 1024, '\\'),
                                       std::string(5 * 1024, '/') + "..",
                                       "Probe-A",
                                       "probe-a",
                                       "CON",
                                       "NUL:",
                                       "a:b*c?d\"e<f>g|h",
                                       "Oszilloskop \xc3\xbc"};
        for (const std::string &id : hostile) {
            const LockNameResult name = lockNameForId(id);
            CHECK_MSG(name.ok(), name.error);
            CHECK(name.name.size() <= kMaxLockNameLength);
            for (Scope scope : {Scope::Machine, Scope::User}) {
                const std::string mutexName = lockObjectName(locationFor(id, scope));
                CHECK_MSG(startsWith(mutexName, scope == Scope::Machine ? "Global\\devlatch." : "Local\\devlatch."), mutexName);
                CHECK_MSG(mutexName.find('\\') == mutexName.find("\\devlatch."), mutexName); // one backslash
                CHECK(mutexName.size() < MAX_PATH);
                HANDLE handle = CreateMutexW(nullptr, FALSE, wintest::wide(mutexName).c_str());
                CHECK_MSG(handle != nullptr, mutexName + " error " + std::to_string(GetLastError()));
                if (handle)
                    CloseHandle(handle);
            }
            DeviceLock deviceLock(locationFor(id));
            const AcquireResult result = deviceLock.acquire(currentProcessRecord(id, "tst_win_names", ""));
            CHECK_MSG(result.acquired(), wintest::facts(result));
        }
        // Case twins get different names (the hash covers the exact bytes), so they never
        // depend on whether the object namespace compares case-sensitively.
        CHECK(lockObjectName(locationFor("Probe-A")) != lockObjectName(locationFor("probe-a")));
        DeviceLock upper(locationFor("Probe-A"));
        DeviceLock lower(locationFor("probe-a"));
        CHECK(upper.acquire(currentProcessRecord("Probe-A", "test", "")).acquired());
        CHECK(lower.acquire(currentProcessRecord("probe-a", "test", "")).acquired());
    }

    wintest::section("ids the rule refuses get no name at all");
    {
        CHECK(!lockNameForId("").ok());
        CHECK(!lockNameForId(std::string("a\0b", 3)).ok());
        CHECK(!lockNameForId("\xff\xfe").ok());
        CHECK(!lockNameForId(std::string(kMaxIdLength + 1, 'x')).ok());
    }

    wintest::section("a name the rule cannot make (a backslash after the prefix) is a clear error");
    {
        // lockNameForId never returns one; a hand-made location shows what the check catches.
        const LockLocation bad {lockDirectoryFor(Scope::Machine).path, "a\\b", Scope::Machine};
        DeviceLock deviceLock(bad);
        const AcquireResult result = deviceLock.acquire(currentProcessRecord("bad", "test", ""));
        CHECK(result.status == AcquireStatus::Error);
        CHECK_MSG(result.problem.systemError == ERROR_PATH_NOT_FOUND, wintest::facts(result));
        CHECK_MSG(result.problem.kind == LockProblem::Kind::InvalidName, wintest::facts(result));
        CHECK(!deviceLock.isHeld());
    }

    wintest::section("Global\\ and Local\\ are different objects");
    {
        DeviceLock machine(locationFor("scope-1", Scope::Machine));
        DeviceLock user(locationFor("scope-1", Scope::User));
        CHECK(startsWith(machine.osName(), "Global\\devlatch.scope-1-"));
        CHECK(startsWith(user.osName(), "Local\\devlatch.scope-1-"));
        CHECK(machine.acquire(currentProcessRecord("scope-1", "test", "")).acquired());
        // Another owner thread would see Busy if both names were one object.
        const AcquireResult second = user.acquire(currentProcessRecord("scope-1", "test", ""));
        CHECK_MSG(second.acquired(), wintest::facts(second));
        const LockState machineState = probeLock(machine.location());
        const LockState userState = probeLock(user.location());
        CHECK(machineState.held && machineState.holder);
        CHECK(userState.held && userState.holder);
        machine.release();
        CHECK(!probeLock(machine.location()).held);
        CHECK(probeLock(user.location()).held);
    }

    wintest::section("a name taken by an event, semaphore or file mapping is a clear error");
    {
        struct Squatter {
            const char *kind;
            HANDLE (*create)(const std::wstring &);
        };
        const Squatter squatters[] = {
            {"event", [](const std::wstring &n) { return CreateEventW(nullptr, TRUE, FALSE, n.c_str()); }},
            {"semaphore", [](const std::wstring &n) { return CreateSemaphoreW(nullptr, 1, 1, n.c_str()); }},
            {"file mapping",
             [](const std::wstring &n) { return CreateFileMappingW(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, n.c_str()); }},
        };
        for (const Squatter &squatter : squatters) {
            const std::string id = std::string("squatted by ") + squatter.kind;
            const LockLocation location = locationFor(id);
            HANDLE object = squatter.create(wintest::wide(lockObjectName(location)));
            CHECK_MSG(object != nullptr, squatter.kind);
            DeviceLock deviceLock(location);
            const AcquireResult result = deviceLock.acquire(currentProcessRecord(id, "test", ""), WaitPolicy::forever());
            CHECK(result.status == AcquireStatus::Error);
            CHECK_MSG(result.problem.kind == LockProblem::Kind::NameTaken, wintest::facts(result));
            CHECK_MSG(result.problem.path == lockObjectName(location), wintest::facts(result));
            CHECK(result.problem.systemError == ERROR_INVALID_HANDLE);
            CHECK(!deviceLock.isHeld());
            const LockState state = probeLock(location);
            CHECK_MSG(state.problem.kind == LockProblem::Kind::NameTaken, wintest::facts(state.problem));
            CloseHandle(object);
            // Once the squatter is gone the name is usable again.
            CHECK(deviceLock.acquire(currentProcessRecord(id, "test", "")).acquired());
        }
    }

    wintest::section("the mutex carries devlatch's security descriptor");
    {
        DeviceLock deviceLock(locationFor("security"));
        CHECK(deviceLock.acquire(currentProcessRecord("security", "test", "")).acquired());
        HANDLE mutex = OpenMutexW(READ_CONTROL, FALSE, wintest::wide(deviceLock.osName()).c_str());
        CHECK(mutex != nullptr);
        PSECURITY_DESCRIPTOR descriptor = nullptr;
        PACL dacl = nullptr;
        const DWORD error = mutex ? GetSecurityInfo(mutex, SE_KERNEL_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr,
                                                    &dacl, nullptr, &descriptor)
                                  : ERROR_INVALID_HANDLE;
        CHECK_MSG(error == ERROR_SUCCESS, std::to_string(error));
        wchar_t *sddl = nullptr;
        std::string text;
        if (descriptor && ConvertSecurityDescriptorToStringSecurityDescriptorW(descriptor, SDDL_REVISION_1,
                                                                               DACL_SECURITY_INFORMATION, &sddl, nullptr)) {
            for (const wchar_t *p = sddl; *p; ++p)
                text += char(*p);
            LocalFree(sddl);
        }
        wintest::note("DACL: " + text);
        // Everyone: SYNCHRONIZE | MUTEX_MODIFY_STATE only, so no WRITE_DAC / WRITE_OWNER.
        CHECK_MSG(text.find("(A;;0x100001;;;WD)") != std::string::npos, text);
        CHECK_MSG(text.find(";;;OW)") != std::string::npos, text);
        if (descriptor)
            LocalFree(descriptor);
        if (mutex)
            CloseHandle(mutex);
    }
    return wintest::finish();
}
