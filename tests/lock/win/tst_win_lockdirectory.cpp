// SPDX-License-Identifier: MIT
// The holder directory: %ProgramData% / %LOCALAPPDATA% by scope, DEVLATCH_LOCK_DIR overrides
// both, every missing level is created, a file in its place is a clear error, and a claim
// through the override writes its record there.

#include "WinTestSupport.h"

#include "lock/DeviceLock.h"
#include "lock/LockDirectory.h"
#include "lock/LockName.h"
#include "lock/ProcessInfo.h"

#include <windows.h>
#include <aclapi.h>
#include <sddl.h>

#include <cstdlib>
#include <fstream>

using namespace devlatch::lock;

static bool isDirectory(const std::string &path)
{
    const DWORD attributes = GetFileAttributesA(path.c_str());
    return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY);
}

static std::string environment(const char *name)
{
    const char *value = std::getenv(name);
    return value ? value : "";
}

int main()
{
    wintest::section("default directories by scope");
    _putenv_s(kLockDirEnv, "");
    const LockDirectoryResult machine = lockDirectoryFor(Scope::Machine);
    const LockDirectoryResult user = lockDirectoryFor(Scope::User);
    CHECK_MSG(machine.ok(), wintest::facts(machine.problem));
    CHECK_MSG(user.ok(), wintest::facts(user.problem));
    CHECK_MSG(machine.path == environment("ProgramData") + "\\devlatch\\holders", machine.path);
    CHECK_MSG(user.path == environment("LOCALAPPDATA") + "\\devlatch\\holders", user.path);
    CHECK(machine.path != user.path);

    wintest::section("DEVLATCH_LOCK_DIR overrides both");
    char temp[MAX_PATH] = {};
    GetTempPathA(MAX_PATH, temp);
    LARGE_INTEGER now {};
    QueryPerformanceCounter(&now); // pids are reused between runs in one prefix; this is not
    const std::string base = std::string(temp) + "devlatch-lockdir-" + std::to_string(GetCurrentProcessId()) + "-"
                             + std::to_string(now.QuadPart);
    const std::string nested = base + "\\a\\b/c";
    _putenv_s(kLockDirEnv, nested.c_str());
    CHECK(lockDirectoryFor(Scope::Machine).path == nested);
    CHECK(lockDirectoryFor(Scope::User).path == nested);

    wintest::section("prepareLockDirectory creates every missing level");
    CHECK(!isDirectory(nested));
    const LockDirectoryResult notCreated = prepareLockDirectory(nested, Scope::Machine, false);
    CHECK(notCreated.ok());
    CHECK(!isDirectory(nested));
    const LockDirectoryResult created = prepareLockDirectory(nested, Scope::Machine, true);
    CHECK_MSG(created.ok(), wintest::facts(created.problem));
    CHECK(isDirectory(nested));
    CHECK(prepareLockDirectory(nested, Scope::Machine, true).ok()); // again: nothing to do

    wintest::section("a machine-wide directory lets every user replace records");
    {
        PSECURITY_DESCRIPTOR descriptor = nullptr;
        PACL dacl = nullptr;
        const DWORD error = GetNamedSecurityInfoA(nested.c_str(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr,
                                                  nullptr, &dacl, nullptr, &descriptor);
        wchar_t *sddl = nullptr;
        std::string text;
        if (error == ERROR_SUCCESS
            && ConvertSecurityDescriptorToStringSecurityDescriptorW(descriptor, SDDL_REVISION_1, DACL_SECURITY_INFORMATION,
                                                                    &sddl, nullptr)) {
            for (const wchar_t *p = sddl; *p; ++p)
                text += char(*p);
            LocalFree(sddl);
        }
        if (descriptor)
            LocalFree(descriptor);
        wintest::note("DACL: " + text);
        // Wine accepts the descriptor but reports a synthetic DACL for every file.
        CHECK_ON_WINDOWS(text.find("(A;OICI;0x1301bf;;;AU)") != std::string::npos, text);
        CHECK_ON_WINDOWS(text.rfind("D:P", 0) == 0, text); // not ProgramData's inherited ACEs
    }

    wintest::section("a claim writes its record there");
    {
        const LockLocation location {lockDirectoryFor(Scope::Machine).path, lockNameForId("dir-test").name, Scope::Machine};
        DeviceLock deviceLock(location);
        CHECK(deviceLock.acquire(currentProcessRecord("dir-test", "test", "")).acquired());
        CHECK(GetFileAttributesA(holderRecordPath(location).c_str()) != INVALID_FILE_ATTRIBUTES);
        CHECK_MSG(holderRecordPath(location).rfind(nested + "\\", 0) == 0, holderRecordPath(location));
    }

    wintest::section("a file where the directory should be is a clear error");
    {
        const std::string file = base + "\\not-a-directory";
        std::ofstream(file) << "x";
        const LockDirectoryResult result = prepareLockDirectory(file, Scope::User, true);
        CHECK(!result.ok());
        CHECK_MSG(result.problem.kind == LockProblem::Kind::DirectoryNotADirectory, wintest::facts(result.problem));
        const LockDirectoryResult below = prepareLockDirectory(file + "\\holders", Scope::User, true);
        CHECK(!below.ok());
        CHECK_MSG(below.problem.kind == LockProblem::Kind::DirectoryMissing, wintest::facts(below.problem));

        const LockLocation location {file + "\\holders", lockNameForId("dir-test-2").name, Scope::User};
        DeviceLock deviceLock(location);
        const AcquireResult claim = deviceLock.acquire(currentProcessRecord("dir-test-2", "test", ""));
        CHECK(claim.status == AcquireStatus::Error);
        CHECK_MSG(claim.problem.kind == LockProblem::Kind::DirectoryMissing, wintest::facts(claim));
        CHECK(!deviceLock.isHeld());
        CHECK(!prepareLockDirectory("", Scope::User, true).ok());
        DeleteFileA(file.c_str());
    }
    // Leave nothing behind (the record went with the release).
    for (const std::string &level : {nested, base + "\\a\\b", base + "\\a", base})
        RemoveDirectoryA(level.c_str());
    CHECK(!isDirectory(base));
    return wintest::finish();
}
