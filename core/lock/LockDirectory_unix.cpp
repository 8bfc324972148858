// SPDX-License-Identifier: MIT
#include "LockDirectory.h"

#include "LockProblem_unix.h"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

namespace devlatch::lock {

namespace {

constexpr const char *kMachineDirectory = "/run/lock/devlatch";

bool overridden()
{
    const char *value = std::getenv(kLockDirEnv);
    return value && *value;
}

std::string withoutTrailingSlashes(std::string path)
{
    while (path.size() > 1 && path.back() == '/')
        path.pop_back();
    return path;
}

std::string absolute(const std::string &path)
{
    if (!path.empty() && path.front() == '/')
        return path;
    char cwd[PATH_MAX];
    return getcwd(cwd, sizeof cwd) ? std::string(cwd) + "/" + path : path;
}

bool trustedOwner(uid_t owner)
{
    return owner == 0 || owner == geteuid();
}

// Others may replace entries of a directory they may write unless the sticky bit says
// only an entry's owner (and the directory's) may.
bool othersMaySwapEntries(const struct stat &info)
{
    return (info.st_mode & (S_IWGRP | S_IWOTH)) && !(info.st_mode & S_ISVTX);
}

// Every directory above `path` (and every symlink on the way) must be root's or ours and
// closed to others, or another user could swap a component and point us elsewhere.
LockProblem checkAncestors(const std::string &path)
{
    std::string resolved;   // what is checked so far, symlinks followed
    std::string remaining = path.substr(1);
    for (int hops = 0; !remaining.empty();) {
        const auto slash = remaining.find('/');
        const std::string component = remaining.substr(0, slash);
        remaining = slash == std::string::npos ? std::string() : remaining.substr(slash + 1);
        if (remaining.empty())
            break; // the directory itself is checked by the caller
        if (component.empty() || component == ".")
            continue;
        const std::string next = (resolved.empty() ? "" : resolved) + "/" + component;
        struct stat info {};
        if (lstat(next.c_str(), &info) != 0)
            return {}; // missing: mkdir reports it, with the cause
        if (!trustedOwner(info.st_uid))
            return detail::problemAt(LockProblem::Kind::AncestorUnsafe, next, 0, &info);
        if (S_ISLNK(info.st_mode)) {
            if (++hops > 16)
                return detail::problemAt(LockProblem::Kind::AncestorUnsafe, next, ELOOP, &info);
            char target[PATH_MAX];
            const ssize_t length = readlink(next.c_str(), target, sizeof target - 1);
            if (length <= 0)
                return detail::problemAt(LockProblem::Kind::AncestorUnsafe, next, errno, &info);
            const std::string link(target, std::size_t(length));
            remaining = link.substr(link.front() == '/' ? 1 : 0) + (remaining.empty() ? "" : "/" + remaining);
            if (link.front() == '/')
                resolved.clear();
            continue;
        }
        if (component == "..") {
            const auto up = resolved.find_last_of('/');
            resolved = up == std::string::npos ? std::string() : resolved.substr(0, up);
            continue;
        }
        if (othersMaySwapEntries(info))
            return detail::problemAt(LockProblem::Kind::AncestorUnsafe, next, 0, &info);
        resolved = next;
    }
    return {};
}

LockProblem checkDirectory(const std::string &path, Scope scope, const struct stat &info)
{
    if (S_ISLNK(info.st_mode))
        return detail::problemAt(LockProblem::Kind::DirectorySymlink, path, 0, &info);
    if (!S_ISDIR(info.st_mode))
        return detail::problemAt(LockProblem::Kind::DirectoryNotADirectory, path, 0, &info);
    // Whoever owns the directory may unlink every lock file in it, sticky bit or not.
    const bool ownerAccepted = overridden() ? trustedOwner(info.st_uid)
                                            : info.st_uid == (scope == Scope::Machine ? 0 : geteuid());
    if (!ownerAccepted)
        return detail::problemAt(LockProblem::Kind::DirectoryOwner, path, 0, &info);
    if (othersMaySwapEntries(info))
        return detail::problemAt(LockProblem::Kind::DirectoryUnsafeMode, path, 0, &info);
    return {};
}

} // namespace

LockDirectoryResult lockDirectoryFor(Scope scope)
{
    if (overridden())
        return {withoutTrailingSlashes(std::getenv(kLockDirEnv)), {}};
    if (scope == Scope::Machine)
        return {kMachineDirectory, {}};
    const char *runtime = std::getenv("XDG_RUNTIME_DIR");
    if (!runtime || !*runtime)
        return {{}, detail::problemAt(LockProblem::Kind::DirectoryNotSet, "XDG_RUNTIME_DIR")};
    return {withoutTrailingSlashes(runtime) + "/devlatch", {}};
}

LockDirectoryResult prepareLockDirectory(const std::string &givenPath, Scope scope, bool create)
{
    const std::string path = absolute(withoutTrailingSlashes(givenPath));
    if (LockProblem ancestor = checkAncestors(path))
        return {path, ancestor};
    struct stat info {};
    if (lstat(path.c_str(), &info) == 0)
        return {path, checkDirectory(path, scope, info)};
    if (errno != ENOENT)
        return {path, detail::problemAt(LockProblem::Kind::System, path, errno)};
    if (!create)
        return {path, {}}; // a missing directory simply holds no locks yet
    // Only root creates the machine directory: a user who created it would own it, and the
    // owner may delete every lock file in it.
    if (scope == Scope::Machine && !overridden() && geteuid() != 0)
        return {path, detail::problemAt(LockProblem::Kind::DirectoryNeedsRoot, path)};
    const mode_t wanted = scope == Scope::Machine ? 01777 : 0700;
    if (mkdir(path.c_str(), wanted) != 0 && errno != EEXIST)
        return {path, detail::problemAt(LockProblem::Kind::DirectoryMissing, path, errno)};
    // mkdir() honours the umask; the scope's mode is part of the protocol.
    if (lstat(path.c_str(), &info) != 0)
        return {path, detail::problemAt(LockProblem::Kind::DirectoryMissing, path, errno)};
    if (S_ISDIR(info.st_mode) && info.st_uid == geteuid() && (info.st_mode & 07777) != wanted
        && chmod(path.c_str(), wanted) == 0)
        lstat(path.c_str(), &info);
    return {path, checkDirectory(path, scope, info)};
}

std::vector<std::string> lockNamesIn(const std::string &directory)
{
    static constexpr std::string_view kSuffix = ".lock";
    std::vector<std::string> names;
    DIR *entries = opendir(directory.c_str());
    if (!entries)
        return names;
    while (const dirent *entry = readdir(entries)) {
        const std::string_view file(entry->d_name);
        if (entry->d_type != DT_REG && entry->d_type != DT_UNKNOWN)
            continue; // symlinks and anything else planted there are not locks
        if (file.size() > kSuffix.size() && file.substr(file.size() - kSuffix.size()) == kSuffix)
            names.emplace_back(file.substr(0, file.size() - kSuffix.size()));
    }
    closedir(entries);
    return names;
}

} // namespace devlatch::lock
