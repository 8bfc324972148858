// SPDX-License-Identifier: MIT
// Where Windows keeps holder records: %ProgramData%\devlatch\holders for the machine scope,
// %LOCALAPPDATA%\devlatch\holders for the session scope; DEVLATCH_LOCK_DIR overrides both.

#include "LockDirectory.h"
#include "WinStrings_win.h"

#include <cstdlib>
#include <string_view>
#include <sddl.h>
#include <windows.h>

namespace devlatch::lock {

namespace {

// A machine-wide holder directory is shared by every user, like /run/lock/devlatch on Linux:
// any signed-in user may create, replace and delete records in it (Modify, inherited by the
// files), so user B can replace the record that user A's crashed claim left behind. The
// default ACL of %ProgramData% would let B create files but not replace A's.
constexpr wchar_t kMachineDirectorySddl[] = L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x001301bf;;;AU)";

LockProblem problem(LockProblem::Kind kind, const std::string &path, DWORD error = 0)
{
    LockProblem p;
    p.kind = kind;
    p.path = path;
    p.systemError = int(error);
    return p;
}

LockProblem existsAs(DWORD attributes, const std::string &path)
{
    if (!(attributes & FILE_ATTRIBUTE_DIRECTORY))
        return problem(LockProblem::Kind::DirectoryNotADirectory, path);
    if (attributes & FILE_ATTRIBUTE_REPARSE_POINT)
        return problem(LockProblem::Kind::DirectorySymlink, path);
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
        return {{}, problem(LockProblem::Kind::DirectoryNotSet, std::string("%") + variable + "%")};
    return {std::string(root) + "\\devlatch\\holders", {}};
}

LockDirectoryResult prepareLockDirectory(const std::string &path, Scope scope, bool create)
{
    if (path.empty())
        return {path, problem(LockProblem::Kind::DirectoryNotSet, kLockDirEnv)};
    const DWORD attributes = GetFileAttributesW(win::widen(path).c_str());
    if (attributes != INVALID_FILE_ATTRIBUTES)
        return {path, existsAs(attributes, path)};
    if (!create)
        return {path, {}};

    PSECURITY_DESCRIPTOR descriptor = nullptr;
    if (scope == Scope::Machine
        && !ConvertStringSecurityDescriptorToSecurityDescriptorW(kMachineDirectorySddl, SDDL_REVISION_1, &descriptor, nullptr)) {
        LockProblem failed = problem(LockProblem::Kind::System, path, GetLastError());
        failed.operation = "build the security descriptor for";
        return {path, failed};
    }
    SECURITY_ATTRIBUTES security {sizeof(SECURITY_ATTRIBUTES), descriptor, FALSE};

    // CreateDirectoryW makes one level at a time: walk down, creating what is missing. Levels
    // that exist may refuse creation with other errors (a drive root, a share): only a level
    // that is still missing afterwards is an error.
    LockProblem error;
    for (size_t at = path.find_first_of("\\/", firstCreatableLevel(path));; at = path.find_first_of("\\/", at + 1)) {
        const std::string level = at == std::string::npos ? path : path.substr(0, at);
        const bool last = at == std::string::npos;
        if (!level.empty() && level.back() != ':' && !CreateDirectoryW(win::widen(level).c_str(), descriptor ? &security : nullptr)) {
            const DWORD createError = GetLastError();
            const DWORD existing = GetFileAttributesW(win::widen(level).c_str());
            if (existing == INVALID_FILE_ATTRIBUTES) {
                error = problem(LockProblem::Kind::DirectoryMissing, level, createError);
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

std::vector<std::string> lockNamesIn(const std::string &directory)
{
    static constexpr std::string_view kSuffix = ".holder";
    std::vector<std::string> names;
    WIN32_FIND_DATAW found {};
    HANDLE search = FindFirstFileW(win::widen(directory + "\\*.holder").c_str(), &found);
    if (search == INVALID_HANDLE_VALUE)
        return names;
    do {
        if (found.dwFileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT))
            continue;
        const std::string file = win::narrow(found.cFileName);
        if (file.size() > kSuffix.size() && file.compare(file.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0)
            names.push_back(file.substr(0, file.size() - kSuffix.size()));
    } while (FindNextFileW(search, &found));
    FindClose(search);
    return names;
}

} // namespace devlatch::lock
