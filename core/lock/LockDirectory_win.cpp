#include "LockDirectory.h"
#include "WinStrings.h"

#include <cstdlib>
#include <windows.h>

namespace devlatch::lock {

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

LockDirectoryResult prepareLockDirectory(const std::string &path, Scope, bool create)
{
    const std::wstring wide = win::widen(path);
    const DWORD attributes = GetFileAttributesW(wide.c_str());
    if (attributes != INVALID_FILE_ATTRIBUTES) {
        if (!(attributes & FILE_ATTRIBUTE_DIRECTORY))
            return {path, "holder directory " + path + " exists but is not a directory; remove it or set " + kLockDirEnv};
        if (attributes & FILE_ATTRIBUTE_REPARSE_POINT)
            return {path, "holder directory " + path + " is a link; devlatch refuses it. Remove it or set " + kLockDirEnv};
        return {path, {}};
    }
    if (!create)
        return {path, {}};
    // Create every missing level, as CreateDirectoryW makes one at a time.
    for (size_t at = path.find_first_of("\\/", 3); ; at = path.find_first_of("\\/", at + 1)) {
        const std::string level = at == std::string::npos ? path : path.substr(0, at);
        if (!CreateDirectoryW(win::widen(level).c_str(), nullptr)) {
            const DWORD error = GetLastError();
            if (error != ERROR_ALREADY_EXISTS)
                return {path, "holder directory " + path + " is missing and cannot be created (" + level + ": "
                                  + win::systemMessage(error) + "); set " + kLockDirEnv + " to a writable directory"};
        }
        if (at == std::string::npos)
            break;
    }
    return {path, {}};
}

} // namespace devlatch::lock
