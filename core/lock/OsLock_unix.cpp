// SPDX-License-Identifier: MIT
// Linux lock primitives on a lock file that is never unlinked: opening it safely (no links,
// no planted files, the device's users only), both lock families (FileLocks_unix), the
// holder record in the file itself, and taking the file again when someone removed it.
// O_CLOEXEC keeps children from inheriting the locks unless a claim hands them on
// deliberately (inheritableDescriptor).

#include "OsLock.h"

#include "DeviceLock.h"
#include "FileLocks_unix.h"
#include "LockDirectory.h"
#include "LockProblem_unix.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace devlatch::lock {

std::string lockObjectName(const LockLocation &location)
{
    return location.directory + "/" + location.name + ".lock";
}

std::string holderRecordPath(const LockLocation &location)
{
    return lockObjectName(location);
}

namespace detail {

namespace {

constexpr int kOpenFlags = O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK;
constexpr std::size_t kRecordBlock = 512;

LockProblem problem(LockProblem::Kind kind, const std::string &path, int error = 0, const struct stat *info = nullptr)
{
    return problemAt(kind, path, error, info);
}

LockProblem systemProblem(const std::string &path, int error, const char *operation)
{
    LockProblem p = problem(LockProblem::Kind::System, path, error);
    p.operation = operation;
    return p;
}

bool inGroup(gid_t group)
{
    if (getegid() == group)
        return true;
    gid_t groups[256];
    const int count = std::max(getgroups(256, groups), 0);
    return std::find(groups, groups + count, group) != groups + count;
}

gid_t groupOf(const std::string &node)
{
    struct stat info {};
    return !node.empty() && stat(node.c_str(), &info) == 0 ? info.st_gid : gid_t(0);
}

// Who may take the lock: everyone (0666), or the users of the device's node (its group, 0660)
// when the creator belongs to that group.
void setAccess(int fd, const std::string &node)
{
    const gid_t group = groupOf(node);
    if (group != 0 && inGroup(group) && fchown(fd, uid_t(-1), group) == 0 && fchmod(fd, 0660) == 0)
        return;
    fchmod(fd, 0666);
}

// A mode that keeps out users who may use the device (or, without a node, anyone).
bool shutsOthersOut(const struct stat &info, const std::string &node)
{
    if (info.st_mode & S_IWOTH)
        return false;
    const gid_t group = groupOf(node);
    return !(group != 0 && info.st_gid == group && (info.st_mode & S_IWGRP));
}

} // namespace

struct OsLock::Private {
    LockLocation location;
    std::string path;
    int fd = -1;
    dev_t device = 0;
    ino_t inode = 0;
    std::size_t recordSize = 0;     // bytes of the padded record we wrote
    std::vector<int> superseded;    // locked descriptors of files that were removed under us

