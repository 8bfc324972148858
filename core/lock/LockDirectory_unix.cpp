#include "LockDirectory.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace devlatch::lock {

static constexpr const char *kMachineDirectory = "/run/lock/devlatch";

LockDirectoryResult lockDirectoryFor(Scope scope)
{
    if (const char *overridden = std::getenv(kLockDirEnv); overridden && *overridden)
        return {overridden, {}};
    if (scope == Scope::Machine)
        return {kMachineDirectory, {}};
    const char *runtime = std::getenv("XDG_RUNTIME_DIR");
    if (!runtime || !*runtime)
        return {{},
                "the user scope needs XDG_RUNTIME_DIR, which is not set in this session; "
                "log in through a session manager, use --scope machine, or set "
                + std::string(kLockDirEnv)};
    return {std::string(runtime) + "/devlatch", {}};
}

static std::string parentOf(const std::string &path)
{
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos)
        return ".";
    return slash == 0 ? std::string("/") : path.substr(0, slash);
}

static std::string octal(mode_t mode)
{
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%04o", static_cast<unsigned>(mode & 07777));
    return buffer;
}

LockDirectoryResult prepareLockDirectory(const std::string &path, Scope scope, bool create)
{
    const mode_t wanted = scope == Scope::Machine ? 01777 : 0700;
    struct stat info {};
    if (lstat(path.c_str(), &info) != 0) {
        const int error = errno;
        if (error != ENOENT)
            return {path, "cannot inspect lock directory " + path + ": " + std::strerror(error)};
        if (!create)
            return {path, {}}; // a missing directory simply holds no locks yet
        if (mkdir(path.c_str(), wanted) != 0 && errno != EEXIST) {
            const int mkdirError = errno;
            std::string advice;
            if (mkdirError == ENOENT)
                advice = "its parent " + parentOf(path) + " does not exist";
            else if (mkdirError == EACCES || mkdirError == EPERM)
                advice = "this user may not write to " + parentOf(path);
            else if (mkdirError == EROFS)
                advice = parentOf(path) + " is on a read-only file system";
            else
                advice = std::strerror(mkdirError);
            return {path, "lock directory " + path + " is missing and cannot be created (" + advice
                              + "); create it with mode " + octal(wanted)
                              + " (systemd-tmpfiles --create devlatch.conf does this at boot) or set "
                              + kLockDirEnv + " to a writable directory"};
        }
        // mkdir() honours the umask; the scope's mode is part of the protocol.
        if (chmod(path.c_str(), wanted) != 0 && scope == Scope::Machine) {
            const int chmodError = errno;
            return {path, "created lock directory " + path + " but cannot set its mode to "
                              + octal(wanted) + ": " + std::strerror(chmodError)};
        }
        if (lstat(path.c_str(), &info) != 0)
            return {path, "lock directory " + path + " vanished right after it was created"};
    }
    if (S_ISLNK(info.st_mode))
        return {path, "lock directory " + path
                          + " is a symbolic link; devlatch refuses it because anyone could have "
                            "planted it. Remove the link (the directory is recreated) or set "
                          + kLockDirEnv};
    if (!S_ISDIR(info.st_mode))
        return {path, "lock directory " + path + " exists but is not a directory; remove it or set "
                          + kLockDirEnv};
    // A world-writable directory without the sticky bit lets anyone delete another user's
    // lock file, and a deleted lock file lets two processes hold "the same" lock.
    if ((info.st_mode & S_IWOTH) && !(info.st_mode & S_ISVTX))
        return {path, "lock directory " + path + " is world-writable without the sticky bit (mode "
                          + octal(info.st_mode) + "), so anyone could delete lock files; run: chmod 1777 "
                          + path};
    if (scope == Scope::User && std::getenv(kLockDirEnv) == nullptr && info.st_uid != geteuid())
        return {path, "user lock directory " + path + " belongs to uid " + std::to_string(info.st_uid)
                          + ", not to this user; remove it"};
    return {path, {}};
}

} // namespace devlatch::lock
