// Where Windows keeps holder records: %ProgramData%\devlatch\holders for the machine scope,
// %LOCALAPPDATA%\devlatch\holders for the session scope; DEVLATCH_LOCK_DIR overrides both.

#include "LockDirectory.h"
#include "WinStrings.h"

#include <cstdlib>
#include <sddl.h>
#include <windows.h>

namespace devlatch::lock {

namespace {

// A machine-wide holder directory is shared by every user, like /run/lock/devlatch on Linux:
// any signed-in user may create, replace and delete records in it (Modify, inherited by the
// files), so user B can replace the record that user A's crashed claim left behind. The
// default ACL of %ProgramData% would let B create files but not replace A's.
constexpr wchar_t kMachineDirectorySddl[] = L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x001301bf;;;AU)";

std::string existsAs(DWORD attributes, const std::string &path)
{
    if (!(attributes & FILE_ATTRIBUTE_DIRECTORY))
        return "holder directory " + path + " exists but is not a directory; remove it or set " + kLockDirEnv;
    if (attributes & FILE_ATTRIBUTE_REPARSE_POINT)
        return "holder directory " + path + " is a link or junction; devlatch refuses it. Remove it or set "
               + kLockDirEnv;
    return {};
}

// Where the first level that may need creating starts: after "C:\", "\\server\share\" or
// "\\?\C:\"; 0 for a relative path.
size_t firstCreatableLevel(const std::string &path)
{
    auto isSeparator = [](char c) { return c == '\\' || c == '/'; };
    if (path.size() >= 2 && path[1] == ':')
        return path.size() > 2 && isSeparator(path[2]) ? 3 : 2;
    if (path.size() >= 2 && isSeparator(path[0]) && isSeparator(path[1])) {
        size_t at = 2;
        if (path.compare(0, 4, "\\\\?\\") == 0 || path.compare(0, 4, "\\\\.\\") == 0)
            at = 4; // \\?\C:\... or \\?\UNC\server\share\...
        for (int parts = 0; parts < 2 && at < path.size(); ++parts) {
            const size_t next = path.find_first_of("\\/", at);
            at = next == std::string::npos ? path.size() : next + 1;
        }
        return at;
    }
    return isSeparator(path[0]) ? 1 : 0;
}

} // namespace

LockDirectoryResult lockDirectoryFor(Scope scope)
{
    if (const char *overridden = std::getenv(kLockDirEnv); overridden && *overridden)
        return {overridden, {}};
    const char *variable = scope == Scope::Machine ? "ProgramData" : "LOCALAPPDATA";
    const char *root = std::getenv(variable);
    if (!root || !*root)
        return {{}, std::string("%") + variable + "% is not set; set " + kLockDirEnv + " to a directory for holder records"};
    return {std::string(root) + "\\devlatch\\holders", {}};
}

LockDirectoryResult prepareLockDirectory(const std::string &path, Scope scope, bool create)
{
    if (path.empty())
        return {path, std::string("no holder directory; set ") + kLockDirEnv + " to a directory for holder records"};
    const DWORD attributes = GetFileAttributesW(win::widen(path).c_str());
    if (attributes != INVALID_FILE_ATTRIBUTES)
        return {path, existsAs(attributes, path)};
    if (!create)
        return {path, {}};

    PSECURITY_DESCRIPTOR descriptor = nullptr;
    if (scope == Scope::Machine
        && !ConvertStringSecurityDescriptorToSecurityDescriptorW(kMachineDirectorySddl, SDDL_REVISION_1, &descriptor, nullptr)) {
        const DWORD error = GetLastError();
        return {path, "cannot build the security descriptor for holder directory " + path + ": " + win::systemMessage(error)};
    }
    SECURITY_ATTRIBUTES security {sizeof(SECURITY_ATTRIBUTES), descriptor, FALSE};

    // CreateDirectoryW makes one level at a time: walk down, creating what is missing. Levels
    // that exist may refuse creation with other errors (a drive root, a share): only a level
    // that is still missing afterwards is an error.
    std::string error;
    for (size_t at = path.find_first_of("\\/", firstCreatableLevel(path));; at = path.find_first_of("\\/", at + 1)) {
        const std::string level = at == std::string::npos ? path : path.substr(0, at);
        const bool last = at == std::string::npos;
        if (!level.empty() && level.back() != ':' && !CreateDirectoryW(win::widen(level).c_str(), descriptor ? &security : nullptr)) {
            const DWORD createError = GetLastError();
            const DWORD existing = GetFileAttributesW(win::widen(level).c_str());
            if (existing == INVALID_FILE_ATTRIBUTES) {
                error = "holder directory " + path + " is missing and cannot be created (" + level + ": "
                        + win::systemMessage(createError) + "); set " + kLockDirEnv + " to a writable directory";
                break;
            }
            if (last)
                error = existsAs(existing, path); // created meanwhile by someone else
        }
        if (last)
            break;
    }
    if (descriptor)
        LocalFree(descriptor);
    return {path, error};
}

} // namespace devlatch::lock