    LockProblem openExisting(int &lockFd);
    LockProblem explainOpenFailure(int error) const;
};

OsLock::OsLock(LockLocation location) : d(std::make_unique<Private>())
{
    d->location = std::move(location);
    d->path = lockObjectName(d->location);
}

OsLock::~OsLock()
{
    close();
}

std::string OsLock::objectName() const
{
    return d->path;
}

std::string OsLock::identity() const
{
    return std::to_string(d->device) + ":" + std::to_string(d->inode);
}

LockProblem OsLock::Private::explainOpenFailure(int error) const
{
    struct stat info {};
    const bool exists = lstat(path.c_str(), &info) == 0;
    if (error == ELOOP || (exists && S_ISLNK(info.st_mode)))
        return problem(LockProblem::Kind::LockFileSymlink, path, ELOOP);
    if (exists && (error == EACCES || error == EPERM))
        return problem(LockProblem::Kind::LockFileNotWritable, path, error, &info);
    if (error == EROFS)
        return problem(LockProblem::Kind::ReadOnlyFileSystem, location.directory, error);
    if (!exists && (error == EACCES || error == EPERM || error == ENOSPC || error == EDQUOT))
        return problem(LockProblem::Kind::NotWritable, location.directory, error);
    return systemProblem(path, error, "open");
}

LockProblem OsLock::Private::openExisting(int &lockFd)
{
    // Refuse anything but a regular file before opening: opening a planted device node or FIFO
    // could have side effects (a tty toggles DTR on open).
    struct stat before {};
    if (lstat(path.c_str(), &before) == 0) {
        if (S_ISLNK(before.st_mode))
            return problem(LockProblem::Kind::LockFileSymlink, path, ELOOP, &before);
        if (!S_ISREG(before.st_mode))
            return problem(LockProblem::Kind::LockFileNotRegular, path, 0, &before);
    }
    for (int round = 0; round < 3 && lockFd < 0; ++round) {
        lockFd = ::open(path.c_str(), kOpenFlags);
        if (lockFd >= 0 || errno != ENOENT)
            break;
        // Create only when missing: O_CREAT on an existing file in a sticky directory is
        // refused by fs.protected_regular for files of other users.
        lockFd = ::open(path.c_str(), kOpenFlags | O_CREAT | O_EXCL, 0666);
        if (lockFd >= 0) {
            setAccess(lockFd, location.accessFromNode);
            break;
        }
        if (errno != EEXIST)
            break; // EEXIST: someone created it just now; open it in the next round
    }
    return lockFd < 0 ? explainOpenFailure(errno) : LockProblem{};
}

LockProblem OsLock::open()
{
    if (d->fd >= 0)
        return {};
    const LockDirectoryResult directory = prepareLockDirectory(d->location.directory, d->location.scope, true);
    if (!directory.ok())
        return directory.problem;
    // Whoever may not use the device may not take (or create) its lock: that would only keep
    // out the people who may.
    const std::string &node = d->location.accessFromNode;
    if (!node.empty() && faccessat(AT_FDCWD, node.c_str(), R_OK | W_OK, AT_EACCESS) != 0 && errno != ENOENT)
        return problem(LockProblem::Kind::NodeNotAccessible, node, errno);

    int lockFd = -1;
    if (LockProblem failure = d->openExisting(lockFd))
        return failure;
    struct stat info {};
    if (fstat(lockFd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(lockFd);
        return problem(LockProblem::Kind::LockFileNotRegular, d->path);
    }
    // A hard link would make us write holder records into some other file.
    if (info.st_nlink != 1) {
        ::close(lockFd);
        return problem(LockProblem::Kind::LockFileHardLinked, d->path, 0, &info);
    }
    // Our own lock file with a mode that shuts others out (a chmod, an old version): put it
    // right, since we may. Another user's such file cannot be opened for writing at all.
    if (info.st_uid == geteuid() && shutsOthersOut(info, node))
        setAccess(lockFd, node);
    d->fd = lockFd;
    d->device = info.st_dev;
    d->inode = info.st_ino;
    return {};
}

LockOutcome OsLock::lock(const WaitPolicy &wait, CancelToken *cancel)
{
    int error = 0;
    if (tryBothLocks(d->fd, error))
        return {AcquireStatus::Acquired, {}};
    if (!isBusyError(error))
        return {AcquireStatus::Error, systemProblem(d->path, error, "lock")};
    if (wait.mode == WaitPolicy::Mode::NoWait)
        return {AcquireStatus::Busy, {}};
    if (wait.mode == WaitPolicy::Mode::Timeout && wait.timeout.count() <= 0)
        return {AcquireStatus::TimedOut, {}};
    return waitForBothLocks(d->fd, d->path, wait, cancel);
}

bool OsLock::stillInPlace()
{
    struct stat held {}, atPath {};
    return d->fd >= 0 && fstat(d->fd, &held) == 0 && held.st_nlink > 0 && lstat(d->path.c_str(), &atPath) == 0
           && atPath.st_dev == held.st_dev && atPath.st_ino == held.st_ino;
}

std::optional<HolderRecord> OsLock::previousHolder()
{
    std::string content(kMaxHolderRecordSize, '\0');
    const ssize_t got = pread(d->fd, content.data(), content.size(), 0);
    content.resize(got > 0 ? std::size_t(got) : 0);
    HolderRecord previous = parseHolderRecord(content);
    if (!previous.isValid())
        return std::nullopt;
    return previous;
}

// Records are padded with newlines to whole blocks and cleared by overwriting them with
// newlines: truncating and regrowing the file would free and allocate a page on every claim
// (5 us on tmpfs, more than the locks themselves). One pwrite() per record; readers detect
// a torn read by the record's check line.
static LockProblem writeRecord(int fd, const std::string &path, const HolderRecord &record, std::size_t &recordSize)
{
    std::string text = serializeHolderRecord(record);
    text.resize((text.size() + kRecordBlock - 1) / kRecordBlock * kRecordBlock, '\n');
    if (text.size() < recordSize)
        text.resize(recordSize, '\n'); // blanks the tail of a longer previous record too
    const ssize_t written = pwrite(fd, text.data(), text.size(), 0);
    if (written != ssize_t(text.size()))
        return problem(LockProblem::Kind::RecordNotWritten, path, written < 0 ? errno : ENOSPC);
    struct stat info {};
    if (fstat(fd, &info) == 0 && std::size_t(info.st_size) > text.size())
        ftruncate(fd, off_t(text.size())); // a tail that is not ours (an old or foreign record)
    recordSize = text.size();
    return {};
}

LockProblem OsLock::publish(const HolderRecord &record)
{
    return writeRecord(d->fd, d->path, record, d->recordSize);
}

void OsLock::unpublish()
{
    if (d->fd < 0)
        return;
    static const std::string blank(kMaxHolderRecordSize, '\n');
    const std::size_t size = std::min(std::max(d->recordSize, kRecordBlock), blank.size());
    if (pwrite(d->fd, blank.data(), size, 0) != ssize_t(size))
        ftruncate(d->fd, 0);
}

void OsLock::unlock()
{
    if (d->fd >= 0)
        dropBothLocks(d->fd);
    for (const int fd : d->superseded) {
        dropBothLocks(fd);
        ::close(fd);
    }
    d->superseded.clear();
}

void OsLock::close()
{
    unlock();
    if (d->fd >= 0)
        ::close(d->fd);
    d->fd = -1;
    d->recordSize = 0;
}

LockOutcome OsLock::restore(const HolderRecord &record)
{
    // Keep the old description locked: a child that inherited it still holds the device.
    const int previous = d->fd;
    const dev_t previousDevice = d->device;
    const ino_t previousInode = d->inode;
    d->fd = -1;
    if (LockProblem failure = open()) {
        d->fd = previous;
        return {AcquireStatus::Error, failure};
    }
    int error = 0;
    if (!tryBothLocks(d->fd, error)) {
        ::close(d->fd);
        d->fd = previous;
        d->device = previousDevice;
        d->inode = previousInode;
        return {isBusyError(error) ? AcquireStatus::Busy : AcquireStatus::Error,
                isBusyError(error) ? LockProblem{} : systemProblem(d->path, error, "lock")};
    }
    d->superseded.push_back(previous);
    d->recordSize = 0;
    if (LockProblem failure = publish(record))
        return {AcquireStatus::Error, failure};
    return {AcquireStatus::Acquired, {}};
}

int OsLock::inheritableDescriptor() const
{
    return d->fd >= 0 ? fcntl(d->fd, F_DUPFD, 3) : -1; // F_DUPFD: without FD_CLOEXEC
}

} // namespace detail

} // namespace devlatch::lock
